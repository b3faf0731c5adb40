// When a failed delivery is tried again, and when an endpoint is given up on. Pure: the worker passes
// the attempt count, the clock and a random number.

/** Pause before attempt n+1 after n failed attempts (n = 1 … 11): 30 s doubling up to 8 h, 12 attempts in all (~ 27 h). */
export const BACKOFF_SECONDS = [30, 60, 120, 300, 900, 1800, 3600, 7200, 14400, 28800, 28800] as const;
export const MAX_ATTEMPTS = BACKOFF_SECONDS.length + 1;
/** An endpoint whose deliveries fail this many times in a row (across events) is disabled and the admins are told. */
export const AUTO_DISABLE_AFTER_FAILURES = 20;
/** A POST gets this long for the whole exchange. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** A delivery claimed longer ago than this (a worker died mid-send) may be claimed again. */
export const CLAIM_LEASE_MS = 60_000;
/** Only this much of a response body or error is kept in the delivery log. */
export const MAX_ERROR_LENGTH = 500;

/**
 * When the next attempt is due after `attempts` failed attempts, or null when there is none left.
 * `random` in [0, 1) spreads retries by ±20% so a receiver coming back is not hit by every delivery at once.
 */
export function nextAttemptAt(attempts: number, now: Date, random: number): Date | null {
  if (attempts < 1 || attempts >= MAX_ATTEMPTS) return null;
  const base = BACKOFF_SECONDS[attempts - 1]!;
  const jitter = 1 + (Math.min(Math.max(random, 0), 1) * 0.4 - 0.2);
  return new Date(now.getTime() + Math.round(base * jitter * 1000));
}

/** A 2xx is success; everything else, a 3xx included (redirects are never followed), is a failure. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

export function shouldDisable(consecutiveFailures: number, threshold = AUTO_DISABLE_AFTER_FAILURES): boolean {
  return consecutiveFailures >= threshold;
}

export function truncate(text: string, max = MAX_ERROR_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
