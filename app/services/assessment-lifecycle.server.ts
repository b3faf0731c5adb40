// The moves of an assessment's life that happen here: the vendor starts and submits (or resubmits),
// procurement reopens and closes, a reviewer takes it into review and decides, and the daily sweep
// expires decisions whose validity has ended. Each locks the assessment's row, asks the lifecycle
// (app/domain/assessment-lifecycle.ts) whether the move is allowed from the current state, refuses
// with its reason (an AppError of kind "state"), and records its audit event in the same transaction.
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { statusesAllowing, type AssessmentEvent, type AssessmentStatus } from "../domain/assessment-lifecycle";
import { assessmentProgress } from "../domain/assessment-progress";
import { calendarDate, formatDate, today as todayOf } from "../domain/calendar";
import { AppError, invalidError, notFoundError } from "../domain/errors";
import { DECISION_LABELS } from "../domain/review/decision";
import type { DecisionInput } from "../domain/review/decision-form";
import { SEVERITY_LABELS } from "../domain/review/findings";
import { reviewDueAfterSubmit } from "../domain/review/review-dates";
import type { TemplateDefinition } from "../domain/templates/definition";
import { allowed, lockAssessment } from "./assessment-lock.server";
import { assessmentAnswers } from "./assessment-queries.server";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "./audit.server";
import { recordWebhookEvent } from "./webhooks-outbox.server";
import type { AppContext } from "./context.server";
import { insertFinding } from "./finding-records.server";
import { findLiveGrant } from "./live-grant.server";
import { queueEmail } from "./mail.server";
import { assessmentRecipients, REVIEWER_ROLES } from "./reviewers.server";
import { revokeGrantSessions } from "./vendor-session.server";
import { scoreOnSubmit } from "./scores.server";
import { resolveClarifications } from "./clarifications.server";
import { markNoticesReviewed } from "./change-notices.server";
import { refreshAssessmentDeadlines } from "./deadlines.server";

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
 * reopen too) is its own audit event, gives the review at least REVIEW_DAYS more, and is announced
 * to the reviewers, the owners of the internal systems that depend on the assessed components,
 * and procurement. `grant` is the submitting vendor contact.
 */
export async function submitAssessment(ctx: AppContext, grant: { id: string; email: string }, assessmentId: string, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, assessmentId);
    const owns = await findLiveGrant(trx, grant.id, assessmentId, now);
    if (!owns) throw notFoundError();
    const event = submitEvent(row.status);
    const to = allowed(row.status, event);
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
    const reviewDue = reviewDueAfterSubmit(row.review_due_date === null ? null : calendarDate(row.review_due_date), todayOf(now));
    await trx
      .updateTable("assessments")
      .set({ status: to, submitted_at: now, review_due_date: reviewDue, updated_at: now })
      .where("id", "=", assessmentId)
      .execute();
    if (to === "resubmitted") await resolveClarifications(trx, assessmentId, now);
    await recordAudit(
      trx,
      { type: "vendor", id: grant.id, label: grant.email },
      {
        action: event === "resubmit" ? "assessment.resubmit" : "assessment.submit",
        entityType: "assessment",
        entityId: assessmentId,
        details: { grantId: grant.id, answers: answers.length, reviewDueDate: reviewDue },
      },
    );
    await queueSubmittedEmails(ctx, trx, assessmentId, event === "resubmit" ? "resubmitted" : "submitted", {
      name: owns.name ?? grant.email,
      email: grant.email,
    });
    await scoreOnSubmit(ctx, trx, assessmentId, now);
    await recordWebhookEvent(
      ctx.queue,
      trx,
      { type: "assessment.submitted", data: { assessmentId, status: event === "resubmit" ? "resubmitted" : "submitted", submittedAt: now.toISOString() } },
      { now },
    );
  });
}

