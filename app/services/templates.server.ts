// Questionnaire templates and their versions: draft -> published (immutable, with a checksum)
// -> retired. Assessments pin a version; "current" is the highest published one. JSON import and
// export use one envelope, checked as strictly as the editor: a bad file writes nothing.
import { isUuid } from "../domain/ids";
import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import type { Database, TemplateVersionStatus } from "../../db/schema";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { canonicalJson } from "../domain/audit";
import { definitionShape, type TemplateDefinition } from "../domain/templates/definition";
import { diffDefinitions, type QuestionChange } from "../domain/templates/diff";
import { coverage, isKnownRef, type Framework, type FrameworkControl } from "../domain/templates/frameworks";
import { crossQuestionProblems, definitionChecksum, pathToString, questionCount, validateDefinition, type DefinitionProblem } from "../domain/templates/validate";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { violatedConstraint } from "./db-errors.server";
import { AppError } from "../domain/errors";

export type { DefinitionProblem };

export const TEMPLATE_FORMAT = "assay-template";
export const TEMPLATE_FORMAT_VERSION = 1;
/** The largest template JSON accepted (the HTTP edge refuses larger bodies under /templates too). */
export const MAX_TEMPLATE_JSON_BYTES = 5 * 1024 * 1024;
export const BUILTIN_TEMPLATE_NAME = "AI supplier due diligence";
const BUILTIN_TEMPLATE_DESCRIPTION =
  "The built-in questionnaire for AI suppliers: training data, data quality, bias, transparency, change management, security and privacy, governance, regulation and supply chain.";

// Any constant works: it serialises the built-in template's creation across instances starting together.
const BUILTIN_TEMPLATE_LOCK = 4_201_043;
const TEMPLATE_NAME_LOCK = 4_201_044;


export const templateMetaSchema = z.object({
  name: z.string().trim().min(1, "Give the template a name").max(200, "Use at most 200 characters"),
  description: z
    .string()
    .trim()
    .max(2000, "Use at most 2,000 characters")
    .nullish()
    .transform((v) => v || null),
});
export type TemplateMetaInput = z.input<typeof templateMetaSchema>;

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

// ---------------------------------------------------------------------------------------------
// Import and export envelope (pure)

export interface TemplateEnvelope {
  format: typeof TEMPLATE_FORMAT;
  formatVersion: typeof TEMPLATE_FORMAT_VERSION;
  name: string;
  description?: string;
  definition: TemplateDefinition;
}

const envelopeSchema = z.strictObject({
  format: z.literal(TEMPLATE_FORMAT, { error: `This is not an Assay template: "format" must be "${TEMPLATE_FORMAT}"` }),
  formatVersion: z.literal(TEMPLATE_FORMAT_VERSION, { error: `Only format version ${TEMPLATE_FORMAT_VERSION} can be imported` }),
  name: z.string({ error: "Give the template a name" }).trim().min(1, "Give the template a name").max(200, "Use at most 200 characters"),
  description: z.string().trim().max(2000, "Use at most 2,000 characters").optional(),
  definition: z.custom<unknown>((value) => value !== undefined, { error: "The template definition is missing" }),
});

/** A definition with its keys in the schema's order (jsonb reorders them), for stable exports. */
function normalized(definition: TemplateDefinition): TemplateDefinition {
  const parsed = definitionShape.safeParse(definition);
  return parsed.success ? parsed.data : definition;
}

export function toExportEnvelope(name: string, description: string | null | undefined, definition: TemplateDefinition): TemplateEnvelope {
  return {
    format: TEMPLATE_FORMAT,
    formatVersion: TEMPLATE_FORMAT_VERSION,
    name,
    ...(description ? { description } : {}),
    definition: normalized(definition),
  };
}

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

const problemAt = (path: Path, message: string): DefinitionProblem => ({ path: pathToString(path) || "(root)", message });

