// Everything the scorecard shows (page, PDF and CSV read the same view): the latest stored score
// with its explanation, the questions' words, evidence with its status on the scoring date, and
// the internal systems that depend on each component with their inherent and residual risk.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { describeValue } from "../domain/answers";
import { answerKey } from "../domain/scoring/answer-key";
import { daysBetween, today, type CalendarDate } from "../domain/calendar";
import { isUuid } from "../domain/ids";
import type { InherentRiskResult } from "../domain/risk/inherent";
import type { Rollup } from "../domain/risk/residual";
import type { Methodology, RiskLevel } from "../domain/scoring/methodology";
import type { QuestionLine, ScoringResult } from "../domain/scoring/types";
import type { Grade, QuestionType, TemplateDefinition } from "../domain/templates/definition";
import { DECISION_LABELS, type Decision } from "../domain/review/decision";
import { SEVERITY_RANK, type FindingSource, type FindingStatus, type Severity } from "../domain/review/findings";
import { latestScore } from "./scores.server";
import { methodologyVersion } from "./scores-methodology.server";
import { riskView } from "./scores-risk.server";

export interface ScorecardQuestion {
  prompt: string;
  section: string;
  type: QuestionType;
}

export interface ScorecardEvidence {
  id: string;
  fileName: string;
  questionKey: string;
  componentId: string | null;
  validUntil: string | null;
  /** On the scoring date: valid (or no expiry) or expired. */
  validOnScoringDate: boolean;
  /** Days from today to expiry (negative: expired that many days ago); null without expiry. */
  daysLeft: number | null;
}

export interface DependencyRiskView {
  systemId: string;
  systemName: string;
  inherent: RiskLevel;
  reason: string;
  residual: RiskLevel | null;
}

export interface ComponentRiskView {
  componentId: string;
  componentName: string;
  grade: Grade | null;
  inherent: InherentRiskResult;
  residual: RiskLevel | null;
  dependencies: DependencyRiskView[];
}

export interface WeakAnswer extends QuestionLine {
  /** Points the domain lost on this answer: 100 · share · (1 − points). */
  lost: number;
}

/** The review's outcome beside the score: the decision (once made) and the findings still open. */
export interface ScorecardReview {
  decision: {
    decision: Decision;
    label: string;
    rationale: string;
    decidedByName: string | null;
    decidedAt: Date;
    validUntil: string | null;
    expiredAt: Date | null;
    conditions: Array<{ id: string; title: string; severity: Severity; dueDate: string | null; status: FindingStatus }>;
  } | null;
  /** Open or remediating findings of this assessment (conditions included), the most severe first. */
  openFindings: Array<{
    id: string;
    title: string;
    severity: Severity;
    status: FindingStatus;
    dueDate: string | null;
    source: FindingSource;
    componentId: string | null;
  }>;
}

export interface Scorecard {
  review: ScorecardReview;
  assessment: {
    id: string;
    status: string;
    submittedAt: Date | null;
    supplierId: string;
    supplierName: string;
    templateName: string;
    templateVersion: number;
  };
  components: Array<{ id: string; name: string; version: string | null }>;
  score: {
    id: string;
    reason: string;
    computedAt: Date;
    scoringDate: string;
    methodologyVersion: number;
    inputHash: string;
    result: ScoringResult;
  } | null;
  methodology: Methodology | null;
  questions: Record<string, ScorecardQuestion>;
  /** `${componentId ?? ""}:${questionKey}` → the answer in words. */
  answerTexts: Record<string, string>;
  weakest: WeakAnswer[];
  evidence: ScorecardEvidence[];
  risk: { components: ComponentRiskView[]; systems: Array<{ systemId: string; systemName: string; rollup: Rollup }>; supplier: Rollup | null };
}

export { answerKey };

