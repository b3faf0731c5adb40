// Vendor answers: read a page's answers, save one answer with optimistic concurrency (revisions),
// and tell the reviewer when a questionnaire is submitted. Every save is one transaction that locks
// the answer row; a stale base revision writes nothing and returns the other contact's answer.
// No audit event per save: the answer_history trigger keeps every revision with its author.
import { isUuid } from "../domain/ids";
import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { checkAnswer, COMMENT_MAX, type AnswerProblemCode, type ScopeAnswer } from "../domain/answers";
import type { TemplateDefinition } from "../domain/templates/definition";
import { markStarted, OPEN_STATUSES } from "./assessments.server";
import type { AppContext } from "./context.server";


export interface LoadedAnswer {
  questionKey: string;
  componentId: string | null;
  value: unknown;
  isNa: boolean;
  comment: string | null;
  revision: number;
  updatedAt: Date;
  updatedBy: string | null;
}

/**
 * An assessment's answers. With `componentId` given (null: the supplier's page), only what a page
 * needs: the supplier's answers, plus that component's.
 */
export async function loadAnswers(db: Kysely<Database>, assessmentId: string, options: { componentId?: string | null } = {}): Promise<LoadedAnswer[]> {
  let query = db
    .selectFrom("answers as an")
    .leftJoin("access_grants as g", "g.id", "an.updated_by_grant_id")
    .select(["an.question_key", "an.ai_component_id", "an.value", "an.is_na", "an.comment", "an.revision", "an.updated_at", "g.name", "g.email"])
    .where("an.assessment_id", "=", assessmentId);
  if (options.componentId !== undefined) {
    const componentId = options.componentId;
    query = query.where((eb) => (componentId === null ? eb("an.ai_component_id", "is", null) : eb.or([eb("an.ai_component_id", "is", null), eb("an.ai_component_id", "=", componentId)])));
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
  }));
}

export const saveAnswerInput = z.object({
  questionKey: z.string().max(64),
  componentId: z.uuid().nullable(),
  value: z.unknown(),
  isNa: z.boolean(),
  comment: z.string().max(COMMENT_MAX, { message: `Keep the comment under ${COMMENT_MAX} characters` }).nullable(),
  baseRevision: z.number().int().min(0),
});
export type SaveAnswerInput = z.output<typeof saveAnswerInput> & { assessmentId: string };

export interface CurrentAnswer {
  value: unknown;
  isNa: boolean;
  comment: string | null;
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export type SaveAnswerResult =
  | { status: "saved"; revision: number }
  | { status: "conflict"; current: CurrentAnswer }
  | { status: "locked" }
  | { status: "forbidden" }
  | { status: "not_found" }
  | { status: "invalid"; code: AnswerProblemCode | "bad_input"; path: string; message: string };

export interface SavingGrant {
  id: string;
  sections: string[] | null;
}

/** Saves one answer for a vendor contact. The caller has checked the session (requireVendorGrant). */
export async function saveAnswer(ctx: AppContext, grant: SavingGrant, input: SaveAnswerInput, now = new Date()): Promise<SaveAnswerResult> {
  if (!isUuid(input.assessmentId)) return { status: "not_found" };
  const comment = input.comment && input.comment.trim() !== "" ? input.comment : null;
  return ctx.db.transaction().execute(async (trx): Promise<SaveAnswerResult> => {
    // FOR SHARE: saves run side by side, but not past a submit (which locks the row FOR UPDATE).
    const assessment = await trx
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select(["a.id", "a.status", "v.definition"])
      .where("a.id", "=", input.assessmentId)
      .forShare("a")
      .executeTakeFirst();
    if (!assessment) return { status: "not_found" };
    const owns = await trx
      .selectFrom("access_grants")
      .select("id")
      .where("id", "=", grant.id)
      .where("assessment_id", "=", assessment.id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (!owns) return { status: "not_found" };
    if (!(OPEN_STATUSES as readonly string[]).includes(assessment.status)) return { status: "locked" };
    const definition = assessment.definition as TemplateDefinition;

    if (input.componentId !== null) {
      const inScope = await trx
        .selectFrom("assessment_components")
        .select("ai_component_id")
        .where("assessment_id", "=", assessment.id)
        .where("ai_component_id", "=", input.componentId)
        .executeTakeFirst();
      if (!inScope) return { status: "not_found" };
    }

    const section = definition.sections.find((s) => s.questions.some((q) => q.key === input.questionKey));
    if (section && grant.sections && !grant.sections.includes(section.key)) return { status: "forbidden" };

    const others = await trx
      .selectFrom("answers")
      .select(["question_key", "value", "is_na"])
      .where("assessment_id", "=", assessment.id)
      .where((eb) => (input.componentId === null ? eb("ai_component_id", "is", null) : eb.or([eb("ai_component_id", "is", null), eb("ai_component_id", "=", input.componentId)])))
      .execute();
    // A component answer and a supplier answer never share a key (keys are unique in a template).
    const inScope: Record<string, ScopeAnswer> = {};
    for (const row of others) inScope[row.question_key] = { value: row.value, isNa: row.is_na };
    const check = checkAnswer(definition, input.componentId === null ? "supplier" : "component", input.questionKey, input.value, input.isNa, inScope);
    if (!check.ok) return { status: "invalid", code: check.code, path: check.path, message: check.message };

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
      if (found.length !== new Set(ids).size) return { status: "invalid", code: "invalid_value", path: "value", message: "Attach files uploaded for this question" };
    }

    const current = await lockedAnswer(trx, assessment.id, input.questionKey, input.componentId);
    const storedRevision = current?.revision ?? 0;
    if (storedRevision !== input.baseRevision) return { status: "conflict", current: toCurrent(current) };

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
        })
        .onConflict((oc) => oc.columns(["assessment_id", "question_key", "scope_id"]).doNothing())
        .returning("revision")
        .executeTakeFirst();
      if (!inserted) {
        // Someone saved the first answer between our read and our insert: theirs stands.
        return { status: "conflict", current: toCurrent(await lockedAnswer(trx, assessment.id, input.questionKey, input.componentId)) };
      }
      revision = inserted.revision;
    } else {
      const updated = await trx
        .updateTable("answers")
        .set({ value, is_na: check.isNa, comment, revision: current.revision + 1, updated_by_grant_id: grant.id, updated_at: now })
        .where("id", "=", current.id)
        .returning("revision")
        .executeTakeFirstOrThrow();
      revision = updated.revision;
    }
    await markStarted(trx, assessment.id, now);
    return { status: "saved", revision };
  });
}

