import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { evaluateCondition, referencedQuestions } from "~/domain/templates/conditions";
import { QUESTION_TYPES, SCORING_DOMAINS, optionsOf, type Condition, type Question } from "~/domain/templates/definition";
import { questionRule } from "~/domain/scoring/question-rules";
import { FRAMEWORKS, coverage, isKnownRef, refCovers } from "~/domain/templates/frameworks";
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

  it("has between 60 and 125 questions", () => {
    expect(questionCount(template)).toBe(questions.length);
    expect(questions.length).toBeGreaterThanOrEqual(60);
    expect(questions.length).toBeLessThanOrEqual(125);
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
      expect(q.weight, q.key).toBeLessThanOrEqual(5);
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

  // ── Scoring (issue 10, item 13) ──

  const byKey = new Map(questions.map((q) => [q.key, q]));
  const q = (key: string): Question => {
    const found = byKey.get(key);
    if (!found) throw new Error(`No question ${key}`);
    return found;
  };

  it("lists the supplier controls the issue names in the catalogue, each with a short title", () => {
    const ids = new Set(FRAMEWORKS.flatMap((f) => f.controls.map((c) => c.id)));
    const wanted = [
      ...["GV-6.1-004", "GV-6.1-005", "GV-6.1-006", "GV-6.1-007", "GV-6.1-008", "GV-6.1-009", "GV-6.2-007", "GV-1.6-003"].map((id) => `NIST-AI-600-1:${id}`),
      ...["DSP-20", "DSP-23", "MDS-03", "MDS-04", "MDS-05", "STA-10", "STA-12"].map((id) => `CSA-AICM:${id}`),
      ...["a", "b", "c", "d", "e", "f", "g", "h"].map((item) => `EU-AI-ACT:Annex-XII(1)(${item})`),
      ...["a", "b", "c"].map((item) => `EU-AI-ACT:Annex-XII(2)(${item})`),
      "EU-AI-ACT:Annex-XI(1)(2)(c)",
      "EU-AI-ACT:Annex-XI(1)(2)(d)",
      ...["ri-5", "mi-7", "mi-10"].map((id) => `FINOS-AIGF:${id}`),
    ];
    expect(wanted.filter((id) => !ids.has(id))).toEqual([]);
    for (const control of FRAMEWORKS.flatMap((f) => f.controls)) {
      expect(control.title.length, control.id).toBeGreaterThan(5);
      expect(control.title.length, control.id).toBeLessThanOrEqual(140);
    }
    expect(new Set(FRAMEWORKS.map((f) => f.id)).size).toBe(FRAMEWORKS.length);
    expect(ids.size).toBe(FRAMEWORKS.flatMap((f) => f.controls).length);
  });

  it("covers every listed control with at least one question, in every framework", () => {
    for (const { framework, controls } of coverage(questions)) {
      const uncovered = controls.filter((c) => c.questionKeys.length === 0).map((c) => c.control.id);
      expect(uncovered, framework.id).toEqual([]);
    }
    // A control is covered by the question that cites it (or a more specific point of it), never by a broader one.
    expect(refCovers("EU-AI-ACT:Annex-XII(1)", "EU-AI-ACT:Annex-XII(1)(a)")).toBe(false);
    expect(refCovers("CSA-AICM:DSP-20", "CSA-AICM:DSP-2")).toBe(false);
  });

  it("leaves no scored question without what it needs, and no question unscored by accident", () => {
    for (const question of questions) {
      const rule = questionRule(question);
      // Every question is either scored by a rule or marked context only: none is silently unscored.
      expect(["unscored", "unscorable"], `${question.key}: ${rule.kind}`).not.toContain(rule.kind);
      if (rule.kind === "context") continue;
      if (question.type === "number") expect(question.scoring?.bands?.length, question.key).toBeGreaterThan(0);
      if (question.type === "date") expect(question.scoring?.dateRule, question.key).toBeDefined();
      if (question.type === "multi_choice") expect(question.scoring?.multi, question.key).toBeDefined();
      if (["yes_no", "yes_partial_no", "single_choice", "multi_choice"].includes(question.type)) {
        // Something to earn: at least one option scores above 0, and the options do not all score the same.
        const scores = optionsOf(question).map((o) => o.score);
        expect(Math.max(...scores), question.key).toBeGreaterThan(0);
        expect(new Set(scores).size, question.key).toBeGreaterThan(1);
      }
    }
    // Text answers are descriptive: context only.
    for (const question of questions.filter((x) => x.type === "short_text" || x.type === "long_text")) {
      expect(question.scoring?.contextOnly, question.key).toBe(true);
    }
  });

  it("scores every number question by bands with a direction, covering its whole range", () => {
    const numbers = questions.filter((x) => x.type === "number");
    expect(numbers.length).toBeGreaterThanOrEqual(4);
    for (const question of numbers) {
      const bands = question.scoring?.bands ?? [];
      expect(bands.length, question.key).toBeGreaterThanOrEqual(3);
      const scores = [...bands].sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity)).map((b) => b.score);
      const rising = scores.every((s, i) => i === 0 || s >= scores[i - 1]!);
      const falling = scores.every((s, i) => i === 0 || s <= scores[i - 1]!);
      expect(rising !== falling, `${question.key}: bands must go one way`).toBe(true);
      expect(Math.max(...scores), question.key).toBe(1);
      expect(Math.min(...scores), question.key).toBe(0);
    }
    // The example: days of notice before a model change: ≥30 → 1, 7–29 → 0.5, <7 → 0.
    expect(q("chg_notice_days").scoring?.bands).toEqual([
      { min: 30, score: 1 },
      { min: 7, max: 30, score: 0.5 },
      { max: 7, score: 0 },
    ]);
  });

  it("scores the last bias test by its age (within 12 months)", () => {
    expect(q("bf_results_date").scoring?.dateRule).toEqual({ maxAgeMonths: 12, staleScore: 0.25 });
  });

  it("weighs the answers a buyer cannot work around most", () => {
    const top = Math.max(...questions.map((x) => x.weight));
    expect(top).toBe(5);
    for (const key of ["td_legal_basis", "sec_customer_data_training", "sec_incident_notify_commitment", "chg_change_notice", "bf_testing"]) {
      expect(q(key).weight, key).toBe(top);
    }
  });

  it("marks descriptive questions context only", () => {
    for (const key of [
      "cmp_identifier",
      "cmp_intended_use",
      "sc_fourth_parties",
      "sec_subprocessor_list",
      "up_base_model",
      "bf_metrics",
      "cmp_people_decisions",
    ]) {
      expect(q(key).scoring?.contextOnly, key).toBe(true);
    }
  });

  it("cites its sources on every knock-out's question", () => {
    for (const question of questions.filter((x) => x.knockouts?.length)) {
      expect(question.refs.length, question.key).toBeGreaterThan(0);
      expect(question.refs.every(isKnownRef), question.key).toBe(true);
    }
  });

  it("has the field's knock-outs, each citing its source", () => {
    const knockoutsOf = (key: string) => q(key).knockouts ?? [];
    const fires = (key: string, answers: Record<string, string>) => knockoutsOf(key).filter((k) => evaluateCondition(k.when, answers));
    const cites = (key: string, ...refs: string[]) => expect(q(key).refs, key).toEqual(expect.arrayContaining(refs));

    // No contractual notice before model or version changes.
    expect(fires("chg_change_notice", { chg_version_pinning: "yes", chg_change_notice: "no" }).map((k) => k.gradeCap)).toEqual(["C"]);
    expect(fires("chg_change_notice", { chg_version_pinning: "no", chg_change_notice: "no" }).map((k) => k.gradeCap)).toEqual(["C", "D"]);
    expect(fires("chg_change_notice", { chg_version_pinning: "no", chg_change_notice: "yes" })).toEqual([]);
    cites("chg_change_notice", "NIST-AI-600-1:GV-6.2-007", "FINOS-AIGF:mi-7", "FINOS-AIGF:ri-5");
    expect(q("chg_change_notice").prompt).toContain("contract");

    // Customer inputs used for training without opt-in.
    expect(fires("sec_customer_data_training", { sec_customer_data_training: "yes" })).toHaveLength(1);
    expect(fires("sec_customer_data_training", { sec_customer_data_training: "opt_in" })).toEqual([]);
    cites("sec_customer_data_training", "NIST-AI-600-1:GV-6.2-007", "FINOS-AIGF:mi-7");

    // No Annex XII information for a general-purpose model component (provided by the supplier, or upstream).
    expect(fires("gpai_downstream_info", { cmp_gpai: "yes", gpai_downstream_info: "no" })).toHaveLength(1);
    expect(fires("gpai_downstream_info", { cmp_gpai: "yes", gpai_downstream_info: "partial" })).toEqual([]);
    cites("gpai_downstream_info", "EU-AI-ACT:Annex-XII", "EU-AI-ACT:Art.53(1)(b)");
    expect(fires("up_provider_docs", { cmp_origin: "fine_tuned", up_provider_docs: "no" })).toHaveLength(1);
    cites("up_provider_docs", "EU-AI-ACT:Annex-XII");

    // No incident-notification commitment.
    expect(fires("sec_incident_notify_commitment", { sec_incident_notify_commitment: "no" }).map((k) => k.severity)).toEqual(["critical"]);
    cites("sec_incident_notify_commitment", "ISO42001:A.8.4", "NIST-AI-600-1:GV-6.2-007");

    // No bias or fairness evaluation of the component: capped whatever its use, harder for decisions about people.
    expect(fires("bf_testing", { cmp_people_decisions: "no", bf_testing: "none" }).map((k) => k.gradeCap)).toEqual(["C"]);
    expect(fires("bf_testing", { cmp_people_decisions: "yes", bf_testing: "none" }).map((k) => k.gradeCap)).toEqual(["C", "D"]);
    expect(fires("bf_testing", { cmp_people_decisions: "yes", bf_testing: "periodic" })).toEqual([]);
    cites("bf_testing", "NIST-AI-RMF:MEASURE-2.11");
  });
});
