// The review's pure parts: the lifecycle's review moves (every state × event, with the refusal
// words), who may change reviewers when, the review's dates, and the decision form's checks.
import fc from "fast-check";
import {
  ASSESSMENT_STATUSES,
  isUnderReview,
  reviewersRefusal,
  statusesAllowing,
  transition,
  UNDER_REVIEW_STATUSES,
  type AssessmentEvent,
  type AssessmentStatus,
} from "~/domain/assessment-lifecycle";
import { addDays, addMonths, calendarDate, DATE_FORMAT_HINT, type CalendarDate } from "~/domain/calendar";
import { checkDecision, decisionFormSchema, decisionFromForm, MAX_CONDITION_ROWS } from "~/domain/review/decision-form";
import { DEFAULT_VALIDITY_MONTHS, defaultValidUntil, REVIEW_DAYS, reviewDueAfterSubmit, reviewDueWords, validityMonths } from "~/domain/review/review-dates";
import { DEFAULT_METHODOLOGY } from "~/domain/scoring/methodology";

const TODAY = "2027-03-10" as CalendarDate;

/** Every allowed move of the lifecycle, written out: anything else is refused. */
const ALLOWED: Record<AssessmentStatus, Partial<Record<AssessmentEvent, AssessmentStatus>>> = {
  sent: { start: "in_progress", submit: "submitted", close: "closed" },
  in_progress: { submit: "submitted", close: "closed" },
  submitted: { reopen: "in_progress", start_review: "in_review", close: "closed" },
  in_review: { request_changes: "changes_requested", decide: "decided", close: "closed" },
  changes_requested: { resubmit: "resubmitted", close: "closed" },
  resubmitted: { start_review: "in_review", request_changes: "changes_requested", decide: "decided", close: "closed" },
  decided: { expire: "expired", close: "closed" },
  expired: { close: "closed" },
  closed: {},
};
const EVENTS: AssessmentEvent[] = ["start", "submit", "reopen", "start_review", "request_changes", "resubmit", "decide", "expire", "close"];

describe("the assessment lifecycle's review moves", () => {
  it("allows exactly the listed moves and refuses every other with a sentence", () => {
    for (const from of ASSESSMENT_STATUSES) {
      for (const event of EVENTS) {
        const move = transition(from, event);
        const to = ALLOWED[from][event];
        if (to) expect(move, `${from} ${event}`).toEqual({ ok: true, to });
        else {
          expect(move.ok, `${from} ${event}`).toBe(false);
          if (!move.ok) expect(move.reason, `${from} ${event}`).toMatch(/^[A-Z].*\.$/);
        }
      }
    }
  });

  it("says why a review move is refused in words a reviewer can act on", () => {
    const reason = (from: AssessmentStatus, event: AssessmentEvent) => {
      const move = transition(from, event);
      return move.ok ? null : move.reason;
    };
    expect(reason("sent", "start_review")).toBe("Only a submitted or resubmitted questionnaire can be taken into review; this one is sent.");
    expect(reason("in_review", "start_review")).toBe("This questionnaire is already in review.");
    expect(reason("submitted", "decide")).toBe("Start the review before deciding.");
    expect(reason("decided", "decide")).toBe("This questionnaire has already been decided.");
    expect(reason("changes_requested", "decide")).toBe("Only a questionnaire in review can be decided; this one is changes requested.");
    expect(reason("in_review", "expire")).toBe("Only a decided questionnaire can expire.");
    expect(reason("closed", "decide")).toBe("This questionnaire is closed.");
    expect(reason("closed", "close")).toBe("This questionnaire is closed.");
  });

  it("names the states each review event starts from (for conditional updates)", () => {
    expect(statusesAllowing("start_review")).toEqual(["submitted", "resubmitted"]);
    expect(statusesAllowing("decide")).toEqual(["in_review", "resubmitted"]);
    expect(statusesAllowing("expire")).toEqual(["decided"]);
    expect(statusesAllowing("close")).toEqual(ASSESSMENT_STATUSES.filter((s) => s !== "closed"));
    expect(statusesAllowing("request_changes")).toEqual(["in_review", "resubmitted"]);
    expect(statusesAllowing("resubmit")).toEqual(["changes_requested"]);
  });

  it("keeps reviewers changeable until the review is over", () => {
    for (const status of ASSESSMENT_STATUSES) {
      const refusal = reviewersRefusal(status);
      if (status === "decided" || status === "expired" || status === "closed") expect(refusal, status).toMatch(/\.$/);
      else expect(refusal, status).toBeNull();
    }
    expect(UNDER_REVIEW_STATUSES.every(isUnderReview)).toBe(true);
    expect(isUnderReview("sent")).toBe(false);
    expect(isUnderReview("decided")).toBe(false);
  });
});

