// The moves of an assessment's life that happen here: the vendor starts and submits, procurement
// reopens and closes. Each asks the lifecycle (app/domain/assessment-lifecycle.ts) whether the move
// is allowed from the current state, and refuses with its reason (an AppError of kind "state").
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { statusesAllowing, transition, type AssessmentEvent, type AssessmentStatus } from "../domain/assessment-lifecycle";
import { assessmentProgress } from "../domain/assessment-progress";
import { AppError, notFoundError, stateError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import type { TemplateDefinition } from "../domain/templates/definition";
import { assessmentAnswers } from "./assessment-queries.server";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { findLiveGrant } from "./live-grant.server";
import { queueEmail } from "./mail.server";
import { revokeGrantSessions } from "./vendor-session.server";
import { scoreOnSubmit } from "./scores.server";
import { resolveClarifications } from "./clarifications.server";

async function lockAssessment(trx: Transaction<Database>, id: string) {
  if (!isUuid(id)) throw notFoundError();
  const row = await trx.selectFrom("assessments").select(["id", "status", "template_version_id"]).where("id", "=", id).forUpdate().executeTakeFirst();
  if (!row) throw notFoundError();
  return row;
}

/** The state `event` takes the assessment to, or a "state" AppError with the lifecycle's reason. */
function allowed(from: AssessmentStatus, event: AssessmentEvent) {
  const move = transition(from, event);
  if (!move.ok) throw stateError(move.reason);
  return move.to;
}

/** The states a vendor's first answer starts from, and the one it leads to (the same from each). */
const START_FROM = statusesAllowing("start");
const STARTED = allowed("sent", "start");

/**
 * A vendor's first saved answer moves a sent assessment to "in progress" (for the answering pages);
 * in any other state nothing changes. One conditional update, in the caller's transaction.
 *
 * Lock order: call it before any other lock on the assessment row, or after taking that row
 * FOR UPDATE. While the assessment is "sent" it write-locks the row; a transaction that holds a
 * share lock on it first and then calls this waits for every other share holder to finish, and two
 * such vendor saves deadlock. Once started the update matches nothing and locks nothing, so later
 * saves still run side by side.
 */
export async function markStarted(trx: Transaction<Database>, assessmentId: string, now = new Date()): Promise<void> {
  await trx.updateTable("assessments").set({ status: STARTED, updated_at: now }).where("id", "=", assessmentId).where("status", "in", START_FROM).execute();
}

/** Procurement sends a submitted questionnaire back to the vendor for changes. */
export async function reopenAssessment(ctx: AppContext, actor: Actor, id: string, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, id);
    const to = allowed(row.status, "reopen");
    await trx.updateTable("assessments").set({ status: to, reopened_at: now, updated_at: now }).where("id", "=", id).execute();
    await recordAudit(trx, actor, { action: "assessment.reopen", entityType: "assessment", entityId: id, details: { from: row.status } });
  });
}

/** Ends an assessment (done, or cancelled): links show "closed", vendor sessions end. Closing a closed one does nothing. */
export async function closeAssessment(ctx: AppContext, actor: Actor, id: string, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, id);
    if (row.status === "closed") return;
    const to = allowed(row.status, "close");
    await trx.updateTable("assessments").set({ status: to, closed_at: now, updated_at: now }).where("id", "=", id).execute();
    const grants = await trx.selectFrom("access_grants").select("id").where("assessment_id", "=", id).execute();
    for (const grant of grants) await revokeGrantSessions(trx, grant.id, now);
    await recordAudit(trx, actor, { action: "assessment.close", entityType: "assessment", entityId: id, details: { from: row.status } });
  });
}

/** Back from "changes requested" a submit is a resubmission; otherwise the first (or a reopened) one. */
function submitEvent(from: AssessmentStatus): AssessmentEvent {
  return from === "changes_requested" ? "resubmit" : "submit";
}

/**
 * The vendor submits: every visible required question must be answered. Each submit (after a
 * reopen too) is its own audit event. `grant` is the submitting vendor contact.
 */
export async function submitAssessment(ctx: AppContext, grant: { id: string; email: string }, assessmentId: string, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, assessmentId);
    const owns = await findLiveGrant(trx, grant.id, assessmentId, now);
    if (!owns) throw notFoundError();
    const to = allowed(row.status, submitEvent(row.status));
    const version = await trx.selectFrom("template_versions").select("definition").where("id", "=", row.template_version_id).executeTakeFirstOrThrow();
    const components = await trx.selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", assessmentId).execute();
    const answers = await assessmentAnswers(trx, assessmentId);
    const progress = assessmentProgress(
      version.definition as TemplateDefinition,
      components.map((c) => c.ai_component_id),
      answers,
    );
    if (!progress.complete) {
      const missing = progress.required - progress.requiredAnswered;
      throw new AppError("state", `${missing} required answer${missing === 1 ? " is" : "s are"} still missing: see the list below.`, { details: { missing } });
    }
    await trx.updateTable("assessments").set({ status: to, submitted_at: now, updated_at: now }).where("id", "=", assessmentId).execute();
    if (to === "resubmitted") await resolveClarifications(trx, assessmentId, now);
    await recordAudit(
      trx,
      { type: "vendor", id: grant.id, label: grant.email },
      {
        action: "assessment.submit",
        entityType: "assessment",
        entityId: assessmentId,
        details: { grantId: grant.id, answers: answers.length },
      },
    );
    await queueSubmittedEmail(ctx, trx, assessmentId, { name: owns.name ?? grant.email, email: grant.email });
    await scoreOnSubmit(ctx, trx, assessmentId, now);
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
    .leftJoin("users as i", (j) => j.onRef("i.id", "=", "a.issued_by").on("i.disabled_at", "is", null))
    .leftJoin("users as o", (j) => j.onRef("o.id", "=", "s.procurement_owner_id").on("o.disabled_at", "is", null))
    .select([
      "a.id",
      "a.due_date",
      "s.name as supplier",
      "t.name as template",
      "i.email as issuer",
      "o.email as owner",
      "i.name as issuerName",
      "o.name as ownerName",
    ])
    .where("a.id", "=", assessmentId)
    .executeTakeFirstOrThrow();
  const to = row.issuer ?? row.owner;
  if (!to) return;
  await queueEmail(ctx.queue, trx, to, "assessment-submitted", {
    recipientName: (row.issuer ? row.issuerName : row.ownerName) ?? "",
    submittedByName: submittedBy.name,
    submittedByEmail: submittedBy.email,
    supplierName: row.supplier,
    templateName: row.template,
    dueDate: String(row.due_date),
    url: `${ctx.config.baseUrl}/assessments/${row.id}`,
  });
}
