// Writing questionnaire templates and their versions: draft -> published (immutable, with a
// checksum) -> retired. Assessments pin a version; "current" is the highest published one. One
// draft per template at a time; a published or retired version never changes.
import type { Kysely, Transaction } from "kysely";
import type { Database, TemplateVersionStatus } from "../../db/schema";
import { canonicalJson } from "../domain/audit";
import { AppError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { definitionShape, type TemplateDefinition } from "../domain/templates/definition";
import { issuesToProblems } from "../domain/templates/envelope";
import { templateMetaSchema, type TemplateMetaInput } from "../domain/templates/meta";
import { definitionChecksum, questionCount, validateDefinition, type DefinitionProblem } from "../domain/templates/validate";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { violatedConstraint } from "./db-errors.server";

/** Refused because the template already has a draft; carries it so the page can link to it. */
export class DraftExistsError extends AppError {
  constructor(
    readonly templateId: string,
    readonly draftVersionId: string,
    readonly draftVersion: number,
  ) {
    super("state", `Version ${draftVersion} of this template is already a draft: edit it, or publish or discard it first.`);
  }
}

/** Who a version row records as its creator or publisher (null for the system). */
export function creatorId(actor: Actor): string | null {
  return actor.type === "user" ? actor.id : null;
}

function starterDefinition(name: string): TemplateDefinition {
  return {
    title: name,
    sections: [
      {
        key: "general",
        title: "General",
        scope: "supplier",
        questions: [
          {
            key: "ai_policy",
            prompt: "Do you have a documented AI policy?",
            type: "yes_no",
            required: true,
            weight: 1,
            domain: "governance",
            allowNa: false,
            refs: [],
          },
        ],
      },
    ],
  };
}

function nameConflict(error: unknown): never {
  if (violatedConstraint(error) === "questionnaire_templates_name_key")
    throw new AppError("conflict", "Another template already has this name", { field: "name" });
  throw error;
}

async function lockVersion(trx: Transaction<Database>, versionId: string) {
  if (!isUuid(versionId)) throw new AppError("not_found", "This template version does not exist");
  const row = await trx
    .selectFrom("template_versions")
    .select(["id", "template_id", "version", "status", "definition", "updated_at"])
    .where("id", "=", versionId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError("not_found", "This template version does not exist");
  return row;
}

async function touchTemplate(trx: Transaction<Database>, templateId: string, at: Date) {
  await trx.updateTable("questionnaire_templates").set({ updated_at: at }).where("id", "=", templateId).execute();
}

function notDraft(version: number, status: TemplateVersionStatus): AppError {
  return new AppError("state", `Version ${version} is ${status}, and a ${status} version never changes. Create a new version from it to make changes.`);
}

export async function createTemplate(ctx: AppContext, actor: Actor, input: TemplateMetaInput): Promise<{ templateId: string; versionId: string }> {
  const parsed = templateMetaSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("invalid", issue.message, { field: String(issue.path[0] ?? "name") });
  }
  const { name, description } = parsed.data;
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const template = await trx
        .insertInto("questionnaire_templates")
        .values({ name, description, created_by: creatorId(actor) })
        .returning("id")
        .executeTakeFirstOrThrow();
      const version = await trx
        .insertInto("template_versions")
        .values({ template_id: template.id, version: 1, status: "draft", definition: JSON.stringify(starterDefinition(name)), created_by: creatorId(actor) })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, { action: "template.create", entityType: "template", entityId: template.id, details: { name, versionId: version.id } });
      return { templateId: template.id, versionId: version.id };
    });
  } catch (error) {
    return nameConflict(error);
  }
}

export const STALE_DRAFT_MESSAGE = "This draft was changed by someone else since you opened it; reload to see their changes";

export type SaveDraftResult = { ok: true; updatedAt: string } | { ok: false; problems: DefinitionProblem[] };

/**
 * Saves a draft's definition. Only its shape must be right: problems across questions are allowed
 * in a draft (validateDefinition reports them, and publishing refuses them).
 */
export async function saveDraft(ctx: AppContext, actor: Actor, versionId: string, definition: unknown, expectedUpdatedAt?: string): Promise<SaveDraftResult> {
  const shape = definitionShape.safeParse(definition);
  if (!shape.success) return { ok: false, problems: issuesToProblems(shape.error.issues) };
  const next = shape.data;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockVersion(trx, versionId);
    if (row.status !== "draft") throw notDraft(row.version, row.status);
    if (expectedUpdatedAt !== undefined && expectedUpdatedAt !== "") {
      const expected = new Date(expectedUpdatedAt).getTime();
      if (Number.isNaN(expected) || expected !== row.updated_at.getTime()) throw new AppError("conflict", STALE_DRAFT_MESSAGE);
    }
    if (canonicalJson(row.definition) === canonicalJson(next)) return { ok: true as const, updatedAt: row.updated_at.toISOString() };
    // Strictly later than the last save, so a stale copy is always recognised.
    const updatedAt = new Date(Math.max(Date.now(), row.updated_at.getTime() + 1));
    await trx
      .updateTable("template_versions")
      .set({ definition: JSON.stringify(next), updated_at: updatedAt })
      .where("id", "=", row.id)
      .execute();
    await touchTemplate(trx, row.template_id, updatedAt);
    await recordAudit(trx, actor, {
      action: "template.draft_save",
      entityType: "template",
      entityId: row.template_id,
      details: { versionId: row.id, version: row.version, questions: questionCount(next) },
    });
    return { ok: true as const, updatedAt: updatedAt.toISOString() };
  });
}

