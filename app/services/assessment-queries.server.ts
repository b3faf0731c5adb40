// Reading assessments: the staff list with its filters, one assessment with everything its staff
// page shows, the components in scope, the stored answers, and the vendor's overview.
import { sql, type Kysely } from "kysely";
import * as z from "zod";
import type { Database } from "../../db/schema";
import { ASSESSMENT_STATUSES, isOpen, OPEN_STATUSES } from "../domain/assessment-lifecycle";
import { assessmentProgress, type StoredAnswer } from "../domain/assessment-progress";
import { addDays, today as todayOf } from "../domain/calendar";
import { groupBy } from "../domain/group-by";
import { isUuid } from "../domain/ids";
import { baseListQuery, likePattern, optionalEnum, optionalUuidParam, PAGE_SIZE } from "../domain/list-query";
import type { TemplateDefinition } from "../domain/templates/definition";

export const DUE_WINDOWS = ["7", "14", "30"] as const;

export const assessmentListQuery = baseListQuery.extend({
  status: optionalEnum([...ASSESSMENT_STATUSES, "open"] as const),
  due: optionalEnum(DUE_WINDOWS),
  overdue: z.enum(["yes"]).optional().catch(undefined),
  supplier: optionalUuidParam,
  campaign: optionalUuidParam,
  /** Sent with any version of this template. */
  template: optionalUuidParam,
  /** The owner: the supplier's procurement owner, or who issued it when the supplier has none. */
  owner: z
    .union([z.enum(["me", "none"]), z.uuid()])
    .optional()
    .catch(undefined),
  sort: z.enum(["due", "supplier", "status", "issued", "owner"]).catch("due").default("due"),
});
export type AssessmentListQuery = z.output<typeof assessmentListQuery>;

/** The person responsible for an assessment: the supplier's procurement owner, else its issuer. */
const ownerIdSql = sql<string | null>`coalesce(s.procurement_owner_id, a.issued_by)`;

export async function listAssessments(db: Kysely<Database>, query: AssessmentListQuery, viewer: { id: string } | null = null, now = new Date()) {
  const today = todayOf(now);
  let base = db.selectFrom("assessments as a").innerJoin("suppliers as s", "s.id", "a.supplier_id");
  if (query.owner === "none") base = base.where(ownerIdSql, "is", null);
  else if (query.owner) base = base.where(ownerIdSql, "=", query.owner === "me" ? (viewer?.id ?? null) : query.owner);
  if (query.status === "open") base = base.where("a.status", "in", OPEN_STATUSES);
  else if (query.status) base = base.where("a.status", "in", [query.status]);
  if (query.overdue) base = base.where("a.status", "in", OPEN_STATUSES).where("a.due_date", "<", today);
  if (query.due) {
    base = base
      .where("a.status", "in", OPEN_STATUSES)
      .where("a.due_date", ">=", today)
      .where("a.due_date", "<=", addDays(today, Number(query.due)));
  }
  if (query.supplier) base = base.where("a.supplier_id", "=", query.supplier);
  if (query.campaign) base = base.where("a.campaign_id", "=", query.campaign);
  if (query.template)
    base = base.where("a.template_version_id", "in", db.selectFrom("template_versions").select("id").where("template_id", "=", query.template));
  if (query.q) base = base.where("s.name", "ilike", likePattern(query.q));

  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const dir = query.dir;
  let rows = base
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .leftJoin("users as o", (join) => join.on("o.id", "=", ownerIdSql))
    .select((eb) => [
      "a.id",
      "a.status",
      "a.due_date",
      "a.template_version_id",
      "o.name as owner_name",
      sql<boolean>`s.procurement_owner_id IS NULL AND a.issued_by IS NOT NULL`.as("owner_is_issuer"),
      "a.created_at",
      "a.submitted_at",
      "a.supplier_id",
      "s.name as supplier_name",
      "t.name as template_name",
      "v.version",
      eb
        .selectFrom("access_grants as g")
        .select((sub) => sub.fn.max("g.last_used_at").as("m"))
        .whereRef("g.assessment_id", "=", "a.id")
        .as("last_active_at"),
    ]);
  if (query.sort === "supplier") rows = rows.orderBy(sql`lower(s.name) ${sql.raw(dir)}`).orderBy("a.due_date");
  else if (query.sort === "status") rows = rows.orderBy("a.status", dir).orderBy("a.due_date");
  else if (query.sort === "issued") rows = rows.orderBy("a.created_at", dir === "asc" ? "desc" : "asc");
  else if (query.sort === "owner") rows = rows.orderBy(sql`lower(o.name) ${sql.raw(dir)} NULLS LAST`).orderBy("a.due_date");
  else rows = rows.orderBy("a.due_date", dir).orderBy(sql`lower(s.name)`);
  const result = await rows
    .orderBy("a.id")
    .limit(PAGE_SIZE)
    .offset((query.page - 1) * PAGE_SIZE)
    .execute();
  const progress = await listProgress(db, result);
  return {
    total,
    today,
    rows: result.map(({ template_version_id: _version, ...r }) => ({
      ...r,
      owner_is_issuer: Boolean(r.owner_is_issuer),
      overdue: isOpen(r.status) && r.due_date < today,
      progress: progress.get(r.id) ?? { required: 0, requiredAnswered: 0, percent: 100 },
    })),
  };
}

