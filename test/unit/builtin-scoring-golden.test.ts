// Golden tests: three assessments of the built-in template (strong, mixed, knocked out), for one
// supplier with two components, scored with the default methodology on a fixed date. The expected
// numbers below were worked out BY HAND from the template's weights and option scores; the engine
// must agree. The answers come from db/templates/demo-answers.ts (the best answer to every question,
// then each profile's overrides), the same answers the demo seed submits.
//
// Reading the arithmetic: a domain score is 100 · Σ(w·p) / Σw over the questions that count (shown,
// scored, not N/A; context-only questions never count). Both components get the same answers, so each
// component's rating (supplier answers + its own) is the same and the vendor (weakest component) equals it.
// The overall is the plain mean of the nine domains (default domain weights are all 1).
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { DEMO_PROFILES, answersFor, evidenceFor, type DemoProfile } from "../../db/templates/demo-answers";
import { answerValueSchema } from "~/domain/answers";
import { assessmentProgress } from "~/domain/assessment-progress";
import type { CalendarDate } from "~/domain/calendar";
import { scoreAssessment } from "~/domain/scoring/engine";
import { DEFAULT_METHODOLOGY } from "~/domain/scoring/methodology";
import type { Rating, ScoringResult } from "~/domain/scoring/types";
import type { Grade, ScoringDomain } from "~/domain/templates/definition";

const SCORING_DATE = "2026-03-01" as CalendarDate;
const COMPONENTS = ["c0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000002"];

function score(profile: DemoProfile): ScoringResult {
  const options = { asOf: SCORING_DATE };
  return scoreAssessment({
    definition: AI_SUPPLIER_DUE_DILIGENCE,
    componentIds: COMPONENTS,
    answers: answersFor(profile, COMPONENTS, options),
    evidence: evidenceFor(profile, COMPONENTS, options),
    scoringDate: SCORING_DATE,
    methodology: DEFAULT_METHODOLOGY,
  });
}

interface Expected {
  domains: Record<ScoringDomain, number>;
  overall: number;
  grade: Grade;
}

function expectRating(rating: Rating, expected: Expected) {
  for (const [domain, value] of Object.entries(expected.domains)) {
    // To 1 decimal: toBeCloseTo(x, 1) allows a difference under 0.05.
    expect(rating.domains[domain as ScoringDomain], domain).toBeCloseTo(value, 1);
  }
  expect(rating.overall).toBeCloseTo(expected.overall, 1);
  expect(rating.grade).toBe(expected.grade);
}

function line(rating: Rating, key: string) {
  const found = rating.explanation.questions.find((l) => l.questionKey === key);
  if (!found) throw new Error(`No line for ${key}`);
  return found;
}