/** Null when the assessment does not exist (or the id is malformed). */
export async function getScorecard(db: Kysely<Database>, assessmentId: string | undefined, now = new Date()): Promise<Scorecard | null> {
  if (!isUuid(assessmentId)) return null;
  const a = await db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["a.id", "a.status", "a.submitted_at", "a.supplier_id", "s.name as supplier_name", "t.name as template_name", "v.version"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!a) return null;
  const components = await db
    .selectFrom("assessment_components as ac")
    .innerJoin("ai_components as c", "c.id", "ac.ai_component_id")
    .select(["c.id", "c.name", "c.version"])
    .where("ac.assessment_id", "=", assessmentId)
    .orderBy("c.name")
    .orderBy("c.id")
    .execute();
  const assessment = {
    id: a.id,
    status: a.status,
    submittedAt: a.submitted_at,
    supplierId: a.supplier_id,
    supplierName: a.supplier_name,
    templateName: a.template_name,
    templateVersion: a.version,
  };
  const empty = { weakest: [], evidence: [], questions: {}, answerTexts: {}, risk: { components: [], systems: [], supplier: null } };
  const review = await scorecardReview(db, assessmentId);
  const row = await latestScore(db, assessmentId);
  if (!row) return { review, assessment, components, score: null, methodology: null, ...empty };

  const result = row.result;
  const methodology = await methodologyVersion(db, row.methodology_version);
  const version = await db.selectFrom("template_versions").select("definition").where("id", "=", row.template_version_id).executeTakeFirstOrThrow();
  const definition = version.definition as TemplateDefinition;
  const questions: Record<string, ScorecardQuestion> = {};
  const byKey = new Map<string, TemplateDefinition["sections"][number]["questions"][number]>();
  for (const section of definition.sections) {
    for (const q of section.questions) {
      questions[q.key] = { prompt: q.prompt, section: section.title, type: q.type };
      byKey.set(q.key, q);
    }
  }
  const lines = distinctLines(result);
  const answerTexts: Record<string, string> = {};
  for (const line of lines) {
    const q = byKey.get(line.questionKey);
    answerTexts[answerKey(line.componentId, line.questionKey)] = q ? describeValue(q, line.answer, line.status === "na") : String(line.answer ?? "");
  }
  const weakest = lines
    .filter((l) => l.points !== null && l.share !== null && l.points < 1)
    .map((l) => ({ ...l, lost: 100 * l.share! * (1 - l.points!) }))
    .sort((x, y) => x.points! - y.points! || y.lost - x.lost || x.questionKey.localeCompare(y.questionKey))
    .slice(0, 10);

  const scoringDate = row.scoring_date as CalendarDate;
  const todayDate = today(now);
  const evidence = (
    await db
      .selectFrom("evidence")
      .select(["id", "file_name", "question_key", "ai_component_id", "valid_until"])
      .where("assessment_id", "=", assessmentId)
      .orderBy("valid_until")
      .orderBy("file_name")
      .execute()
  ).map((e) => ({
    id: e.id,
    fileName: e.file_name,
    questionKey: e.question_key,
    componentId: e.ai_component_id,
    validUntil: e.valid_until,
    validOnScoringDate: e.valid_until === null || e.valid_until >= scoringDate,
    daysLeft: e.valid_until === null ? null : daysBetween(todayDate, e.valid_until as CalendarDate),
  }));

  const risk = await riskView(db, a.supplier_name, components, result, methodology);
  return {
    review,
    assessment,
    components,
    score: {
      id: row.id,
      reason: row.reason,
      computedAt: row.computed_at,
      scoringDate,
      methodologyVersion: row.methodology_version,
      inputHash: row.input_hash,
      result,
    },
    methodology,
    questions,
    answerTexts,
    weakest,
    evidence,
    risk,
  };
}

/** Each answer once: supplier-level lines from the supplier rating, component lines from each component's. */
export function distinctLines(result: ScoringResult): QuestionLine[] {
  const out = [...result.supplier.explanation.questions];
  for (const rating of Object.values(result.components)) out.push(...rating.explanation.questions.filter((l) => l.componentId !== null));
  return out;
}

/** The decision with its conditions, and the findings still open (open or remediating). */
export async function scorecardReview(db: Kysely<Database>, assessmentId: string): Promise<ScorecardReview> {
  const [a, findings] = await Promise.all([
    db
      .selectFrom("assessments as a")
      .leftJoin("users as u", "u.id", "a.decided_by")
      .select(["a.decision", "a.decision_rationale", "a.decided_at", "a.valid_until", "a.expired_at", "u.name as decided_by_name"])
      .where("a.id", "=", assessmentId)
      .executeTakeFirst(),
    db
      .selectFrom("findings")
      .select(["id", "title", "severity", "status", "due_date", "source", "ai_component_id"])
      .where("assessment_id", "=", assessmentId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  ]);
  const decision =
    a?.decision && a.decided_at
      ? {
          decision: a.decision,
          label: DECISION_LABELS[a.decision],
          rationale: a.decision_rationale ?? "",
          decidedByName: a.decided_by_name,
          decidedAt: a.decided_at,
          validUntil: a.valid_until,
          expiredAt: a.expired_at,
          conditions: findings
            .filter((f) => f.source === "condition")
            .map((f) => ({ id: f.id, title: f.title, severity: f.severity, dueDate: f.due_date, status: f.status })),
        }
      : null;
  const openFindings = findings
    .filter((f) => f.status === "open" || f.status === "remediating")
    .sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity])
    .map((f) => ({ id: f.id, title: f.title, severity: f.severity, status: f.status, dueDate: f.due_date, source: f.source, componentId: f.ai_component_id }));
  return { decision, openFindings };
}
