// Assessments: a pinned, published questionnaire sent to one supplier about some of its AI
// components, answered by its contacts through magic links. Issuing is one transaction: the
// assessment, its components, a grant per contact, the audit events and the invitation emails.
import { isUuid } from "../domain/ids";
import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import type { AssessmentStatus, Database } from "../../db/schema";
import { assessmentProgress, type StoredAnswer } from "../domain/assessment-progress";
import { baseListQuery, likePattern, optionalEnum, optionalUuidParam, PAGE_SIZE } from "../domain/list-query";
import { addDays, utcDate } from "../domain/reminders";
import type { TemplateDefinition } from "../domain/templates/definition";
import { createGrant, grantExpiry, queueInvitation } from "./access-grants.server";
import { queueEmail } from "./mail.server";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { AppError } from "../domain/errors";
import { revokeGrantSessions } from "./vendor-session.server";

export const ASSESSMENT_STATUSES = ["sent", "in_progress", "submitted", "closed"] as const satisfies readonly AssessmentStatus[];
export const OPEN_STATUSES = ["sent", "in_progress"] as const satisfies readonly AssessmentStatus[];
/** Suppliers that may be sent a questionnaire (not archived, and one of these statuses). */
export const ISSUABLE_SUPPLIER_STATUSES = ["prospective", "active"] as const;
export const MAX_DUE_DAYS = 730;
export const MAX_MESSAGE_LENGTH = 5000;


// ---------------------------------------------------------------------------------------------
// Issuing

export interface IssueInput {
  supplierId: string;
  templateVersionId: string;
  componentIds: readonly string[];
  contactIds: readonly string[];
  /** YYYY-MM-DD, after today (UTC). */
  dueDate: string;
  message: string | null;
  campaignId?: string | null;
}

export interface IssueResult {
  assessmentId: string;
  grantIds: string[];
}

/** A problem with the input, named by field; `code` tells campaigns why a supplier was skipped. */
export class IssueError extends AppError {
  constructor(
    field: string | null,
    message: string,
    readonly code: "supplier" | "template" | "components" | "contacts" | "due_date" | "message",
    kind: "invalid" | "not_found" | "conflict" = "invalid",
  ) {
    super(kind, message, { field });
  }
}

/** Checks a due date: a real calendar date after today and within two years. */
export function dueDateProblem(dueDate: string, now = new Date()): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate) || Number.isNaN(Date.parse(`${dueDate}T00:00:00Z`)) || new Date(`${dueDate}T00:00:00Z`).toISOString().slice(0, 10) !== dueDate) {
    return "Enter the due date as a date, like 2027-03-31";
  }
  const today = utcDate(now);
  if (dueDate <= today) return "Choose a due date after today";
  if (dueDate > addDays(today, MAX_DUE_DAYS)) return "Choose a due date within the next two years";
  return null;
}

export async function issueAssessment(ctx: AppContext, actor: Actor, input: IssueInput, now = new Date()): Promise<IssueResult> {
  return ctx.db.transaction().execute((trx) => issueInTransaction(ctx, trx, actor, input, now));
}

