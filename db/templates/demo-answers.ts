// Answers to the built-in "AI supplier due diligence" template for three demo suppliers (strong,
// mixed, knocked out), so the demo seed can submit scored assessments and the golden tests can
// work their scores out by hand (test/unit/builtin-scoring-golden.test.ts).
//
// Each profile starts from the best answer to every question (BEST) and overrides a few. Only the
// questions that show, given the answers before them, are answered, as a vendor would; every
// component in scope gets the same component answers. File answers point at evidence files listed
// by `evidenceFor`; dates are set relative to `asOf`.
import { addMonths, today, type CalendarDate } from "../../app/domain/calendar";
import { effectiveValue, showsGiven, type StoredAnswer } from "../../app/domain/question-visibility";
import type { EvidenceInput } from "../../app/domain/scoring/types";
import type { AnswerValue } from "../../app/domain/templates/conditions";
import type { TemplateDefinition } from "../../app/domain/templates/definition";
import { AI_SUPPLIER_DUE_DILIGENCE } from "./ai-supplier-due-diligence";

export const DEMO_PROFILES = ["strong", "mixed", "knocked_out"] as const;
export type DemoProfile = (typeof DEMO_PROFILES)[number];

/** How one question is answered: a stored value, or one of these markers. */
type Spec =
  | string
  | number
  | string[]
  /** Evidence attached: valid on `asOf`, or expired a month before it. */
  | { file: "valid" | "expired" }
  /** A date this many months before (negative: after) `asOf`. */
  | { monthsAgo: number }
  | { na: true }
  /** Left unanswered (only sensible for optional questions). */
  | { omit: true };

const FILE: Spec = { file: "valid" };

/** The best answer to every question of the built-in template (hidden ones included, for the profiles that reveal them). */
const BEST: Record<string, Spec> = {
  // Governance
  gov_ai_policy: "yes",
  gov_accountable_exec: "yes",
  gov_accountable_exec_role: "Chief Technology Officer; reports on AI risk to the board's risk committee every quarter.",
  gov_responsibility_matrix: "yes",
  gov_ai_lifecycle: "yes",
  gov_iso42001_status: "certified",
  gov_iso42001_certificate: FILE,
  gov_iso42001_expiry: { monthsAgo: -18 },
  gov_iso42001_scope: "All AI products and the AI platform team, at our two development sites.",
  gov_independent_audit: "annual_external",
  gov_audit_report: FILE,
  gov_incident_process: "yes",
  gov_customer_channel: "yes",
  gov_measurement_review: "yes",
  // Regulatory
  reg_ai_act_role: "provider",
  reg_ai_act_programme: "yes",
  reg_deployer_support: "yes",
  // Training data rights
  td_copyright_policy: "yes",
  td_web_crawling: "no",
  td_crawler_user_agent: "ExampleBot, documented at example.com/bot.",
  td_tdm_opt_out: "all_reservations",
  td_rights_holder_requests: "yes",
  td_ip_indemnity: "broad",
  // Security and privacy
  sec_dpa: "yes",
  sec_customer_data_training: "no",
  sec_training_opt_out: "yes",
  sec_training_use_details: "Only feedback marked for training, pseudonymised; customers opt in per workspace and can withdraw at any time.",
  sec_retention_days: 0,
  sec_data_residency: "eu_only",
  sec_subprocessors: "published",
  sec_subprocessor_list: FILE,
  sec_encryption_isolation: "yes",
  sec_red_teaming: "internal_and_external",
  sec_prompt_injection: "yes",
  sec_data_leakage: "yes",
  sec_model_integrity: "yes",
  sec_incident_notify_commitment: "yes",
  sec_incident_notify_hours: 24,
  // Supply chain
  sc_ai_inventory: "yes",
  sc_fourth_parties: "Cloud hosting (EU region) and one labelling vendor; no third-party models.",
  sc_assessment: "before_and_periodic",
  sc_flowdown: "yes",
  sc_upstream_monitoring: "yes",
  sc_contingency: "yes",
  // Contract and service terms
  ct_service_agreement: "yes",
  ct_ownership_usage: "yes",
  ct_assessment_rights: "yes",
  ct_liability_termination: "yes",
  ct_compliance_review: "yes",
  // Component profile
  cmp_identifier: "risk-scorer-2026-01",
  cmp_origin: "own_model",
  cmp_intended_use: "Ranks loan applications for manual review; English and German; not for automated refusals.",
  cmp_people_decisions: "yes",
  cmp_ai_act_risk_class: "high",
  cmp_gpai: "no",
  // Training data
  td_sources: ["first_party", "licensed"],
  td_legal_basis: "yes",
  td_provenance_record: FILE,
  td_licences: "yes",
  td_personal_data: "none_verified",
  td_personal_data_safeguards: "Legitimate interest with a DPIA; names and identifiers removed before training.",
  td_consent: "yes",
  // Data quality
  dq_dataset_versioning: "yes",
  dq_change_log: "yes",
  dq_quality_indicators: "yes",
  dq_representativeness: "yes",
  dq_preparation: "yes",
  dq_labelling: "in_house_qa",
  dq_labeller_conditions: "yes",
  // Bias and fairness
  bf_testing: "every_release",
  bf_training_data_bias: "yes",
  bf_attributes: ["sex_gender", "age", "ethnicity", "disability", "intersectional"],
  bf_metrics: "Largest allowed gap in approval rate between groups: 2 points, on a held-out set with self-reported attributes.",
  bf_results: FILE,
  bf_results_date: { monthsAgo: 2 },
  bf_mitigation: "yes",
  bf_retest_after_retrain: "yes",
  // Transparency
  tr_model_card: "yes",
  tr_model_card_file: FILE,
  tr_model_card_current: "yes",
  tr_limitations: "Accuracy drops for thin credit files (under 6 months of history); not validated outside the EU.",
  tr_explanation: "per_output",
  tr_decision_logs: "yes",
  tr_log_retention_days: 365,
  // Evaluation
  ev_test_sets: "yes",
  ev_key_metrics: "AUC 0.81 (±0.01) on the 2025 hold-out set; false positive rate 4.2%.",
  ev_report: FILE,
  ev_deployment_conditions: "yes",
  ev_human_subjects: "yes",
  ev_safety: "yes",
  ev_red_team_date: { monthsAgo: 1 },
  ev_energy: "yes",
  // Change management
  chg_retraining_cadence: "frozen",
  chg_version_pinning: "yes",
  chg_change_notice: "yes",
  chg_notice_days: 90,
  chg_release_gates: "yes",
  chg_rollback: "yes",
  chg_deprecation_policy: "yes",
  chg_deprecation_days: 365,
  chg_drift_monitoring: "yes",
  // Upstream models
  up_base_model: "Open-weight base model, version 3.1, from its original publisher.",
  up_base_model_licence: "commercial_agreement",
  up_version_pinned: "yes",
  up_provider_docs: "yes",
  up_datasets: "A licensed credit-bureau sample (commercial licence, 2024).",
  // General-purpose model obligations
  gpai_tech_doc: "yes",
  gpai_downstream_info: "yes",
  gpai_downstream_doc: FILE,
  gpai_annex_xii_items: ["tasks_integration", "acceptable_use", "licence", "integration_means", "training_data_info"],
  gpai_training_compute: "yes",
  td_public_summary: "published",
  td_public_summary_link: "https://example.com/training-content-summary",
  gpai_code_of_practice: "code_signed",
  // High-risk obligations
  hr_readiness: "completed",
  hr_data_governance: "yes",
  hr_instructions_for_use: "yes",
  hr_human_oversight: "yes",
};