describe("golden: the built-in template, strong supplier", () => {
  const result = score("strong");
  const component = result.components[COMPONENTS[0]!]!;

  // Strong = the best answer everywhere except: ISO 42001 certification in progress (0.6), a limited IP
  // indemnity (0.5), data region selectable (0.85), incident notice within 48 hours (0.75), per-output
  // explanations without confidence (0.7), human-subject evaluation N/A, retrained on a schedule (0.85).
  //
  // governance: Σw counts gov_ai_policy 3, gov_accountable_exec 2, gov_responsibility_matrix 2,
  //   gov_ai_lifecycle 2, gov_iso42001_status 3, gov_independent_audit 3, gov_audit_report 2,
  //   gov_incident_process 3, gov_customer_channel 1, gov_measurement_review 1, ct_service_agreement 3,
  //   ct_ownership_usage 3, ct_assessment_rights 2, ct_liability_termination 3 = 33
  //   (the certificate, 2, is hidden while certification is in progress; the exec's name, expiry date
  //   and certification scope are context only).
  //   Σw·p = 33 − 3·(1 − 0.6) = 31.8  →  100 · 31.8 / 33 = 96.36
  // regulatory: reg_ai_act_role 1 + reg_ai_act_programme 3 + reg_deployer_support 3 + cmp_ai_act_risk_class 2
  //   + cmp_gpai 1 + the four high-risk questions 4 + 3 + 3 + 3 = 23, all at 1  →  100
  // training_data: supplier td_copyright_policy 3, td_web_crawling 1, td_rights_holder_requests 2, td_ip_indemnity 3
  //   (+ component) td_sources 2, td_legal_basis 5, td_provenance_record 3, td_licences 3, td_personal_data 3,
  //   td_consent 2: Σw = 27; Σw·p = 27 − 3·0.5 = 25.5  →  94.44
  // security_privacy: sec_dpa 3, sec_customer_data_training 5, sec_retention_days 2, sec_data_residency 2,
  //   sec_subprocessors 3, sec_encryption_isolation 2, sec_red_teaming 3, sec_prompt_injection 3,
  //   sec_data_leakage 3, sec_model_integrity 2, sec_incident_notify_commitment 5, sec_incident_notify_hours 3,
  //   ev_safety 3, ev_red_team_date 1 = 40; Σw·p = 40 − 2·0.15 − 3·0.25 = 38.95  →  97.375
  // supply_chain: sc_ai_inventory 3, sc_assessment 3, sc_flowdown 3, sc_upstream_monitoring 2, sc_contingency 2,
  //   ct_compliance_review 2, cmp_origin 1 = 16, all at 1 (own model: the upstream questions are hidden)  →  100
  // data_quality: 3 + 2 + 3 + 3 + 2 + 2 + 1 (dq_*) + ev_test_sets 3 + ev_deployment_conditions 2 = 21
  //   (ev_human_subjects N/A drops out), all at 1  →  100
  // bias_fairness: bf_testing 5, bf_training_data_bias 3, bf_attributes 2 (4 × 0.5 + 1, capped at 1),
  //   bf_results 3, bf_results_date 2 (two months old), bf_mitigation 3, bf_retest_after_retrain 3 = 21  →  100
  // transparency: tr_model_card 3, tr_model_card_file 2, tr_model_card_current 2, tr_explanation 3,
  //   tr_decision_logs 3, tr_log_retention_days 2, ev_report 2, ev_energy 1 = 18; Σw·p = 18 − 3·0.3 = 17.1  →  95
  // change_management: 3 + 4 + 5 + 4 + 3 + 2 + 2 + 2 + 3 = 28; Σw·p = 28 − 3·0.15 = 27.55  →  98.39
  // overall = (96.36 + 100 + 94.44 + 97.375 + 100 + 100 + 100 + 95 + 98.39) / 9 = 881.58 / 9 = 97.95  →  A
  const expected: Expected = {
    domains: {
      governance: 96.4,
      regulatory: 100,
      training_data: 94.4,
      security_privacy: 97.4,
      supply_chain: 100,
      data_quality: 100,
      bias_fairness: 100,
      transparency: 95.0,
      change_management: 98.4,
    },
    overall: 98.0,
    grade: "A",
  };

  it("rates each component as worked out by hand", () => {
    expectRating(component, expected);
    expect(component.flags).toEqual([]);
    expect(component.notices).toEqual([]);
    expect(component.explanation.domains.governance).toMatchObject({ weight: 33, questions: 14 });
    expect(component.explanation.domains.governance.weightedPoints).toBeCloseTo(31.8, 9);
    expect(component.explanation.domains.security_privacy).toMatchObject({ weight: 40 });
    expect(component.explanation.domains.security_privacy.weightedPoints).toBeCloseTo(38.95, 9);
  });

  it("gives the vendor the same rating (both components answered alike)", () => {
    expectRating(result.components[COMPONENTS[1]!]!, expected);
    expectRating(result.vendor, expected);
  });

  it("scores the number answers by their bands and drops N/A", () => {
    expect(line(component, "sec_incident_notify_hours")).toMatchObject({ answer: 48, points: 0.75, weight: 3 });
    expect(line(component, "chg_notice_days")).toMatchObject({ answer: 90, points: 1 });
    expect(line(component, "ev_human_subjects")).toMatchObject({ status: "na", points: null });
    expect(line(component, "cmp_intended_use")).toMatchObject({ status: "context", points: null });
  });
});

