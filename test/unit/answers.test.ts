import fc from "fast-check";
import { answerValueSchema, checkAnswer, describeValue, LONG_TEXT_MAX, SHORT_TEXT_MAX, valueFromInput } from "~/domain/answers";
import { scopeNodes, visibleKeys } from "~/domain/question-visibility";
import { optionsOf, QUESTION_TYPES, type Question, type QuestionType, type TemplateDefinition } from "~/domain/templates/definition";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { question } from "../support/questions";

const q = question;

const choice = [
  { value: "a", label: "A", score: 1 },
  { value: "b", label: "B", score: 0.5 },
  { value: "c", label: "C", score: 0 },
];

const byType: Record<QuestionType, Question> = {
  yes_no: q("yn"),
  yes_partial_no: q("ypn", { type: "yes_partial_no" }),
  single_choice: q("sc", { type: "single_choice", options: choice }),
  multi_choice: q("mc", { type: "multi_choice", options: choice }),
  short_text: q("st", { type: "short_text" }),
  long_text: q("lt", { type: "long_text" }),
  number: q("nu", { type: "number", min: 0, max: 100 }),
  date: q("da", { type: "date" }),
  file: q("fi", { type: "file" }),
};

/** Values a question of each type accepts. */
function validValue(question: Question): fc.Arbitrary<unknown> {
  const values = optionsOf(question).map((o) => o.value);
  switch (question.type) {
    case "yes_no":
    case "yes_partial_no":
    case "single_choice":
      return fc.constantFrom(...values);
    case "multi_choice":
      return fc.subarray(values);
    case "short_text":
      return fc.string({ maxLength: SHORT_TEXT_MAX });
    case "long_text":
      return fc.string({ maxLength: 2000 });
    case "number":
      return fc.double({ min: question.min ?? -1e9, max: question.max ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case "date":
      return fc
        .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2999-12-31T00:00:00Z"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case "file":
      return fc.uniqueArray(fc.uuid(), { maxLength: 5 });
  }
}

/** Values of the wrong JSON type for each question type. */
function wrongTypeValue(question: Question): fc.Arbitrary<unknown> {
  const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant({}), fc.array(fc.integer(), { minLength: 1 }));
  switch (question.type) {
    case "yes_no":
    case "yes_partial_no":
    case "single_choice":
    case "short_text":
    case "long_text":
    case "date":
      return notString;
    case "multi_choice":
    case "file":
      return fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant({}), fc.array(fc.integer(), { minLength: 1 }));
    case "number":
      return fc.oneof(fc.string(), fc.boolean(), fc.constant({}), fc.constant([1]));
  }
}

describe("answerValueSchema", () => {
  for (const type of QUESTION_TYPES) {
    it(`accepts every valid ${type} value`, () => {
      const question = byType[type];
      fc.assert(fc.property(validValue(question), (value) => answerValueSchema(question).safeParse(value).success));
    });
    it(`refuses every wrongly typed ${type} value`, () => {
      const question = byType[type];
      fc.assert(fc.property(wrongTypeValue(question), (value) => !answerValueSchema(question).safeParse(value).success));
    });
  }

  it("knows the limits of each type", () => {
    const ok = (type: QuestionType, v: unknown) => answerValueSchema(byType[type]).safeParse(v).success;
    expect(ok("yes_no", "maybe")).toBe(false);
    expect(ok("yes_partial_no", "partial")).toBe(true);
    expect(ok("single_choice", "d")).toBe(false);
    expect(ok("multi_choice", ["a", "a"])).toBe(false);
    expect(ok("multi_choice", ["a", "z"])).toBe(false);
    expect(ok("short_text", "x".repeat(SHORT_TEXT_MAX + 1))).toBe(false);
    expect(ok("long_text", "x".repeat(LONG_TEXT_MAX))).toBe(true);
    expect(ok("long_text", "x".repeat(LONG_TEXT_MAX + 1))).toBe(false);
    expect(ok("number", 101)).toBe(false);
    expect(ok("number", -0.5)).toBe(false);
    expect(ok("number", Number.NaN)).toBe(false);
    expect(ok("number", Infinity)).toBe(false);
    expect(ok("date", "2027-02-29")).toBe(false);
    expect(ok("date", "2028-02-29")).toBe(true);
    expect(ok("date", "28-02-2027")).toBe(false);
    expect(ok("file", ["not-a-uuid"])).toBe(false);
  });

  it("property: numbers outside min/max are refused", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ max: -Number.MIN_VALUE, noNaN: true }), fc.double({ min: 100.0001, noNaN: true })),
        (n) => !answerValueSchema(byType.number).safeParse(n).success,
      ),
    );
  });
});

const definition: TemplateDefinition = {
  title: "T",
  sections: [
    {
      key: "org",
      title: "Organisation",
      scope: "supplier",
      questions: [
        q("has_policy"),
        q("policy_date", { type: "date", showIf: { question: "has_policy", equals: "yes" } }),
        q("policy_review", { showIf: { question: "policy_date", answered: true } }),
        q("notes", { type: "long_text", required: false, allowNa: true }),
      ],
    },
    {
      key: "model",
      title: "Model",
      scope: "component",
      questions: [
        q("trained"),
        q("opt_out", { showIf: { question: "trained", equals: "yes" } }),
        q("policy_applies", { showIf: { question: "has_policy", equals: "yes" } }),
      ],
    },
  ],
};

