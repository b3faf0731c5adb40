// Reading assessments: the staff list with its filters, one assessment with everything its staff
// page shows, the components in scope, the stored answers, and the vendor's overview.
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { ASSESSMENT_STATUSES, isOpen, OPEN_STATUSES } from "../domain/assessment-lifecycle";
import { assessmentProgress, type StoredAnswer } from "../domain/assessment-progress";
import { addDays, today as todayOf } from "../domain/calendar";
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
  sort: z.enum(["due", "supplier", "status", "issued"]).catch("due").default("due"),
});
export type AssessmentListQuery = z.output<typeof assessmentListQuery>;

export async function listAssessments(db: Kysely<Database>, query: AssessmentListQuery, now = new Date()) {
  const today = todayOf(now);
  let base = db.selectFrom("assessments as a").innerJoin("suppliers as s", "s.id", "a.supplier_id");
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
  if (query.q) base = base.where("s.name", "ilike", likePattern(query.q));

  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const dir = query.dir;
  let rows = base
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select((eb) => [
      "a.id",
      "a.status",
      "a.due_date",
      "a.created_at",
      "a.submitted_at",
      "a.supplier_id",
      "s.name as supplier_name",
      "t.name as template_name",
      "v.version",
      eb
        .selectFrom("access_grants as g")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("g.assessment_id", "=", "a.id")
        .where("g.revoked_at", "is", null)
        .as("contact_count"),
      eb.selectFrom("answers as an").select(eb.fn.countAll<string>().as("n")).whereRef("an.assessment_id", "=", "a.id").as("answer_count"),
      eb
        .selectFrom("access_grants as g")
        .select((sub) => sub.fn.max("g.last_used_at").as("m"))
        .whereRef("g.assessment_id", "=", "a.id")
        .as("last_active_at"),
    ]);
  if (query.sort === "supplier") rows = rows.orderBy(sql`lower(s.name) ${sql.raw(dir)}`).orderBy("a.due_date");
  else if (query.sort === "status") rows = rows.orderBy("a.status", dir).orderBy("a.due_date");
  else if (query.sort === "issued") rows = rows.orderBy("a.created_at", dir === "asc" ? "desc" : "asc");
  else rows = rows.orderBy("a.due_date", dir).orderBy(sql`lower(s.name)`);
  const result = await rows
    .orderBy("a.id")
    .limit(PAGE_SIZE)
    .offset((query.page - 1) * PAGE_SIZE)
    .execute();
  return {
    total,
    today,
    rows: result.map((r) => ({
      ...r,
      contact_count: Number(r.contact_count ?? 0),
      answer_count: Number(r.answer_count ?? 0),
      overdue: isOpen(r.status) && r.due_date < today,
    })),
  };
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
  const [components, grants, answers, evidence] = await Promise.all([
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
  ]);
  const definition = assessment.definition as TemplateDefinition;
  const progress = assessmentProgress(
    definition,
    components.map((c) => c.id),
    answers,
  );
  return { assessment: { ...assessment, definition }, components, grants, answers, evidence, progress };
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
