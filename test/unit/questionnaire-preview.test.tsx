import { renderToStaticMarkup } from "react-dom/server";
import { QuestionnaireSections, questionStates, type Answers } from "~/components/questionnaire/questionnaire-preview";
import { liveProblems, toDefinition, toFormValues } from "~/components/template-editor/form-model";
import type { Question, TemplateDefinition } from "~/domain/templates/definition";
import { question } from "../support/questions";

const q = (key: string, extra: Partial<Question> = {}) => question(key, { prompt: `Prompt of ${key}`, ...extra });

const definition: TemplateDefinition = {
  title: "Small AI check",
  sections: [
    {
      key: "general",
      title: "General",
      scope: "supplier",
      questions: [
        q("ai_policy", { knockouts: [{ when: { question: "ai_policy", equals: "no" }, severity: "high", gradeCap: "D", message: "No documented AI policy" }] }),
        q("policy_review", { showIf: { question: "ai_policy", equals: "yes" } }),
        q("review_notes", { type: "long_text", required: false, showIf: { question: "policy_review", answered: true } }),
      ],
    },
    {
      key: "models",
      title: "Models",
      scope: "component",
      questions: [
        q("retention_days", {
          type: "number",
          unit: "days",
          min: 0,
          max: 3650,
          allowNa: true,
          evidence: { request: "Your retention policy", requireValidUntil: true },
        }),
      ],
    },
  ],
};

const render = (answers: Answers) =>
  renderToStaticMarkup(<QuestionnaireSections definition={definition} answers={answers} onAnswerChange={() => {}} idPrefix="t" />);

describe("the questionnaire as the vendor sees it", () => {
  it("hides questions whose condition does not hold, and those that depend on a hidden one", () => {
    expect(render({})).not.toContain("Prompt of policy_review");
    const yes = render({ ai_policy: { value: "yes" } });
    expect(yes).toContain("Prompt of policy_review");
    expect(render({ ai_policy: { value: "yes" }, policy_review: { value: "no" } })).toContain("Prompt of review_notes");
    // "no" hides policy_review, so its earlier answer no longer shows review_notes.
    const no = render({ ai_policy: { value: "no" }, policy_review: { value: "no" } });
    expect(no).not.toContain("Prompt of policy_review");
    expect(no).not.toContain("Prompt of review_notes");
    expect(questionStates(definition, { ai_policy: { value: "no" } }).map((s) => s.visible)).toEqual([true, false, false, true]);
  });

  it("warns of a knock-out the answer would trigger", () => {
    expect(render({ ai_policy: { value: "yes" } })).not.toContain("cap the grade");
    expect(render({ ai_policy: { value: "no" } })).toContain("This answer would cap the grade at D: No documented AI policy");
    // "Not applicable" is no answer.
    expect(render({ ai_policy: { value: "no", na: true } })).not.toContain("cap the grade");
  });

  it("renders each type's control, required markers in text, per-component scope, evidence and N/A", () => {
    const html = render({ ai_policy: { value: "yes" } });
    expect(html).toContain("<fieldset");
    expect(html).toContain("<legend");
    expect(html).toMatch(/<input type="radio"[^>]*name="answers.ai_policy" checked="" value="yes"/);
    expect(html).toContain("(required)");
    expect(html).toContain("Answered for each AI component");
    expect(html).toContain('type="number"');
    expect(html).toContain("days · from 0 to 3650");
    expect(html).toContain('type="file"');
    expect(html).toContain("Requested: Your retention policy");
    expect(html).toContain("Valid until");
    expect(html).toContain("Not applicable");
    expect(html).not.toContain("style=");
  });
});

describe("the editor's form model", () => {
  it("round-trips a definition through the form values", () => {
    expect(toDefinition(toFormValues(definition)).definition).toEqual({
      ...definition,
      sections: definition.sections.map((s) => ({
        ...s,
        // yes/no questions get their options written out
        questions: s.questions.map((question) =>
          question.type === "yes_no"
            ? {
                ...question,
                options: [
                  { value: "yes", label: "Yes", score: 1 },
                  { value: "no", label: "No", score: 0 },
                ],
              }
            : question,
        ),
      })),
    });
    expect(liveProblems(toDefinition(toFormValues(definition))).problems).toEqual([]);
  });

  it("names problems with their paths: later questions, duplicate keys, weights, options, unreadable JSON", () => {
    const values = toFormValues(definition);
    const [first, second] = values.sections[0]!.questions;
    values.sections[0]!.questions = [second!, first!, ...values.sections[0]!.questions.slice(2)];
    values.sections[1]!.questions[0]!.key = "ai_policy";
    values.sections[1]!.questions[0]!.weight = "0";
    values.sections[0]!.questions[2]!.type = "single_choice";
    values.sections[0]!.questions[2]!.options = [];
    values.sections[0]!.questions[2]!.showIf = { ...values.sections[0]!.questions[2]!.showIf, mode: "json", json: '{"all": [' };
    const { problems } = liveProblems(toDefinition(values));
    const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
    expect(at("sections[0].questions[0].showIf")).toEqual(['Refers to "ai_policy", which comes later: conditions may only use earlier questions']);
    expect(at("sections[1].questions[0].key")[0]).toMatch(/^Duplicate question key "ai_policy"/);
    expect(at("sections[1].questions[0].weight")).toEqual(["Weights must be above 0"]);
    expect(at("sections[0].questions[2].options")).toEqual(["A choice question needs at least two options"]);
    expect(at("sections[0].questions[2].showIf")[0]).toMatch(/^The condition JSON does not parse/);
  });
});
