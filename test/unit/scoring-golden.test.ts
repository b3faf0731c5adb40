// Hand-worked assessments: every expected number below is worked out in the comments.
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { canonicalScoringInput, scoringInputHash } from "~/domain/scoring/canonical";
import { scoreAssessment } from "~/domain/scoring/engine";
import { optionsOf } from "~/domain/templates/definition";
import { validateDefinition } from "~/domain/templates/validate";
import { a, d, goldenDefinition, goldenInput } from "./scoring-fixtures";

describe("scoring: golden example (two components)", () => {
  it("the golden template is a valid template", () => {
    const check = validateDefinition(goldenDefinition());
    expect(check.ok ? [] : check.problems).toEqual([]);
  });

  const result = scoreAssessment(goldenInput());

  it("supplier level: governance 56, security 100, overall 78, B", () => {
    // governance: s_policy partly 0.5 × 2 + s_iso in progress 0.6 × 3 = 2.8 over weight 5 → 56 (s_notes is text: unscored)
    // security_privacy: s_incident yes 1 × 2 over 2 → 100
    // overall: (56 + 100) / 2 = 78 → B (70 ≤ 78 < 85)
    const s = result.supplier;
    expect(s.domains.governance).toBe(56);
    expect(s.domains.security_privacy).toBe(100);
    expect(s.domains.bias_fairness).toBeNull();
    expect(s.overall).toBe(78);
    expect(s.grade).toBe("B");
    expect(s.flags).toEqual([]);
    // 3 scored answers; s_iso has valid evidence uploaded for it → 1/3
    expect(s.confidence).toBeCloseTo(1 / 3, 12);
  });

  it("component x: 74.533333, B", () => {
    // governance 56 (supplier answers)
    // security_privacy: s_incident 1 × 2 + c_controls mean(1, 0.5) = 0.75 × 1 → 2.75 / 3 = 91.666667
    // bias_fairness: c_bias yes 1 × 2 + c_tested 2025-01-10 is older than 12 months on 2026-03-01 → 0.25 × 1 → 2.25 / 3 = 75
    // change_management: 14 days is in [7, 30) → 0.5 → 50
    // transparency: model card valid until 2026-12-31 → 1 → 100
    // regulatory: c_gpai is context only → null
    // overall: (56 + 91.666667 + 75 + 50 + 100) / 5 = 372.666667 / 5 = 74.5333334 → 74.533333 → B
    const x = result.components.x!;
    expect(x.domains).toEqual({
      training_data: null,
      data_quality: null,
      bias_fairness: 75,
      transparency: 100,
      change_management: 50,
      security_privacy: 91.666667,
      governance: 56,
      regulatory: null,
      supply_chain: null,
    });
    expect(x.overall).toBe(74.533333);
    expect(x.grade).toBe("B");
    // scored: 3 supplier + c_bias, c_notice_days, c_controls, c_tested, c_model_card = 8; backed: s_iso, c_model_card → 2/8
    expect(x.confidence).toBe(0.25);
  });

  it("component y: N/A, unanswered and expired evidence: 36.916667, E", () => {
    // bias_fairness: c_bias N/A (allowed) and c_tested unanswered optional → nothing → null
    // change_management: 3 days → band under 7 → 0
    // security_privacy: s_incident 2 × 1 + c_controls unanswered required 1 × 0 → 2 / 3 = 66.666667
    // transparency: model card expired 2025-12-31 → expired-evidence fraction 0.25 → 25
    // overall: (56 + 66.666667 + 0 + 25) / 4 = 147.666667 / 4 = 36.91666675 → 36.916667 → E (< 40)
    const y = result.components.y!;
    expect(y.domains.bias_fairness).toBeNull();
    expect(y.domains.change_management).toBe(0);
    expect(y.domains.security_privacy).toBe(66.666667);
    expect(y.domains.transparency).toBe(25);
    expect(y.overall).toBe(36.916667);
    expect(y.grade).toBe("E");
    // scored: 3 supplier + c_notice_days + c_model_card = 5; backed: s_iso → 1/5
    expect(y.confidence).toBe(0.2);
  });

  it("vendor: the weakest component", () => {
    const v = result.vendor;
    expect(v.overall).toBe(36.916667);
    expect(v.grade).toBe("E");
    expect(v.explanation.vendor).toMatchObject({ overallFrom: "y", gradeFrom: "y" });
    // per domain the lowest component score: bias 75 (only x has one), security min(91.666667, 66.666667)
    expect(v.domains.bias_fairness).toBe(75);
    expect(v.domains.security_privacy).toBe(66.666667);
    expect(v.domains.transparency).toBe(25);
    // scored 3 + 5 + 2 = 10 (supplier answers once); backed s_iso and x's model card → 0.2
    expect(v.confidence).toBe(0.2);
    expect(result.confidence).toBe(0.2);
  });

  it("explains each question: points, weight, share, contribution and why", () => {
    const lines = result.components.x!.explanation.questions;
    const line = (key: string) => lines.find((l) => l.questionKey === key)!;
    expect(line("c_controls")).toMatchObject({ componentId: "x", status: "scored", points: 0.75, weight: 1, answer: ["a", "b"] });
    expect(line("c_controls").share).toBeCloseTo(1 / 3, 12);
    expect(line("c_controls").contribution).toBeCloseTo(25, 12);
    expect(line("s_incident")).toMatchObject({ componentId: null, status: "scored", points: 1, weight: 2 });
    expect(line("s_incident").contribution).toBeCloseTo(66.666667, 5);
    expect(line("c_gpai")).toMatchObject({ status: "context", points: null, share: null, contribution: null });
    expect(line("s_notes")).toMatchObject({ status: "unscored", points: null });
    expect(line("c_tested")).toMatchObject({ status: "scored", points: 0.25, reason: "Older than 12 months: scores 0.25" });
    expect(line("c_notice_days").reason).toBe("from 7 to under 30 scores 0.5");
    expect(line("c_model_card")).toMatchObject({ points: 1, evidenceValid: true });
    expect(line("s_iso")).toMatchObject({ points: 0.6, evidenceValid: true, reason: "Answer “In progress” scores 0.6" });
    // contributions add up to the domain score
    const security = lines.filter((l) => l.domain === "security_privacy").reduce((n, l) => n + (l.contribution ?? 0), 0);
    expect(security).toBeCloseTo(91.666667, 5);

    const y = result.components.y!.explanation.questions;
    expect(y.find((l) => l.questionKey === "c_bias")).toMatchObject({ status: "na", points: null, answer: null });
    expect(y.find((l) => l.questionKey === "c_controls")).toMatchObject({ status: "unanswered_required", points: 0, weight: 1 });
    expect(y.find((l) => l.questionKey === "c_tested")).toMatchObject({ status: "unanswered_optional", points: null });
    expect(y.find((l) => l.questionKey === "c_model_card")).toMatchObject({ points: 0.25, evidenceValid: false });
    expect(result.components.y!.explanation.domains.security_privacy).toMatchObject({ weight: 3, weightedPoints: 2, questions: 2, score: 66.666667 });
  });

  it("explains the grade and the overall", () => {
    const x = result.components.x!.explanation;
    expect(x.grade).toMatchObject({ byScore: "B", cap: null, grade: "B" });
    expect(x.grade.reason).toBe("Score 74.533333 is at or above the B threshold 70: B");
    expect(x.overall.domainWeights).toBe(5);
    expect(x.overall.weightedScores).toBeCloseTo(372.666667, 6);
  });
});