describe("golden: the built-in template, mixed supplier", () => {
  const result = score("mixed");
  const component = result.components[COMPONENTS[0]!]!;

  // Mixed = partly there everywhere (see OVERRIDES.mixed in db/templates/demo-answers.ts), no knock-out.
  //
  // governance: gov_ai_policy 3·0.5 + gov_accountable_exec 2·0 + gov_responsibility_matrix 2·1 + gov_ai_lifecycle 2·1
  //   + gov_iso42001_status 3·0.35 ("aligned") + gov_independent_audit 3·0.35 (internal only) + gov_incident_process 3·1
  //   + gov_customer_channel 1 + gov_measurement_review 1 + ct_service_agreement 3 + ct_ownership_usage 3
  //   + ct_assessment_rights 2·0 + ct_liability_termination 3·0.5
  //   = 1.5 + 0 + 2 + 2 + 1.05 + 1.05 + 3 + 1 + 1 + 3 + 3 + 0 + 1.5 = 20.1
  //   over Σw = 3+2+2+2+3+3+3+1+1+3+3+2+3 = 31 (certificate and audit report hidden)  →  100 · 20.1 / 31 = 64.84
  // regulatory: reg_ai_act_role 1·1 + reg_ai_act_programme 3·0.5 + reg_deployer_support 3·0.5 + cmp_ai_act_risk_class 2·1
  //   + cmp_gpai 1·1 = 7 over 10 (minimal risk, not general-purpose: those sections hidden)  →  70
  // training_data: td_copyright_policy 3 + td_web_crawling 1·0.7 + td_tdm_opt_out 4·0.6 (robots.txt only)
  //   + td_rights_holder_requests 2 + td_ip_indemnity 3·0 + td_sources 2·0.8 (mean of licensed 1 and web 0.6)
  //   + td_legal_basis 5·0.5 + td_provenance_record 3·0.25 (evidence expired: the methodology's 0.25)
  //   + td_licences 3 + td_personal_data 3·0.7 = 18.05 over 29 (td_consent hidden)  →  62.24
  // security_privacy: 36 supplier weight (the opt-out question hidden: training is opt-in) with
  //   sec_customer_data_training 5·0.8, sec_retention_days 2·0.6 (60 days), sec_red_teaming 3·0.65,
  //   sec_incident_notify_hours 3·0.4 (72 hours): 36 − 1 − 0.8 − 1.05 − 1.8 = 31.35; + ev_safety 3
  //   (the red-team date is optional and left empty: dropped) = 34.35 over 39  →  88.08
  // supply_chain: sc_ai_inventory 3 + sc_assessment 3·0.5 + sc_flowdown 3 + sc_upstream_monitoring 2
  //   + sc_contingency 2·0.5 + ct_compliance_review 2 + cmp_origin 1·0.9 (fine-tuned) + up_base_model_licence 3·0.85
  //   + up_version_pinned 3·0 + up_provider_docs 3·0.5 = 17.45 over 25  →  69.8
  // data_quality: dq_dataset_versioning 3 + dq_change_log 2 + dq_quality_indicators 3·0.5 + dq_representativeness 3·0.5
  //   + dq_preparation 2 + dq_labelling 2·0.8 + dq_labeller_conditions 1·0.5 + ev_test_sets 3
  //   + ev_deployment_conditions 2·0.5 + ev_human_subjects 1 = 17.1 over 22  →  77.73
  // bias_fairness: bf_testing 5·0.5 + bf_training_data_bias 3 + bf_attributes 2·0.5 (one attribute)
  //   + bf_results 3 + bf_results_date 2·0.25 (18 months old: stale) + bf_mitigation 3 + bf_retest_after_retrain 3·0
  //   = 13 over 21  →  61.90
  // transparency: tr_model_card 3·0.5 + tr_model_card_file 2 + tr_model_card_current 2·0.5 + tr_explanation 3·0.35
  //   + tr_decision_logs 3·0.5 + tr_log_retention_days 2·0.3 (60 days) + ev_report 2 + ev_energy 1
  //   = 10.65 over 18  →  59.17
  // change_management: chg_retraining_cadence 3·0.65 + chg_version_pinning 4·0 + chg_change_notice 5
  //   + chg_notice_days 4·0.5 (14 days) + chg_release_gates 3 + chg_rollback 2 + chg_deprecation_policy 2
  //   + chg_deprecation_days 2·0.6 (90 days) + chg_drift_monitoring 3·0.5 = 18.65 over 28  →  66.61
  // overall = (64.84 + 70 + 62.24 + 88.08 + 69.8 + 77.73 + 61.90 + 59.17 + 66.61) / 9 = 620.36 / 9 = 68.93  →  C
  const expected: Expected = {
    domains: {
      governance: 64.8,
      regulatory: 70.0,
      training_data: 62.2,
      security_privacy: 88.1,
      supply_chain: 69.8,
      data_quality: 77.7,
      bias_fairness: 61.9,
      transparency: 59.2,
      change_management: 66.6,
    },
    overall: 68.9,
    grade: "C",
  };

  it("rates each component as worked out by hand", () => {
    expectRating(component, expected);
    expect(component.flags).toEqual([]);
    expect(component.explanation.domains.training_data).toMatchObject({ weight: 29 });
    expect(component.explanation.domains.training_data.weightedPoints).toBeCloseTo(18.05, 9);
    expect(component.explanation.domains.governance).toMatchObject({ weight: 31 });
    expect(component.explanation.domains.governance.weightedPoints).toBeCloseTo(20.1, 9);
    expectRating(result.vendor, expected);
  });

  it("traces the partial answers: expired evidence, a stale date, short notice", () => {
    expect(line(component, "td_provenance_record")).toMatchObject({ status: "scored", points: 0.25, weight: 3 });
    expect(line(component, "bf_results_date")).toMatchObject({ status: "scored", points: 0.25, answer: "2024-09-01" });
    expect(line(component, "chg_notice_days")).toMatchObject({ answer: 14, points: 0.5 });
    expect(line(component, "td_sources").points).toBeCloseTo(0.8, 9);
    expect(line(component, "ev_red_team_date")).toMatchObject({ status: "unanswered_optional", points: null });
    expect(line(component, "gov_iso42001_certificate")).toMatchObject({ status: "hidden" });
  });
});

