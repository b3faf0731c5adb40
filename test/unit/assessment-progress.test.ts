import fc from "fast-check";
import { assessmentProgress, isAnswered, type StoredAnswer } from "~/domain/assessment-progress";
import type { Question, TemplateDefinition } from "~/domain/templates/definition";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { question } from "../support/questions";

const q = question;

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
        q("notes", { type: "long_text", required: false }),
      ],
    },
    {
      key: "model",
      title: "Model",
      scope: "component",
      questions: [
        q("trained_on_customer_data", { allowNa: true }),
        q("opt_out", { showIf: { question: "trained_on_customer_data", equals: "yes" } }),
        // Depends on a supplier answer: each component sees it.
        q("policy_applies", { showIf: { question: "has_policy", equals: "yes" } }),
      ],
    },
  ],
};

const a = (questionKey: string, value: unknown, componentId: string | null = null, isNa = false): StoredAnswer => ({ questionKey, componentId, value, isNa });

describe("assessmentProgress", () => {
  it("counts nothing answered, supplier sections once and component sections per component", () => {
    const p = assessmentProgress(definition, ["c1", "c2"], []);
    expect(p.sections.map((s) => [s.sectionKey, s.componentId])).toEqual([
      ["org", null],
      ["model", "c1"],
      ["model", "c2"],
    ]);
    // Hidden until answered: policy_date, opt_out, policy_applies.
    expect(p.sections.map((s) => [s.required, s.requiredAnswered, s.questions])).toEqual([
      [1, 0, 2],
      [1, 0, 1],
      [1, 0, 1],
    ]);
    expect(p).toMatchObject({ required: 3, requiredAnswered: 0, percent: 0, complete: false });
  });

  it("honours showIf: an answer shows the follow-up question, per scope", () => {
    const p = assessmentProgress(
      definition,
      ["c1", "c2"],
      [a("has_policy", "yes"), a("trained_on_customer_data", "yes", "c1"), a("trained_on_customer_data", "no", "c2"), a("policy_applies", "yes", "c2")],
    );
    const [org, c1, c2] = p.sections;
    expect(org).toMatchObject({ required: 2, requiredAnswered: 1, complete: false });
    // c1: trained (answered), opt_out (shown, open), policy_applies (shown, open).
    expect(c1).toMatchObject({ required: 3, requiredAnswered: 1, complete: false });
    // c2: trained (answered), opt_out hidden, policy_applies answered.
    expect(c2).toMatchObject({ required: 2, requiredAnswered: 2, complete: true });
    expect(p.percent).toBe(Math.floor((4 / 7) * 100));
  });

  it("does not count answers to hidden questions, nor let them show later questions", () => {
    const p = assessmentProgress(
      definition,
      ["c1"],
      [
        a("has_policy", "no"),
        a("policy_date", "2026-01-01"), // hidden: has_policy is no
        a("trained_on_customer_data", "no", "c1"),
        a("opt_out", "yes", "c1"), // hidden
      ],
    );
    expect(p).toMatchObject({ required: 2, requiredAnswered: 2, complete: true, percent: 100 });
    expect(p.answered).toBe(2);
  });

  it("counts N/A only where the question allows it, and ignores components not in scope", () => {
    const p = assessmentProgress(
      definition,
      ["c1"],
      [a("has_policy", null, null, true), a("trained_on_customer_data", null, "c1", true), a("trained_on_customer_data", "yes", "other")],
    );
    const [org, c1] = p.sections;
    expect(org!.requiredAnswered).toBe(0); // has_policy does not allow N/A
    expect(c1!.requiredAnswered).toBe(1);
    expect(p.sections).toHaveLength(2);
  });

  it("treats empty text, empty lists and non-numbers as unanswered", () => {
    const text = q("t", { type: "short_text" });
    expect(isAnswered(text, a("t", "  "))).toBe(false);
    expect(isAnswered(text, a("t", "x"))).toBe(true);
    expect(isAnswered(q("m", { type: "multi_choice" }), a("m", []))).toBe(false);
    expect(isAnswered(q("n", { type: "number" }), a("n", 0))).toBe(true);
    expect(isAnswered(q("n", { type: "number" }), a("n", null))).toBe(false);
    expect(isAnswered(text, undefined)).toBe(false);
  });

  it("is complete with nothing required", () => {
    const p = assessmentProgress({ title: "x", sections: [{ key: "s", title: "S", scope: "component", questions: [q("x")] }] }, [], []);
    expect(p).toMatchObject({ required: 0, percent: 100, complete: true, sections: [] });
  });

  it("on the built-in template: answering every shown question in order completes it", () => {
    // Answer "yes"-like values to whatever is visible, repeatedly, until nothing new shows.
    const components = ["c1", "c2"];
    let answers: StoredAnswer[] = [];
    for (let round = 0; round < 10; round++) {
      const p = assessmentProgress(AI_SUPPLIER_DUE_DILIGENCE, components, answers);
      const missing = p.sections.flatMap((s) => s.items.filter((i) => i.visible && !i.answered).map((i) => ({ s, i })));
      if (missing.length === 0) break;
      answers = answers.concat(missing.map(({ s, i }) => a(i.question.key, sample(i.question), s.componentId)));
    }
    const done = assessmentProgress(AI_SUPPLIER_DUE_DILIGENCE, components, answers);
    expect(done.complete).toBe(true);
    expect(done.percent).toBe(100);
    expect(done.required).toBeGreaterThan(10);
  });
});

function sample(question: Question): unknown {
  if (question.type === "number") return question.min ?? 1;
  if (question.type === "date") return "2026-01-01";
  if (question.type === "multi_choice") return [question.options?.[0]?.value ?? "x"];
  if (question.type === "file") return ["evidence-id"];
  if (question.options?.length) return question.options[0]!.value;
  if (question.type === "yes_no" || question.type === "yes_partial_no") return "yes";
  return "Some text";
}

describe("assessmentProgress, properties", () => {
  const keys = ["has_policy", "policy_date", "notes", "trained_on_customer_data", "opt_out", "policy_applies"];
  const arbAnswer = fc.record({
    questionKey: fc.constantFrom(...keys),
    componentId: fc.constantFrom(null, "c1", "c2", "c3"),
    value: fc.oneof(fc.constantFrom("yes", "no", "", "2026-01-01"), fc.constant(null), fc.array(fc.string(), { maxLength: 2 })),
    isNa: fc.boolean(),
  });

  it("keeps its counts consistent, whatever is stored", () => {
    fc.assert(
      fc.property(fc.array(arbAnswer, { maxLength: 30 }), fc.subarray(["c1", "c2"]), (answers, components) => {
        const p = assessmentProgress(definition, components, answers);
        return (
          p.sections.length === 1 + components.length &&
          p.sections.every(
            (s) =>
              s.requiredAnswered <= s.required && s.required <= s.questions && s.answered <= s.questions && s.complete === (s.requiredAnswered === s.required),
          ) &&
          p.percent >= 0 &&
          p.percent <= 100 &&
          p.complete === (p.percent === 100)
        );
      }),
    );
  });

  it("never depends on the order answers are stored in", () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbAnswer, { selector: (x) => `${x.componentId}:${x.questionKey}`, maxLength: 20 }), (answers) => {
        const forward = assessmentProgress(definition, ["c1", "c2"], answers);
        const backward = assessmentProgress(definition, ["c1", "c2"], [...answers].reverse());
        return forward.percent === backward.percent && forward.answered === backward.answered && forward.required === backward.required;
      }),
    );
  });
});