/**
 * What each profile changes from BEST (the same overrides for the supplier questions and for every
 * component's questions). The golden tests work out the resulting scores by hand.
 */
const OVERRIDES: Record<DemoProfile, Record<string, Spec>> = {
  // A good supplier that is not perfect: certification under way, a capped indemnity, slower incident notice.
  strong: {
    gov_iso42001_status: "in_progress",
    td_ip_indemnity: "limited",
    sec_data_residency: "selectable",
    sec_incident_notify_hours: 48,
    tr_explanation: "per_output_basic",
    ev_human_subjects: { na: true },
    chg_retraining_cadence: "scheduled",
  },
  // Partly there everywhere, with no knock-out: a fine-tuned third-party model, periodic bias tests, short notice.
  mixed: {
    gov_ai_policy: "partial",
    gov_accountable_exec: "no",
    gov_iso42001_status: "aligned",
    gov_independent_audit: "internal_only",
    ct_assessment_rights: "no",
    ct_liability_termination: "partial",
    reg_ai_act_programme: "partial",
    reg_deployer_support: "partial",
    td_web_crawling: "yes",
    td_tdm_opt_out: "robots_only",
    td_ip_indemnity: "none",
    sec_customer_data_training: "opt_in",
    sec_retention_days: 60,
    sec_red_teaming: "internal",
    sec_incident_notify_hours: 72,
    sc_assessment: "onboarding_only",
    sc_contingency: "partial",
    cmp_origin: "fine_tuned",
    cmp_ai_act_risk_class: "minimal",
    up_base_model_licence: "open_licence",
    up_version_pinned: "no",
    up_provider_docs: "partial",
    td_sources: ["licensed", "web_crawled"],
    td_legal_basis: "partial",
    td_provenance_record: { file: "expired" },
    td_personal_data: "minimised",
    dq_quality_indicators: "partial",
    dq_representativeness: "partial",
    dq_labelling: "vendor_qa",
    dq_labeller_conditions: "partial",
    ev_deployment_conditions: "partial",
    bf_testing: "periodic",
    bf_attributes: ["sex_gender"],
    bf_results_date: { monthsAgo: 18 },
    bf_retest_after_retrain: "no",
    tr_model_card: "partial",
    tr_model_card_current: "partial",
    tr_explanation: "global_only",
    tr_decision_logs: "partial",
    tr_log_retention_days: 60,
    ev_red_team_date: { omit: true },
    chg_retraining_cadence: "ad_hoc",
    chg_version_pinning: "no",
    chg_notice_days: 14,
    chg_deprecation_days: 90,
    chg_drift_monitoring: "partial",
  },
  // Strong answers almost everywhere, but four of the field's knock-outs fire: training on customer
  // inputs by default, no incident-notification commitment, no bias evaluation, no change notice.
  knocked_out: {
    sec_customer_data_training: "yes",
    sec_incident_notify_commitment: "no",
    bf_testing: "none",
    chg_change_notice: "no",
  },
};