describe("checkAnswer", () => {
  it("accepts a valid answer and normalises N/A to no value", () => {
    expect(checkAnswer(definition, "supplier", "has_policy", "yes", false, {})).toMatchObject({ ok: true, value: "yes", isNa: false });
    expect(checkAnswer(definition, "supplier", "notes", "ignored", true, {})).toMatchObject({ ok: true, value: null, isNa: true });
    expect(checkAnswer(definition, "supplier", "has_policy", null, false, {})).toMatchObject({ ok: true, value: null });
  });

  it("names each problem", () => {
    expect(checkAnswer(definition, "supplier", "nope", "yes", false, {})).toMatchObject({ ok: false, code: "unknown_question", path: "questionKey" });
    expect(checkAnswer(definition, "component", "has_policy", "yes", false, {})).toMatchObject({ ok: false, code: "wrong_scope" });
    expect(checkAnswer(definition, "supplier", "trained", "yes", false, {})).toMatchObject({ ok: false, code: "wrong_scope" });
    expect(checkAnswer(definition, "supplier", "has_policy", true, false, {})).toMatchObject({ ok: false, code: "invalid_value", path: "value" });
    expect(checkAnswer(definition, "supplier", "has_policy", null, true, {})).toMatchObject({ ok: false, code: "na_not_allowed", path: "isNa" });
  });

  it("refuses questions hidden by their condition, following chains, and sees supplier answers from a component", () => {
    expect(checkAnswer(definition, "supplier", "policy_date", "2026-01-01", false, {})).toMatchObject({ ok: false, code: "hidden" });
    expect(checkAnswer(definition, "supplier", "policy_date", "2026-01-01", false, { has_policy: { value: "yes", isNa: false } })).toMatchObject({ ok: true });
    // policy_date answered, but hidden (has_policy = no): it does not count, so policy_review is hidden too.
    const hiddenChain = { has_policy: { value: "no", isNa: false }, policy_date: { value: "2026-01-01", isNa: false } };
    expect(checkAnswer(definition, "supplier", "policy_review", "yes", false, hiddenChain)).toMatchObject({ ok: false, code: "hidden" });
    expect(checkAnswer(definition, "component", "policy_applies", "yes", false, { has_policy: { value: "yes", isNa: false } })).toMatchObject({ ok: true });
    expect(checkAnswer(definition, "component", "policy_applies", "yes", false, { has_policy: { value: "no", isNa: false } })).toMatchObject({
      ok: false,
      code: "hidden",
    });
  });

  it("property: a hidden question is refused whatever its value; a shown one accepts any valid value", () => {
    fc.assert(
      fc.property(fc.constantFrom("yes", "no"), validValue(byType.yes_no), (trained, value) => {
        const result = checkAnswer(definition, "component", "opt_out", value, false, { trained: { value: trained, isNa: false } });
        return trained === "yes" ? result.ok : !result.ok && result.code === "hidden";
      }),
    );
  });

  it("property: over the built-in template, every visible question accepts a valid value and refuses a wrongly typed one", () => {
    const all = AI_SUPPLIER_DUE_DILIGENCE.sections.flatMap((s) => s.questions.filter((x) => !x.showIf).map((x) => ({ scope: s.scope, question: x })));
    fc.assert(
      fc.property(
        fc
          .constantFrom(...all)
          .chain(({ scope, question }) => fc.tuple(fc.constant(scope), fc.constant(question), validValue(question), wrongTypeValue(question))),
        ([scope, question, good, bad]) => {
          expect(checkAnswer(AI_SUPPLIER_DUE_DILIGENCE, scope, question.key, good, false, {})).toMatchObject({ ok: true });
          expect(checkAnswer(AI_SUPPLIER_DUE_DILIGENCE, scope, question.key, bad, false, {})).toMatchObject({ ok: false, code: "invalid_value" });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("visibleKeys, valueFromInput, describeValue", () => {
  it("walks the supplier questions before a component's", () => {
    const nodes = scopeNodes(definition, "component");
    expect(nodes.map((n) => n.key)).toEqual(["has_policy", "policy_date", "policy_review", "notes", "trained", "opt_out", "policy_applies"]);
    const shown = visibleKeys(nodes, { has_policy: { value: "yes", isNa: false }, trained: { value: "no", isNa: false } });
    expect([...shown]).toEqual(["has_policy", "policy_date", "notes", "trained", "policy_applies"]);
  });

  it("turns form strings into typed values", () => {
    expect(valueFromInput(byType.number, "42.5")).toBe(42.5);
    expect(valueFromInput(byType.number, "abc")).toBe("abc");
    expect(valueFromInput(byType.number, " ")).toBeNull();
    expect(valueFromInput(byType.multi_choice, ["a", "b"])).toEqual(["a", "b"]);
    expect(valueFromInput(byType.multi_choice, [])).toBeNull();
    expect(valueFromInput(byType.short_text, "")).toBeNull();
    expect(valueFromInput(byType.yes_no, "yes")).toBe("yes");
  });

  it("describes values with option labels", () => {
    expect(describeValue(byType.multi_choice, ["a", "c"], false)).toBe("A, C");
    expect(describeValue(byType.yes_no, "no", false)).toBe("No");
    expect(describeValue(byType.yes_no, null, true)).toBe("Not applicable");
    expect(describeValue(byType.file, ["x", "y"], false)).toBe("2 files");
  });
});
