// The change-notice form (vendor portal and staff): what changed, when, and in words. Pure: the
// service adds what needs the database or the clock (the component's scope, "not in the future").
import * as z from "zod";
import { DATE_FORMAT_HINT, isBefore, parseCalendarDate, today as todayOf, type CalendarDate } from "../calendar";
import { CHANGE_KINDS, CHANGE_KIND_LABELS, type ChangeKind } from "./next-reassessment";

export const CHANGE_DESCRIPTION_MAX = 4000;

export const CHANGE_MESSAGES = {
  component: "Choose the AI component that changed",
  kind: "Choose what changed",
  dateRequired: "Enter the date of the change",
  dateFormat: DATE_FORMAT_HINT,
  dateFuture: "The date is in the future: report a change once it has happened (today or earlier)",
  descriptionRequired: "Describe the change",
  descriptionTooLong: `Keep the description under ${CHANGE_DESCRIPTION_MAX} characters`,
  componentOutOfScope: "Choose one of the AI components in this questionnaire",
} as const;

/** The kinds as the form offers them: "New model version", "Retraining", … */
export const CHANGE_KIND_OPTIONS: ReadonlyArray<{ value: ChangeKind; label: string }> = CHANGE_KINDS.map((value) => ({
  value,
  label: CHANGE_KIND_LABELS[value].charAt(0).toUpperCase() + CHANGE_KIND_LABELS[value].slice(1),
}));

export const changeNoticeSchema = z.object({
  componentId: z
    .string({ error: CHANGE_MESSAGES.component })
    .trim()
    .pipe(z.uuid({ error: CHANGE_MESSAGES.component })),
  kind: z.enum(CHANGE_KINDS, { error: CHANGE_MESSAGES.kind }),
  occurredOn: z
    .string({ error: CHANGE_MESSAGES.dateRequired })
    .trim()
    .min(1, { error: CHANGE_MESSAGES.dateRequired })
    .transform((value, ctx) => {
      const date = parseCalendarDate(value);
      if (!date) {
        ctx.addIssue({ code: "custom", message: CHANGE_MESSAGES.dateFormat });
        return z.NEVER;
      }
      return date;
    }),
  description: z
    .string({ error: CHANGE_MESSAGES.descriptionRequired })
    .trim()
    .min(1, { error: CHANGE_MESSAGES.descriptionRequired })
    .max(CHANGE_DESCRIPTION_MAX, { error: CHANGE_MESSAGES.descriptionTooLong }),
});

export type ChangeNoticeInput = z.output<typeof changeNoticeSchema>;

/** A change is reported once it has happened: today (UTC) or earlier. */
export function isFutureChange(occurredOn: CalendarDate, now: Date): boolean {
  return isBefore(todayOf(now), occurredOn);
}

/** "changed since last review" when any notice awaits a review. */
export function changedSinceReview(notices: ReadonlyArray<{ reviewedAt: unknown }>): boolean {
  return notices.some((n) => n.reviewedAt === null || n.reviewedAt === undefined);
}

/** The allowed values of `?next=` on a magic link: only the change-report page. Anything else is the overview. */
export function vendorLinkDestination(next: unknown): "changes" | null {
  return next === "changes" ? "changes" : null;
}