export interface DemoAnswerOptions {
  /** The day the answers are given: date answers and evidence validity are set relative to it (default: today). */
  asOf?: CalendarDate;
  /** The id of the evidence file behind a file answer (default: a fixed UUID per profile and file). */
  evidenceId?: (questionKey: string, componentId: string | null) => string;
  /** The template answered (default: the built-in one). */
  definition?: TemplateDefinition;
}

/** An evidence file a demo file answer points at, with what the scoring needs of it. */
export interface DemoEvidence extends EvidenceInput {
  questionKey: string;
  componentId: string | null;
  fileName: string;
}

/** The answers of one demo profile, in template order: the supplier's, then each component's. */
export function answersFor(profile: DemoProfile, componentIds: readonly string[], options: DemoAnswerOptions = {}): StoredAnswer[] {
  return build(profile, componentIds, options).answers;
}

/** The evidence files the file answers of `answersFor` (same arguments) point at. */
export function evidenceFor(profile: DemoProfile, componentIds: readonly string[], options: DemoAnswerOptions = {}): DemoEvidence[] {
  return build(profile, componentIds, options).evidence;
}

function build(profile: DemoProfile, componentIds: readonly string[], options: DemoAnswerOptions): { answers: StoredAnswer[]; evidence: DemoEvidence[] } {
  const definition = options.definition ?? AI_SUPPLIER_DUE_DILIGENCE;
  const asOf = options.asOf ?? today();
  const answers: StoredAnswer[] = [];
  const evidence: DemoEvidence[] = [];
  const evidenceId =
    options.evidenceId ?? (() => `5eed0000-0000-4000-8000-${(DEMO_PROFILES.indexOf(profile) * 10_000 + evidence.length + 1).toString(16).padStart(12, "0")}`);

  const answerScope = (scope: "supplier" | "component", componentId: string | null, effective: Record<string, AnswerValue>) => {
    for (const section of definition.sections) {
      if (section.scope !== scope) continue;
      for (const question of section.questions) {
        const shown = showsGiven(question.showIf, effective);
        const spec = OVERRIDES[profile][question.key] ?? BEST[question.key];
        if (spec === undefined) throw new Error(`The demo answers have no answer for "${question.key}": add it to BEST in db/templates/demo-answers.ts`);
        let answer: StoredAnswer | undefined;
        if (shown && !(typeof spec === "object" && "omit" in spec)) {
          answer = { questionKey: question.key, componentId, value: null, isNa: false };
          if (typeof spec !== "object" || Array.isArray(spec)) answer.value = spec;
          else if ("na" in spec) answer.isNa = true;
          else if ("monthsAgo" in spec) answer.value = addMonths(asOf, -spec.monthsAgo);
          else if ("file" in spec) {
            const id = evidenceId(question.key, componentId);
            const validUntil = spec.file === "expired" ? addMonths(asOf, -1) : question.evidence?.requireValidUntil ? addMonths(asOf, 12) : null;
            evidence.push({ id, validUntil, questionKey: question.key, componentId, fileName: `${question.key}.pdf` });
            answer.value = [id];
          }
          answers.push(answer);
        }
        effective[question.key] = effectiveValue(shown, answer);
      }
    }
  };

  const supplierEffective: Record<string, AnswerValue> = {};
  answerScope("supplier", null, supplierEffective);
  for (const componentId of componentIds) answerScope("component", componentId, { ...supplierEffective });
  return { answers, evidence };
}
