// Vendor answers: read a page's answers and save one answer with optimistic concurrency
// (revisions). Every save is one transaction that locks the answer row; a stale base revision
// writes nothing and is refused with the other contact's answer (a conflict AppError).
// No audit event per save: the answer_history trigger keeps every revision with its author.
import { sql, type Kysely, type Transaction } from "kysely";
import * as z from "zod";
import type { Database } from "../../db/schema";
import type { PrefillSource } from "../domain/inventory-prefill";
import { checkAnswer, COMMENT_MAX, type CurrentAnswer } from "../domain/answers";
import { isOpen } from "../domain/assessment-lifecycle";
import { AppError, conflictError, notFoundError, stateError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import type { ScopeAnswer } from "../domain/question-visibility";
import { sectionAllowed } from "../domain/section-assignment";
import type { TemplateDefinition } from "../domain/templates/definition";
import { markStarted } from "./assessment-lifecycle.server";
import type { AppContext } from "./context.server";
import { assertReopened } from "./clarifications.server";
import { findLiveGrant } from "./live-grant.server";

export interface LoadedAnswer {
  questionKey: string;
  componentId: string | null;
  value: unknown;
  isNa: boolean;
  comment: string | null;
  revision: number;
  updatedAt: Date;
  updatedBy: string | null;
  /** Carried over from the last cycle and not yet confirmed or changed. */
  prefilled: boolean;
  /** Where a pre-filled answer came from (the last cycle, or the buyer's records); null when the vendor wrote it. */
  prefillSource: PrefillSource | null;
}

/**
 * An assessment's answers. With `componentId` given (null: the supplier's page), only what a page
 * needs: the supplier's answers, plus that component's.
 */
export async function loadAnswers(db: Kysely<Database>, assessmentId: string, options: { componentId?: string | null } = {}): Promise<LoadedAnswer[]> {
  let query = db
    .selectFrom("answers as an")
    .leftJoin("access_grants as g", "g.id", "an.updated_by_grant_id")
    .select([
      "an.question_key",
      "an.ai_component_id",
      "an.value",
      "an.is_na",
      "an.comment",
      "an.revision",
      "an.updated_at",
      "an.prefilled",
      "an.prefill_source",
      "g.name",
      "g.email",
    ])
    .where("an.assessment_id", "=", assessmentId);
  if (options.componentId !== undefined) {
    const componentId = options.componentId;
    query = query.where((eb) =>
      componentId === null ? eb("an.ai_component_id", "is", null) : eb.or([eb("an.ai_component_id", "is", null), eb("an.ai_component_id", "=", componentId)]),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    questionKey: r.question_key,
    componentId: r.ai_component_id,
    value: r.value,
    isNa: r.is_na,
    comment: r.comment,
    revision: r.revision,
    updatedAt: r.updated_at,
    updatedBy: r.name ? `${r.name} (${r.email})` : (r.email ?? null),
    prefilled: r.prefilled,
    prefillSource: r.prefill_source,
  }));
}

export const saveAnswerInput = z.object({
  questionKey: z.string().max(64),
  componentId: z.uuid().nullable(),
  value: z.unknown(),
  isNa: z.boolean(),
  comment: z
    .string()
    .max(COMMENT_MAX, { message: `Keep the comment under ${COMMENT_MAX} characters` })
    .nullable(),
  baseRevision: z.number().int().min(0),
});
export type SaveAnswerInput = z.output<typeof saveAnswerInput> & { assessmentId: string };

/** The message of a save refused because the questionnaire no longer takes answers. */
export const ANSWERS_LOCKED_MESSAGE = "This questionnaire has been submitted and its answers are locked.";

/** A stale base revision: the answer stored meanwhile is in `details.current`. */
const staleRevision = (current: CurrentAnswer) => conflictError(null, "Someone else changed this answer meanwhile.", { current });

/** The answer another contact saved, from a conflict refused by saveAnswer. */
export function conflictingAnswer(error: AppError): CurrentAnswer | null {
  return error.kind === "conflict" ? ((error.details.current as CurrentAnswer | undefined) ?? null) : null;
}

export interface SavingGrant {
  id: string;
  sections: string[] | null;
  /** The contact's address: an answer saved under another grant of the same address is theirs too. */
  email?: string;
}

/**
 * Saves one answer for a vendor contact and returns its new revision. The caller has checked the
 * session (requireVendorGrant). Refusals are AppErrors: not_found (anything not this contact's:
 * another assessment, a component not in scope, a section not assigned), state (no longer open;
 * or, with `details.code` "not_reopened", changes requested on other answers), invalid (the answer
 * check's message, `field` its path, `details.code` its code) and conflict. Any save confirms an
 * answer carried over from the last cycle (clears `prefilled`).
 */
