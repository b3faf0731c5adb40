// The reviewer's view of the answers, shaped purely: order and grouping, answers in words,
// evidence validity, score lines and knock-outs from a real score, and the filters.
import fc from "fast-check";
import {
  answerReview,
  evidenceValidity,
  filterQuery,
  parseReviewFilters,
  REVIEW_FILTERS,
  threadKey,
  type CycleChange,
  type ReviewFilter,
  type ReviewInput,
  type ReviewItem,
} from "~/domain/review/answer-review";
import { scoreAssessment } from "~/domain/scoring/engine";
import { a, d, goldenDefinition, goldenInput } from "./scoring-fixtures";

const scored = scoreAssessment(goldenInput({ answers: goldenInput().answers.map((x) => (x.questionKey === "s_incident" ? { ...x, value: "no" } : x)) }));

/** Each answer's line once (as the scorecard service does): supplier lines, then each component's own. */
const lines = [
  ...scored.supplier.explanation.questions,
  ...Object.values(scored.components).flatMap((r) => r.explanation.questions.filter((l) => l.componentId !== null)),
];

function input(overrides: Partial<ReviewInput> = {}): ReviewInput {
  const golden = goldenInput();
  return {
    definition: goldenDefinition(),
    components: [
      { id: "x", name: "Vision API", version: "2" },
      { id: "y", name: "Text model", version: null },
    ],
    supplierName: "Acme AI",
    answers: golden.answers.map((x) => (x.questionKey === "s_incident" ? { ...x, value: "no" } : x)),
    evidence: [
      { id: "e1", questionKey: "c_model_card", componentId: "x", fileName: "card.pdf", sizeBytes: 2048, validUntil: "2027-02-01", carriedOver: false },
      { id: "e2", questionKey: "c_model_card", componentId: "y", fileName: "old.pdf", sizeBytes: 10, validUntil: "2025-12-31", carriedOver: true },
      { id: "e3", questionKey: "s_iso", componentId: null, fileName: "iso.pdf", sizeBytes: 3 * 1024 * 1024, validUntil: null, carriedOver: false },
      { id: "e4", questionKey: "c_model_card", componentId: "gone", fileName: "stray.pdf", sizeBytes: 1, validUntil: null, carriedOver: false },
    ],
    comments: [
      {
        id: "m1",
        questionKey: "s_policy",
        componentId: null,
        visibility: "internal",
        body: "Ask for the policy",
        author: "Rita",
        byVendor: false,
        createdAt: "2026-03-02T10:00:00.000Z",
      },
      {
        id: "m2",
        questionKey: "c_bias",
        componentId: "y",
        visibility: "vendor",
        body: "Why N/A?",
        author: "Rita",
        byVendor: false,
        createdAt: "2026-03-02T10:01:00.000Z",
      },
    ],
    score: { lines, flags: [...scored.supplier.flags, ...Object.values(scored.components).flatMap((r) => r.flags)], scoredAnswers: null },
    changes: null,
    today: d("2026-03-01"),
    filters: [],
    ...overrides,
  };
}

const items = (review: ReturnType<typeof answerReview>): ReviewItem[] => review.groups.flatMap((g) => g.sections.flatMap((s) => s.items));
const item = (review: ReturnType<typeof answerReview>, key: string, componentId: string | null) =>
  items(review).find((i) => i.questionKey === key && i.componentId === componentId)!;

