// The /deadlines (and /deadlines.csv) URL parameters, read leniently like the other lists: a bad
// value is ignored (the default applies), never an error. The dashboard links use these names.
//   group=system|supplier  owner=<user id>|me  risk=low|medium|high|critical
//   window=overdue|30|60|90|all  page=<n>
import * as z from "zod";
import { addDays, type CalendarDate } from "../calendar";
import { optionalEnum } from "../list-query";
import { RISK_LEVELS } from "../scoring/methodology";

export const DEADLINE_GROUPS = ["system", "supplier"] as const;
export type DeadlineGroup = (typeof DEADLINE_GROUPS)[number];
export const DEADLINE_WINDOWS = ["overdue", "30", "60", "90", "all"] as const;
export type DeadlineWindow = (typeof DEADLINE_WINDOWS)[number];

export const WINDOW_LABELS: Record<DeadlineWindow, string> = {
  overdue: "Overdue",
  "30": "Due within 30 days",
  "60": "Due within 60 days",
  "90": "Due within 90 days",
  all: "Any date",
};

export const deadlineQuery = z.object({
  group: z.enum(DEADLINE_GROUPS).catch("system").default("system"),
  owner: z
    .union([z.literal("me"), z.uuid()])
    .optional()
    .catch(undefined),
  risk: optionalEnum(RISK_LEVELS),
  window: z.enum(DEADLINE_WINDOWS).catch("all").default("all"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type DeadlineQuery = z.output<typeof deadlineQuery>;

/** Is a component `days` away (negative: overdue) inside the window? 30/60/90 run from today (overdue ones are not in them). */
export function inWindow(window: DeadlineWindow, days: number): boolean {
  if (window === "all") return true;
  if (window === "overdue") return days < 0;
  return days >= 0 && days <= Number(window);
}

/**
 * inWindow on due dates instead of day counts: the window's bounds are worked out once from `today`
 * (calendar dates compare as text), so a long list is filtered without counting days for each row.
 */
export function dueInWindow(window: DeadlineWindow, today: CalendarDate): (dueOn: CalendarDate) => boolean {
  if (window === "all") return () => true;
  if (window === "overdue") return (dueOn) => dueOn < today;
  const until = addDays(today, Number(window));
  return (dueOn) => dueOn >= today && dueOn <= until;
}

/** "12 days overdue", "Due today", "In 3 days". */
export function daysInWords(days: number): string {
  if (days === 0) return "Due today";
  if (days < 0) return `${-days} ${-days === 1 ? "day" : "days"} overdue`;
  return `In ${days} ${days === 1 ? "day" : "days"}`;
}

/** The service's filters from the URL's: "me" is the signed-in user. */
export function deadlineFilters(query: DeadlineQuery, userId: string) {
  return { group: query.group, owner: query.owner === "me" ? userId : query.owner, risk: query.risk, window: query.window, page: query.page };
}