export async function saveAnswer(
  ctx: AppContext,
  grant: SavingGrant,
  input: SaveAnswerInput,
  now = new Date(),
  /** `prefillSource`: the answer comes from an import the contact accepted (kept as its origin, like the other sources). */
  options: { prefillSource?: PrefillSource } = {},
): Promise<{ revision: number }> {
  if (!isUuid(input.assessmentId)) throw notFoundError();
  const comment = input.comment && input.comment.trim() !== "" ? input.comment : null;
  return ctx.db.transaction().execute(async (trx) => {
    // Lock order: the start (a write lock, taken only while the assessment is still "sent") comes
    // before the share lock below. Taken after it, two first saves each held a share lock and
    // waited for the other's to upgrade: a deadlock. Rolled back with the rest if the save is refused.
    await markStarted(trx, input.assessmentId, now);
    // FOR SHARE: saves run side by side, but not past a submit (which locks the row FOR UPDATE).
    const assessment = await trx
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select(["a.id", "a.status", "v.definition"])
      .where("a.id", "=", input.assessmentId)
      .forShare("a")
      .executeTakeFirst();
    if (!assessment) throw notFoundError();
    if (!(await findLiveGrant(trx, grant.id, assessment.id, now))) throw notFoundError();
    if (!isOpen(assessment.status)) throw stateError(ANSWERS_LOCKED_MESSAGE);
    const definition = assessment.definition as TemplateDefinition;

    if (input.componentId !== null) {
      const inScope = await trx
        .selectFrom("assessment_components")
        .select("ai_component_id")
        .where("assessment_id", "=", assessment.id)
        .where("ai_component_id", "=", input.componentId)
        .executeTakeFirst();
      if (!inScope) throw notFoundError();
    }

    const section = definition.sections.find((s) => s.questions.some((q) => q.key === input.questionKey));
    if (section && !sectionAllowed(grant, section.key)) throw notFoundError();
    // Changes requested: only the answers the reviewer reopened (and their follow-ups).
    await assertReopened(trx, assessment.id, assessment.status, definition, input.questionKey, input.componentId);

    const others = await trx
      .selectFrom("answers")
      .select(["question_key", "value", "is_na"])
      .where("assessment_id", "=", assessment.id)
      .where((eb) =>
        input.componentId === null
          ? eb("ai_component_id", "is", null)
          : eb.or([eb("ai_component_id", "is", null), eb("ai_component_id", "=", input.componentId)]),
      )
      .execute();
    // A component answer and a supplier answer never share a key (keys are unique in a template).
    const inScope: Record<string, ScopeAnswer> = {};
    for (const row of others) inScope[row.question_key] = { value: row.value, isNa: row.is_na };
    const check = checkAnswer(definition, input.componentId === null ? "supplier" : "component", input.questionKey, input.value, input.isNa, inScope);
    if (!check.ok) throw new AppError("invalid", check.message, { field: check.path, details: { code: check.code } });

    if (check.question.type === "file" && Array.isArray(check.value) && check.value.length) {
      const ids = check.value as string[];
      const found = await trx
        .selectFrom("evidence")
        .select("id")
        .where("id", "in", ids)
        .where("assessment_id", "=", assessment.id)
        .where("question_key", "=", input.questionKey)
        .where((eb) => (input.componentId === null ? eb("ai_component_id", "is", null) : eb("ai_component_id", "=", input.componentId)))
        .execute();
      if (found.length !== new Set(ids).size)
        throw new AppError("invalid", "Attach files uploaded for this question", { field: "value", details: { code: "invalid_value" } });
    }

    const current = await lockedAnswer(trx, assessment.id, input.questionKey, input.componentId);
    const storedRevision = current?.revision ?? 0;
    if (storedRevision !== input.baseRevision) throw staleRevision(toCurrent(current, grant));

    const value = check.value === null ? null : JSON.stringify(check.value);
    let revision: number;
    if (!current) {
      const inserted = await trx
        .insertInto("answers")
        .values({
          assessment_id: assessment.id,
          question_key: input.questionKey,
          ai_component_id: input.componentId,
          value,
          is_na: check.isNa,
          comment,
          revision: 1,
          updated_by_grant_id: grant.id,
          updated_at: now,
          prefill_source: options.prefillSource ?? null,
        })
        .onConflict((oc) => oc.columns(["assessment_id", "question_key", "scope_id"]).doNothing())
        .returning("revision")
        .executeTakeFirst();
      if (!inserted) {
        // Someone saved the first answer between our read and our insert: theirs stands.
        throw staleRevision(toCurrent(await lockedAnswer(trx, assessment.id, input.questionKey, input.componentId), grant));
      }
      revision = inserted.revision;
    } else {
      const updated = await trx
        .updateTable("answers")
        .set({
          value,
          is_na: check.isNa,
          comment,
          revision: current.revision + 1,
          updated_by_grant_id: grant.id,
          updated_at: now,
          prefilled: false,
          ...(options.prefillSource ? { prefill_source: options.prefillSource } : {}),
        })
        .where("id", "=", current.id)
        .returning("revision")
        .executeTakeFirstOrThrow();
      revision = updated.revision;
    }
    return { revision };
  });
}

/**
 * "Confirm" of an answer carried over from the last cycle: saves the stored answer again, unchanged
 * (a new revision, no longer marked prefilled), under every rule a save has. `baseRevision` is the
 * revision the page showed: a colleague's change meanwhile is a conflict. An answer already
 * confirmed (or changed) is left as it is.
 */