describe("golden: the built-in template, knocked-out supplier", () => {
  const result = score("knocked_out");
  const component = result.components[COMPONENTS[0]!]!;

  // Knocked out = the best answers, except: customer inputs train models by default (customers may opt out),
  // no incident-notification commitment, no bias evaluation of a component used for decisions about people,
  // no contractual notice before model changes (versions can be pinned).
  //
  // security_privacy: supplier 36 − 3 (the notification hours are hidden) + 4 (the opt-out question shows) = 37,
  //   Σw·p = 37 − 5 (training by default: 0) − 5 (no notification commitment: 0) = 27; + ev_safety 3 + ev_red_team_date 1
  //   = 31 over 41  →  75.61
  // bias_fairness: bf_testing 5·0 + bf_training_data_bias 3·1 (the follow-ups are hidden) = 3 over 8  →  37.5
  // change_management: 28 − 4 (notice days hidden) = 24; Σw·p = 24 − 5 (no notice: 0) = 19  →  79.17
  // the six other domains: every answer at 1  →  100
  // overall = (6 · 100 + 75.61 + 37.5 + 79.17) / 9 = 792.28 / 9 = 88.03: an A by score,
  // capped at D by the worst knock-out (two caps at D: no incident-notification commitment; no bias testing
  // on a model used for decisions about people).
  const expected: Expected = {
    domains: {
      governance: 100,
      regulatory: 100,
      training_data: 100,
      security_privacy: 75.6,
      supply_chain: 100,
      data_quality: 100,
      bias_fairness: 37.5,
      transparency: 100,
      change_management: 79.2,
    },
    overall: 88.0,
    grade: "D",
  };

  it("scores A by its answers but is capped at D", () => {
    expectRating(component, expected);
    expect(component.explanation.grade).toMatchObject({ byScore: "A", cap: "D", grade: "D" });
    expect(component.explanation.grade.reason).toContain("capped at D by the knock-out on sec_incident_notify_commitment");
    expectRating(result.vendor, expected);
    expect(result.vendor.explanation.grade.cap).toBe("D");
  });

  it("raises a flag for each knock-out, naming the question and the answer", () => {
    const flags = component.flags.map((f) => ({ questionKey: f.questionKey, answer: f.answer, gradeCap: f.gradeCap, severity: f.severity }));
    expect(flags).toEqual([
      { questionKey: "sec_customer_data_training", answer: "yes", gradeCap: "C", severity: "high" },
      { questionKey: "sec_incident_notify_commitment", answer: "no", gradeCap: "D", severity: "critical" },
      { questionKey: "bf_testing", answer: "none", gradeCap: "C", severity: "high" },
      { questionKey: "bf_testing", answer: "none", gradeCap: "D", severity: "critical" },
      { questionKey: "chg_change_notice", answer: "no", gradeCap: "C", severity: "high" },
    ]);
    expect(component.flags.map((f) => f.condition)).toContain("cmp_people_decisions = yes and bf_testing = none");
    // Supplier-level flags once, then each component's own.
    expect(result.vendor.flags.map((f) => f.questionKey)).toEqual([
      "sec_customer_data_training",
      "sec_incident_notify_commitment",
      ...["bf_testing", "bf_testing", "chg_change_notice"],
      ...["bf_testing", "bf_testing", "chg_change_notice"],
    ]);
  });
});

