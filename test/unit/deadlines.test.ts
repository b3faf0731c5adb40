import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, calendarDate, compareDates, type CalendarDate } from "../../app/domain/calendar";
import {
  CHANGE_KINDS,
  componentDeadline,
  DEFAULT_DEADLINE_POLICY,
  earliestDeadline,
  RETRAINING_DECLARATIONS,
  type ComponentFacts,
} from "../../app/domain/deadlines/next-reassessment";
import { daysInWords, deadlineQuery, dueInWindow, inWindow } from "../../app/domain/deadlines/query";
import { RISK_LEVELS } from "../../app/domain/scoring/methodology";

const TODAY = calendarDate("2026-12-02");
const arbDate = fc.integer({ min: -800, max: 800 }).map((d) => addDays(TODAY, d));
const arbFacts: fc.Arbitrary<ComponentFacts> = fc.record({
  inherent: fc.option(fc.constantFrom(...RISK_LEVELS), { nil: null }),
  lastReviewedOn: fc.option(arbDate, { nil: null }),
  declaredIntervalDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
  declaredRetraining: fc.option(fc.constantFrom(...RETRAINING_DECLARATIONS), { nil: null }),
  evidence: fc.array(fc.record({ name: fc.constantFrom("ISO/IEC 42001 certificate", "SOC 2 report"), validUntil: arbDate }), { maxLength: 3 }),
  findings: fc.array(fc.record({ title: fc.constant("Bias testing"), dueDate: arbDate }), { maxLength: 3 }),
  acceptances: fc.array(fc.record({ label: fc.constant("No DPA"), expiresOn: arbDate }), { maxLength: 2 }),
  changes: fc.array(fc.record({ kind: fc.constantFrom(...CHANGE_KINDS), on: arbDate, reviewed: fc.boolean() }), { maxLength: 3 }),
});

const notLater = (a: CalendarDate, b: CalendarDate) => compareDates(a, b) <= 0;

