import { needsTouch, sessionState, TOUCH_AFTER_MS, type SessionLimits } from "~/domain/session-validity";

const HOUR = 3_600_000;
const limits: SessionLimits = { idleMs: 12 * HOUR, absoluteMs: 7 * 24 * HOUR };
const created = new Date("2027-03-01T09:00:00Z");
const at = (ms: number) => new Date(created.getTime() + ms);
const session = (over: Partial<{ lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null }> = {}) => ({
  createdAt: created,
  lastSeenAt: created,
  expiresAt: at(limits.absoluteMs),
  revokedAt: null,
  ...over,
});

describe("sessionState", () => {
  it("is valid while used within the idle limit and before the absolute limit", () => {
    expect(sessionState(session(), limits, created)).toBe("valid");
    expect(sessionState(session(), limits, at(12 * HOUR - 1))).toBe("valid");
    expect(sessionState(session({ lastSeenAt: at(7 * 24 * HOUR - 2 * HOUR) }), limits, at(7 * 24 * HOUR - 1))).toBe("valid");
  });

  it("ends after the idle limit without use", () => {
    expect(sessionState(session(), limits, at(12 * HOUR))).toBe("idle_expired");
    expect(sessionState(session({ lastSeenAt: at(2 * HOUR) }), limits, at(14 * HOUR))).toBe("idle_expired");
  });

  it("ends at the absolute limit however recently used, counted from creation or from the row's expiry", () => {
    // The row's own expiry is later (a bad row): the limit from creation still ends it.
    expect(sessionState(session({ lastSeenAt: at(7 * 24 * HOUR - HOUR), expiresAt: at(30 * 24 * HOUR) }), limits, at(7 * 24 * HOUR))).toBe("absolute_expired");
    // A vendor session capped by its grant's expiry ends then.
    expect(sessionState(session({ lastSeenAt: at(HOUR), expiresAt: at(2 * HOUR) }), limits, at(2 * HOUR))).toBe("absolute_expired");
  });

  it("says revoked first", () => {
    expect(sessionState(session({ revokedAt: at(1) }), limits, at(2))).toBe("revoked");
    expect(sessionState(session({ revokedAt: at(1) }), limits, at(30 * 24 * HOUR))).toBe("revoked");
  });
});

describe("needsTouch", () => {
  it("writes last_seen_at again only after a while", () => {
    expect(needsTouch(created, at(TOUCH_AFTER_MS))).toBe(false);
    expect(needsTouch(created, at(TOUCH_AFTER_MS + 1))).toBe(true);
  });
});
