import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { referencedQuestions } from "~/domain/templates/conditions";
import { QUESTION_TYPES, SCORING_DOMAINS, optionsOf, type Condition, type Question } from "~/domain/templates/definition";
import { coverage, isKnownRef } from "~/domain/templates/frameworks";
import { questionCount, validateDefinition } from "~/domain/templates/validate";

const template = AI_SUPPLIER_DUE_DILIGENCE;
const questions: Question[] = template.sections.flatMap((s) => s.questions);

function leafKinds(condition: Condition): string[] {
  if ("all" in condition) return ["all", ...condition.all.flatMap(leafKinds)];
  if ("any" in condition) return ["any", ...condition.any.flatMap(leafKinds)];
  if ("equals" in condition) return ["equals"];
  if ("oneOf" in condition) return ["oneOf"];
  return ["answered"];
}

describe("built-in template: AI supplier due diligence", () => {
  it("passes validateDefinition", () => {
    const check = validateDefinition(template);
    if (!check.ok) console.error(check.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    expect(check.ok).toBe(true);
  });

  it("has between 60 and 120 questions", () => {
    expect(questionCount(template)).toBe(questions.length);
    expect(questions.length).toBeGreaterThanOrEqual(60);
    expect(questions.length).toBeLessThanOrEqual(120);
  });

  it("cites at least one known control on every question", () => {
    const missing = questions.filter((q) => q.refs.length === 0).map((q) => q.key);
    expect(missing).toEqual([]);
    const unknown = questions.flatMap((q) => q.refs.filter((r) => !isKnownRef(r)).map((r) => `${q.key}: ${r}`));
    expect(unknown).toEqual([]);
  });

  it("covers every control of every framework", () => {
    const uncovered = coverage(questions).flatMap(({ controls }) => controls.filter((c) => c.questionKeys.length === 0).map((c) => c.control.id));
    expect(uncovered).toEqual([]);
  });

  it("uses every question type and every scoring domain", () => {
    const types = new Set(questions.map((q) => q.type));
    expect(QUESTION_TYPES.filter((t) => !types.has(t))).toEqual([]);
    const domains = new Set(questions.map((q) => q.domain));
    expect(SCORING_DOMAINS.filter((d) => !domains.has(d))).toEqual([]);
  });

  it("has supplier-scope and component-scope sections", () => {
    const scopes = template.sections.map((s) => s.scope);
    expect(scopes).toContain("supplier");
    expect(scopes).toContain("component");
  });

  it("has at least 5 knock-outs and 10 conditional questions, using every kind of condition", () => {
    const knockouts = questions.flatMap((q) => q.knockouts ?? []);
    expect(knockouts.length).toBeGreaterThanOrEqual(5);
    expect(knockouts.some((k) => k.severity === "critical")).toBe(true);
    const conditional = questions.filter((q) => q.showIf);
    expect(conditional.length).toBeGreaterThanOrEqual(10);
    const kinds = new Set([...conditional.map((q) => q.showIf!), ...knockouts.map((k) => k.when)].flatMap(leafKinds));
    for (const kind of ["equals", "oneOf", "answered"]) expect(kinds).toContain(kind);
    expect(kinds.has("all") || kinds.has("any")).toBe(true);
  });

  it("keeps options, numbers, files and weights sensible", () => {
    for (const q of questions) {
      expect(q.weight, q.key).toBeGreaterThanOrEqual(0.5);
      expect(q.weight, q.key).toBeLessThanOrEqual(3);
      for (const o of optionsOf(q)) expect(o.score >= 0 && o.score <= 1, `${q.key}.${o.value}`).toBe(true);
      if (q.type === "number") {
        expect(q.unit, q.key).toBeTruthy();
        expect(q.min, q.key).toBeDefined();
        expect(q.max, q.key).toBeDefined();
      }
      if (q.type === "file") expect(q.evidence, q.key).toBeDefined();
    }
    // Certificates and audit reports expire, so their uploads ask for a valid-until date.
    for (const key of ["gov_iso42001_certificate", "gov_audit_report"]) {
      expect(questions.find((q) => q.key === key)?.evidence?.requireValidUntil, key).toBe(true);
    }
  });

  it("asks the notice period in days and the incident notification time in hours", () => {
    expect(questions.find((q) => q.key === "chg_notice_days")?.unit).toBe("days");
    expect(questions.find((q) => q.key === "sec_incident_notify_hours")?.unit).toBe("hours");
  });

  it("puts each knock-out on the latest question its condition reads", () => {
    const index = new Map(questions.map((q, i) => [q.key, i]));
    for (const [i, q] of questions.entries()) {
      for (const k of q.knockouts ?? []) {
        const refs = referencedQuestions(k.when).map((key) => index.get(key)!);
        expect(Math.max(...refs), `${q.key} knock-out`).toBe(i);
      }
    }
  });
});
