// Who reviews an assessment and who hears about it: its reviewers (risk owners or admins, one or
// more, table assessment_reviewers), the review's due date, the owners of the internal AI systems
// that depend on the assessed components (told on submit and suggested first as reviewers), and
// the procurement side (whoever issued it, the supplier's procurement owner).
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { isUnderReview, reviewersRefusal } from "../domain/assessment-lifecycle";
import { formatDate, today as todayOf, type CalendarDate } from "../domain/calendar";
import { conflictError, invalidError, stateError } from "../domain/errors";
import { reviewDueAfterSubmit } from "../domain/review/review-dates";
import type { Role } from "../domain/permissions";
import { lockAssessment } from "./assessment-lock.server";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { queueEmail } from "./mail.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** Roles that may be assigned as reviewers. */
export const REVIEWER_ROLES = ["risk_owner", "admin"] as const satisfies readonly Role[];

export interface Reviewer {
  id: string;
  name: string;
  email: string;
  assignedAt: Date;
  assignedByName: string | null;
}

export function reviewersOf(db: Executor, assessmentId: string): Promise<Reviewer[]> {
  return db
    .selectFrom("assessment_reviewers as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .leftJoin("users as by", "by.id", "r.assigned_by")
    .select(["u.id", "u.name", "u.email", "r.assigned_at as assignedAt", "by.name as assignedByName"])
    .where("r.assessment_id", "=", assessmentId)
    .orderBy(sql`lower(u.name)`)
    .orderBy("u.id")
    .execute();
}

export interface SystemOwner {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The owner's systems that depend on an assessed component, with the components they use. */
  systems: Array<{ systemName: string; components: string[] }>;
}

/**
 * The owners (not disabled) of the live internal AI systems (not archived, not retired) that depend
 * on a component in the assessment's scope.
 */
export async function dependentSystemOwners(db: Executor, assessmentId: string): Promise<SystemOwner[]> {
  const rows = await db
    .selectFrom("assessment_components as ac")
    .innerJoin("ai_system_dependencies as d", "d.ai_component_id", "ac.ai_component_id")
    .innerJoin("ai_systems as sys", "sys.id", "d.ai_system_id")
    .innerJoin("ai_components as c", "c.id", "ac.ai_component_id")
    .innerJoin("users as u", "u.id", "sys.owner_id")
    .select(["u.id", "u.name", "u.email", "u.role", "sys.id as system_id", "sys.name as system_name", "c.name as component_name"])
    .where("ac.assessment_id", "=", assessmentId)
    .where("sys.archived_at", "is", null)
    .where("sys.lifecycle", "!=", "retired")
    .where("u.disabled_at", "is", null)
    .orderBy(sql`lower(u.name)`)
    .orderBy("u.id")
    .orderBy(sql`lower(sys.name)`)
    .orderBy(sql`lower(c.name)`)
    .execute();
  const owners = new Map<string, SystemOwner & { bySystem: Map<string, { systemName: string; components: string[] }> }>();
  for (const r of rows) {
    let owner = owners.get(r.id);
    if (!owner) {
      owner = { id: r.id, name: r.name, email: r.email, role: r.role, systems: [], bySystem: new Map() };
      owners.set(r.id, owner);
    }
    let system = owner.bySystem.get(r.system_id);
    if (!system) {
      system = { systemName: r.system_name, components: [] };
      owner.bySystem.set(r.system_id, system);
      owner.systems.push(system);
    }
    if (!system.components.includes(r.component_name)) system.components.push(r.component_name);
  }
  return [...owners.values()].map(({ bySystem: _bySystem, ...owner }) => owner);
}

const list = (items: readonly string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** "you own Credit model v3, which depends on Vision API" (one clause per system). */
export function ownerReasons(owner: Pick<SystemOwner, "systems">): string[] {
  return owner.systems.map((s) => `you own ${s.systemName}, which depends on ${list(s.components)}`);
}

/** "owns Credit model v3, which depends on Vision API; owns …": the same, said of them. */
export function ownsText(owner: Pick<SystemOwner, "systems">): string {
  return owner.systems.map((s) => `owns ${s.systemName}, which depends on ${list(s.components)}`).join("; ");
}

export type RecipientRole = "reviewer" | "system_owner" | "issuer" | "procurement_owner";

export interface Recipient {
  id: string;
  name: string;
  email: string;
  roles: RecipientRole[];
  /** Why this person hears about it, in words ("you are a reviewer", "you own …"). */
  reasons: string[];
}

/** The people in the named groups, each once (in the order reviewers, system owners, issuer, procurement owner), disabled users left out. */
export async function assessmentRecipients(db: Executor, assessmentId: string, groups: readonly RecipientRole[]): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  const add = (user: { id: string; name: string; email: string }, role: RecipientRole, reasons: string[]) => {
    const existing = out.get(user.id);
    if (existing) {
      if (!existing.roles.includes(role)) existing.roles.push(role);
      for (const r of reasons) if (!existing.reasons.includes(r)) existing.reasons.push(r);
    } else out.set(user.id, { id: user.id, name: user.name, email: user.email, roles: [role], reasons: [...reasons] });
  };
  if (groups.includes("reviewer")) {
    const reviewers = await db
      .selectFrom("assessment_reviewers as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["u.id", "u.name", "u.email"])
      .where("r.assessment_id", "=", assessmentId)
      .where("u.disabled_at", "is", null)
      .orderBy(sql`lower(u.name)`)
      .execute();
    for (const r of reviewers) add(r, "reviewer", ["you are a reviewer"]);
  }
  if (groups.includes("system_owner")) {
    for (const owner of await dependentSystemOwners(db, assessmentId)) add(owner, "system_owner", ownerReasons(owner));
  }
  if (groups.includes("issuer") || groups.includes("procurement_owner")) {
    const row = await db
      .selectFrom("assessments as a")
      .innerJoin("suppliers as s", "s.id", "a.supplier_id")
      .leftJoin("users as i", (j) => j.onRef("i.id", "=", "a.issued_by").on("i.disabled_at", "is", null))
      .leftJoin("users as o", (j) => j.onRef("o.id", "=", "s.procurement_owner_id").on("o.disabled_at", "is", null))
      .select(["i.id as issuerId", "i.name as issuerName", "i.email as issuerEmail", "o.id as ownerId", "o.name as ownerName", "o.email as ownerEmail"])
      .where("a.id", "=", assessmentId)
      .executeTakeFirst();
    if (groups.includes("issuer") && row?.issuerId)
      add({ id: row.issuerId, name: row.issuerName!, email: row.issuerEmail! }, "issuer", ["you issued the questionnaire"]);
    if (groups.includes("procurement_owner") && row?.ownerId)
      add({ id: row.ownerId, name: row.ownerName!, email: row.ownerEmail! }, "procurement_owner", ["you are the supplier's procurement owner"]);
  }
  return [...out.values()];
}

export interface ReviewerCandidate {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** Set for the owners of dependent systems: why they are suggested. */
  suggestedBecause: string | null;
}

/**
 * Who can still be assigned: risk owners and admins who are not disabled and not yet reviewers,
 * the owners of dependent systems first (with the reason), then by name.
 */
export async function reviewerCandidates(db: Executor, assessmentId: string): Promise<ReviewerCandidate[]> {
  const [users, owners, current] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "name", "email", "role"])
      .where("role", "in", REVIEWER_ROLES)
      .where("disabled_at", "is", null)
      .orderBy(sql`lower(name)`)
      .orderBy("id")
      .limit(500)
      .execute(),
    dependentSystemOwners(db, assessmentId),
    db.selectFrom("assessment_reviewers").select("user_id").where("assessment_id", "=", assessmentId).execute(),
  ]);
  const assigned = new Set(current.map((r) => r.user_id));
  const suggested = new Map(owners.map((o) => [o.id, ownsText(o)]));
  return users
    .filter((u) => !assigned.has(u.id))
    .map((u) => ({ ...u, suggestedBecause: suggested.get(u.id) ?? null }))
    .sort((a, b) => Number(b.suggestedBecause !== null) - Number(a.suggestedBecause !== null));
}

