import { effectiveValue, showsGiven, walkAssessment, type StoredAnswer } from "~/domain/question-visibility";
import type { Question, TemplateDefinition } from "~/domain/templates/definition";
import { question } from "../support/questions";

const q = (key: string, extra: Partial<Question> = {}) => question(key, { allowNa: true, ...extra });
const definition: TemplateDefinition = {
  title: "T",
  sections: [
    {
      key: "org",
      title: "Organisation",
      scope: "supplier",
      questions: [q("has_policy"), q("policy_date", { type: "date", showIf: { question: "has_policy", equals: "yes" } })],
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
const a = (questionKey: string, value: unknown, componentId: string | null = null, isNa = false): StoredAnswer => ({ questionKey, componentId, value, isNa });
const shown = (sections: ReturnType<typeof walkAssessment>) =>
  sections.map((s) => [s.section.key, s.componentId, s.items.filter((i) => i.visible).map((i) => i.question.key)]);

describe("the visibility walk", () => {
  it("walks the supplier's sections once, then each component's with the supplier's answers and its own", () => {
    const answers = [a("has_policy", "yes"), a("trained", "yes", "c1"), a("trained", "no", "c2"), a("trained", "yes", "not-in-scope")];
    expect(shown(walkAssessment(definition, ["c1", "c2"], answers))).toEqual([
      ["org", null, ["has_policy", "policy_date"]],
      ["model", "c1", ["trained", "opt_out", "policy_applies"]],
      ["model", "c2", ["trained", "policy_applies"]],
    ]);
  });

  it("counts an answer 'not applicable', or one to a hidden question, as unanswered for later conditions", () => {
    expect(shown(walkAssessment(definition, ["c1"], [a("has_policy", "yes", null, true), a("trained", "yes", "c1", true)]))).toEqual([
      ["org", null, ["has_policy"]],
      ["model", "c1", ["trained"]],
    ]);
    expect(effectiveValue(false, { value: "yes", isNa: false })).toBeUndefined();
    expect(effectiveValue(true, { value: ["a", 1], isNa: false })).toEqual(["a", "1"]);
  });

  it("shows a question whose condition cannot be evaluated", () => {
    expect(showsGiven({ question: "x", equals: "yes" } as never, {})).toBe(false);
    expect(showsGiven({ bogus: true } as never, {})).toBe(true);
    expect(showsGiven(undefined, {})).toBe(true);
  });
});
