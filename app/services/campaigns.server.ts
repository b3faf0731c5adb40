// Campaigns: the same questionnaire to many suppliers at once. Creating one records the suppliers
// (a pending result each) and queues a `campaign.run` job in one transaction; the job issues one
// assessment per supplier, each in its own transaction, to its primary contact about all its active
// components, and records the outcome per supplier. A result is only ever settled once, so the job
// can be retried or run twice without issuing anything twice.
import { isUuid } from "../domain/ids";
import { OPEN_STATUSES } from "../domain/assessment-lifecycle";
import { sql, type Kysely, type Transaction } from "kysely";
import * as z from "zod";
import type { CampaignResultStatus, Database } from "../../db/schema";
import { baseListQuery, likePattern, optionalEnum, PAGE_SIZE } from "../domain/list-query";
import { enqueue, JOBS } from "./queue.server";
import { SYSTEM_ACTOR, recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { AppError } from "../domain/errors";
import { dueDateProblem, ISSUABLE_SUPPLIER_STATUSES, issueInTransaction, IssueError, MAX_MESSAGE_LENGTH } from "./assessment-issue.server";

export const MAX_CAMPAIGN_SUPPLIERS = 5000;
/** How many suppliers the new-campaign page lists to tick; "all matching" covers more. */
export const CAMPAIGN_PICKER_SIZE = 100;
const BATCH = 25;

export interface CampaignInput {
  templateVersionId: string;
  dueDate: string;
  message: string | null;
  supplierIds: readonly string[];
}

export async function createCampaign(ctx: AppContext, actor: Actor, input: CampaignInput, now = new Date()): Promise<string> {
  const supplierIds = [...new Set(input.supplierIds)].filter(isUuid);
  const message = input.message?.trim() ? input.message.trim() : null;
  if (supplierIds.length === 0) throw new IssueError("supplierIds", "Choose at least one supplier", "supplier");
  if (supplierIds.length > MAX_CAMPAIGN_SUPPLIERS)
    throw new IssueError("supplierIds", `A campaign can include up to ${MAX_CAMPAIGN_SUPPLIERS} suppliers`, "supplier");
  const dueProblem = dueDateProblem(input.dueDate, now);
  if (dueProblem) throw new IssueError("dueDate", dueProblem, "due_date");
  if (message && message.length > MAX_MESSAGE_LENGTH) throw new IssueError("message", `Keep the message under ${MAX_MESSAGE_LENGTH} characters`, "message");

  return ctx.db.transaction().execute(async (trx) => {
    const version = isUuid(input.templateVersionId)
      ? await trx
          .selectFrom("template_versions as v")
          .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
          .select(["v.id", "v.status", "v.version", "t.name", "t.archived_at"])
          .where("v.id", "=", input.templateVersionId)
          .executeTakeFirst()
      : undefined;
    if (!version || version.status !== "published" || version.archived_at) {
      throw new IssueError("templateVersionId", "Choose a published template version", "template");
    }
    const known: Array<{ id: string; name: string }> = [];
    for (let i = 0; i < supplierIds.length; i += 1000) {
      known.push(
        ...(await trx
          .selectFrom("suppliers")
          .select(["id", "name"])
          .where("id", "in", supplierIds.slice(i, i + 1000))
          .execute()),
      );
    }
    if (known.length === 0) throw new IssueError("supplierIds", "Choose at least one supplier", "supplier");
    // Listed in name order, which is also the order they are issued in.
    known.sort((a, b) => a.name.localeCompare(b.name, "en") || a.id.localeCompare(b.id));
    const { id } = await trx
      .insertInto("campaigns")
      .values({
        template_version_id: version.id,
        due_date: input.dueDate,
        message,
        created_by: actor.type === "user" ? actor.id : null,
        created_at: now,
        total: known.length,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 0; i < known.length; i += 1000) {
      await trx
        .insertInto("campaign_results")
        .values(known.slice(i, i + 1000).map((s, j) => ({ campaign_id: id, supplier_id: s.id, position: i + j })))
        .execute();
    }
    await enqueue(ctx.queue, trx, JOBS.campaignRun, { campaignId: id });
    await recordAudit(trx, actor, {
      action: "campaign.create",
      entityType: "campaign",
      entityId: id,
      details: { templateVersionId: version.id, template: version.name, version: version.version, suppliers: known.length, dueDate: input.dueDate },
    });
    return id;
  });
}

async function campaignActor(db: Kysely<Database>, createdBy: string | null): Promise<Actor> {
  if (!createdBy) return SYSTEM_ACTOR;
  const user = await db.selectFrom("users").select(["id", "email"]).where("id", "=", createdBy).executeTakeFirst();
  return user ? { type: "user", id: user.id, label: user.email } : SYSTEM_ACTOR;
}

type Settled = Exclude<CampaignResultStatus, "pending">;

async function settle(
  trx: Transaction<Database>,
  campaignId: string,
  supplierId: string,
  status: Settled,
  reason: string | null,
  assessmentId: string | null,
  now: Date,
) {
  await trx
    .updateTable("campaign_results")
    .set({ status, reason, assessment_id: assessmentId, processed_at: now })
    .where("campaign_id", "=", campaignId)
    .where("supplier_id", "=", supplierId)
    .execute();
  await trx
    .updateTable("campaigns")
    .set((eb) =>
      status === "issued" ? { issued: eb("issued", "+", 1) } : status === "skipped" ? { skipped: eb("skipped", "+", 1) } : { failed: eb("failed", "+", 1) },
    )
    .where("id", "=", campaignId)
    .execute();
}

async function claimPending(trx: Transaction<Database>, campaignId: string, supplierId: string): Promise<boolean> {
  const row = await trx
    .selectFrom("campaign_results")
    .select("status")
    .where("campaign_id", "=", campaignId)
    .where("supplier_id", "=", supplierId)
    .forUpdate()
    .executeTakeFirst();
  return row?.status === "pending";
}

/** Issues to every pending supplier of the campaign. Safe to run again: settled suppliers are left alone. */
export async function runCampaign(ctx: AppContext, campaignId: string): Promise<{ processed: number }> {
  const campaign = await ctx.db.selectFrom("campaigns").selectAll().where("id", "=", campaignId).executeTakeFirst();
  if (!campaign) return { processed: 0 };
  const actor = await campaignActor(ctx.db, campaign.created_by);
  const version = await ctx.db
    .selectFrom("template_versions")
    .select(["id", "template_id"])
    .where("id", "=", campaign.template_version_id)
    .executeTakeFirstOrThrow();
  let processed = 0;
  let after = -1;
  for (;;) {
    const batch = await ctx.db
      .selectFrom("campaign_results")
      .select(["supplier_id", "position"])
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "pending")
      .where("position", ">", after)
      .orderBy("position")
      .limit(BATCH)
      .execute();
    if (batch.length === 0) break;
    for (const { supplier_id: supplierId, position } of batch) {
      after = position;
      processed += 1;
      const now = new Date();
      try {
        await ctx.db.transaction().execute(async (trx) => {
          if (!(await claimPending(trx, campaignId, supplierId))) return;
          const supplier = await trx.selectFrom("suppliers").select(["name"]).where("id", "=", supplierId).executeTakeFirstOrThrow();
          const primary = await trx
            .selectFrom("supplier_contacts")
            .select("id")
            .where("supplier_id", "=", supplierId)
            .where("is_primary", "=", true)
            .executeTakeFirst();
          if (!primary) {
            await settle(
              trx,
              campaignId,
              supplierId,
              "skipped",
              `${supplier.name} has no primary contact: mark one of its contacts as primary, then issue to it separately.`,
              null,
              now,
            );
            return;
          }
          const open = await trx
            .selectFrom("assessments as a")
            .innerJoin("template_versions as v", "v.id", "a.template_version_id")
            .select(["a.id", "a.due_date"])
            .where("a.supplier_id", "=", supplierId)
            .where("v.template_id", "=", version.template_id)
            .where("a.status", "in", OPEN_STATUSES)
            .executeTakeFirst();
          if (open) {
            await settle(
              trx,
              campaignId,
              supplierId,
              "skipped",
              `${supplier.name} already has an open questionnaire from this template (due ${open.due_date}).`,
              open.id,
              now,
            );
            return;
          }
          const components = await trx
            .selectFrom("ai_components")
            .select("id")
            .where("supplier_id", "=", supplierId)
            .where("archived_at", "is", null)
            .execute();
          const issued = await issueInTransaction(
            ctx,
            trx,
            actor,
            {
              supplierId,
              templateVersionId: campaign.template_version_id,
              componentIds: components.map((c) => c.id),
              contactIds: [primary.id],
              dueDate: campaign.due_date,
              message: campaign.message,
              campaignId,
            },
            now,
          );
          await settle(trx, campaignId, supplierId, "issued", null, issued.assessmentId, now);
        });
      } catch (error) {
        // The supplier's transaction rolled back: record why, in a transaction of its own.
        const known = error instanceof IssueError;
        if (!known) ctx.logger.error({ err: error, campaignId, supplierId }, "campaign: issuing to a supplier failed");
        await ctx.db.transaction().execute(async (trx) => {
          if (!(await claimPending(trx, campaignId, supplierId))) return;
          const reason = known ? error.message : "Not issued because of an unexpected error on our side; try issuing to this supplier separately.";
          await settle(trx, campaignId, supplierId, known ? "skipped" : "failed", reason, null, now);
        });
      }
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom("campaign_results")
      .select("supplier_id")
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "pending")
      .limit(1)
      .executeTakeFirst();
    if (pending) return;
    const finished = await trx
      .updateTable("campaigns")
      .set({ finished_at: new Date() })
      .where("id", "=", campaignId)
      .where("finished_at", "is", null)
      .returning(["issued", "skipped", "failed", "total"])
      .executeTakeFirst();
    if (finished) await recordAudit(trx, SYSTEM_ACTOR, { action: "campaign.finish", entityType: "campaign", entityId: campaignId, details: { ...finished } });
  });
  return { processed };
}

