// Reading questionnaire templates: the list, one template with its versions, one version, its
// export envelope, the diff between two versions and the framework coverage of one.
import { sql, type Kysely } from "kysely";
import type { Database, TemplateVersionStatus } from "../../db/schema";
import { ASSESSMENT_STATUSES, type AssessmentStatus } from "../domain/assessment-lifecycle";
import { isUuid } from "../domain/ids";
import { definitionCoverage } from "../domain/templates/coverage";
import type { TemplateDefinition } from "../domain/templates/definition";
import { diffDefinitions, type QuestionChange } from "../domain/templates/diff";
import { toExportEnvelope, type TemplateEnvelope } from "../domain/templates/envelope";

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

export async function templateCoverage(db: Kysely<Database>, versionId: string | undefined) {
  const version = await getTemplateVersion(db, versionId);
  if (!version) return null;
  return { version: summary(version), ...definitionCoverage(version.definition) };
}

// ---------------------------------------------------------------------------------------------
// The templates page: what each template covers and where it is used.

export interface TemplateOverview {
  templateId: string;
  sections: number;
  /** Frameworks the counted version (published, else draft) cites, with controls covered. */
  frameworks: Array<{ id: string; name: string; covered: number; total: number }>;
  versions: Array<{ id: string; version: number; status: TemplateVersionStatus; createdAt: Date; publishedAt: Date | null; retiredAt: Date | null }>;
  assessmentsByStatus: Array<{ status: AssessmentStatus; count: number }>;
  assessments: number;
  campaigns: Array<{ id: string; createdAt: Date; total: number; version: number }>;
  campaignCount: number;
}

/** One overview per template id: a fixed number of queries whatever the number of assessments. */
export async function templateOverviews(db: Kysely<Database>, templateIds: readonly string[]): Promise<Map<string, TemplateOverview>> {
  const out = new Map<string, TemplateOverview>();
  if (templateIds.length === 0) return out;
  const [versions, usage, campaigns] = await Promise.all([
    db
      .selectFrom("template_versions")
      .select(["id", "template_id", "version", "status", "created_at", "published_at", "retired_at"])
      .where("template_id", "in", templateIds)
      .orderBy("version", "desc")
      .execute(),
    db
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select(["v.template_id", "a.status", (eb) => eb.fn.countAll<string>().as("n")])
      .where("v.template_id", "in", templateIds)
      .groupBy(["v.template_id", "a.status"])
      .execute(),
    db
      .selectFrom("campaigns as c")
      .innerJoin("template_versions as v", "v.id", "c.template_version_id")
      .select(["c.id", "c.created_at", "c.total", "v.version", "v.template_id"])
      .where("v.template_id", "in", templateIds)
      .orderBy("c.created_at", "desc")
      .orderBy("c.id")
      .execute(),
  ]);
  // The definition of the version the list counts: the highest published, else the newest.
  const counted = templateIds.flatMap((id) => {
    const own = versions.filter((v) => v.template_id === id);
    const pick = own.find((v) => v.status === "published") ?? own[0];
    return pick ? [pick.id] : [];
  });
  const definitions = counted.length ? await db.selectFrom("template_versions").select(["template_id", "definition"]).where("id", "in", counted).execute() : [];
  for (const templateId of templateIds) {
    const definition = definitions.find((d) => d.template_id === templateId)?.definition as TemplateDefinition | undefined;
    const coverage = definition ? definitionCoverage(definition) : null;
    const byStatus = usage.filter((u) => u.template_id === templateId).map((u) => ({ status: u.status, count: Number(u.n) }));
    byStatus.sort((a, b) => ASSESSMENT_STATUSES.indexOf(a.status) - ASSESSMENT_STATUSES.indexOf(b.status));
    const own = campaigns.filter((c) => c.template_id === templateId);
    out.set(templateId, {
      templateId,
      sections: definition?.sections.length ?? 0,
      frameworks: (coverage?.frameworks ?? [])
        .filter((f) => f.covered > 0)
        .map((f) => ({ id: f.framework.id, name: f.framework.name, covered: f.covered, total: f.total })),
      versions: versions
        .filter((v) => v.template_id === templateId)
        .map((v) => ({ id: v.id, version: v.version, status: v.status, createdAt: v.created_at, publishedAt: v.published_at, retiredAt: v.retired_at })),
      assessmentsByStatus: byStatus,
      assessments: byStatus.reduce((n, s) => n + s.count, 0),
      campaigns: own.slice(0, 3).map((c) => ({ id: c.id, createdAt: c.created_at, total: c.total, version: c.version })),
      campaignCount: own.length,
    });
  }
  return out;
}
