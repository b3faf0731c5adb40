// The review's dates: when a review is due after a submit, how a review due date reads in words,
// and how long a decision holds by default (the methodology's reassessment cadence).
import { addDays, addMonths, daysBetween, type CalendarDate } from "../calendar";
import type { RiskLevel } from "../scoring/methodology";

/** Days a review has after each submit, unless someone sets its due date. */
export const REVIEW_DAYS = 10;

/** A decision holds this long when no component has a dependent internal system to go by. */
export const DEFAULT_VALIDITY_MONTHS = 12;

/**
 * The review due date after a submit on `submittedOn`: at least REVIEW_DAYS later (each submit, a
 * resubmit too, gives the review that long), never earlier than a date someone already set.
 */
export function reviewDueAfterSubmit(current: CalendarDate | null, submittedOn: CalendarDate): CalendarDate {
  const due = addDays(submittedOn, REVIEW_DAYS);
  return current !== null && current > due ? current : due;
}

export interface DueWords {
  text: string;
  overdue: boolean;
  /** due today or within three days */
  soon: boolean;
}

/** "Overdue by 3 days", "Due today", "Due tomorrow", "Due in 5 days". */
export function reviewDueWords(due: CalendarDate, today: CalendarDate): DueWords {
  const days = daysBetween(today, due);
  if (days < 0) return { text: `Overdue by ${-days} day${days === -1 ? "" : "s"}`, overdue: true, soon: false };
  if (days === 0) return { text: "Due today", overdue: false, soon: true };
  if (days === 1) return { text: "Due tomorrow", overdue: false, soon: true };
  return { text: `Due in ${days} days`, overdue: false, soon: days <= 3 };
}

/**
 * Months a decision holds: the methodology's reassessment cadence for the worst inherent risk among
 * the components in scope that internal systems depend on (`levels`, one per such component), or
 * DEFAULT_VALIDITY_MONTHS when none has a dependent system.
 */
export function validityMonths(cadence: Record<RiskLevel, number>, levels: readonly RiskLevel[]): number {
  if (levels.length === 0) return DEFAULT_VALIDITY_MONTHS;
  return Math.min(...levels.map((level) => cadence[level]));
}

/** The default "valid until" for a decision made on `today`. */
export function defaultValidUntil(today: CalendarDate, cadence: Record<RiskLevel, number>, levels: readonly RiskLevel[]): CalendarDate {
  return addMonths(today, validityMonths(cadence, levels));
}