// ---------------------------------------------------------------------------------------------
// Reading

export const campaignResultsQuery = baseListQuery.extend({
  status: optionalEnum(["pending", "issued", "skipped", "failed"] as const),
});
export type CampaignResultsQuery = z.output<typeof campaignResultsQuery>;

export async function getCampaign(db: Kysely<Database>, id: string | undefined, query: CampaignResultsQuery) {
  if (!isUuid(id)) return null;
  const campaign = await db
    .selectFrom("campaigns as c")
    .innerJoin("template_versions as v", "v.id", "c.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .leftJoin("users as u", "u.id", "c.created_by")
    .selectAll("c")
    .select(["t.name as template_name", "v.version", "u.name as created_by_name"])
    .where("c.id", "=", id)
    .executeTakeFirst();
  if (!campaign) return null;
  let base = db.selectFrom("campaign_results as r").innerJoin("suppliers as s", "s.id", "r.supplier_id").where("r.campaign_id", "=", id);
  if (query.status) base = base.where("r.status", "=", query.status);
  if (query.q) base = base.where("s.name", "ilike", likePattern(query.q));
  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const results = await base
    .select(["r.supplier_id", "s.name as supplier_name", "r.status", "r.reason", "r.assessment_id", "r.processed_at", "r.position"])
    .orderBy("r.position")
    .limit(PAGE_SIZE)
    .offset((query.page - 1) * PAGE_SIZE)
    .execute();
  const done = campaign.issued + campaign.skipped + campaign.failed;
  return { campaign: { ...campaign, done, running: campaign.finished_at === null }, results, total };
}

export const campaignSupplierQuery = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  status: optionalEnum(ISSUABLE_SUPPLIER_STATUSES),
});
export type CampaignSupplierQuery = z.output<typeof campaignSupplierQuery>;

