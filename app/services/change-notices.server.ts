// Vendor change notices (issue 12): a vendor (from the portal) or staff (on its behalf) records a
// new model version, a retrain, a new training-data source, a sub-processor change or an incident
// against a component. In one transaction: the notice, its audit event, an email to the risk owners
// of our systems that depend on the component, and the component's deadline moved per policy. A
// decided review of the component marks its earlier notices reviewed.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { calendarDate, formatDate, today as todayOf, type CalendarDate } from "../domain/calendar";
import { CHANGE_MESSAGES, changeNoticeSchema, isFutureChange, type ChangeNoticeInput } from "../domain/deadlines/change-notice-form";
import { CHANGE_KIND_LABELS, type ChangeKind } from "../domain/deadlines/next-reassessment";
import { AppError, invalidError, notFoundError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { recordAudit, SYSTEM_ACTOR, userActor, type Actor } from "./audit.server";
import { recordWebhookEvent } from "./webhooks-outbox.server";
import type { AppContext } from "./context.server";
import { refreshComponentDeadlines } from "./deadlines.server";
import { findLiveGrant } from "./live-grant.server";
import { queueEmail } from "./mail.server";
import { vendorActor } from "./vendor-session.server";

/** Who reports: a vendor contact through its grant on an assessment, or a staff member. */
export type ChangeReporter =
  { type: "vendor"; grantId: string; email: string; name: string; assessmentId: string } | { type: "user"; id: string; email: string; name: string };

export interface ChangeNoticeView {
  id: string;
  componentId: string;
  componentName: string;
  kind: ChangeKind;
  kindLabel: string;
  occurredOn: CalendarDate;
  description: string;
  reportedLabel: string;
  createdAt: Date;
  reviewedAt: Date | null;
  reviewedByAssessmentId: string | null;
}

function parseInput(input: unknown): ChangeNoticeInput {
  const parsed = changeNoticeSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? "form")] ??= issue.message;
  const first = Object.values(fields)[0] ?? "Check the form";
  throw new AppError("invalid", first, { fields });
}

/** The component, when this reporter may report on it; else a message next to the component field. */
async function componentFor(trx: Transaction<Database>, reporter: ChangeReporter, componentId: string, now: Date) {
  const component = await trx
    .selectFrom("ai_components as c")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .select(["c.id", "c.name", "c.version", "c.supplier_id", "s.name as supplierName"])
    .where("c.id", "=", componentId)
    .executeTakeFirst();
  if (reporter.type === "user") {
    if (!component) throw invalidError("componentId", CHANGE_MESSAGES.component);
    return component;
  }
  // A vendor reports only on its own supplier's components in the scope of its assessment, with a live grant.
  const grant = await findLiveGrant(trx, reporter.grantId, reporter.assessmentId, now);
  if (!grant) throw notFoundError();
  const scope = await trx
    .selectFrom("assessment_components as ac")
    .select("ac.ai_component_id")
    .where("ac.assessment_id", "=", reporter.assessmentId)
    .where("ac.ai_component_id", "=", componentId)
    .executeTakeFirst();
  const assessment = await trx.selectFrom("assessments").select("supplier_id").where("id", "=", reporter.assessmentId).executeTakeFirst();
  if (!component || !scope || !assessment || component.supplier_id !== assessment.supplier_id) {
    throw invalidError("componentId", CHANGE_MESSAGES.componentOutOfScope);
  }
  return component;
}

/** The risk owners (active users) of our live systems that depend on the component, once each, with their systems. */
export async function dependentOwners(db: Kysely<Database>, componentId: string) {
  const rows = await db
    .selectFrom("ai_system_dependencies as d")
    .innerJoin("ai_systems as sys", "sys.id", "d.ai_system_id")
    .innerJoin("users as u", "u.id", "sys.owner_id")
    .select(["u.id", "u.email", "u.name", "sys.name as systemName"])
    .where("d.ai_component_id", "=", componentId)
    .where("sys.archived_at", "is", null)
    .where("u.disabled_at", "is", null)
    .orderBy(sql`lower(u.name)`)
    .orderBy("u.id")
    .orderBy(sql`lower(sys.name)`)
    .execute();
  const owners = new Map<string, { id: string; email: string; name: string; systems: string[] }>();
  for (const r of rows) {
    const owner = owners.get(r.id) ?? { id: r.id, email: r.email, name: r.name, systems: [] };
    if (!owner.systems.includes(r.systemName)) owner.systems.push(r.systemName);
    owners.set(r.id, owner);
  }
  return [...owners.values()];
}

/**
 * Records a change notice. Refuses, with the message next to its field and nothing written: a date
 * that is not a real day or is in the future, a component the reporter may not report on, an
 * empty or too long description, an unknown kind.
 */