describe("next reassessment of a component", () => {
  it("says why, in words, for a reviewed component with an expiring certificate", () => {
    const d = componentDeadline(
      {
        inherent: "high",
        lastReviewedOn: calendarDate("2026-06-03"),
        declaredIntervalDays: null,
        evidence: [{ name: "ISO/IEC 42001 certificate", validUntil: calendarDate("2027-02-01") }],
        findings: [],
        acceptances: [],
        changes: [],
      },
      DEFAULT_DEADLINE_POLICY,
      TODAY,
    );
    expect(d.due).toBe("2027-01-02");
    expect(d.reasons[0]!.text).toBe("ISO/IEC 42001 certificate expires 1 Feb 2027");
    expect(d.reasons[1]!.text).toContain("High inherent risk: review every 12 months; last review 3 Jun 2026");
  });

  it("shortens the cycle for a model declared to learn continuously, and says so", () => {
    const base: ComponentFacts = {
      inherent: "low",
      lastReviewedOn: calendarDate("2026-06-03"),
      declaredIntervalDays: null,
      evidence: [],
      findings: [],
      acceptances: [],
      changes: [],
    };
    expect(componentDeadline(base, DEFAULT_DEADLINE_POLICY, TODAY).due).toBe("2029-06-03");
    const continuous = componentDeadline({ ...base, declaredRetraining: "continuous" }, DEFAULT_DEADLINE_POLICY, TODAY);
    expect(continuous.due).toBe("2026-09-03");
    expect(continuous.reasons[0]!.text).toBe(
      "Declared continuous learning (behaviour can change without a new version): review every 3 months; last review 3 Jun 2026",
    );
    // Frozen versions change nothing; a policy that does not tie retraining to review ignores it.
    expect(componentDeadline({ ...base, declaredRetraining: "frozen" }, DEFAULT_DEADLINE_POLICY, TODAY).due).toBe("2029-06-03");
    expect(componentDeadline({ ...base, declaredRetraining: "continuous" }, { ...DEFAULT_DEADLINE_POLICY, retrainNeedsReview: false }, TODAY).due).toBe(
      "2029-06-03",
    );
  });

  it("is due at once when never reviewed", () => {
    const d = componentDeadline(
      { inherent: "low", lastReviewedOn: null, declaredIntervalDays: null, evidence: [], findings: [], acceptances: [], changes: [] },
      DEFAULT_DEADLINE_POLICY,
      TODAY,
    );
    expect(d.due).toBe(TODAY);
    expect(d.reasons[0]!.text).toBe("Never reviewed");
  });

  it("moves a critical component's deadline to within 30 days of a new model version, and ignores reviewed notices", () => {
    const base: ComponentFacts = {
      inherent: "critical",
      lastReviewedOn: calendarDate("2026-11-01"),
      declaredIntervalDays: null,
      evidence: [],
      findings: [],
      acceptances: [],
      changes: [],
    };
    expect(componentDeadline(base, DEFAULT_DEADLINE_POLICY, TODAY).due).toBe("2027-05-01");
    const changed = { ...base, changes: [{ kind: "model_version" as const, on: calendarDate("2026-11-20"), reviewed: false }] };
    expect(componentDeadline(changed, DEFAULT_DEADLINE_POLICY, TODAY).due).toBe("2026-12-20");
    const reviewed = { ...base, changes: [{ kind: "model_version" as const, on: calendarDate("2026-11-20"), reviewed: true }] };
    expect(componentDeadline(reviewed, DEFAULT_DEADLINE_POLICY, TODAY).due).toBe("2027-05-01");
  });

  it("is never later than any date that contributes to it", () => {
    fc.assert(
      fc.property(arbFacts, (facts) => {
        const d = componentDeadline(facts, DEFAULT_DEADLINE_POLICY, TODAY);
        for (const f of facts.findings) expect(notLater(d.due, f.dueDate)).toBe(true);
        for (const a of facts.acceptances) expect(notLater(d.due, a.expiresOn)).toBe(true);
        for (const e of facts.evidence) expect(notLater(d.due, e.validUntil)).toBe(true);
        for (const r of d.reasons) expect(notLater(d.due, r.date)).toBe(true);
        if (facts.lastReviewedOn === null) expect(notLater(d.due, TODAY)).toBe(true);
      }),
    );
  });

  it("never gets later when the component's inherent risk rises", () => {
    fc.assert(
      fc.property(arbFacts, fc.constantFrom(...RISK_LEVELS), fc.constantFrom(...RISK_LEVELS), (facts, a, b) => {
        const [lower, higher] = RISK_LEVELS.indexOf(a) <= RISK_LEVELS.indexOf(b) ? [a, b] : [b, a];
        const low = componentDeadline({ ...facts, inherent: lower }, DEFAULT_DEADLINE_POLICY, TODAY).due;
        const high = componentDeadline({ ...facts, inherent: higher }, DEFAULT_DEADLINE_POLICY, TODAY).due;
        expect(notLater(high, low)).toBe(true);
      }),
    );
  });

  it("takes the earliest of several components", () => {
    const make = (due: string) => ({ deadline: { due: calendarDate(due), reasons: [] } });
    expect(earliestDeadline([make("2027-03-01"), make("2027-01-01"), make("2027-02-01")])?.deadline.due).toBe("2027-01-01");
    expect(earliestDeadline([])).toBeNull();
  });
});

describe("deadline list parameters", () => {
  it("reads junk leniently: defaults, never an error", () => {
    expect(deadlineQuery.parse({ group: "planet", owner: "nobody", risk: "huge", window: "7", page: "-2" })).toEqual({
      group: "system",
      owner: undefined,
      risk: undefined,
      window: "all",
      page: 1,
    });
    expect(deadlineQuery.parse({ group: "supplier", owner: "me", risk: "high", window: "30" })).toMatchObject({
      group: "supplier",
      owner: "me",
      risk: "high",
      window: "30",
    });
  });

  it("windows: overdue is before today; 30/60/90 run from today and exclude overdue; all takes everything", () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (days) => {
        expect(inWindow("all", days)).toBe(true);
        expect(inWindow("overdue", days)).toBe(days < 0);
        for (const w of ["30", "60", "90"] as const) expect(inWindow(w, days)).toBe(days >= 0 && days <= Number(w));
        // A wider window never holds less.
        if (inWindow("30", days)) expect(inWindow("60", days) && inWindow("90", days)).toBe(true);
      }),
    );
  });

  it("windows on due dates hold exactly the dates whose day count is in the window", () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (days) => {
        for (const w of ["all", "overdue", "30", "60", "90"] as const) expect(dueInWindow(w, TODAY)(addDays(TODAY, days))).toBe(inWindow(w, days));
      }),
    );
  });

  it("says days left or overdue in words", () => {
    expect([daysInWords(-1), daysInWords(-12), daysInWords(0), daysInWords(1), daysInWords(30)]).toEqual([
      "1 day overdue",
      "12 days overdue",
      "Due today",
      "In 1 day",
      "In 30 days",
    ]);
  });
});