describe("the review's dates", () => {
  const arbDate = fc.date({ min: new Date("2000-01-01"), max: new Date("2090-12-31"), noInvalidDate: true }).map((d) => calendarDate(d));

  it("gives every submit at least REVIEW_DAYS, never moving a later date earlier", () => {
    fc.assert(
      fc.property(fc.option(arbDate, { nil: null }), arbDate, (current, submitted) => {
        const due = reviewDueAfterSubmit(current, submitted);
        expect(due >= addDays(submitted, REVIEW_DAYS)).toBe(true);
        if (current) expect(due >= current).toBe(true);
        expect(due === addDays(submitted, REVIEW_DAYS) || due === current).toBe(true);
      }),
    );
  });

  it("says how a review due date stands in words", () => {
    expect(reviewDueWords(addDays(TODAY, -3), TODAY)).toEqual({ text: "Overdue by 3 days", overdue: true, soon: false });
    expect(reviewDueWords(addDays(TODAY, -1), TODAY)).toEqual({ text: "Overdue by 1 day", overdue: true, soon: false });
    expect(reviewDueWords(TODAY, TODAY)).toEqual({ text: "Due today", overdue: false, soon: true });
    expect(reviewDueWords(addDays(TODAY, 1), TODAY)).toEqual({ text: "Due tomorrow", overdue: false, soon: true });
    expect(reviewDueWords(addDays(TODAY, 3), TODAY)).toEqual({ text: "Due in 3 days", overdue: false, soon: true });
    expect(reviewDueWords(addDays(TODAY, 9), TODAY)).toEqual({ text: "Due in 9 days", overdue: false, soon: false });
  });

  it("holds a decision for the methodology's cadence of the worst dependent risk, or 12 months", () => {
    const cadence = DEFAULT_METHODOLOGY.reassessmentMonths; // critical 6, high 12, medium 24, low 36
    expect(validityMonths(cadence, [])).toBe(DEFAULT_VALIDITY_MONTHS);
    expect(validityMonths(cadence, ["low"])).toBe(36);
    expect(validityMonths(cadence, ["low", "critical", "medium"])).toBe(6);
    expect(defaultValidUntil(TODAY, cadence, ["high"])).toBe(addMonths(TODAY, 12));
    expect(defaultValidUntil(TODAY, cadence, [])).toBe("2028-03-10");
  });
});

describe("the decision form's checks", () => {
  const base = { decision: "approved", rationale: "Adequate.", validUntil: "2027-09-10" };
  const check = (values: Record<string, unknown>) => checkDecision(decisionFromForm(values), TODAY);
  const problems = (values: Record<string, unknown>) => {
    const result = check(values);
    return result.ok ? {} : result.problems;
  };

  it("accepts a complete decision and trims its text", () => {
    expect(check({ ...base, rationale: "  Adequate.  " })).toEqual({
      ok: true,
      value: { decision: "approved", rationale: "Adequate.", validUntil: "2027-09-10", conditions: [] },
    });
  });

  it("reads condition rows flat (a plain post) or nested (react-hook-form), skipping blank rows but keeping their index", () => {
    const flat = {
      ...base,
      decision: "approved_with_conditions",
      "conditions.0.title": "",
      "conditions.1.title": "Pen test",
      "conditions.1.severity": "high",
      "conditions.1.dueDate": "2027-04-01",
      "conditions.2.title": " ",
    };
    const nested = {
      ...base,
      decision: "approved_with_conditions",
      conditions: [
        { title: "", severity: "", dueDate: "", description: "" },
        { title: "Pen test", severity: "high", dueDate: "2027-04-01", description: "" },
      ],
    };
    const expected = { title: "Pen test", severity: "high", dueDate: "2027-04-01", description: null };
    for (const values of [flat, nested]) {
      const result = check(values);
      expect(result).toMatchObject({ ok: true, value: { conditions: [expected] } });
    }
    expect(problems({ ...flat, "conditions.1.dueDate": "" })).toEqual({ "conditions.1.dueDate": "Give the condition a due date" });
  });

  it("refuses each bad field with its own message", () => {
    expect(problems({ ...base, rationale: "" })).toHaveProperty("rationale");
    expect(problems({ ...base, decision: "maybe" })).toHaveProperty("decision");
    expect(problems({ ...base, validUntil: "2027-02-30" })).toEqual({ validUntil: DATE_FORMAT_HINT });
    expect(problems({ ...base, validUntil: TODAY })).toEqual({ validUntil: "The decision must hold beyond today: choose a later date" });
    expect(problems({ ...base, validUntil: "" })).toEqual({ validUntil: "Choose the date until which the decision holds" });
    expect(problems({ ...base, decision: "approved_with_conditions" })).toHaveProperty("conditions");
    expect(problems({ ...base, "conditions.0.title": "Stray", "conditions.0.severity": "low", "conditions.0.dueDate": "2027-04-01" })).toHaveProperty(
      "conditions",
    );
    const row = {
      ...base,
      decision: "approved_with_conditions",
      "conditions.0.title": "x".repeat(201),
      "conditions.0.severity": "extreme",
      "conditions.0.dueDate": "2027-03-09",
    };
    expect(problems(row)).toEqual({
      "conditions.0.title": "Keep the title under 200 characters",
      "conditions.0.severity": "Choose a severity",
      "conditions.0.dueDate": "The due date is in the past: choose today or later",
    });
    expect(problems({ ...row, "conditions.0.dueDate": "soon" })["conditions.0.dueDate"]).toBe(DATE_FORMAT_HINT);
  });

  it("caps the number of condition rows", () => {
    const many: Record<string, string> = { ...base, decision: "approved_with_conditions" };
    for (let i = 0; i <= MAX_CONDITION_ROWS; i++) {
      many[`conditions.${i}.title`] = `C${i}`;
      many[`conditions.${i}.severity`] = "low";
      many[`conditions.${i}.dueDate`] = "2027-05-01";
    }
    expect(problems(many)).toHaveProperty("conditions");
  });

  it("never throws on junk and reports problems by field path through the schema", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 30 }), fc.oneof(fc.string(), fc.integer(), fc.constant(null))), (values) => {
        const result = decisionFormSchema(TODAY).safeParse(values);
        if (!result.success) for (const issue of result.error.issues) expect(issue.path.length).toBeGreaterThan(0);
      }),
    );
  });
});
