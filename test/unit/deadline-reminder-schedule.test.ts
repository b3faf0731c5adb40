// When a deadline earns a reminder, and the digest's week: properties over any dates.
import fc from "fast-check";
import { addDays, daysBetween, type CalendarDate } from "~/domain/calendar";
import { deadlineReminderKind, weekOf } from "~/domain/deadlines/reminder-schedule";

const day = fc.integer({ min: 0, max: 20_000 }).map((n) => addDays("2000-01-01" as CalendarDate, n));

describe("deadline reminder schedule", () => {
  it("is overdue exactly when the due date has passed, and otherwise names the tightest window", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -400, max: 400 }), (today, offset) => {
        const due = addDays(today, offset);
        const kind = deadlineReminderKind(due, today);
        if (offset < 0) return kind === "overdue";
        if (offset <= 7) return kind === "due_7";
        if (offset <= 30) return kind === "due_30";
        if (offset <= 60) return kind === "due_60";
        return kind === null;
      }),
    );
  });

  it("never goes back to a looser window as the due date approaches", () => {
    const rank = (kind: string | null) => (kind === null ? 0 : kind === "overdue" ? 4 : kind === "due_60" ? 1 : kind === "due_30" ? 2 : 3);
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (due, a, b) => {
        const [later, earlier] = [Math.min(a, b), Math.max(a, b)]; // days before the due date
        return rank(deadlineReminderKind(due, addDays(due, -later))) >= rank(deadlineReminderKind(due, addDays(due, -earlier)));
      }),
    );
  });

  it("keys the digest by the Monday of the week", () => {
    fc.assert(
      fc.property(day, (d) => {
        const monday = weekOf(d);
        const back = daysBetween(monday, d);
        return new Date(`${monday}T00:00:00Z`).getUTCDay() === 1 && back >= 0 && back < 7;
      }),
    );
  });
});