/**
 * zod issues as problems with the most precise path: one problem per unknown field (at the field),
 * and for a union (a condition) the problems of the alternative that came closest.
 */
export function issuesToProblems(issues: readonly Issue[], prefix: Path = []): DefinitionProblem[] {
  return issues.flatMap((issue): DefinitionProblem[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => problemAt([...path, key], "Unknown field: it is not part of the template format"));
    if (issue.code === "invalid_union" && issue.errors.length) {
      const branches = issue.errors.map((branch) => issuesToProblems(branch, path));
      if (issue.errors.every((branch) => branch.length === 1 && branch[0]!.code === "invalid_type" && branch[0]!.path.length === 0)) {
        const expected = issue.errors.map((branch) => (branch[0] as { expected?: string }).expected).filter(Boolean);
        return [problemAt(path, `Expected ${expected.join(", ").replace(/, ([^,]*)$/, " or $1")}`)];
      }
      const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
      return best.length ? best : [problemAt(path, issue.message)];
    }
    return [problemAt(path, issue.message)];
  });
}

/** Shape and cross-question rules of a definition, with paths under `prefix`. */
export function definitionProblems(input: unknown, prefix: Path = []): DefinitionProblem[] {
  const shape = definitionShape.safeParse(input);
  if (!shape.success) return issuesToProblems(shape.error.issues, prefix);
  const base = pathToString(prefix);
  return crossQuestionProblems(shape.data).map((p) => ({ path: base ? `${base}.${p.path}` : p.path, message: p.message }));
}

export type ParsedTemplateJson = { ok: true; envelope: TemplateEnvelope } | { ok: false; problems: DefinitionProblem[] };

/** Reads an exported template: JSON, then the envelope (strict), then the definition (strict, then its rules). */
export function parseTemplateJson(json: string): ParsedTemplateJson {
  if (json.length > MAX_TEMPLATE_JSON_BYTES) {
    return { ok: false, problems: [{ path: "(root)", message: `The file is larger than ${MAX_TEMPLATE_JSON_BYTES / 1024 / 1024} MB` }] };
  }
  const text = json.replace(/^\uFEFF/, "");
  if (text.trim() === "") return { ok: false, problems: [{ path: "(root)", message: "The file is empty" }] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: "(root)", message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const envelope = envelopeSchema.safeParse(value);
  const problems = envelope.success ? [] : issuesToProblems(envelope.error.issues);
  const definition = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { definition?: unknown }).definition : undefined;
  if (definition !== undefined) problems.push(...definitionProblems(definition, ["definition"]));
  if (problems.length || !envelope.success) return { ok: false, problems };
  const check = validateDefinition(definition);
  if (!check.ok) return { ok: false, problems: check.problems.map((p) => ({ path: `definition.${p.path}`, message: p.message })) };
  const { name, description } = envelope.data;
  return { ok: true, envelope: toExportEnvelope(name, description, check.definition) };
}