/** Everything issuing does, in the caller's transaction (campaigns issue one supplier per transaction). */
export async function issueInTransaction(ctx: AppContext, trx: Transaction<Database>, actor: Actor, input: IssueInput, now = new Date()): Promise<IssueResult> {
  const componentIds = [...new Set(input.componentIds)];
  const contactIds = [...new Set(input.contactIds)];
  const message = input.message?.trim() ? input.message.trim() : null;

  if (!isUuid(input.supplierId)) throw new IssueError("supplierId", "Choose a supplier", "supplier");
  const supplier = await trx
    .selectFrom("suppliers")
    .select(["id", "name", "status", "archived_at"])
    .where("id", "=", input.supplierId)
    .forShare()
    .executeTakeFirst();
  if (!supplier) throw new IssueError("supplierId", "Choose a supplier", "supplier");
  if (supplier.archived_at) throw new IssueError("supplierId", `${supplier.name} is archived: restore it before sending it a questionnaire`, "supplier", "conflict");
  if (!(ISSUABLE_SUPPLIER_STATUSES as readonly string[]).includes(supplier.status)) {
    throw new IssueError("supplierId", `${supplier.name} is ${supplier.status === "offboarding" ? "being offboarded" : "offboarded"}: questionnaires go to prospective and active suppliers only`, "supplier", "conflict");
  }

  const version = isUuid(input.templateVersionId)
    ? await trx
        .selectFrom("template_versions as v")
        .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
        .select(["v.id", "v.status", "v.version", "t.name", "t.archived_at"])
        .where("v.id", "=", input.templateVersionId)
        .forShare()
        .executeTakeFirst()
    : undefined;
  if (!version || version.status !== "published" || version.archived_at) {
    throw new IssueError("templateVersionId", "Choose a published template version", "template");
  }

  if (!componentIds.every(isUuid)) throw new IssueError("componentIds", "Choose among this supplier's active AI components", "components");
  if (componentIds.length) {
    const found = await trx
      .selectFrom("ai_components")
      .select("id")
      .where("id", "in", componentIds)
      .where("supplier_id", "=", supplier.id)
      .where("archived_at", "is", null)
      .execute();
    if (found.length !== componentIds.length) throw new IssueError("componentIds", "Choose among this supplier's active AI components", "components");
  }

  if (contactIds.length === 0) throw new IssueError("contactIds", "Choose at least one contact to send the questionnaire to", "contacts");
  if (!contactIds.every(isUuid)) throw new IssueError("contactIds", "Choose among this supplier's contacts", "contacts");
  const contacts = await trx
    .selectFrom("supplier_contacts")
    .select(["id", "name", "email"])
    .where("id", "in", contactIds)
    .where("supplier_id", "=", supplier.id)
    .orderBy("is_primary", "desc")
    .orderBy("name")
    .execute();
  if (contacts.length !== contactIds.length) throw new IssueError("contactIds", "Choose among this supplier's contacts", "contacts");

  const dueProblem = dueDateProblem(input.dueDate, now);
  if (dueProblem) throw new IssueError("dueDate", dueProblem, "due_date");
  if (message && message.length > MAX_MESSAGE_LENGTH) throw new IssueError("message", `Keep the message under ${MAX_MESSAGE_LENGTH} characters`, "message");

  const { id: assessmentId } = await trx
    .insertInto("assessments")
    .values({
      supplier_id: supplier.id,
      template_version_id: version.id,
      status: "sent",
      due_date: input.dueDate,
      message,
      issued_by: actor.type === "user" ? actor.id : null,
      campaign_id: input.campaignId ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (componentIds.length) {
    await trx
      .insertInto("assessment_components")
      .values(componentIds.map((id) => ({ assessment_id: assessmentId, ai_component_id: id })))
      .execute();
  }
  await recordAudit(trx, actor, {
    action: "assessment.issue",
    entityType: "assessment",
    entityId: assessmentId,
    details: {
      supplierId: supplier.id,
      supplier: supplier.name,
      templateVersionId: version.id,
      template: version.name,
      version: version.version,
      componentIds,
      contacts: contacts.length,
      dueDate: input.dueDate,
      campaignId: input.campaignId ?? null,
    },
  });

  const expiresAt = grantExpiry(input.dueDate, ctx.config.grantGraceDays);
  const grantIds: string[] = [];
  for (const contact of contacts) {
    const { grantId, token } = await createGrant(trx, { assessmentId, contactId: contact.id, email: contact.email, name: contact.name, expiresAt }, now);
    const emailId = await queueInvitation(ctx, trx, grantId, token, expiresAt);
    await recordAudit(trx, actor, {
      action: "assessment.grant",
      entityType: "assessment",
      entityId: assessmentId,
      details: { grantId, contactId: contact.id, email: contact.email, expiresAt: expiresAt.toISOString(), emailId },
    });
    grantIds.push(grantId);
  }
  return { assessmentId, grantIds };
}

// ---------------------------------------------------------------------------------------------
// Choices for the issue form

/** For the supplier picker: a few matching suppliers that can be sent a questionnaire, never the whole table. */
export function searchIssuableSuppliers(db: Kysely<Database>, q: string, limit = 20) {
  let query = db
    .selectFrom("suppliers as s")
    .select(["s.id", "s.name", "s.status", "s.country"])
    .where("s.archived_at", "is", null)
    .where("s.status", "in", ISSUABLE_SUPPLIER_STATUSES);
  if (q) query = query.where((eb) => eb.or([eb("s.name", "ilike", likePattern(q)), eb("s.legal_name", "ilike", likePattern(q))]));
  return query.orderBy(sql`lower(s.name)`).orderBy("s.id").limit(limit).execute();
}

/** A supplier's active components and its contacts (primary first), for the issue form. */
export async function issueChoicesFor(db: Kysely<Database>, supplierId: string | undefined) {
  if (!isUuid(supplierId)) return null;
  const supplier = await db
    .selectFrom("suppliers")
    .select(["id", "name", "status", "archived_at"])
    .where("id", "=", supplierId)
    .executeTakeFirst();
  if (!supplier) return null;
  const [components, contacts] = await Promise.all([
    db
      .selectFrom("ai_components")
      .select(["id", "name", "kind", "version"])
      .where("supplier_id", "=", supplierId)
      .where("archived_at", "is", null)
      .orderBy(sql`lower(name)`)
      .execute(),
    db
      .selectFrom("supplier_contacts")
      .select(["id", "name", "email", "title", "is_primary"])
      .where("supplier_id", "=", supplierId)
      .orderBy("is_primary", "desc")
      .orderBy("name")
      .execute(),
  ]);
  return { supplier, components, contacts, issuable: !supplier.archived_at && (ISSUABLE_SUPPLIER_STATUSES as readonly string[]).includes(supplier.status) };
}

/** Published versions of live templates, newest first within each template. */
export function listPublishedVersions(db: Kysely<Database>) {
  return db
    .selectFrom("template_versions as v")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["v.id", "v.version", "t.name", "t.is_builtin", "v.published_at"])
    .where("v.status", "=", "published")
    .where("t.archived_at", "is", null)
    .orderBy(sql`lower(t.name)`)
    .orderBy("v.version", "desc")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Lists

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
  const today = utcDate(now);
  let base = db.selectFrom("assessments as a").innerJoin("suppliers as s", "s.id", "a.supplier_id");
  if (query.status === "open") base = base.where("a.status", "in", OPEN_STATUSES);
  else if (query.status) base = base.where("a.status", "=", query.status);
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
      eb.selectFrom("access_grants as g").select(eb.fn.countAll<string>().as("n")).whereRef("g.assessment_id", "=", "a.id").where("g.revoked_at", "is", null).as("contact_count"),
      eb.selectFrom("answers as an").select(eb.fn.countAll<string>().as("n")).whereRef("an.assessment_id", "=", "a.id").as("answer_count"),
      eb.selectFrom("access_grants as g").select((sub) => sub.fn.max("g.last_used_at").as("m")).whereRef("g.assessment_id", "=", "a.id").as("last_active_at"),
    ]);
  if (query.sort === "supplier") rows = rows.orderBy(sql`lower(s.name) ${sql.raw(dir)}`).orderBy("a.due_date");
  else if (query.sort === "status") rows = rows.orderBy("a.status", dir).orderBy("a.due_date");
  else if (query.sort === "issued") rows = rows.orderBy("a.created_at", dir === "asc" ? "desc" : "asc");
  else rows = rows.orderBy("a.due_date", dir).orderBy(sql`lower(s.name)`);
  const result = await rows.orderBy("a.id").limit(PAGE_SIZE).offset((query.page - 1) * PAGE_SIZE).execute();
  return {
    total,
    today,
    rows: result.map((r) => ({
      ...r,
      contact_count: Number(r.contact_count ?? 0),
      answer_count: Number(r.answer_count ?? 0),
      overdue: (OPEN_STATUSES as readonly string[]).includes(r.status) && r.due_date < today,
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

// ---------------------------------------------------------------------------------------------
// Status changes

async function lockAssessment(trx: Transaction<Database>, id: string) {
  if (!isUuid(id)) throw new AppError("not_found", "Not found");
  const row = await trx.selectFrom("assessments").select(["id", "status", "template_version_id"]).where("id", "=", id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError("not_found", "Not found");
  return row;
}

/** A vendor's first saved answer moves a sent assessment to "in progress" (for the answering pages). */
export async function markStarted(trx: Transaction<Database>, assessmentId: string, now = new Date()): Promise<void> {
  await trx.updateTable("assessments").set({ status: "in_progress", updated_at: now }).where("id", "=", assessmentId).where("status", "=", "sent").execute();
}

/** Procurement sends a submitted questionnaire back to the vendor for changes. */
export async function reopenAssessment(ctx: AppContext, actor: Actor, id: string, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, id);
    if (row.status !== "submitted") throw new AppError("conflict", "Only a submitted questionnaire can be reopened.");
    await trx.updateTable("assessments").set({ status: "in_progress", reopened_at: now, updated_at: now }).where("id", "=", id).execute();
    await recordAudit(trx, actor, { action: "assessment.reopen", entityType: "assessment", entityId: id, details: { from: row.status } });
  });
}

/** Ends an assessment (done, or cancelled): links show "closed", vendor sessions end. */
export async function closeAssessment(ctx: AppContext, actor: Actor, id: string, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, id);
    if (row.status === "closed") return;
    await trx.updateTable("assessments").set({ status: "closed", closed_at: now, updated_at: now }).where("id", "=", id).execute();
    const grants = await trx.selectFrom("access_grants").select("id").where("assessment_id", "=", id).execute();
    for (const grant of grants) await revokeGrantSessions(trx, grant.id, now);
    await recordAudit(trx, actor, { action: "assessment.close", entityType: "assessment", entityId: id, details: { from: row.status } });
  });
}