async function lockedAnswer(trx: Transaction<Database>, assessmentId: string, questionKey: string, componentId: string | null) {
  return trx
    .selectFrom("answers as an")
    .leftJoin("access_grants as g", "g.id", "an.updated_by_grant_id")
    .select(["an.id", "an.value", "an.is_na", "an.comment", "an.revision", "an.updated_at", "g.name", "g.email"])
    .where("an.assessment_id", "=", assessmentId)
    .where("an.question_key", "=", questionKey)
    .where(sql<boolean>`an.scope_id = coalesce(${componentId}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`)
    .forUpdate("an")
    .executeTakeFirst();
}

function toCurrent(row: Awaited<ReturnType<typeof lockedAnswer>>): CurrentAnswer {
  if (!row) return { value: null, isNa: false, comment: null, revision: 0, updatedBy: null, updatedAt: null };
  return {
    value: row.value,
    isNa: row.is_na,
    comment: row.comment,
    revision: row.revision,
    updatedBy: row.name ? `${row.name} (${row.email})` : (row.email ?? null),
    updatedAt: row.updated_at.toISOString(),
  };
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

// ---------------------------------------------------------------------------------------------
// The answering pages

export interface VendorPageLink {
  sectionKey: string;
  componentId: string | null;
  title: string;
  componentName: string | null;
  href: string;
}

export function sectionHref(assessmentId: string, sectionKey: string, componentId: string | null): string {
  return `/v/a/${assessmentId}/s/${sectionKey}${componentId ? `?component=${componentId}` : ""}`;
}

/** Every answering page open to a contact, in order: the supplier's sections, then each component's. */
export function vendorPages(
  assessmentId: string,
  definition: TemplateDefinition,
  components: ReadonlyArray<{ id: string; name: string; version?: string | null }>,
  assigned: readonly string[] | null,
): VendorPageLink[] {
  const open = (key: string) => !assigned || assigned.includes(key);
  const pages: VendorPageLink[] = [];
  for (const s of definition.sections) {
    if (s.scope === "supplier" && open(s.key)) pages.push({ sectionKey: s.key, componentId: null, title: s.title, componentName: null, href: sectionHref(assessmentId, s.key, null) });
  }
  for (const c of components) {
    const name = c.version ? `${c.name} ${c.version}` : c.name;
    for (const s of definition.sections) {
      if (s.scope === "component" && open(s.key)) pages.push({ sectionKey: s.key, componentId: c.id, title: s.title, componentName: name, href: sectionHref(assessmentId, s.key, c.id) });
    }
  }
  return pages;
}

export async function assessmentDefinition(db: Kysely<Database>, templateVersionId: string): Promise<TemplateDefinition> {
  const row = await db.selectFrom("template_versions").select("definition").where("id", "=", templateVersionId).executeTakeFirstOrThrow();
  return row.definition as TemplateDefinition;
}