function eligibleSuppliers(db: Kysely<Database>, query: CampaignSupplierQuery) {
  let base = db.selectFrom("suppliers as s").where("s.archived_at", "is", null);
  base = query.status ? base.where("s.status", "=", query.status) : base.where("s.status", "in", ISSUABLE_SUPPLIER_STATUSES);
  if (query.q) base = base.where((eb) => eb.or([eb("s.name", "ilike", likePattern(query.q)), eb("s.legal_name", "ilike", likePattern(query.q))]));
  return base;
}

/** The suppliers a campaign may go to, matching a search: a count and the first few to tick. */
export async function searchCampaignSuppliers(db: Kysely<Database>, query: CampaignSupplierQuery, limit = CAMPAIGN_PICKER_SIZE) {
  const base = eligibleSuppliers(db, query);
  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const rows = await base
    .select((eb) => [
      "s.id",
      "s.name",
      "s.status",
      eb
        .exists(eb.selectFrom("supplier_contacts as p").select("p.id").whereRef("p.supplier_id", "=", "s.id").where("p.is_primary", "=", true))
        .as("has_primary"),
      eb
        .selectFrom("ai_components as c")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("c.supplier_id", "=", "s.id")
        .where("c.archived_at", "is", null)
        .as("component_count"),
    ])
    .orderBy(sql`lower(s.name)`)
    .orderBy("s.id")
    .limit(limit)
    .execute();
  return { total, rows: rows.map((r) => ({ ...r, has_primary: Boolean(r.has_primary), component_count: Number(r.component_count ?? 0) })) };
}

/** Every supplier matching the search (for "all matching suppliers"), up to the campaign limit. */
export async function matchingSupplierIds(db: Kysely<Database>, query: CampaignSupplierQuery): Promise<string[]> {
  const rows = await eligibleSuppliers(db, query)
    .select("s.id")
    .orderBy("s.id")
    .limit(MAX_CAMPAIGN_SUPPLIERS + 1)
    .execute();
  if (rows.length > MAX_CAMPAIGN_SUPPLIERS)
    throw new AppError("invalid", `More than ${MAX_CAMPAIGN_SUPPLIERS} suppliers match: narrow the search`, { field: "supplierIds" });
  return rows.map((r) => r.id);
}