describe("answerReview: shape", () => {
  it("groups the supplier's sections first, then each component's, numbering questions by their place in the template", () => {
    const review = answerReview(input());
    expect(review.groups.map((g) => g.title)).toEqual(["About Acme AI", "About Vision API 2", "About Text model"]);
    expect(review.groups[1]!.sections[0]).toMatchObject({ title: "Component", number: 2, componentId: "x" });
    expect(item(review, "s_iso", null).number).toBe("1.2");
    expect(item(review, "c_notice_days", "y").number).toBe("2.3");
    // Every visible question once per scope: 4 supplier + 6 per component.
    expect(review.total).toBe(16);
    expect(review.shown).toBe(16);
    expect(new Set(items(review).map((i) => i.anchor)).size).toBe(16);
  });

  it("writes answers in words: choice labels, N/A, lists, dates, numbers with units, vendor comments", () => {
    const definition = goldenDefinition();
    definition.sections[1]!.questions[2]!.unit = "days";
    const review = answerReview(
      input({
        definition,
        answers: [...input().answers, { ...a("c_tested", "x", "2025-01-10"), comment: "Tested by a third party" }],
      }),
    );
    expect(item(review, "s_iso", null).answer).toMatchObject({ state: "answered", text: "In progress" });
    expect(item(review, "s_policy", null).answer.text).toBe("Partly");
    expect(item(review, "c_bias", "y").answer).toMatchObject({ state: "na", text: "Not applicable" });
    expect(item(review, "c_controls", "x").answer.list).toEqual(["A", "B"]);
    expect(item(review, "c_controls", "y").answer).toMatchObject({ state: "unanswered", text: null });
    expect(item(review, "c_notice_days", "x").answer.text).toBe("14 days");
    expect(item(review, "c_tested", "x").answer).toMatchObject({ text: "10 Jan 2025", comment: "Tested by a third party" });
    expect(item(review, "s_notes", null).answer).toMatchObject({ long: true, text: "We have notes." });
    expect(item(review, "c_model_card", "x").answer.text).toBe("1 file attached");
  });

  it("lists evidence by question and component with size and validity in words; evidence of components out of scope is left out", () => {
    const review = answerReview(input());
    expect(item(review, "c_model_card", "x").evidence).toEqual([
      { id: "e1", fileName: "card.pdf", sizeBytes: 2048, carriedOver: false, validity: { kind: "valid", text: "valid until 1 Feb 2027", daysLeft: 337 } },
    ]);
    expect(item(review, "c_model_card", "y").evidence[0]).toMatchObject({ carriedOver: true, validity: { kind: "expired", text: "expired on 31 Dec 2025" } });
    expect(item(review, "s_iso", null).evidence[0]!.validity.text).toBe("no expiry date given");
    expect(
      items(review)
        .flatMap((i) => i.evidence)
        .map((e) => e.id),
    ).not.toContain("e4");
  });

  it("evidence validity: expired, last day, expiring soon, valid, no date", () => {
    const today = d("2026-03-01");
    expect(evidenceValidity("2026-02-28", today)).toMatchObject({ kind: "expired", text: "expired on 28 Feb 2026", daysLeft: -1 });
    expect(evidenceValidity("2026-03-01", today)).toMatchObject({ kind: "expiring", text: "valid until 1 Mar 2026 (last day today)" });
    expect(evidenceValidity("2026-03-02", today)).toMatchObject({ kind: "expiring", text: "valid until 2 Mar 2026 (1 day left)" });
    expect(evidenceValidity("2026-04-30", today)).toMatchObject({ kind: "valid" });
    expect(evidenceValidity(null, today)).toEqual({ kind: "no_expiry", text: "no expiry date given" });
  });

  it("puts the score line beside each answer and the knock-out on the answer that fired it, once", () => {
    const review = answerReview(input());
    const policy = item(review, "s_policy", null).score!;
    expect(policy).toMatchObject({ status: "scored", points: 0.5, weight: 2, domain: "Governance and accountability" });
    expect(policy.contribution! / policy.maxContribution!).toBeCloseTo(0.5);
    expect(item(review, "c_bias", "y").score).toMatchObject({ status: "na", points: null, statusText: "not applicable: left out" });
    expect(item(review, "c_gpai", "x").score!.statusText).toBe("context only: not scored");
    // The supplier's knock-out is in the supplier rating and again in each component's: shown once.
    expect(item(review, "s_incident", null).knockouts).toEqual([{ severity: "critical", message: "No incident-notification commitment", gradeCap: "E" }]);
    expect(items(review).filter((i) => i.knockouts.length)).toHaveLength(1);
  });

  it("says when an answer changed after the score it shows", () => {
    const base = input();
    const scoredAnswers = base.answers.map((x) => (x.questionKey === "s_policy" ? { ...x, value: "no" } : x));
    const review = answerReview({ ...base, score: { ...base.score!, scoredAnswers } });
    expect(item(review, "s_policy", null).score!.stale).toBe(true);
    expect(item(review, "s_iso", null).score!.stale).toBe(false);
    expect(item(review, "c_controls", "y").score!.stale).toBe(false); // unanswered then and now
  });

  it("attaches each thread to its own answer only", () => {
    const review = answerReview(input());
    expect(item(review, "s_policy", null).comments.map((c) => c.id)).toEqual(["m1"]);
    expect(item(review, "c_bias", "y").comments.map((c) => c.id)).toEqual(["m2"]);
    expect(item(review, "c_bias", "x").comments).toEqual([]);
  });

  it("leaves out questions hidden by the answers, and counts only what shows", () => {
    const definition = goldenDefinition();
    definition.sections[0]!.questions[2]!.showIf = { question: "s_policy", equals: "yes" };
    const review = answerReview(input({ definition }));
    expect(items(review).some((i) => i.questionKey === "s_notes")).toBe(false);
    expect(review.groups[0]!.sections[0]).toMatchObject({ questions: 3, answered: 3 });
  });
});