describe("scoring: golden knock-out", () => {
  // Supplier: policy yes (1 × 2), ISO certified (1 × 3) → governance 100; incident commitment "no" → security 0.
  // Overall (100 + 0) / 2 = 50 → D by score; the knock-out caps at E.
  const input = goldenInput({
    componentIds: [],
    answers: [a("s_policy", null, "yes"), a("s_iso", null, "certified"), a("s_incident", null, "no")],
  });
  const result = scoreAssessment(input);

  it("caps the grade and says which answer did it", () => {
    const s = result.supplier;
    expect(s.overall).toBe(50);
    expect(s.explanation.grade).toMatchObject({ byScore: "D", cap: "E", grade: "E" });
    expect(s.grade).toBe("E");
    expect(s.flags).toEqual([
      {
        questionKey: "s_incident",
        componentId: null,
        severity: "critical",
        message: "No incident-notification commitment",
        gradeCap: "E",
        answer: "no",
        condition: "s_incident = no",
      },
    ]);
    expect(s.explanation.grade.reason).toBe(
      "Score 50 is at or above the D threshold 40: D; capped at E by the knock-out on s_incident: No incident-notification commitment",
    );
  });

  it("with no component in scope the vendor is the supplier level", () => {
    expect(result.vendor).toMatchObject({ scope: "vendor", overall: 50, grade: "E", componentId: null });
    expect(result.vendor.explanation.questions).toEqual(result.supplier.explanation.questions);
    expect(result.components).toEqual({});
  });

  it("a supplier-level knock-out caps every component", () => {
    const withComponent = scoreAssessment({ ...input, componentIds: ["x"], answers: [...input.answers, a("c_bias", "x", "yes")] });
    expect(withComponent.components.x!.grade).toBe("E");
    expect(withComponent.components.x!.flags.map((f) => f.questionKey)).toEqual(["s_incident"]);
    expect(withComponent.vendor.flags).toHaveLength(1);
  });
});

