// Calendar dates: one type for every "day" in Assay (due dates, evidence validity, answers,
// reminders, deadlines). A CalendarDate is an ISO `YYYY-MM-DD` string in UTC: it sorts and
// compares as text, survives JSON and maps to a PostgreSQL `date` without time-zone drift.
// Arithmetic is date-fns on UTC midnights; this module only adds the strictness it lacks.
import { addDays as dfAddDays, addMonths as dfAddMonths, differenceInCalendarDays, isValid, parseISO } from "date-fns";

declare const calendarDateBrand: unique symbol;
/** `YYYY-MM-DD`, a real day (2027-02-30 is not one), read as UTC. */
export type CalendarDate = string & { readonly [calendarDateBrand]: true };

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date, or null when `value` is not a real `YYYY-MM-DD` day. */
export function parseCalendarDate(value: unknown): CalendarDate | null {
  if (typeof value !== "string") return null;
  const match = SHAPE.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const utc = new Date(Date.UTC(y, m - 1, d));
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) return null;
  return value as CalendarDate;
}

export function isCalendarDate(value: unknown): value is CalendarDate {
  return parseCalendarDate(value) !== null;
}

/** For values that are dates by construction (database columns); throws on anything else. */
export function calendarDate(value: string | Date): CalendarDate {
  if (value instanceof Date) {
    if (!isValid(value)) throw new Error("Invalid Date");
    return value.toISOString().slice(0, 10) as CalendarDate;
  }
  const parsed = parseCalendarDate(value.length > 10 ? value.slice(0, 10) : value);
  if (!parsed) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(value)}`);
  return parsed;
}

/** The UTC midnight that starts the day. */
export function startOfDay(date: CalendarDate): Date {
  return parseISO(`${date}T00:00:00Z`);
}

/** Today in UTC (or the day of `now`). */
export function today(now: Date = new Date()): CalendarDate {
  return calendarDate(now);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return calendarDate(dfAddDays(startOfDay(date), days));
}

/** Month arithmetic clamps to the month's end: 2027-01-31 + 1 month = 2027-02-28. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  return calendarDate(dfAddMonths(startOfDay(date), months));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return differenceInCalendarDays(startOfDay(to), startOfDay(from));
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isBefore(a: CalendarDate, b: CalendarDate): boolean {
  return a < b;
}

export function earliest<T extends CalendarDate>(dates: readonly (T | null | undefined)[]): T | null {
  let best: T | null = null;
  for (const d of dates) if (d && (best === null || d < best)) best = d;
  return best;
}

// Shown the same on the server and in the browser (fixed locale and time zone: no hydration drift).
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const dateOnlyFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** "3 Jun 2026" */
export function formatDate(value: Date | string): string {
  return dateOnlyFormat.format(typeof value === "string" && SHAPE.test(value) ? startOfDay(value as CalendarDate) : new Date(value));
}

/** "3 Jun 2026, 14:05 UTC" */
export function formatDateTime(value: Date | string): string {
  return `${dateTimeFormat.format(new Date(value))} UTC`;
}

/** The message forms show for a date that does not parse. */
export const DATE_FORMAT_HINT = "Enter a date as YYYY-MM-DD, like 2027-03-31";