export async function confirmAnswer(
  ctx: AppContext,
  grant: SavingGrant,
  input: { assessmentId: string; questionKey: string; componentId: string | null; baseRevision: number },
  now = new Date(),
): Promise<{ revision: number }> {
  if (!isUuid(input.assessmentId) || (input.componentId !== null && !isUuid(input.componentId))) throw notFoundError();
  if (!(await findLiveGrant(ctx.db, grant.id, input.assessmentId, now))) throw notFoundError();
  const stored = await ctx.db
    .selectFrom("answers")
    .select(["value", "is_na", "comment", "revision", "prefilled"])
    .where("assessment_id", "=", input.assessmentId)
    .where("question_key", "=", input.questionKey)
    .where(sql<boolean>`scope_id = coalesce(${input.componentId}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`)
    .executeTakeFirst();
  if (!stored) throw new AppError("invalid", "There is no carried-over answer to confirm: answer the question instead.", { field: "questionKey" });
  if (!stored.prefilled && stored.revision === input.baseRevision) return { revision: stored.revision };
  return saveAnswer(
    ctx,
    grant,
    {
      assessmentId: input.assessmentId,
      questionKey: input.questionKey,
      componentId: input.componentId,
      value: stored.value,
      isNa: stored.is_na,
      comment: stored.comment,
      baseRevision: input.baseRevision,
    },
    now,
  );
}

async function lockedAnswer(trx: Transaction<Database>, assessmentId: string, questionKey: string, componentId: string | null) {
  return trx
    .selectFrom("answers as an")
    .leftJoin("access_grants as g", "g.id", "an.updated_by_grant_id")
    .select(["an.id", "an.value", "an.is_na", "an.comment", "an.revision", "an.updated_at", "an.updated_by_grant_id", "g.name", "g.email"])
    .where("an.assessment_id", "=", assessmentId)
    .where("an.question_key", "=", questionKey)
    .where(sql<boolean>`an.scope_id = coalesce(${componentId}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`)
    .forUpdate("an")
    .executeTakeFirst();
}

type StoredAnswerRow = {
  value: unknown;
  is_na: boolean;
  comment: string | null;
  revision: number;
  updated_at: Date;
  updated_by_grant_id: string | null;
  name: string | null;
  email: string | null;
};

/** Whether the contact looking saved this answer (under this grant, or another of their address). */
function savedBy(row: StoredAnswerRow, grant: SavingGrant): boolean {
  if (row.updated_by_grant_id === null) return false;
  if (row.updated_by_grant_id === grant.id) return true;
  return Boolean(grant.email && row.email && grant.email.toLowerCase() === row.email.toLowerCase());
}

function toCurrent(row: StoredAnswerRow | undefined, grant: SavingGrant): CurrentAnswer {
  if (!row) return { value: null, isNa: false, comment: null, revision: 0, updatedBy: null, updatedAt: null, byYou: false };
  return {
    value: row.value,
    isNa: row.is_na,
    comment: row.comment,
    revision: row.revision,
    updatedBy: row.name ? `${row.name} (${row.email})` : (row.email ?? null),
    updatedAt: row.updated_at.toISOString(),
    byYou: savedBy(row, grant),
  };
}

/**
 * The stored answers of one page's questions (the supplier's, or one component's), each with its
 * revision and who saved it: what an open page compares with what it shows, to take over what
 * another window or a colleague saved meanwhile. The caller has checked the page is this contact's.
 */
export async function currentAnswers(
  db: Kysely<Database>,
  grant: SavingGrant,
  assessmentId: string,
  questionKeys: readonly string[],
  componentId: string | null,
): Promise<Record<string, CurrentAnswer>> {
  if (questionKeys.length === 0) return {};
  const rows = await db
    .selectFrom("answers as an")
    .leftJoin("access_grants as g", "g.id", "an.updated_by_grant_id")
    .select(["an.question_key", "an.value", "an.is_na", "an.comment", "an.revision", "an.updated_at", "an.updated_by_grant_id", "g.name", "g.email"])
    .where("an.assessment_id", "=", assessmentId)
    .where("an.question_key", "in", questionKeys)
    .where(sql<boolean>`an.scope_id = coalesce(${componentId}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.question_key, toCurrent(row, grant)]));
}

/** Evidence files on one page (for `file` questions and evidence requests). */
export function pageEvidence(db: Kysely<Database>, assessmentId: string, questionKeys: readonly string[], componentId: string | null) {
  if (questionKeys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("evidence")
    .select(["id", "question_key", "file_name", "size_bytes", "valid_until"])
    .where("assessment_id", "=", assessmentId)
    .where("question_key", "in", questionKeys)
    .where((eb) => (componentId === null ? eb("ai_component_id", "is", null) : eb("ai_component_id", "=", componentId)))
    .orderBy("created_at")
    .execute();
}

export async function assessmentDefinition(db: Kysely<Database>, templateVersionId: string): Promise<TemplateDefinition> {
  const row = await db.selectFrom("template_versions").select("definition").where("id", "=", templateVersionId).executeTakeFirstOrThrow();
  return row.definition as TemplateDefinition;
}
