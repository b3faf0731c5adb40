// Computing and storing an assessment's score: on submit (in the submit's own transaction), on
// demand, and again under a new methodology. Each stored score keeps the inputs it read (answers,
// evidence, components, scoring date) with the pinned template version and the methodology
// version, so `recomputeScore` (scores-recompute.server.ts) reproduces it exactly, proven by the input hash.
import type { Kysely, Transaction } from "kysely";
import type { Database, ScoreReason } from "../../db/schema";
import type { StoredAnswer } from "../domain/assessment-progress";
import { isOpen } from "../domain/assessment-lifecycle";
import { today, type CalendarDate } from "../domain/calendar";
import { notFoundError, stateError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { scoreAssessment } from "../domain/scoring/engine";
import { scoringInputHash } from "../domain/scoring/canonical";
import type { Methodology } from "../domain/scoring/methodology";
import type { EvidenceInput, ScoringInput, ScoringResult } from "../domain/scoring/types";
import type { TemplateDefinition } from "../domain/templates/definition";
import { assessmentAnswers } from "./assessment-queries.server";
import { recordAudit, type Actor } from "./audit.server";
import { recordScoreChange } from "./webhooks-outbox.server";
import type { AppContext } from "./context.server";
import { currentMethodology } from "./scores-methodology.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** What a stored score keeps besides the template version and methodology version it names. */
export interface StoredScoringInputs {
  componentIds: string[];
  answers: StoredAnswer[];
  evidence: EvidenceInput[];
  scoringDate: CalendarDate;
}

export interface StoredScore {
  id: string;
  assessmentId: string;
  methodologyVersion: number;
  templateVersionId: string;
  inputHash: string;
  result: ScoringResult;
}

export async function definitionOf(db: Executor, templateVersionId: string): Promise<TemplateDefinition> {
  const row = await db.selectFrom("template_versions").select("definition").where("id", "=", templateVersionId).executeTakeFirstOrThrow();
  return row.definition as TemplateDefinition;
}

/** The assessment's current answers, evidence and components in scope, as the engine reads them. */
async function currentInputs(db: Executor, assessmentId: string, scoringDate: CalendarDate): Promise<StoredScoringInputs> {
  const components = await db
    .selectFrom("assessment_components")
    .select("ai_component_id")
    .where("assessment_id", "=", assessmentId)
    .orderBy("ai_component_id")
    .execute();
  const answers = (await assessmentAnswers(db as Kysely<Database>, assessmentId))
    .map(({ questionKey, componentId, value, isNa }) => ({ questionKey, componentId, value: value ?? null, isNa }))
    .sort((a, b) => cmp(a.componentId ?? "", b.componentId ?? "") || cmp(a.questionKey, b.questionKey));
  const evidence = await db
    .selectFrom("evidence")
    .select(["id", "valid_until", "question_key", "ai_component_id"])
    .where("assessment_id", "=", assessmentId)
    .orderBy("id")
    .execute();
  return {
    componentIds: components.map((c) => c.ai_component_id),
    answers,
    evidence: evidence.map((e) => ({
      id: e.id,
      validUntil: e.valid_until as CalendarDate | null,
      questionKey: e.question_key,
      componentId: e.ai_component_id,
    })),
    scoringDate,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function scoringInput(definition: TemplateDefinition, inputs: StoredScoringInputs, methodology: Methodology): ScoringInput {
  return { definition, methodology, ...inputs };
}

/** The result as stored: explanations built, undefined dropped (what jsonb hands back). */
export function plain(result: ScoringResult): ScoringResult {
  return JSON.parse(JSON.stringify(result)) as ScoringResult;
}

interface ScoreToStore {
  assessmentId: string;
  supplierId: string;
  templateVersionId: string;
  definition: TemplateDefinition;
  inputs: StoredScoringInputs;
  methodology: Methodology;
  reason: ScoreReason;
  now: Date;
}

async function insertScore(trx: Transaction<Database>, s: ScoreToStore): Promise<StoredScore> {
  // The pure part first: if the engine refuses, nothing has been written.
  const input = scoringInput(s.definition, s.inputs, s.methodology);
  const result = plain(scoreAssessment(input));
  const inputHash = await scoringInputHash(input);
  const vendor = result.vendor;
  const { id } = await trx
    .insertInto("scores")
    .values({
      assessment_id: s.assessmentId,
      supplier_id: s.supplierId,
      methodology_version: s.methodology.version,
      template_version_id: s.templateVersionId,
      reason: s.reason,
      scoring_date: s.inputs.scoringDate,
      input_hash: inputHash,
      overall: vendor.overall,
      grade: vendor.grade,
      confidence: result.confidence,
      flag_count: vendor.flags.length,
      inputs: JSON.stringify(s.inputs),
      result: JSON.stringify(result),
      computed_at: s.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const components = Object.entries(result.components);
  if (components.length) {
    await trx
      .insertInto("score_components")
      .values(
        components.map(([componentId, rating]) => ({
          score_id: id,
          assessment_id: s.assessmentId,
          ai_component_id: componentId,
          overall: rating.overall,
          grade: rating.grade,
          flag_count: rating.flags.length,
          computed_at: s.now,
        })),
      )
      .execute();
  }
  return { id, assessmentId: s.assessmentId, methodologyVersion: s.methodology.version, templateVersionId: s.templateVersionId, inputHash, result };
}

/**
 * Scores the assessment as it stands (answers, evidence, components in scope) under the current
 * methodology, on the day of `now`, and stores it, in the caller's transaction.
 */
export async function storeScore(trx: Transaction<Database>, assessmentId: string, options: { reason: ScoreReason; now?: Date }): Promise<StoredScore> {
  const now = options.now ?? new Date();
  const row = await trx.selectFrom("assessments").select(["supplier_id", "template_version_id"]).where("id", "=", assessmentId).executeTakeFirst();
  if (!row) throw notFoundError();
  return insertScore(trx, {
    assessmentId,
    supplierId: row.supplier_id,
    templateVersionId: row.template_version_id,
    definition: await definitionOf(trx, row.template_version_id),
    inputs: await currentInputs(trx, assessmentId, today(now)),
    methodology: await currentMethodology(trx),
    reason: options.reason,
    now,
  });
}

/**
 * The score stored with a submit, in the submit's transaction. A database error fails the submit
 * like any other; an engine error (a bug, or data it refuses) must not stop a vendor submitting:
 * it is logged, the assessment stays "not scored yet", and "Score now" on the scorecard shows why.
 */
export async function scoreOnSubmit(ctx: AppContext, trx: Transaction<Database>, assessmentId: string, now: Date): Promise<StoredScore | null> {
  const row = await trx.selectFrom("assessments").select(["supplier_id", "template_version_id"]).where("id", "=", assessmentId).executeTakeFirstOrThrow();
  const definition = await definitionOf(trx, row.template_version_id);
  const inputs = await currentInputs(trx, assessmentId, today(now));
  const methodology = await currentMethodology(trx);
  try {
    scoreAssessment(scoringInput(definition, inputs, methodology));
  } catch (error) {
    ctx.logger.error({ err: error, assessmentId }, "scoring on submit failed; the assessment is left unscored");
    return null;
  }
  const base = { assessmentId, supplierId: row.supplier_id, templateVersionId: row.template_version_id };
  const stored = await insertScore(trx, { ...base, definition, inputs, methodology, reason: "submit", now });
  await recordScoreChange(ctx.queue, trx, stored, "submit", now);
  return stored;
}

/** Staff ask for a fresh score (after a review change to answers or evidence): only once the vendor has submitted. */
export async function scoreNow(ctx: AppContext, actor: Actor, assessmentId: string, now = new Date()): Promise<StoredScore> {
  if (!isUuid(assessmentId)) throw notFoundError();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("assessments").select(["status", "submitted_at"]).where("id", "=", assessmentId).forUpdate().executeTakeFirst();
    if (!row) throw notFoundError();
    if (isOpen(row.status) || !row.submitted_at) throw stateError("Not scored yet: the vendor has not submitted this questionnaire.");
    const stored = await storeScore(trx, assessmentId, { reason: "on_demand", now });
    await recordAudit(trx, actor, {
      action: "score.compute",
      entityType: "assessment",
      entityId: assessmentId,
      details: { scoreId: stored.id, methodologyVersion: stored.methodologyVersion, inputHash: stored.inputHash, grade: stored.result.vendor.grade },
    });
    await recordScoreChange(ctx.queue, trx, stored, "on_demand", now);
    return stored;
  });
}

/**
 * Stores a new score for the assessment from its latest score's inputs under `methodology` (the
 * "rescore all" job): the same answers and scoring date judged by the new rules. Null when the
 * assessment has no score, or its latest score already uses that methodology version.
 */
export async function rescoreLatest(trx: Transaction<Database>, assessmentId: string, methodology: Methodology, now = new Date()): Promise<StoredScore | null> {
  const latest = await latestScoreRow(trx, assessmentId);
  if (!latest || latest.methodology_version === methodology.version) return null;
  return insertScore(trx, {
    assessmentId,
    supplierId: latest.supplier_id,
    templateVersionId: latest.template_version_id,
    definition: await definitionOf(trx, latest.template_version_id),
    inputs: latest.inputs as StoredScoringInputs,
    methodology,
    reason: "rescore",
    now,
  });
}

function latestScoreRow(db: Executor, assessmentId: string) {
  return db
    .selectFrom("scores")
    .selectAll()
    .where("assessment_id", "=", assessmentId)
    .orderBy("computed_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The assessment's latest stored score (null when none, or the id is malformed). */
export async function latestScore(db: Kysely<Database>, assessmentId: string | undefined) {
  if (!isUuid(assessmentId)) return null;
  return (await latestScoreRow(db, assessmentId)) ?? null;
}
