// When a mail that could not be delivered is tried again, and when Assay stops trying: pure, so the
// schedule is tested without a clock and the worker only asks "what now?".

export interface MailRetryPolicy {
  /** Keep retrying until this long after the mail was queued (an attempt due later is the last one). */
  windowMs: number;
  /** The delay after the first failed attempt; each further failure doubles it… */
  firstDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
}

const HOUR_MS = 3_600_000;
export const DEFAULT_MAIL_RETRY_HOURS = 24;
const FULL_FIRST_DELAY_MS = 30_000;
const FULL_MAX_DELAY_MS = 30 * 60_000;

/**
 * 30 s doubling to 30 min, for as long as the window lasts. A window shorter than the default day
 * shrinks the delays in proportion, so a short window still gets its many attempts (and a test can
 * run the whole schedule in seconds with a real clock).
 */
export function mailRetryPolicy(windowHours: number): MailRetryPolicy {
  const windowMs = Math.round(windowHours * HOUR_MS);
  const scale = Math.min(1, windowHours / DEFAULT_MAIL_RETRY_HOURS);
  return {
    windowMs,
    firstDelayMs: Math.max(10, Math.round(FULL_FIRST_DELAY_MS * scale)),
    maxDelayMs: Math.max(10, Math.round(FULL_MAX_DELAY_MS * scale)),
  };
}

/** The wait after the `failures`-th failed attempt (1 = the first failure). */
export function retryDelayMs(policy: MailRetryPolicy, failures: number): number {
  const doublings = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** doublings);
}

export type RetryDecision = { retry: true; nextAttemptAt: Date } | { retry: false };

/** After an attempt failed at `now`, with `failures` failed attempts so far (this one included). */
export function afterFailedAttempt(policy: MailRetryPolicy, queuedAt: Date, now: Date, failures: number): RetryDecision {
  if (now.getTime() >= queuedAt.getTime() + policy.windowMs) return { retry: false };
  return { retry: true, nextAttemptAt: new Date(now.getTime() + retryDelayMs(policy, failures)) };
}

/** Mail still undelivered this long after it was queued is worth an admin's attention. */
export const MAIL_ALERT_AFTER_MS = 15 * 60_000;
/** A mail that failed for good keeps the alert up for this long after its last attempt. */
export const MAIL_FAILED_ALERT_MS = 7 * 24 * HOUR_MS;
/** A `sending` claim older than this belongs to a worker that died mid-send (SMTP timeouts are far shorter). */
export const MAIL_SENDING_LEASE_MS = 10 * 60_000;

export type UndeliveredStatus = "queued" | "retrying" | "sending" | "failed";
export const UNDELIVERED_STATUSES: readonly UndeliveredStatus[] = ["queued", "retrying", "sending", "failed"];

/** "Retry now" may re-enqueue a mail not sent yet, unless a live worker is sending it at this moment. */
export function canRetryNow(mail: { status: string; last_attempt_at: Date | null }, now: Date): boolean {
  if (mail.status === "queued" || mail.status === "retrying" || mail.status === "failed") return true;
  return mail.status === "sending" && (mail.last_attempt_at === null || now.getTime() - mail.last_attempt_at.getTime() > MAIL_SENDING_LEASE_MS);
}