async function assessmentFacts(db: Executor, assessmentId: string) {
  return db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["a.id", "a.review_due_date", "s.name as supplier", "t.name as template"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirstOrThrow();
}

function checkDueDate(date: CalendarDate, now: Date) {
  if (date < todayOf(now)) throw invalidError("reviewDueDate", "The review due date is in the past: choose today or later");
}

/**
 * Assigns a risk owner or admin as a reviewer (any state before the decision). Without a review
 * due date yet, a submitted assessment gets the default (REVIEW_DAYS after its submit); `reviewDueDate`
 * sets it explicitly. Someone assigned by another person during the review is told by email.
 */
export async function assignReviewer(
  ctx: AppContext,
  actor: Actor,
  assessmentId: string,
  input: { userId: string; reviewDueDate?: CalendarDate | null },
  now = new Date(),
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, assessmentId);
    const refusal = reviewersRefusal(row.status);
    if (refusal) throw stateError(refusal);
    const user = await trx.selectFrom("users").select(["id", "name", "email", "role", "disabled_at"]).where("id", "=", input.userId).executeTakeFirst();
    if (!user || user.disabled_at || !(REVIEWER_ROLES as readonly string[]).includes(user.role)) {
      throw invalidError("userId", "Choose a risk owner or an admin from the list: only they can review");
    }
    if (input.reviewDueDate) checkDueDate(input.reviewDueDate, now);
    const inserted = await trx
      .insertInto("assessment_reviewers")
      .values({ assessment_id: assessmentId, user_id: user.id, assigned_by: actor.type === "user" ? actor.id : null, assigned_at: now })
      .onConflict((oc) => oc.columns(["assessment_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!inserted) throw conflictError("userId", `${user.name} is already a reviewer of this questionnaire`);
    const due =
      input.reviewDueDate ?? (row.review_due_date === null && row.submitted_at ? reviewDueAfterSubmit(null, todayOf(row.submitted_at)) : row.review_due_date);
    if (due !== row.review_due_date)
      await trx.updateTable("assessments").set({ review_due_date: due, updated_at: now }).where("id", "=", assessmentId).execute();
    await recordAudit(trx, actor, {
      action: "review.assign",
      entityType: "assessment",
      entityId: assessmentId,
      details: { userId: user.id, email: user.email, reviewDueDate: due },
    });
    if (isUnderReview(row.status) && user.id !== actor.id) {
      const facts = await assessmentFacts(trx, assessmentId);
      const by = actor.type === "user" ? await trx.selectFrom("users").select("name").where("id", "=", actor.id!).executeTakeFirst() : null;
      await queueEmail(ctx.queue, trx, user.email, "review-requested", {
        recipientName: user.name,
        kind: "assigned",
        supplierName: facts.supplier,
        templateName: facts.template,
        reasons: [],
        assignedByName: by?.name ?? actor.label,
        reviewDueDate: due ? formatDate(due) : null,
        url: `${ctx.config.baseUrl}/assessments/${assessmentId}`,
      });
    }
  });
}

/** Removes a reviewer (any state before the decision). */
export async function unassignReviewer(ctx: AppContext, actor: Actor, assessmentId: string, userId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, assessmentId);
    const refusal = reviewersRefusal(row.status);
    if (refusal) throw stateError(refusal);
    const removed = await trx
      .deleteFrom("assessment_reviewers")
      .where("assessment_id", "=", assessmentId)
      .where("user_id", "=", userId)
      .returning("user_id")
      .executeTakeFirst();
    if (!removed) throw conflictError(null, "That person is not a reviewer of this questionnaire (any more). Reload the page to see who is.");
    const user = await trx.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirst();
    await recordAudit(trx, actor, {
      action: "review.unassign",
      entityType: "assessment",
      entityId: assessmentId,
      details: { userId, email: user?.email ?? null },
    });
  });
}

/** Sets when the review is due (today or later; any state before the decision). */
export async function setReviewDueDate(ctx: AppContext, actor: Actor, assessmentId: string, date: CalendarDate, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAssessment(trx, assessmentId);
    const refusal = reviewersRefusal(row.status);
    if (refusal) throw stateError(refusal);
    checkDueDate(date, now);
    if (row.review_due_date === date) return;
    await trx.updateTable("assessments").set({ review_due_date: date, updated_at: now }).where("id", "=", assessmentId).execute();
    await recordAudit(trx, actor, {
      action: "review.due_date",
      entityType: "assessment",
      entityId: assessmentId,
      details: { from: row.review_due_date, to: date },
    });
  });
}
