// When a component's deadline earns a reminder, and which week a digest belongs to. Pure: the
// sweep (app/services/deadline-reminders.server.ts) claims each kind once per recipient and due date.
import { addDays, daysBetween, type CalendarDate } from "../calendar";

/** Days before the due date at which owners are reminded. */
export const DEADLINE_REMINDER_DAYS = [60, 30, 7] as const;

export type DeadlineReminderKind = `due_${number}` | "overdue";

/**
 * The reminder that is due today for a deadline: "overdue" once the date has passed, else the
 * tightest window the deadline is in (at 20 days left that is due_30, never due_60 as well), or
 * null when it is further away than every offset.
 */
export function deadlineReminderKind(due: CalendarDate, today: CalendarDate, offsets: readonly number[] = DEADLINE_REMINDER_DAYS): DeadlineReminderKind | null {
  const daysLeft = daysBetween(today, due);
  if (daysLeft < 0) return "overdue";
  const window = [...offsets].sort((a, b) => a - b).find((offset) => daysLeft <= offset);
  return window === undefined ? null : `due_${window}`;
}

/** The Monday of the (ISO) week containing `day`: a digest's key. */
export function weekOf(day: CalendarDate): CalendarDate {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}
