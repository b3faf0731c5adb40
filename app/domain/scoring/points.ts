// Points per answer, p in [0, 1], for the rules that need more than an option lookup: multi-choice
// combination, number bands, a date's age and a file's evidence on the scoring date.
import type { CalendarDate } from "../calendar";
import type { MultiRule, ScoringBand } from "../templates/definition";

/** mean, min or max of the chosen options' scores; sum_capped adds them and stops at 1. */
export function multiPoints(scores: readonly number[], rule: MultiRule): number {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    sum += s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  switch (rule) {
    case "mean":
      return sum / scores.length;
    case "min":
      return min;
    case "max":
      return max;
    case "sum_capped":
      return Math.min(1, sum);
  }
}

export const MULTI_RULE_TEXT: Record<MultiRule, string> = {
  mean: "the mean of the chosen options' scores",
  min: "the lowest of the chosen options' scores",
  max: "the highest of the chosen options' scores",
  sum_capped: "the sum of the chosen options' scores, capped at 1",
};

/** The first band with min <= value < max (an end left out is open), or -1. */
export function bandIndex(bands: readonly ScoringBand[], value: number): number {
  for (let i = 0; i < bands.length; i++) {
    const band = bands[i]!;
    if ((band.min === undefined || value >= band.min) && (band.max === undefined || value < band.max)) return i;
  }
  return -1;
}

export function describeBand(band: ScoringBand, unit: string | undefined): string {
  const u = unit ? ` ${unit}` : "";
  if (band.min !== undefined && band.max !== undefined) return `from ${band.min} to under ${band.max}${u}`;
  if (band.min !== undefined) return `${band.min}${u} or more`;
  if (band.max !== undefined) return `under ${band.max}${u}`;
  return "any value";
}

/**
 * A `YYYY-MM-DD` string that is a real day, as the number YYYYMMDD (so dates compare as numbers),
 * or -1. The same rule as parseCalendarDate in calendar.ts, on the digits: it runs per answer.
 */
export function dateNumber(value: unknown): number {
  if (typeof value !== "string" || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return -1;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    if (i < 4) y = y * 10 + digit;
    else if (i < 7) m = m * 10 + digit;
    else d = d * 10 + digit;
  }
  // Years 0000-0099 are refused as parseCalendarDate refuses them (Date.UTC reads them as 1900-1999).
  if (y < 100 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
  return y * 10000 + m * 100 + d;
}

/**
 * Fresh when the date (YYYYMMDD) is no more than `months` months before the scoring date (a date
 * after the scoring date counts as fresh: age 0). Month arithmetic clamps to the month's end, as
 * addMonths in calendar.ts does (2025-08-31 + 6 months = 2026-02-28).
 */
export function withinAge(date: number, scoringDate: number, months: number): boolean {
  const m = (Math.floor(date / 100) % 100) - 1 + months;
  const year = Math.floor(date / 10000) + Math.floor(m / 12);
  const month = (m % 12) + 1;
  const day = Math.min(date % 100, daysInMonth(year, month));
  return year * 10000 + month * 100 + day >= scoringDate;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Evidence is valid on a day when it has no expiry or expires that day or later. */
export function validOn(validUntil: CalendarDate | null, day: CalendarDate): boolean {
  return validUntil === null || validUntil >= day;
}

export type EvidenceState = "valid" | "expired" | "missing";

/**
 * A file answer's evidence on the scoring date: valid when at least one attached file is valid,
 * expired when files are attached but all have expired, missing when none of the ids is known.
 */
export function evidenceState(ids: readonly unknown[], validity: ReadonlyMap<string, CalendarDate | null>, scoringDate: CalendarDate): EvidenceState {
  let expired = false;
  for (const id of ids) {
    if (typeof id !== "string") continue;
    const until = validity.get(id);
    if (until === undefined) continue;
    if (validOn(until, scoringDate)) return "valid";
    expired = true;
  }
  return expired ? "expired" : "missing";
}
