// When a session (staff or vendor) stops being valid: one rule for both kinds, so the idle and the
// absolute limit cannot drift apart between them. Pure; the session services read the row and ask.

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute end recorded on the row (for a vendor, capped by the grant's expiry). */
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface SessionLimits {
  /** A session unused this long ends. */
  idleMs: number;
  /** No session lives longer than this after it was created. */
  absoluteMs: number;
}

export type SessionState = "valid" | "idle_expired" | "absolute_expired" | "revoked";

export function sessionState(session: SessionTimes, limits: SessionLimits, now: Date): SessionState {
  if (session.revokedAt) return "revoked";
  const at = now.getTime();
  if (session.expiresAt.getTime() <= at || session.createdAt.getTime() + limits.absoluteMs <= at) return "absolute_expired";
  if (session.lastSeenAt.getTime() + limits.idleMs <= at) return "idle_expired";
  return "valid";
}

/** Refreshing last_seen_at on every request would turn each page view into a write. */
export const TOUCH_AFTER_MS = 5 * 60 * 1000;

/** Whether a valid session's last_seen_at is old enough to be written again. */
export function needsTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() > TOUCH_AFTER_MS;
}