export type PublishResult = { ok: true; checksum: string } | { ok: false; problems: DefinitionProblem[] };

/** Publishes a draft once it is fully valid. Earlier published versions stay published (assessments pin them). */
export async function publishVersion(ctx: AppContext, actor: Actor, versionId: string): Promise<PublishResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockVersion(trx, versionId);
    if (row.status !== "draft") throw new AppError("conflict", `Version ${row.version} is already ${row.status}.`);
    const check = validateDefinition(row.definition);
    if (!check.ok) return { ok: false as const, problems: check.problems };
    const checksum = await definitionChecksum(check.definition);
    const now = new Date();
    await trx
      .updateTable("template_versions")
      .set({
        status: "published",
        definition: JSON.stringify(check.definition),
        checksum,
        published_at: now,
        published_by: creatorId(actor),
        updated_at: now,
      })
      .where("id", "=", row.id)
      .execute();
    await touchTemplate(trx, row.template_id, now);
    await recordAudit(trx, actor, {
      action: "template.publish",
      entityType: "template",
      entityId: row.template_id,
      details: { versionId: row.id, version: row.version, checksum, questions: questionCount(check.definition) },
    });
    return { ok: true as const, checksum };
  });
}

/** A retired version can no longer be sent; assessments that pinned it keep it. */
export async function retireVersion(ctx: AppContext, actor: Actor, versionId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockVersion(trx, versionId);
    if (row.status === "retired") return;
    if (row.status !== "published") throw new AppError("conflict", `Version ${row.version} is a draft: only a published version can be retired.`);
    const now = new Date();
    await trx.updateTable("template_versions").set({ status: "retired", retired_at: now, updated_at: now }).where("id", "=", row.id).execute();
    await touchTemplate(trx, row.template_id, now);
    await recordAudit(trx, actor, {
      action: "template.retire",
      entityType: "template",
      entityId: row.template_id,
      details: { versionId: row.id, version: row.version },
    });
  });
}

async function existingDraft(db: Kysely<Database>, templateId: string) {
  return db.selectFrom("template_versions").select(["id", "version"]).where("template_id", "=", templateId).where("status", "=", "draft").executeTakeFirst();
}

/** "New version from this one": a draft copy numbered after the highest version. One draft per template. */
export async function newVersionFrom(ctx: AppContext, actor: Actor, versionId: string): Promise<string> {
  if (!isUuid(versionId)) throw new AppError("not_found", "This template version does not exist");
  const seen: { templateId?: string } = {};
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const source = await trx
        .selectFrom("template_versions")
        .select(["id", "template_id", "version", "definition"])
        .where("id", "=", versionId)
        .executeTakeFirst();
      if (!source) throw new AppError("not_found", "This template version does not exist");
      seen.templateId = source.template_id;
      // Locks the template, so two "new version" clicks number their versions one after the other.
      await trx.selectFrom("questionnaire_templates").select("id").where("id", "=", source.template_id).forUpdate().executeTakeFirstOrThrow();
      const draft = await existingDraft(trx, source.template_id);
      if (draft) throw new DraftExistsError(source.template_id, draft.id, draft.version);
      const { max } = await trx
        .selectFrom("template_versions")
        .select((eb) => eb.fn.max<number>("version").as("max"))
        .where("template_id", "=", source.template_id)
        .executeTakeFirstOrThrow();
      const version = Number(max) + 1;
      const now = new Date();
      const created = await trx
        .insertInto("template_versions")
        .values({
          template_id: source.template_id,
          version,
          status: "draft",
          definition: JSON.stringify(source.definition),
          based_on_version_id: source.id,
          created_by: creatorId(actor),
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await touchTemplate(trx, source.template_id, now);
      await recordAudit(trx, actor, {
        action: "template.new_version",
        entityType: "template",
        entityId: source.template_id,
        details: { versionId: created.id, version, basedOnVersionId: source.id, basedOnVersion: source.version },
      });
      return created.id;
    });
  } catch (error) {
    if (seen.templateId && violatedConstraint(error) === "template_versions_one_draft") {
      const draft = await existingDraft(ctx.db, seen.templateId);
      if (draft) throw new DraftExistsError(seen.templateId, draft.id, draft.version);
    }
    throw error;
  }
}
