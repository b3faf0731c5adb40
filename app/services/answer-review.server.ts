// Loading the reviewer's view of an assessment's answers: one query per kind of data (the
// assessment with its pinned template, components, answers, evidence metadata, threads, the
// latest stored score, the previous cycle's changes), never one per question; the shaping is
// pure (app/domain/review/answer-review.ts).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { AssessmentStatus } from "../domain/assessment-lifecycle";
import { today as todayOf, type CalendarDate } from "../domain/calendar";
import { isUuid } from "../domain/ids";
import { answerReview, type AnswerReview, type ReviewFilter } from "../domain/review/answer-review";
import type { StoredAnswer } from "../domain/question-visibility";
import type { KnockoutFlag, ScoringResult } from "../domain/scoring/types";
import type { Grade, TemplateDefinition } from "../domain/templates/definition";
import { staffThreads } from "./answer-comments.server";
import { assessmentComponents } from "./assessment-queries.server";
import { previousCycleChanges } from "./reassessment.server";
import { distinctLines } from "./scores-scorecard.server";
import { latestScore } from "./scores.server";

export interface AnswerReviewPage {
  assessment: {
    id: string;
    status: AssessmentStatus;
    supplierId: string;
    supplierName: string;
    templateName: string;
    version: number;
    submittedAt: string | null;
  };
  score: { computedAt: string; scoringDate: string; grade: Grade | null; overall: number | null; methodologyVersion: number } | null;
  review: AnswerReview;
}

/** Every knock-out that fired, in any rating (the supplier's appear again in each component's; merged later). */
function allFlags(result: ScoringResult): KnockoutFlag[] {
  return [...result.supplier.flags, ...Object.values(result.components).flatMap((r) => r.flags), ...result.vendor.flags];
}

/** Null when the assessment does not exist (or the id is malformed). */
export async function loadAnswerReview(
  db: Kysely<Database>,
  assessmentId: string | undefined,
  filters: readonly ReviewFilter[],
  now = new Date(),
): Promise<AnswerReviewPage | null> {
  if (!isUuid(assessmentId)) return null;
  const a = await db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["a.id", "a.status", "a.submitted_at", "a.supplier_id", "s.name as supplier_name", "t.name as template_name", "v.version", "v.definition"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!a) return null;

  const [components, answers, evidence, comments, scoreRow, changes] = await Promise.all([
    assessmentComponents(db, assessmentId),
    db
      .selectFrom("answers")
      .select(["question_key", "ai_component_id", "value", "is_na", "comment", "prefilled", "prefill_source"])
      .where("assessment_id", "=", assessmentId)
      .execute(),
    // Metadata only: never the bytes.
    db
      .selectFrom("evidence")
      .select(["id", "question_key", "ai_component_id", "file_name", "size_bytes", "valid_until", "carried_from_id"])
      .where("assessment_id", "=", assessmentId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    staffThreads(db, assessmentId),
    latestScore(db, assessmentId),
    previousCycleChanges(db, assessmentId),
  ]);

  const result = scoreRow ? (scoreRow.result as ScoringResult) : null;
  const inputs = scoreRow ? (scoreRow.inputs as { answers?: StoredAnswer[] } | null) : null;
  const review = answerReview({
    definition: a.definition as TemplateDefinition,
    components: components.map((c) => ({ id: c.id, name: c.name, version: c.version })),
    supplierName: a.supplier_name,
    answers: answers.map((r) => ({
      questionKey: r.question_key,
      componentId: r.ai_component_id,
      value: r.value,
      isNa: r.is_na,
      comment: r.comment,
      prefilled: r.prefilled,
      prefillSource: r.prefill_source,
    })),
    evidence: evidence.map((e) => ({
      id: e.id,
      questionKey: e.question_key,
      componentId: e.ai_component_id,
      fileName: e.file_name,
      sizeBytes: e.size_bytes,
      validUntil: e.valid_until,
      carriedOver: e.carried_from_id !== null,
    })),
    comments: comments.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
    score: result ? { lines: distinctLines(result), flags: allFlags(result), scoredAnswers: Array.isArray(inputs?.answers) ? inputs.answers : null } : null,
    changes,
    today: todayOf(now),
    filters,
  });
  return {
    assessment: {
      id: a.id,
      status: a.status,
      supplierId: a.supplier_id,
      supplierName: a.supplier_name,
      templateName: a.template_name,
      version: a.version,
      submittedAt: a.submitted_at ? a.submitted_at.toISOString() : null,
    },
    score: scoreRow
      ? {
          computedAt: scoreRow.computed_at.toISOString(),
          scoringDate: scoreRow.scoring_date as CalendarDate,
          grade: scoreRow.grade,
          overall: scoreRow.overall,
          methodologyVersion: scoreRow.methodology_version,
        }
      : null,
    review,
  };
}