async function assessmentFacts(trx: Transaction<Database>, assessmentId: string) {
  return trx
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["a.id", "a.due_date", "a.review_due_date", "a.supplier_id", "s.name as supplier", "t.name as template"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirstOrThrow();
}

/**
 * Tells those concerned that the vendor (re)submitted, one mail each: the owners of the dependent
 * internal systems and the reviewers are asked to review ("review-requested", saying why them);
 * without a reviewer, whoever issued the questionnaire (or else the supplier's procurement owner)
 * gets "assessment-submitted", as before reviews existed. In the submit's own transaction, so no
 * submit goes unannounced and no mail announces a submit that rolled back.
 */
async function queueSubmittedEmails(
  ctx: AppContext,
  trx: Transaction<Database>,
  assessmentId: string,
  kind: "submitted" | "resubmitted",
  submittedBy: { name: string; email: string },
) {
  const facts = await assessmentFacts(trx, assessmentId);
  const url = `${ctx.config.baseUrl}/assessments/${facts.id}`;
  const everyone = await assessmentRecipients(trx, assessmentId, ["reviewer", "system_owner", "issuer", "procurement_owner"]);
  const hasReviewer = everyone.some((r) => r.roles.includes("reviewer"));
  const procurement = hasReviewer
    ? undefined
    : (everyone.find((r) => r.roles.includes("issuer")) ?? everyone.find((r) => r.roles.includes("procurement_owner")));
  const recipients = everyone.filter((r) => r.roles.includes("reviewer") || r.roles.includes("system_owner") || r === procurement);
  for (const r of recipients) {
    if (r.roles.includes("reviewer") || r.roles.includes("system_owner")) {
      await queueEmail(ctx.queue, trx, r.email, "review-requested", {
        recipientName: r.name,
        kind,
        supplierName: facts.supplier,
        templateName: facts.template,
        reasons: r.reasons,
        reviewDueDate: facts.review_due_date ? formatDate(facts.review_due_date) : null,
        url,
      });
    } else {
      await queueEmail(ctx.queue, trx, r.email, "assessment-submitted", {
        recipientName: r.name,
        submittedByName: submittedBy.name,
        submittedByEmail: submittedBy.email,
        supplierName: facts.supplier,
        templateName: facts.template,
        dueDate: String(facts.due_date),
        url,
      });
    }
  }
}

/**
 * A reviewer takes a submitted (or resubmitted) questionnaire into review. The first start is
 * recorded (review_started_at). With no reviewer yet, whoever starts it (a risk owner or admin)
 * becomes one.
 */
export async function startReview(ctx: AppContext, actor: Actor, assessmentId: string, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, assessmentId);
    const to = allowed(row.status, "start_review");
    await trx
      .updateTable("assessments")
      .set((eb) => ({ status: to, review_started_at: eb.fn.coalesce("review_started_at", eb.val(now)), updated_at: now }))
      .where("id", "=", assessmentId)
      .execute();
    let selfAssigned = false;
    if (actor.type === "user" && actor.id) {
      const anyReviewer = await trx.selectFrom("assessment_reviewers").select("user_id").where("assessment_id", "=", assessmentId).limit(1).executeTakeFirst();
      const me = await trx.selectFrom("users").select(["role", "disabled_at"]).where("id", "=", actor.id).executeTakeFirst();
      if (!anyReviewer && me && !me.disabled_at && (REVIEWER_ROLES as readonly string[]).includes(me.role)) {
        await trx
          .insertInto("assessment_reviewers")
          .values({ assessment_id: assessmentId, user_id: actor.id, assigned_by: actor.id, assigned_at: now })
          .execute();
        await recordAudit(trx, actor, {
          action: "review.assign",
          entityType: "assessment",
          entityId: assessmentId,
          details: { userId: actor.id, email: actor.label, reviewDueDate: row.review_due_date, onStart: true },
        });
        selfAssigned = true;
      }
    }
    await recordAudit(trx, actor, { action: "review.start", entityType: "assessment", entityId: assessmentId, details: { from: row.status, selfAssigned } });
  });
}

/**
 * The decision that ends a review (from "in review" or "resubmitted"): approved, approved with
 * conditions (each condition becomes a finding with its due date) or rejected, with a rationale
 * and the date it holds until. Recorded with who and when; procurement and the owners of the
 * dependent systems are mailed. `input` was checked by the decision form's schema; the dates are
 * checked again against this transaction's day.
 */