describe("the demo answers", () => {
  it.each(DEMO_PROFILES)("%s: answers only questions that show, with valid values, and completes the questionnaire", (profile) => {
    const answers = answersFor(profile, COMPONENTS, { asOf: SCORING_DATE });
    const questions = new Map(AI_SUPPLIER_DUE_DILIGENCE.sections.flatMap((s) => s.questions.map((q) => [q.key, { q, scope: s.scope }] as const)));
    for (const answer of answers) {
      const found = questions.get(answer.questionKey)!;
      expect(found.scope === "supplier" ? answer.componentId === null : COMPONENTS.includes(answer.componentId!), answer.questionKey).toBe(true);
      if (answer.isNa) expect(found.q.allowNa, answer.questionKey).toBe(true);
      else expect(answerValueSchema(found.q).safeParse(answer.value).success, `${answer.questionKey}: ${JSON.stringify(answer.value)}`).toBe(true);
    }
    const progress = assessmentProgress(AI_SUPPLIER_DUE_DILIGENCE, COMPONENTS, answers);
    expect(progress.complete).toBe(true);
    const hidden = progress.sections.flatMap((s) => s.items.filter((i) => !i.visible && i.answered).map((i) => i.question.key));
    expect(hidden).toEqual([]);
  });

  it("points every file answer at a listed evidence file, and takes the seed's evidence ids", () => {
    const answers = answersFor("strong", COMPONENTS, { asOf: SCORING_DATE });
    const evidence = evidenceFor("strong", COMPONENTS, { asOf: SCORING_DATE });
    const fileIds = answers.filter((a) => Array.isArray(a.value) && questionType(a.questionKey) === "file").flatMap((a) => a.value as string[]);
    expect(fileIds.sort()).toEqual(evidence.map((e) => e.id).sort());
    expect(new Set(fileIds).size).toBe(fileIds.length);
    const auditReport = evidence.find((e) => e.questionKey === "gov_audit_report")!;
    expect(auditReport.validUntil).toBe("2027-03-01");

    const seeded = answersFor("strong", COMPONENTS, { asOf: SCORING_DATE, evidenceId: (key, componentId) => `${key}:${componentId ?? "-"}` });
    expect(seeded.find((a) => a.questionKey === "tr_model_card_file" && a.componentId === COMPONENTS[1])?.value).toEqual([
      `tr_model_card_file:${COMPONENTS[1]}`,
    ]);
  });
});

function questionType(key: string) {
  return AI_SUPPLIER_DUE_DILIGENCE.sections.flatMap((s) => s.questions).find((q) => q.key === key)?.type;
}
