// Issuing a questionnaire: a pinned, published template version sent to one supplier about some
// of its AI components, answered by its contacts through magic links. Issuing is one transaction:
// the assessment, its components, a grant per contact, the audit events and the invitation emails.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { addDays, parseCalendarDate, today } from "../domain/calendar";
import { AppError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { inventoryPrefill, type PrefilledAnswer } from "../domain/inventory-prefill";
import type { TemplateDefinition } from "../domain/templates/definition";
import { likePattern } from "../domain/list-query";
import { createGrant, grantExpiry, queueInvitation } from "./access-grants.server";
import { recordAudit, type Actor } from "./audit.server";
import { recordWebhookEvent } from "./webhooks-outbox.server";
import type { AppContext } from "./context.server";

/** Suppliers that may be sent a questionnaire (not archived, and one of these statuses). */
export const ISSUABLE_SUPPLIER_STATUSES = ["prospective", "active"] as const;
export const MAX_DUE_DAYS = 730;
export const MAX_MESSAGE_LENGTH = 5000;
/** The message for a due date that is not a real day. */
const DUE_DATE_FORMAT_MESSAGE = "Enter the due date as a date, like 2027-03-31";

export interface IssueInput {
  supplierId: string;
  templateVersionId: string;
  componentIds: readonly string[];
  contactIds: readonly string[];
  /** YYYY-MM-DD, after today (UTC). */
  dueDate: string;
  message: string | null;
  campaignId?: string | null;
  /** Fill in answers the buyer's inventory already gives (domain/inventory-prefill); default true. Reassessment fills them itself, after what it carries over. */
  prefillFromRecords?: boolean;
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
  const due = parseCalendarDate(dueDate);
  if (!due) return DUE_DATE_FORMAT_MESSAGE;
  const from = today(now);
  if (due <= from) return "Choose a due date after today";
  if (due > addDays(from, MAX_DUE_DAYS)) return "Choose a due date within the next two years";
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
  if (supplier.archived_at)
    throw new IssueError("supplierId", `${supplier.name} is archived: restore it before sending it a questionnaire`, "supplier", "conflict");
  if (!(ISSUABLE_SUPPLIER_STATUSES as readonly string[]).includes(supplier.status)) {
    throw new IssueError(
      "supplierId",
      `${supplier.name} is ${supplier.status === "offboarding" ? "being offboarded" : "offboarded"}: questionnaires go to prospective and active suppliers only`,
      "supplier",
      "conflict",
    );
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
  const prefilled = input.prefillFromRecords === false ? [] : await prefillFromBuyerRecords(trx, assessmentId, version.id, componentIds, now);
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
      prefilled: prefilled.map((p) => ({ questionKey: p.questionKey, componentId: p.componentId })),
    },
  });
  await recordWebhookEvent(
    ctx.queue,
    trx,
    {
      type: "assessment.issued",
      data: { assessmentId, supplierId: supplier.id, supplierName: supplier.name, templateVersionId: version.id, componentIds, dueDate: input.dueDate },
    },
    { now },
  );

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

/**
 * Fills in, for the components in scope, the answers their inventory records give (marked as from
 * the buyer's records and pre-filled: the vendor checks, confirms or changes them). `skip`: answers
 * already there ("questionKey:componentId"), e.g. carried over from the last cycle, which win.
 */
export async function prefillFromBuyerRecords(
  trx: Transaction<Database>,
  assessmentId: string,
  templateVersionId: string,
  componentIds: readonly string[],
  now: Date,
  skip: ReadonlySet<string> = new Set(),
): Promise<PrefilledAnswer[]> {
  if (componentIds.length === 0) return [];
  const [version, records] = await Promise.all([
    trx.selectFrom("template_versions").select("definition").where("id", "=", templateVersionId).executeTakeFirstOrThrow(),
    trx.selectFrom("ai_components").select(["id", "is_gpai"]).where("id", "in", componentIds).orderBy("id").execute(),
  ]);
  const answers = inventoryPrefill(
    version.definition as TemplateDefinition,
    records.map((r) => ({ id: r.id, isGpai: r.is_gpai })),
  ).filter((a) => !skip.has(`${a.questionKey}:${a.componentId}`));
  if (answers.length) {
    await trx
      .insertInto("answers")
      .values(
        answers.map((a) => ({
          assessment_id: assessmentId,
          question_key: a.questionKey,
          ai_component_id: a.componentId,
          value: JSON.stringify(a.value),
          is_na: false,
          comment: null,
          revision: 1,
          updated_by_grant_id: null,
          updated_at: now,
          prefilled: true,
          prefill_source: "buyer_records" as const,
        })),
      )
      .execute();
  }
  return answers;
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
  return query
    .orderBy(sql`lower(s.name)`)
    .orderBy("s.id")
    .limit(limit)
    .execute();
}

/** A supplier's active components and its contacts (primary first), for the issue form. */
export async function issueChoicesFor(db: Kysely<Database>, supplierId: string | undefined) {
  if (!isUuid(supplierId)) return null;
  const supplier = await db.selectFrom("suppliers").select(["id", "name", "status", "archived_at"]).where("id", "=", supplierId).executeTakeFirst();
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