export type SubmitResult = { ok: true } | { ok: false; missing: number };

/**
 * The vendor submits: every visible required question must be answered. Each submit (after a
 * reopen too) is its own audit event. `grant` is the submitting vendor contact.
 */
export async function submitAssessment(ctx: AppContext, grant: { id: string; email: string }, assessmentId: string, now = new Date()): Promise<SubmitResult> {
  return ctx.db.transaction().execute(async (trx): Promise<SubmitResult> => {
    const row = await lockAssessment(trx, assessmentId);
    const owns = await trx
      .selectFrom("access_grants")
      .select(["id", "name"])
      .where("id", "=", grant.id)
      .where("assessment_id", "=", assessmentId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (!owns) throw new AppError("not_found", "Not found");
    if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) throw new AppError("conflict", "This questionnaire is not open for answers.");
    const version = await trx.selectFrom("template_versions").select("definition").where("id", "=", row.template_version_id).executeTakeFirstOrThrow();
    const components = await trx.selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", assessmentId).execute();
    const answers = await assessmentAnswers(trx, assessmentId);
    const progress = assessmentProgress(
      version.definition as TemplateDefinition,
      components.map((c) => c.ai_component_id),
      answers,
    );
    if (!progress.complete) return { ok: false, missing: progress.required - progress.requiredAnswered };
    await trx.updateTable("assessments").set({ status: "submitted", submitted_at: now, updated_at: now }).where("id", "=", assessmentId).execute();
    await recordAudit(trx, { type: "vendor", id: grant.id, label: grant.email }, {
      action: "assessment.submit",
      entityType: "assessment",
      entityId: assessmentId,
      details: { grantId: grant.id, answers: answers.length },
    });
    await queueSubmittedEmail(ctx, trx, assessmentId, { name: owns.name ?? grant.email, email: grant.email });
    return { ok: true };
  });
}