/** "Acme (copy)" for "Acme"; any "(copy N)" suffix is replaced, not stacked. */
export function copyNames(name: string): string[] {
  const root = name.replace(/ \(copy(?: \d+)?\)$/, "");
  const names = [name];
  for (let n = 1; n <= 1000; n += 1) {
    const suffix = n === 1 ? " (copy)" : ` (copy ${n})`;
    names.push(root.slice(0, 200 - suffix.length).trimEnd() + suffix);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Reading

const questionCountSql = sql<number>`(SELECT coalesce(sum(jsonb_array_length(s->'questions')), 0) FROM jsonb_array_elements(v.definition->'sections') AS s)::int`;

export interface TemplateListRow {
  id: string;
  name: string;
  description: string | null;
  is_builtin: boolean;
  updated_at: Date;
  /** The highest published version: what new assessments use. */
  current_version: number | null;
  current_version_id: string | null;
  draft_version: number | null;
  draft_version_id: string | null;
  retired_count: number;
  version_count: number;
  question_count: number;
}

export async function listTemplates(db: Kysely<Database>): Promise<TemplateListRow[]> {
  const templates = await db
    .selectFrom("questionnaire_templates")
    .select(["id", "name", "description", "is_builtin", "updated_at"])
    .where("archived_at", "is", null)
    .orderBy(sql`lower(name)`)
    .execute();
  const versions = await db
    .selectFrom("template_versions as v")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .where("t.archived_at", "is", null)
    .select(["v.id", "v.template_id", "v.version", "v.status", "v.updated_at", questionCountSql.as("question_count")])
    .orderBy("v.version")
    .execute();
  return templates.map((t) => {
    const own = versions.filter((v) => v.template_id === t.id);
    const current = own.filter((v) => v.status === "published").at(-1);
    const draft = own.find((v) => v.status === "draft");
    const counted = current ?? draft ?? own.at(-1);
    const updated = own.reduce((latest, v) => (v.updated_at > latest ? v.updated_at : latest), t.updated_at);
    return {
      ...t,
      updated_at: updated,
      current_version: current?.version ?? null,
      current_version_id: current?.id ?? null,
      draft_version: draft?.version ?? null,
      draft_version_id: draft?.id ?? null,
      retired_count: own.filter((v) => v.status === "retired").length,
      version_count: own.length,
      question_count: Number(counted?.question_count ?? 0),
    };
  });
}

export async function getTemplate(db: Kysely<Database>, id: string | undefined) {
  if (!isUuid(id)) return null;
  const template = await db
    .selectFrom("questionnaire_templates as t")
    .leftJoin("users as u", "u.id", "t.created_by")
    .selectAll("t")
    .select("u.name as created_by_name")
    .where("t.id", "=", id)
    .executeTakeFirst();
  if (!template) return null;
  const versions = await db
    .selectFrom("template_versions as v")
    .leftJoin("template_versions as b", "b.id", "v.based_on_version_id")
    .leftJoin("users as p", "p.id", "v.published_by")
    .select([
      "v.id",
      "v.version",
      "v.status",
      "v.checksum",
      "v.based_on_version_id",
      "b.version as based_on_version",
      "v.created_at",
      "v.updated_at",
      "v.published_at",
      "p.name as published_by_name",
      "v.retired_at",
      questionCountSql.as("question_count"),
    ])
    .where("v.template_id", "=", id)
    .orderBy("v.version", "desc")
    .execute();
  const current = versions.find((v) => v.status === "published");
  return {
    ...template,
    current_version_id: current?.id ?? null,
    versions: versions.map((v) => ({ ...v, question_count: Number(v.question_count ?? 0) })),
  };
}

export interface TemplateVersionDetail {
  id: string;
  template_id: string;
  template_name: string;
  version: number;
  status: TemplateVersionStatus;
  definition: TemplateDefinition;
  checksum: string | null;
  based_on_version_id: string | null;
  published_at: Date | null;
  updated_at: Date;
}

export async function getTemplateVersion(db: Kysely<Database>, versionId: string | undefined): Promise<TemplateVersionDetail | null> {
  if (!isUuid(versionId)) return null;
  return (
    (await db
      .selectFrom("template_versions as v")
      .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
      .select([
        "v.id",
        "v.template_id",
        "t.name as template_name",
        "v.version",
        "v.status",
        "v.definition",
        "v.checksum",
        "v.based_on_version_id",
        "v.published_at",
        "v.updated_at",
      ])
      .where("v.id", "=", versionId)
      .executeTakeFirst()) ?? null
  );
}

// ---------------------------------------------------------------------------------------------
// Writing

function creatorId(actor: Actor): string | null {
  return actor.type === "user" ? actor.id : null;
}

function inTransaction<T>(db: Kysely<Database>, run: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
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
  if (violatedConstraint(error) === "questionnaire_templates_name_key") throw new AppError("conflict", "Another template already has this name", { field: "name" });
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
    await trx.updateTable("template_versions").set({ definition: JSON.stringify(next), updated_at: updatedAt }).where("id", "=", row.id).execute();
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
    await recordAudit(trx, actor, { action: "template.retire", entityType: "template", entityId: row.template_id, details: { versionId: row.id, version: row.version } });
  });
}