describe("answerReview: filters", () => {
  const changes = new Map<string, CycleChange>([
    [threadKey("s_policy", null), "changed"],
    [threadKey("c_tested", "y"), "new_question"],
    [threadKey("s_iso", null), "confirmed"],
    [threadKey("c_gpai", "x"), "unchanged"],
  ]);

  it("each filter narrows to the answers it names, with its count", () => {
    const review = (filters: ReviewFilter[]) => answerReview(input({ changes, filters }));
    const keys = (filters: ReviewFilter[]) => items(review(filters)).map((i) => i.key);
    expect(keys(["unanswered"])).toEqual([threadKey("c_controls", "y"), threadKey("c_tested", "y")]);
    expect(keys(["knockouts"])).toEqual([threadKey("s_incident", null)]);
    expect(keys(["evidence"])).toEqual([threadKey("s_iso", null), threadKey("c_model_card", "x"), threadKey("c_model_card", "y")]);
    expect(keys(["changed"])).toEqual([threadKey("s_policy", null), threadKey("c_tested", "y")]);
    expect(keys(["comments"])).toEqual([threadKey("s_policy", null), threadKey("c_bias", "y")]);
    expect(keys(["unanswered", "changed"])).toEqual([threadKey("c_tested", "y")]);
    expect(review([]).counts).toEqual({ unanswered: 2, knockouts: 1, evidence: 3, changed: 2, comments: 2 });
    // A filtered page leaves out sections with nothing to show.
    expect(review(["knockouts"]).groups.map((g) => g.title)).toEqual(["About Acme AI"]);
  });

  it("a filter that cannot apply is reported, not silently hidden or applied", () => {
    const review = answerReview(input({ changes: null, score: null, filters: ["changed", "knockouts"] }));
    expect(review.unavailable).toEqual({ changed: expect.stringContaining("first cycle"), knockouts: "not scored yet" });
    expect(review.filters).toEqual([]);
    expect(review.shown).toBe(review.total);
    expect(review.counts.changed).toBe(0);
  });

  it("property: the answers shown are exactly those passing every active filter; a filter alone shows its count", () => {
    const all = items(answerReview(input({ changes })));
    fc.assert(
      fc.property(fc.subarray([...REVIEW_FILTERS]), (filters) => {
        const review = answerReview(input({ changes, filters }));
        const expected = all.filter((i) => filters.every((f) => i.matches[f])).map((i) => i.key);
        expect(items(review).map((i) => i.key)).toEqual(expected);
        expect(review.shown).toBe(expected.length);
        if (filters.length === 1) expect(review.shown).toBe(review.counts[filters[0]!]);
      }),
    );
  });

  it("reads filters from the query and writes them back in one order, ignoring unknown values", () => {
    expect(parseReviewFilters(new URLSearchParams("show=comments&show=nope&show=unanswered&show=comments"))).toEqual(["unanswered", "comments"]);
    expect(filterQuery(["comments", "unanswered"])).toBe("?show=unanswered&show=comments");
    expect(filterQuery([])).toBe("");
    expect(filterQuery([], { done: "comment" })).toBe("?done=comment");
    fc.assert(
      fc.property(fc.subarray([...REVIEW_FILTERS]), (filters) => {
        const parsed = parseReviewFilters(new URLSearchParams(filterQuery(filters).slice(1)));
        expect(parsed).toEqual(REVIEW_FILTERS.filter((f) => filters.includes(f)));
      }),
    );
  });
});