export interface ListProgress {
  required: number;
  requiredAnswered: number;
  percent: number;
}

const PROGRESS_CACHE_SIZE = 5000;
const progressCaches = new WeakMap<Kysely<Database>, Map<string, { fingerprint: string; progress: ListProgress }>>();

/**
 * Required questions answered for a page of assessments. Which questions are required depends on the
 * answers (conditions open questions), so the count is the pure progress walk's, the same as the
 * assessment and vendor pages show. The walk is the costly part of a list page and changes only when
 * an answer or the scope does, so it is kept per assessment (per database handle, up to
 * PROGRESS_CACHE_SIZE) under a fingerprint read in SQL: the template version, the scope, and a digest
 * of the answers' ids and revisions (every save adds one to its answer's revision; a new or deleted
 * answer changes the ids). Only rows whose fingerprint moved are walked again, with their pinned
 * definitions and answers read for the page at once (answers_scope_key and the
 * assessment_components primary key both lead with assessment_id).
 */
export async function listProgress(db: Kysely<Database>, rows: ReadonlyArray<{ id: string; template_version_id: string }>): Promise<Map<string, ListProgress>> {
  const out = new Map<string, ListProgress>();
  if (rows.length === 0) return out;
  let cache = progressCaches.get(db);
  if (!cache) progressCaches.set(db, (cache = new Map()));
  const ids = rows.map((r) => r.id);
  const [scope, saves] = await Promise.all([
    db.selectFrom("assessment_components").select(["assessment_id", "ai_component_id"]).where("assessment_id", "in", ids).execute(),
    db
      .selectFrom("answers")
      .select(["assessment_id", sql<string>`md5(string_agg(id::text || ':' || revision, ',' ORDER BY id))`.as("saves")])
      .where("assessment_id", "in", ids)
      .groupBy("assessment_id")
      .execute(),
  ]);
  const savesBy = new Map(saves.map((s) => [s.assessment_id, s.saves]));
  const componentsBy = groupBy(scope, (c) => c.assessment_id);
  const stale: { id: string; template_version_id: string; fingerprint: string; componentIds: string[] }[] = [];
  for (const row of rows) {
    const componentIds = (componentsBy.get(row.id) ?? []).map((c) => c.ai_component_id).sort();
    const fingerprint = `${row.template_version_id}|${componentIds.join(",")}|${savesBy.get(row.id) ?? "0"}`;
    const hit = cache.get(row.id);
    if (hit?.fingerprint === fingerprint) out.set(row.id, hit.progress);
    else stale.push({ ...row, fingerprint, componentIds });
  }
  if (stale.length === 0) return out;
  const staleIds = stale.map((r) => r.id);
  const [versions, answers] = await Promise.all([
    db
      .selectFrom("template_versions")
      .select(["id", "definition"])
      .where("id", "in", [...new Set(stale.map((r) => r.template_version_id))])
      .execute(),
    db.selectFrom("answers").select(["assessment_id", "question_key", "ai_component_id", "value", "is_na"]).where("assessment_id", "in", staleIds).execute(),
  ]);
  const definitions = new Map(versions.map((v) => [v.id, v.definition as TemplateDefinition]));
  const answersBy = groupBy(answers, (a) => a.assessment_id);
  for (const row of stale) {
    const definition = definitions.get(row.template_version_id);
    if (!definition) continue;
    const stored: StoredAnswer[] = (answersBy.get(row.id) ?? []).map((a) => ({
      questionKey: a.question_key,
      componentId: a.ai_component_id,
      value: a.value,
      isNa: a.is_na,
      comment: null,
    }));
    const p = assessmentProgress(definition, row.componentIds, stored);
    const progress = { required: p.required, requiredAnswered: p.requiredAnswered, percent: p.percent };
    out.set(row.id, progress);
    cache.delete(row.id);
    if (cache.size >= PROGRESS_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(row.id, { fingerprint: row.fingerprint, progress });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One assessment

async function loadAssessment(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .leftJoin("users as i", "i.id", "a.issued_by")
    .leftJoin("users as o", "o.id", "s.procurement_owner_id")
    .select([
      "a.id",
      "a.status",
      "a.due_date",
      "a.message",
      "a.created_at",
      "a.updated_at",
      "a.submitted_at",
      "a.reopened_at",
      "a.closed_at",
      "a.valid_until",
      "a.campaign_id",
      "a.supplier_id",
      "a.template_version_id",
      "s.name as supplier_name",
      "t.id as template_id",
      "t.name as template_name",
      "v.version",
      "v.definition",
      "i.name as issued_by_name",
      "o.name as owner_name",
    ])
    .where("a.id", "=", id)
    .executeTakeFirst();
}

/** The components in scope, in name order. */
export function assessmentComponents(db: Kysely<Database>, assessmentId: string) {
  return db
    .selectFrom("assessment_components as ac")
    .innerJoin("ai_components as c", "c.id", "ac.ai_component_id")
    .select(["c.id", "c.name", "c.kind", "c.version", "c.archived_at"])
    .where("ac.assessment_id", "=", assessmentId)
    .orderBy(sql`lower(c.name)`)
    .orderBy("c.id")
    .execute();
}

/** Stored answers in the shape the progress and read-only views use. */
export async function assessmentAnswers(db: Kysely<Database>, assessmentId: string): Promise<Array<StoredAnswer & { updatedAt: Date; revision: number }>> {
  const rows = await db
    .selectFrom("answers")
    .select(["question_key", "ai_component_id", "value", "is_na", "comment", "updated_at", "revision"])
    .where("assessment_id", "=", assessmentId)
    .execute();
  return rows.map((r) => ({
    questionKey: r.question_key,
    componentId: r.ai_component_id,
    value: r.value,
    isNa: r.is_na,
    comment: r.comment,
    updatedAt: r.updated_at,
    revision: r.revision,
  }));
}

/** Everything the staff page shows. Null when the id is malformed or unknown. */
export async function getAssessmentForStaff(db: Kysely<Database>, id: string | undefined) {
  if (!isUuid(id)) return null;
  const assessment = await loadAssessment(db, id);
  if (!assessment) return null;
  const [components, grants, answers, evidence, lastReminder] = await Promise.all([
    assessmentComponents(db, id),
    db
      .selectFrom("access_grants as g")
      .leftJoin("access_grants as inviter", "inviter.id", "g.invited_by_grant_id")
      .select([
        "g.id",
        "g.email",
        "g.name",
        "g.contact_id",
        "g.created_at",
        "g.expires_at",
        "g.revoked_at",
        "g.last_used_at",
        "g.last_sent_at",
        "g.sections",
        "inviter.email as invited_by_email",
      ])
      .where("g.assessment_id", "=", id)
      .orderBy("g.created_at")
      .orderBy("g.email")
      .execute(),
    assessmentAnswers(db, id),
    db
      .selectFrom("evidence")
      .select(["id", "question_key", "ai_component_id", "file_name", "content_type", "size_bytes", "valid_until", "created_at"])
      .where("assessment_id", "=", id)
      .orderBy("created_at")
      .execute(),
    db
      .selectFrom("reminders_sent")
      .select(["kind", "sent_at", "recipient"])
      .where("assessment_id", "=", id)
      .orderBy("sent_at", "desc")
      .orderBy("kind")
      .limit(1)
      .executeTakeFirst(),
  ]);
  const definition = assessment.definition as TemplateDefinition;
  const progress = assessmentProgress(
    definition,
    components.map((c) => c.id),
    answers,
  );
  return {
    assessment: { ...assessment, definition },
    components,
    grants,
    answers,
    evidence,
    progress,
    lastReminder: lastReminder ? { kind: lastReminder.kind, sentAt: lastReminder.sent_at.toISOString(), recipient: lastReminder.recipient } : null,
  };
}

/** Whether an assessment with this id exists (a malformed id does not). */
export async function assessmentExists(db: Kysely<Database>, id: string | undefined): Promise<boolean> {
  if (!isUuid(id)) return false;
  return Boolean(await db.selectFrom("assessments").select("id").where("id", "=", id).executeTakeFirst());
}

// ---------------------------------------------------------------------------------------------
// The vendor's view (the caller has checked the vendor session with requireVendorGrant)

/** What the vendor overview shows: the questionnaire, components in scope and progress per section. */
export async function getVendorOverview(db: Kysely<Database>, assessmentId: string) {
  const row = await db
    .selectFrom("assessments as a")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .leftJoin("users as u", "u.id", "a.issued_by")
    .select(["a.id", "a.status", "a.due_date", "a.message", "a.submitted_at", "v.definition", "t.name as template_name", "u.name as issued_by_name"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!row) return null;
  const definition = row.definition as TemplateDefinition;
  const [components, answers] = await Promise.all([assessmentComponents(db, assessmentId), assessmentAnswers(db, assessmentId)]);
  const progress = assessmentProgress(
    definition,
    components.map((c) => c.id),
    answers,
  );
  return {
    title: definition.title || row.template_name,
    description: definition.description ?? null,
    status: row.status,
    dueDate: row.due_date,
    submittedAt: row.submitted_at,
    message: row.message,
    issuedBy: row.issued_by_name,
    components: components.map((c) => ({ id: c.id, name: c.name, kind: c.kind, version: c.version })),
    progress: {
      percent: progress.percent,
      required: progress.required,
      requiredAnswered: progress.requiredAnswered,
      complete: progress.complete,
      sections: progress.sections.map(({ items: _items, ...section }) => section),
    },
  };
}