async function existingDraft(db: Kysely<Database>, templateId: string) {
  return db
    .selectFrom("template_versions")
    .select(["id", "version"])
    .where("template_id", "=", templateId)
    .where("status", "=", "draft")
    .executeTakeFirst();
}

/** "New version from this one": a draft copy numbered after the highest version. One draft per template. */
export async function newVersionFrom(ctx: AppContext, actor: Actor, versionId: string): Promise<string> {
  if (!isUuid(versionId)) throw new AppError("not_found", "This template version does not exist");
  const seen: { templateId?: string } = {};
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const source = await trx.selectFrom("template_versions").select(["id", "template_id", "version", "definition"]).where("id", "=", versionId).executeTakeFirst();
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

async function uniqueTemplateName(trx: Transaction<Database>, name: string): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(${TEMPLATE_NAME_LOCK})`.execute(trx);
  const rows = await trx.selectFrom("questionnaire_templates").select("name").where("archived_at", "is", null).execute();
  const taken = new Set(rows.map((r) => r.name.toLowerCase()));
  const free = copyNames(name).find((candidate) => !taken.has(candidate.toLowerCase()));
  if (!free) throw new AppError("conflict", "Too many templates have this name: choose another one", { field: "name" });
  return free;
}

export type ImportResult = { ok: true; templateId: string; versionId: string; name: string } | { ok: false; problems: DefinitionProblem[] };

/**
 * Imports an exported template as a NEW template whose version 1 is a draft, for an admin to review
 * and publish. Any problem (not JSON, unknown fields, bad references…) is reported with its path and
 * nothing is written.
 */
export async function importTemplate(ctx: AppContext, actor: Actor, json: string, options: { name?: string } = {}): Promise<ImportResult> {
  const parsed = parseTemplateJson(json);
  if (!parsed.ok) return parsed;
  const { envelope } = parsed;
  const override = options.name?.trim();
  if (override !== undefined && override !== "" && override.length > 200) return { ok: false, problems: [{ path: "name", message: "Use at most 200 characters" }] };
  const wanted = override || envelope.name;
  return ctx.db.transaction().execute(async (trx) => {
    const name = await uniqueTemplateName(trx, wanted);
    const template = await trx
      .insertInto("questionnaire_templates")
      .values({ name, description: envelope.description || null, created_by: creatorId(actor) })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("template_versions")
      .values({ template_id: template.id, version: 1, status: "draft", definition: JSON.stringify(envelope.definition), created_by: creatorId(actor) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "template.import",
      entityType: "template",
      entityId: template.id,
      details: { name, importedName: envelope.name, versionId: version.id, questions: questionCount(envelope.definition) },
    });
    return { ok: true as const, templateId: template.id, versionId: version.id, name };
  });
}

/** The export envelope of one version (drafts too), keys in a stable order; null when unknown. */
export async function exportTemplateVersion(db: Kysely<Database>, versionId: string | undefined): Promise<TemplateEnvelope | null> {
  if (!isUuid(versionId)) return null;
  const row = await db
    .selectFrom("template_versions as v")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["t.name", "t.description", "v.definition"])
    .where("v.id", "=", versionId)
    .executeTakeFirst();
  return row ? toExportEnvelope(row.name, row.description, row.definition) : null;
}

export interface VersionSummary {
  id: string;
  template_id: string;
  template_name: string;
  version: number;
  status: TemplateVersionStatus;
  checksum: string | null;
}

function summary(v: TemplateVersionDetail): VersionSummary {
  return { id: v.id, template_id: v.template_id, template_name: v.template_name, version: v.version, status: v.status, checksum: v.checksum };
}

export async function diffVersions(
  db: Kysely<Database>,
  fromVersionId: string | undefined,
  toVersionId: string | undefined,
): Promise<{ from: VersionSummary; to: VersionSummary; changes: QuestionChange[] } | null> {
  const [from, to] = await Promise.all([getTemplateVersion(db, fromVersionId), getTemplateVersion(db, toVersionId)]);
  if (!from || !to) return null;
  return { from: summary(from), to: summary(to), changes: diffDefinitions(from.definition, to.definition) };
}

export interface CoverageQuestion {
  key: string;
  prompt: string;
  section: string;
}

export interface FrameworkCoverage {
  framework: Pick<Framework, "id" | "name">;
  controls: Array<{ control: FrameworkControl; questions: CoverageQuestion[] }>;
  covered: number;
  total: number;
}

export async function templateCoverage(db: Kysely<Database>, versionId: string | undefined) {
  const version = await getTemplateVersion(db, versionId);
  if (!version) return null;
  const questions = version.definition.sections.flatMap((s) => s.questions.map((q) => ({ key: q.key, prompt: q.prompt, section: s.title, refs: q.refs })));
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const frameworks: FrameworkCoverage[] = coverage(questions).map(({ framework, controls }) => {
    const rows = controls.map(({ control, questionKeys }) => ({
      control,
      questions: questionKeys.map((key) => {
        const q = byKey.get(key)!;
        return { key: q.key, prompt: q.prompt, section: q.section };
      }),
    }));
    return { framework: { id: framework.id, name: framework.name }, controls: rows, covered: rows.filter((r) => r.questions.length > 0).length, total: rows.length };
  });
  const unknownRefs = questions.flatMap((q) => q.refs.filter((ref) => !isKnownRef(ref)).map((ref) => ({ key: q.key, ref })));
  return {
    version: summary(version),
    frameworks,
    covered: frameworks.reduce((n, f) => n + f.covered, 0),
    total: frameworks.reduce((n, f) => n + f.total, 0),
    unknownRefs,
  };
}

/**
 * Installs the built-in template, published as version 1, unless a built-in template exists.
 * Safe to call on every start and from several instances at once; runs in the caller's transaction if given one.
 */
export async function ensureBuiltinTemplate(db: Kysely<Database>): Promise<{ created: boolean; templateId: string }> {
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${BUILTIN_TEMPLATE_LOCK})`.execute(trx);
    const existing = await trx.selectFrom("questionnaire_templates").select("id").where("is_builtin", "=", true).executeTakeFirst();
    if (existing) return { created: false, templateId: existing.id };
    const check = validateDefinition(AI_SUPPLIER_DUE_DILIGENCE);
    if (!check.ok) {
      const listed = check.problems.slice(0, 10).map((p) => `${p.path}: ${p.message}`).join("; ");
      throw new Error(`The built-in template is invalid (${check.problems.length} problems): ${listed}`);
    }
    const checksum = await definitionChecksum(check.definition);
    const name = await uniqueTemplateName(trx, BUILTIN_TEMPLATE_NAME);
    const now = new Date();
    const template = await trx
      .insertInto("questionnaire_templates")
      .values({ name, description: BUILTIN_TEMPLATE_DESCRIPTION, is_builtin: true, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("template_versions")
      .values({
        template_id: template.id,
        version: 1,
        status: "published",
        definition: JSON.stringify(check.definition),
        checksum,
        created_at: now,
        updated_at: now,
        published_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, SYSTEM_ACTOR, { action: "template.create", entityType: "template", entityId: template.id, details: { name, builtin: true, versionId: version.id } });
    await recordAudit(trx, SYSTEM_ACTOR, {
      action: "template.publish",
      entityType: "template",
      entityId: template.id,
      details: { versionId: version.id, version: 1, checksum, questions: questionCount(check.definition) },
    });
    return { created: true, templateId: template.id };
  });
}