describe("scoring: canonical input", () => {
  it("hashes the same input the same, whatever the order of answers and evidence", async () => {
    const input = goldenInput();
    const shuffled = { ...input, answers: [...input.answers].reverse(), evidence: [...input.evidence].reverse() };
    expect(canonicalScoringInput(shuffled)).toBe(canonicalScoringInput(input));
    expect(await scoringInputHash(shuffled)).toMatch(/^[0-9a-f]{64}$/);
    expect(await scoringInputHash(shuffled)).toBe(await scoringInputHash(input));
    const changed = { ...input, answers: input.answers.map((x) => (x.questionKey === "s_policy" ? { ...x, value: "yes" } : x)) };
    expect(await scoringInputHash(changed)).not.toBe(await scoringInputHash(input));
    const commented = { ...input, answers: input.answers.map((x) => ({ ...x, comment: "a comment never counts" })) };
    expect(await scoringInputHash(commented)).toBe(await scoringInputHash(input));
    expect(await scoringInputHash({ ...input, scoringDate: d("2026-03-02") })).not.toBe(await scoringInputHash(input));
  });
});

describe("scoring: the built-in template", () => {
  it("scores a full assessment of the built-in template without crashing, numbers and dates by their rules", () => {
    const definition = AI_SUPPLIER_DUE_DILIGENCE;
    const answers = definition.sections.flatMap((s) =>
      (s.scope === "supplier" ? [null] : ["k1", "k2"]).flatMap((componentId) =>
        s.questions.map((q) =>
          a(
            q.key,
            componentId,
            q.type === "multi_choice"
              ? [optionsOf(q)[0]!.value]
              : (optionsOf(q)[0]?.value ?? (q.type === "number" ? 10 : q.type === "file" ? [] : "2026-01-01")),
          ),
        ),
      ),
    );
    const result = scoreAssessment({ ...goldenInput(), definition, componentIds: ["k1", "k2"], answers });
    expect(result.vendor.overall).not.toBeNull();
    const lines = result.components.k1!.explanation.questions;
    expect(lines.filter((l) => l.type === "number" || l.type === "date").every((l) => ["scored", "context", "hidden"].includes(l.status))).toBe(true);
    expect(result.vendor.notices.filter((n) => !n.message.includes("unanswered"))).toEqual([]);
  });
});