/**
 * Tells the reviewer (or, without one, whoever issued the questionnaire, or the supplier's
 * procurement owner) that it was submitted: in the submit's own transaction, so no submit goes
 * unannounced and no mail announces a submit that rolled back.
 */
async function queueSubmittedEmail(ctx: AppContext, trx: Transaction<Database>, assessmentId: string, submittedBy: { name: string; email: string }) {
  const row = await trx
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .leftJoin("users as r", (j) => j.onRef("r.id", "=", "a.reviewer_id").on("r.disabled_at", "is", null))
    .leftJoin("users as i", (j) => j.onRef("i.id", "=", "a.issued_by").on("i.disabled_at", "is", null))
    .leftJoin("users as o", (j) => j.onRef("o.id", "=", "s.procurement_owner_id").on("o.disabled_at", "is", null))
    .select(["a.id", "a.due_date", "s.name as supplier", "t.name as template", "r.email as reviewer", "i.email as issuer", "o.email as owner", "r.name as reviewerName", "i.name as issuerName", "o.name as ownerName"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirstOrThrow();
  const to = row.reviewer ?? row.issuer ?? row.owner;
  if (!to) return;
  await queueEmail(ctx.queue, trx, to, "assessment-submitted", {
    recipientName: (row.reviewer ? row.reviewerName : row.issuer ? row.issuerName : row.ownerName) ?? "",
    submittedByName: submittedBy.name,
    submittedByEmail: submittedBy.email,
    supplierName: row.supplier,
    templateName: row.template,
    dueDate: String(row.due_date),
    url: `${ctx.config.baseUrl}/assessments/${row.id}`,
  });
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