export async function recordChangeNotice(
  ctx: AppContext,
  reporter: ChangeReporter,
  rawInput: unknown,
  now = new Date(),
): Promise<{ noticeId: string; componentId: string; emailIds: string[] }> {
  const input = parseInput(rawInput);
  if (isFutureChange(input.occurredOn, now)) throw invalidError("occurredOn", CHANGE_MESSAGES.dateFuture);
  if (reporter.type === "vendor" && !isUuid(reporter.assessmentId)) throw notFoundError();
  return ctx.db.transaction().execute(async (trx) => {
    const component = await componentFor(trx, reporter, input.componentId, now);
    const actor: Actor = reporter.type === "vendor" ? vendorActor({ id: reporter.grantId, email: reporter.email }) : userActor(reporter);
    const reportedLabel =
      reporter.type === "vendor" ? `${reporter.name} (${reporter.email}), ${component.supplierName}` : `${reporter.name} (${reporter.email})`;
    const { id } = await trx
      .insertInto("change_notices")
      .values({
        ai_component_id: component.id,
        supplier_id: component.supplier_id,
        kind: input.kind,
        occurred_on: input.occurredOn,
        description: input.description,
        reported_by_grant_id: reporter.type === "vendor" ? reporter.grantId : null,
        reported_by_user_id: reporter.type === "user" ? reporter.id : null,
        reported_label: reportedLabel.slice(0, 500),
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const componentName = `${component.name}${component.version ? ` ${component.version}` : ""}`;
    const emailIds: string[] = [];
    for (const owner of await dependentOwners(trx, component.id)) {
      emailIds.push(
        await queueEmail(ctx.queue, trx, owner.email, "change-notice", {
          recipientName: owner.name,
          supplierName: component.supplierName,
          componentName,
          kindLabel: CHANGE_KIND_LABELS[input.kind],
          occurredOn: formatDate(input.occurredOn),
          description: input.description,
          reportedBy: reportedLabel,
          systems: owner.systems,
          url: `${ctx.config.baseUrl}/components/${component.id}`,
        }),
      );
    }
    await recordAudit(trx, actor, {
      action: "change_notice.create",
      entityType: "ai_component",
      entityId: component.id,
      details: {
        noticeId: id,
        supplierId: component.supplier_id,
        kind: input.kind,
        occurredOn: input.occurredOn,
        ...(reporter.type === "vendor" ? { assessmentId: reporter.assessmentId, grantId: reporter.grantId } : {}),
        emailIds,
      },
    });
    await recordWebhookEvent(
      ctx.queue,
      trx,
      {
        type: "change_notice.filed",
        data: { noticeId: id, componentId: component.id, supplierId: component.supplier_id, kind: input.kind, occurredOn: input.occurredOn },
      },
      { now },
    );
    await refreshComponentDeadlines(trx, [component.id], now);
    return { noticeId: id, componentId: component.id, emailIds };
  });
}

/** Notices, newest change first: of one component, or of a supplier (optionally only those reported from one assessment's links). */
export async function listChangeNotices(
  db: Kysely<Database>,
  filter: { componentId: string } | { supplierId: string; reportedFromAssessmentId?: string },
): Promise<ChangeNoticeView[]> {
  let query = db
    .selectFrom("change_notices as n")
    .innerJoin("ai_components as c", "c.id", "n.ai_component_id")
    .select([
      "n.id",
      "n.ai_component_id",
      "c.name",
      "c.version",
      "n.kind",
      "n.occurred_on",
      "n.description",
      "n.reported_label",
      "n.created_at",
      "n.reviewed_at",
      "n.reviewed_by_assessment_id",
    ]);
  if ("componentId" in filter) {
    if (!isUuid(filter.componentId)) return [];
    query = query.where("n.ai_component_id", "=", filter.componentId);
  } else {
    if (!isUuid(filter.supplierId)) return [];
    query = query.where("n.supplier_id", "=", filter.supplierId);
    const from = filter.reportedFromAssessmentId;
    if (from !== undefined) {
      if (!isUuid(from)) return [];
      query = query.where("n.reported_by_grant_id", "in", db.selectFrom("access_grants").select("id").where("assessment_id", "=", from));
    }
  }
  const rows = await query.orderBy("n.occurred_on", "desc").orderBy("n.created_at", "desc").orderBy("n.id").execute();
  return rows.map((r) => ({
    id: r.id,
    componentId: r.ai_component_id,
    componentName: `${r.name}${r.version ? ` ${r.version}` : ""}`,
    kind: r.kind,
    kindLabel: CHANGE_KIND_LABELS[r.kind],
    occurredOn: calendarDate(r.occurred_on),
    description: r.description,
    reportedLabel: r.reported_label,
    createdAt: r.created_at,
    reviewedAt: r.reviewed_at,
    reviewedByAssessmentId: r.reviewed_by_assessment_id,
  }));
}

/**
 * A decided review covers the changes to its components that happened on or before the decision:
 * their unreviewed notices are marked reviewed by it. Runs in the decision's transaction; returns
 * how many were marked. The caller refreshes the components' deadlines.
 */
export async function markNoticesReviewed(trx: Transaction<Database>, assessmentId: string, now = new Date(), actor: Actor = SYSTEM_ACTOR): Promise<number> {
  const rows = await trx
    .updateTable("change_notices")
    .set({ reviewed_at: now, reviewed_by_assessment_id: assessmentId })
    .where("reviewed_at", "is", null)
    .where("occurred_on", "<=", todayOf(now))
    .where("ai_component_id", "in", trx.selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", assessmentId))
    .returning(["id", "ai_component_id"])
    .execute();
  if (rows.length > 0) {
    await recordAudit(trx, actor, {
      action: "change_notice.review",
      entityType: "assessment",
      entityId: assessmentId,
      details: { noticeIds: rows.map((r) => r.id), componentIds: [...new Set(rows.map((r) => r.ai_component_id))] },
    });
  }
  return rows.length;
}

/** The components in an assessment's scope, for the vendor's form: only its own supplier's. */
export async function reportableComponents(db: Kysely<Database>, assessmentId: string): Promise<Array<{ id: string; name: string }>> {
  if (!isUuid(assessmentId)) return [];
  const rows = await db
    .selectFrom("assessment_components as ac")
    .innerJoin("assessments as a", "a.id", "ac.assessment_id")
    .innerJoin("ai_components as c", (join) => join.onRef("c.id", "=", "ac.ai_component_id").onRef("c.supplier_id", "=", "a.supplier_id"))
    .select(["c.id", "c.name", "c.version"])
    .where("ac.assessment_id", "=", assessmentId)
    .orderBy(sql`lower(c.name)`)
    .orderBy("c.id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: `${r.name}${r.version ? ` ${r.version}` : ""}` }));
}
