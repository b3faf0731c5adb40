// When vendor contacts get reminded about an open assessment, and when its procurement owner hears
// that it is late. Pure: the sweep job asks, and the database's unique key on reminders_sent makes
// sure that whatever it is told, each reminder goes out once.
//
// Times are UTC. A due date is a calendar day: the assessment is due by the end of it.
//   due_<n>     from the start of the day n days before the due date, until the due date ends;
//               only the nearest one that has come is sent (after a pause, no burst of old ones),
//               and none whose moment came before the contact got access (the invitation said it all).
//   overdue     once the due date has ended.
//   escalation  to the procurement owner, `escalateAfterDays` (2) days after the due date ended.
import { addDays as calendarAddDays, daysBetween, parseCalendarDate, startOfDay as calendarStart, today, type CalendarDate } from "./calendar";

export type ReminderKind = `due_${number}` | "overdue" | "escalation";

export const DEFAULT_REMINDER_DAYS: readonly number[] = [7, 3, 1];
export const ESCALATE_AFTER_DAYS = 2;

/** Midnight UTC at the start of a YYYY-MM-DD day, in ms; throws on anything that is not a real day. */
export function startOfDay(date: string): number {
  return calendarStart(strictDate(date)).getTime();
}

function strictDate(date: string): CalendarDate {
  const parsed = parseCalendarDate(date);
  if (!parsed) throw new Error(`Not a calendar date: ${date}`);
  return parsed;
}

/** The moment an assessment becomes overdue: the end of its due date. */
export function dueDeadline(dueDate: string): Date {
  return calendarStart(calendarAddDays(strictDate(dueDate), 1));
}

/** Today's date in UTC, as YYYY-MM-DD (the calendar module's `today`). */
export function utcDate(now: Date): CalendarDate {
  return today(now);
}

/** The date `days` after a YYYY-MM-DD date (the calendar module's `addDays`, for plain strings). */
export function addDays(date: string, days: number): CalendarDate {
  return calendarAddDays(strictDate(date), days);
}

/** Whole days from today (UTC) to the due date: 0 on the day, negative once late. */
export function daysUntilDue(dueDate: string, now: Date): number {
  return daysBetween(today(now), strictDate(dueDate));
}

/** Whole days since the due date ended (0 on the first day late). */
export function daysOverdue(dueDate: string, now: Date): number {
  return Math.max(0, daysBetween(calendarAddDays(strictDate(dueDate), 1), today(now)));
}

export function dueKind(days: number): ReminderKind {
  return `due_${days}`;
}

/** Reminders that go to vendor contacts (one per grant); the escalation goes to the buyer. */
export function isVendorReminder(kind: string): boolean {
  return kind !== "escalation";
}

/** The moment a due_<n> reminder becomes due. */
export function reminderMoment(dueDate: string, days: number): Date {
  return calendarStart(calendarAddDays(strictDate(dueDate), -days));
}

export interface ReminderOptions {
  /** When the recipient got access: reminders whose moment came earlier are not sent. */
  issuedAt?: Date;
  escalateAfterDays?: number;
}

/**
 * The reminders due at `now` that have not been sent yet (`sentKinds`), in the order to send them.
 * Never returns a kind in `sentKinds`.
 */
export function dueReminders(
  dueDate: string,
  now: Date,
  sentKinds: Iterable<string>,
  offsets: readonly number[] = DEFAULT_REMINDER_DAYS,
  options: ReminderOptions = {},
): ReminderKind[] {
  const sent = new Set(sentKinds);
  const escalateAfterDays = options.escalateAfterDays ?? ESCALATE_AFTER_DAYS;
  const deadline = dueDeadline(dueDate).getTime();
  const at = now.getTime();
  const kinds: ReminderKind[] = [];

  if (at < deadline) {
    const reached = [...new Set(offsets)].filter((days) => Number.isInteger(days) && days >= 1 && reminderMoment(dueDate, days).getTime() <= at);
    if (reached.length) {
      const nearest = Math.min(...reached);
      const moment = reminderMoment(dueDate, nearest).getTime();
      const kind = dueKind(nearest);
      if (!sent.has(kind) && (!options.issuedAt || options.issuedAt.getTime() <= moment)) kinds.push(kind);
    }
    return kinds;
  }

  if (!sent.has("overdue")) kinds.push("overdue");
  const escalateAt = calendarStart(calendarAddDays(strictDate(dueDate), 1 + escalateAfterDays)).getTime();
  if (at >= escalateAt && !sent.has("escalation")) kinds.push("escalation");
  return kinds;
}