export async function decideAssessment(
  ctx: AppContext,
  actor: Actor,
  assessmentId: string,
  input: DecisionInput,
  now = new Date(),
): Promise<{ findingIds: string[] }> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, assessmentId);
    const to = allowed(row.status, "decide");
    const today = todayOf(now);
    if (input.validUntil <= today) throw invalidError("validUntil", "The decision must hold beyond today: choose a later date");
    if (input.decision === "approved_with_conditions" && input.conditions.length === 0) {
      throw invalidError("conditions", "Add at least one condition: an approval with conditions needs one, with a title, a severity and a due date");
    }
    if (input.decision !== "approved_with_conditions" && input.conditions.length > 0) {
      throw invalidError("conditions", "Only “Approved with conditions” takes conditions: choose it, or clear the condition rows");
    }
    input.conditions.forEach((c, i) => {
      if (c.dueDate < today) throw invalidError(`conditions.${i}.dueDate`, "The due date is in the past: choose today or later");
    });
    const decidedBy = actor.type === "user" ? actor.id : null;
    await trx
      .updateTable("assessments")
      .set({
        status: to,
        decision: input.decision,
        decision_rationale: input.rationale,
        decided_by: decidedBy,
        decided_at: now,
        valid_until: input.validUntil,
        expired_at: null,
        updated_at: now,
      })
      .where("id", "=", assessmentId)
      .execute();
    // The review covers the changes reported on its components up to today.
    await markNoticesReviewed(trx, assessmentId, now, actor);
    const findingIds: string[] = [];
    for (const c of input.conditions) {
      findingIds.push(
        await insertFinding(
          trx,
          actor,
          {
            assessmentId,
            supplierId: row.supplier_id,
            source: "condition",
            title: c.title,
            description: c.description,
            severity: c.severity,
            ownerId: decidedBy,
            dueDate: c.dueDate,
          },
          now,
        ),
      );
    }
    await recordAudit(trx, actor, {
      action: "review.decide",
      entityType: "assessment",
      entityId: assessmentId,
      details: { from: row.status, decision: input.decision, validUntil: input.validUntil, conditions: findingIds },
    });
    await recordWebhookEvent(
      ctx.queue,
      trx,
      { type: "assessment.decided", data: { assessmentId, decision: input.decision, validUntil: input.validUntil, conditionFindingIds: findingIds } },
      { now },
    );
    await queueDecisionEmails(ctx, trx, actor, assessmentId, input);
    await refreshAssessmentDeadlines(trx, [assessmentId], now);
    return { findingIds };
  });
}

/** The decision to procurement (issuer, the supplier's procurement owner) and the owners of the dependent systems, one mail each. */
async function queueDecisionEmails(ctx: AppContext, trx: Transaction<Database>, actor: Actor, assessmentId: string, input: DecisionInput) {
  const facts = await assessmentFacts(trx, assessmentId);
  const by = actor.type === "user" && actor.id ? await trx.selectFrom("users").select("name").where("id", "=", actor.id).executeTakeFirst() : null;
  const recipients = await assessmentRecipients(trx, assessmentId, ["issuer", "procurement_owner", "system_owner"]);
  for (const r of recipients) {
    await queueEmail(ctx.queue, trx, r.email, "assessment-decided", {
      recipientName: r.name,
      supplierName: facts.supplier,
      templateName: facts.template,
      decisionLabel: DECISION_LABELS[input.decision],
      rationale: input.rationale,
      decidedByName: by?.name ?? actor.label,
      validUntil: formatDate(input.validUntil),
      conditions: input.conditions.map((c) => ({ title: c.title, severity: SEVERITY_LABELS[c.severity].toLowerCase(), dueDate: formatDate(c.dueDate) })),
      reasons: r.reasons,
      url: `${ctx.config.baseUrl}/assessments/${facts.id}`,
    });
  }
}

/**
 * The daily sweep (job `assessments.expire`): every decided assessment whose decision held until a
 * day before today becomes "expired", one transaction each, by the system. Run it twice, or on two
 * workers at once, and each still expires once (the row lock and the state check see to it).
 */
export async function expireDecisions(ctx: AppContext, now = new Date()): Promise<{ expired: string[] }> {
  const today = todayOf(now);
  const candidates = await ctx.db
    .selectFrom("assessments")
    .select("id")
    .where("status", "in", statusesAllowing("expire"))
    .where("valid_until", "<", today)
    .orderBy("valid_until")
    .orderBy("id")
    .execute();
  const expired: string[] = [];
  for (const { id } of candidates) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      const row = await lockAssessment(trx, id);
      if (row.status !== "decided" || row.valid_until === null || row.valid_until >= today) return false;
      const to = allowed(row.status, "expire");
      await trx.updateTable("assessments").set({ status: to, expired_at: now, updated_at: now }).where("id", "=", id).execute();
      await recordAudit(trx, SYSTEM_ACTOR, { action: "assessment.expire", entityType: "assessment", entityId: id, details: { validUntil: row.valid_until } });
      await refreshAssessmentDeadlines(trx, [id], now);
      return true;
    });
    if (done) expired.push(id);
  }
  return { expired };
}
