// What the next cycle carries over (planCarryOver) and which assessments may be reassessed.
import fc from "fast-check";
import { checkAnswer } from "~/domain/answers";
import { ASSESSMENT_STATUSES } from "~/domain/assessment-lifecycle";
import type { CalendarDate } from "~/domain/calendar";
import { compatibleTypes, planCarryOver, reassessRefusal, type PreviousAnswer, type PreviousEvidence } from "~/domain/review/reassess";
import { QUESTION_TYPES, type TemplateDefinition } from "~/domain/templates/definition";
import { question } from "../support/questions";

// Evidence ids (file answers hold uuids).
const E_VALID = "00000000-0000-4000-8000-00000000000a";
const E_EXPIRED = "00000000-0000-4000-8000-00000000000b";
const E_Y = "00000000-0000-4000-8000-00000000000c";
const E_GONE = "00000000-0000-4000-8000-00000000000d";
const E_OLD = "00000000-0000-4000-8000-00000000000e";
const TODAY = "2027-06-01" as CalendarDate;
const options = [
  { value: "a", label: "A", score: 1 },
  { value: "b", label: "B", score: 0.5 },
  { value: "c", label: "C", score: 0 },
];

const before: TemplateDefinition = {
  title: "v1",
  sections: [
    {
      key: "s",
      title: "Supplier",
      scope: "supplier",
      questions: [
        question("policy"),
        question("iso", { type: "single_choice", options }),
        question("notes", { type: "short_text", required: false }),
        question("retired"),
        question("level", { type: "number" }),
        question("gate"),
        question("detail", { type: "short_text", showIf: { question: "gate", equals: "yes" } }),
        question("na_ok", { allowNa: true }),
        question("moved"),
      ],
    },
    {
      key: "c",
      title: "Component",
      scope: "component",
      questions: [question("card", { type: "file" }), question("bias", { type: "yes_partial_no" })],
    },
  ],
};

const after: TemplateDefinition = {
  title: "v2",
  sections: [
    {
      key: "s",
      title: "Supplier",
      scope: "supplier",
      questions: [
        question("policy", { type: "yes_partial_no" }), // yes/no → yes/partly/no: compatible, "yes" still valid
        question("iso", { type: "single_choice", options: options.filter((o) => o.value !== "c") }), // option "c" dropped
        question("notes", { type: "long_text", required: false }), // short → long text: compatible
        question("level", { type: "date" }), // number → date: incompatible
        question("gate", { type: "yes_no" }),
        question("detail", { type: "short_text", showIf: { question: "gate", equals: "yes" } }),
        question("na_ok"), // N/A no longer allowed
        question("new_one"),
      ],
    },
    {
      key: "c",
      title: "Component",
      scope: "component",
      questions: [question("card", { type: "file" }), question("bias", { type: "yes_partial_no" }), question("moved")],
    },
  ],
};

const ans = (questionKey: string, componentId: string | null, value: unknown, isNa = false, comment: string | null = null): PreviousAnswer => ({
  questionKey,
  componentId,
  value,
  isNa,
  comment,
});
const ev = (id: string, questionKey: string, componentId: string | null, validUntil: string | null): PreviousEvidence => ({
  id,
  questionKey,
  componentId,
  validUntil,
});

describe("reassessRefusal", () => {
  it("allows decided, expired and closed-after-decision assessments only", () => {
    for (const status of ASSESSMENT_STATUSES) {
      const allowed = status === "decided" || status === "expired";
      expect(reassessRefusal(status, true) === null).toBe(allowed || status === "closed");
      expect(reassessRefusal(status, false) === null).toBe(allowed);
    }
    expect(reassessRefusal("in_progress", false)).toBe("This questionnaire is still open for answers: it can be reassessed once it has been decided.");
    expect(reassessRefusal("in_review", false)).toBe("This questionnaire is in review: decide it before reassessing it.");
    expect(reassessRefusal("closed", false)).toMatch(/closed before a decision/);
  });
});

