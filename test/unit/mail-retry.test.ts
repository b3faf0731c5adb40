import { afterFailedAttempt, canRetryNow, mailRetryPolicy, retryDelayMs } from "~/domain/mail-retry";

describe("mail retry schedule", () => {
  const day = mailRetryPolicy(24);

  it("waits 30 s after the first failure, doubling up to 30 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20, 500].map((n) => retryDelayMs(day, n) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1800, 1800, 1800, 1800]);
  });

  it("keeps retrying for the whole window, and the last attempt is at or after its end", () => {
    const queuedAt = new Date("2027-01-04T09:00:00Z");
    let now = queuedAt;
    let failures = 0;
    for (;;) {
      failures++;
      const decision = afterFailedAttempt(day, queuedAt, now, failures);
      if (!decision.retry) break;
      expect(decision.nextAttemptAt.getTime() - now.getTime()).toBeLessThanOrEqual(30 * 60_000);
      now = decision.nextAttemptAt;
    }
    expect(now.getTime() - queuedAt.getTime()).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(failures).toBeGreaterThan(40); // an 11-minute outage is nothing to it
  });

  it("keeps the full schedule for a longer window and shrinks it in proportion for a shorter one", () => {
    expect(mailRetryPolicy(72)).toEqual({ windowMs: 72 * 3_600_000, firstDelayMs: 30_000, maxDelayMs: 1_800_000 });
    expect(mailRetryPolicy(0.024)).toEqual({ windowMs: 86_400, firstDelayMs: 30, maxDelayMs: 1_800 });
  });

  it("lets an admin retry anything not sent, except a mail a live worker is sending", () => {
    const now = new Date("2027-01-04T09:00:00Z");
    for (const status of ["queued", "retrying", "failed"]) expect(canRetryNow({ status, last_attempt_at: now }, now)).toBe(true);
    for (const status of ["sent", "stored"]) expect(canRetryNow({ status, last_attempt_at: null }, now)).toBe(false);
    expect(canRetryNow({ status: "sending", last_attempt_at: new Date(now.getTime() - 60_000) }, now)).toBe(false);
    expect(canRetryNow({ status: "sending", last_attempt_at: new Date(now.getTime() - 11 * 60_000) }, now)).toBe(true);
  });
});