describe("planCarryOver", () => {
  const plan = planCarryOver({
    previousDefinition: before,
    definition: after,
    componentIds: ["x"],
    answers: [
      ans("policy", null, "yes", false, "Board-approved"),
      ans("iso", null, "c"),
      ans("notes", null, "Short notes"),
      ans("retired", null, "yes"),
      ans("level", null, 3),
      ans("gate", null, "no"),
      ans("detail", null, "stale detail"),
      ans("na_ok", null, null, true),
      ans("moved", null, "yes"),
      ans("card", "x", [E_VALID, E_EXPIRED]),
      ans("bias", "x", null, false, null),
      ans("bias", "y", "yes"),
      ans("card", "y", [E_Y]),
    ],
    evidence: [ev(E_VALID, "card", "x", "2027-06-01"), ev(E_EXPIRED, "card", "x", "2027-05-31"), ev(E_Y, "card", "y", null), ev(E_GONE, "retired", null, null)],
    today: TODAY,
  });
  const carried = new Map(plan.answers.map((a) => [`${a.questionKey}:${a.componentId ?? "-"}`, a]));
  const skipped = new Map(plan.skippedAnswers.map((s) => [`${s.questionKey}:${s.componentId ?? "-"}`, s.reason]));

  it("carries compatible answers, with their comments", () => {
    expect(carried.get("policy:-")).toMatchObject({ value: "yes", isNa: false, comment: "Board-approved" });
    expect(carried.get("notes:-")).toMatchObject({ value: "Short notes" });
    expect(carried.get("gate:-")).toMatchObject({ value: "no" });
  });

  it("skips answers to removed, moved, incompatible, invalid, hidden, empty and out-of-scope questions, saying why", () => {
    expect(Object.fromEntries(skipped)).toEqual({
      "iso:-": "incompatible", // option c no longer exists
      "retired:-": "removed",
      "level:-": "incompatible",
      "detail:-": "hidden",
      "na_ok:-": "incompatible", // N/A no longer allowed
      "moved:-": "scope_changed",
      "bias:x": "empty",
      "bias:y": "out_of_scope",
      "card:y": "out_of_scope",
    });
    expect(plan.answers).toHaveLength(4);
  });

  it("keeps only still-valid files (valid until today counts), and carries exactly those", () => {
    expect(carried.get("card:x")).toMatchObject({ value: [E_VALID], evidenceIds: [E_VALID] });
    expect(plan.evidence).toEqual([E_VALID]);
    expect(Object.fromEntries(plan.skippedEvidence.map((s) => [s.id, s.reason]))).toEqual({
      [E_EXPIRED]: "evidence_expired",
      [E_Y]: "out_of_scope",
      [E_GONE]: "removed",
    });
  });

  it("drops a file answer whose files have all expired", () => {
    const only = planCarryOver({
      previousDefinition: before,
      definition: after,
      componentIds: ["x"],
      answers: [ans("card", "x", [E_OLD])],
      evidence: [ev(E_OLD, "card", "x", "2026-01-01")],
      today: TODAY,
    });
    expect(only.answers).toEqual([]);
    expect(only.skippedAnswers).toEqual([{ questionKey: "card", componentId: "x", reason: "evidence_expired" }]);
    expect(only.evidence).toEqual([]);
  });

  it("carries everything into the same version, and every carried answer passes the answer check", () => {
    const same = planCarryOver({
      previousDefinition: before,
      definition: before,
      componentIds: ["x"],
      answers: [
        ans("policy", null, "no"),
        ans("iso", null, "c"),
        ans("level", null, 3),
        ans("gate", null, "yes"),
        ans("detail", null, "Shown"),
        ans("na_ok", null, null, true),
      ],
      evidence: [],
      today: TODAY,
    });
    expect(same.skippedAnswers).toEqual([]);
    expect(same.answers).toHaveLength(6);
    const inScope = Object.fromEntries(same.answers.map((a) => [a.questionKey, { value: a.value, isNa: a.isNa }]));
    for (const a of same.answers) expect(checkAnswer(before, "supplier", a.questionKey, a.value, a.isNa, inScope).ok).toBe(true);
  });

  it("treats compatibility as symmetric and reflexive", () => {
    fc.assert(
      fc.property(fc.constantFrom(...QUESTION_TYPES), fc.constantFrom(...QUESTION_TYPES), (x, y) => {
        expect(compatibleTypes(x, x)).toBe(true);
        expect(compatibleTypes(x, y)).toBe(compatibleTypes(y, x));
      }),
    );
  });
});
