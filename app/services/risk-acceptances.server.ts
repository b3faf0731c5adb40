// Risk acceptances (docs/decisions/0013): a named approver accepts a finding, or a vendor
// component's whole residual risk, with a rationale, until an expiry date. The rules are pure
// (app/domain/review/risk-acceptance.ts); this module finds the affected internal systems (those
// that depend on the component at stake) and their owners, writes the acceptance with its history
// entry and audit event, revokes it, and runs the daily sweep that ends expired acceptances and
// reopens the findings they covered.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { formatDate, today as todayOf, type CalendarDate } from "../domain/calendar";
import { AppError, invalidError, notFoundError, stateError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { findingStatusesAllowing, findingTransition, type FindingStatus } from "../domain/review/findings";
import { isActive, mayApprove, validateAcceptance, type AcceptanceFormInput, type ApproverCandidate } from "../domain/review/risk-acceptance";
import type { Principal } from "../domain/permissions";
import type { RiskLevel } from "../domain/scoring/methodology";
import { recordAudit, SYSTEM_ACTOR, userActor, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { appendFindingEvent } from "./finding-records.server";
import { componentRatingsFor } from "./ratings.server";
import { refreshAcceptanceDeadlines } from "./deadlines.server";

/** The acting staff member: who they are (for the rules) and their address (for the audit trail). */
export type ActingUser = Principal & { email: string };

export const NOT_PERMITTED_MESSAGE =
  "Only an admin, or the risk owner of one of our AI systems that depends on this component, can accept or revoke this risk.";

export interface AffectedSystem {
  id: string;
  name: string;
  ownerId: string | null;
  ownerName: string | null;
}

/** Our live (not archived) AI systems that depend on any of the components, by name. */
export async function affectedSystems(db: Kysely<Database>, componentIds: readonly string[]): Promise<AffectedSystem[]> {
  if (componentIds.length === 0) return [];
  const rows = await db
    .selectFrom("ai_system_dependencies as d")
    .innerJoin("ai_systems as sys", "sys.id", "d.ai_system_id")
    .leftJoin("users as o", "o.id", "sys.owner_id")
    .select(["sys.id", "sys.name", "sys.owner_id", "o.name as owner_name"])
    .where("d.ai_component_id", "in", componentIds)
    .where("sys.archived_at", "is", null)
    .orderBy(sql`lower(sys.name)`)
    .orderBy("sys.id")
    .execute();
  // A system depending on several of the components comes once.
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map((r) => ({ id: r.id, name: r.name, ownerId: r.owner_id, ownerName: r.owner_name }));
}

/**
 * The components a finding bears on: its own component; without one, the components in its
 * assessment's scope; without an assessment, the supplier's active components.
 */
export async function findingComponentIds(
  db: Kysely<Database>,
  finding: { ai_component_id: string | null; assessment_id: string | null; supplier_id: string },
): Promise<string[]> {
  if (finding.ai_component_id) return [finding.ai_component_id];
  if (finding.assessment_id) {
    const rows = await db.selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", finding.assessment_id).execute();
    if (rows.length) return rows.map((r) => r.ai_component_id);
  }
  const rows = await db.selectFrom("ai_components").select("id").where("supplier_id", "=", finding.supplier_id).where("archived_at", "is", null).execute();
  return rows.map((r) => r.id);
}

/** Who may be named approver: admins, and the risk owners of the affected systems (active users, by name). */
export async function approverOptions(
  db: Kysely<Database>,
  ownerIds: ReadonlyArray<string | null>,
): Promise<Array<{ id: string; name: string; email: string }>> {
  const owners = ownerIds.filter((id): id is string => id !== null);
  return db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("disabled_at", "is", null)
    .where((eb) =>
      owners.length ? eb.or([eb("role", "=", "admin"), eb.and([eb("role", "=", "risk_owner"), eb("id", "in", owners)])]) : eb("role", "=", "admin"),
    )
    .orderBy(sql`lower(name)`)
    .orderBy("id")
    .execute();
}

async function approverCandidate(db: Kysely<Database>, id: string): Promise<ApproverCandidate | null> {
  if (!isUuid(id)) return null;
  const row = await db.selectFrom("users").select(["id", "name", "role", "disabled_at"]).where("id", "=", id).executeTakeFirst();
  return row ? { id: row.id, name: row.name, role: row.role, disabled: row.disabled_at !== null } : null;
}

/** The first problem as an AppError on its field (the form shows it there). */
function firstProblem(problems: Record<string, string>, order: readonly string[]): AppError | null {
  const field = order.find((f) => problems[f]);
  return field ? invalidError(field, problems[field]!) : null;
}

async function checkAcceptance(
  db: Kysely<Database>,
  actor: ActingUser,
  ownerIds: ReadonlyArray<string | null>,
  input: AcceptanceFormInput,
  today: CalendarDate,
) {
  if (!mayApprove(actor, ownerIds)) throw new AppError("forbidden", NOT_PERMITTED_MESSAGE);
  const approver = await approverCandidate(db, input.approverId);
  const problem = firstProblem(validateAcceptance({ expiresOn: input.expiresOn, approver, affectedOwnerIds: ownerIds }, today), ["approverId", "expiresOn"]);
  if (problem) throw problem;
  return approver!;
}

// ---------------------------------------------------------------------------------------------
// Accepting

async function lockFinding(trx: Transaction<Database>, findingId: string) {
  if (!isUuid(findingId)) throw notFoundError();
  const finding = await trx
    .selectFrom("findings")
    .select(["id", "status", "title", "assessment_id", "supplier_id", "ai_component_id"])
    .where("id", "=", findingId)
    .forUpdate()
    .executeTakeFirst();
  if (!finding) throw notFoundError();
  return finding;
}

/** Accepts a finding's risk: the finding moves to "risk accepted" until the expiry date. Returns the acceptance's id. */
export async function acceptFindingRisk(ctx: AppContext, user: ActingUser, findingId: string, input: AcceptanceFormInput, now = new Date()): Promise<string> {
  const actor = userActor(user);
  return ctx.db.transaction().execute(async (trx) => {
    const finding = await lockFinding(trx, findingId);
    const systems = await affectedSystems(trx, await findingComponentIds(trx, finding));
    const ownerIds = systems.map((s) => s.ownerId);
    const move = findingTransition(finding.status, "accept_risk");
    if (!move.ok) throw stateError(move.reason);
    const approver = await checkAcceptance(trx, user, ownerIds, input, todayOf(now));
    const { id } = await trx
      .insertInto("risk_acceptances")
      .values({
        finding_id: finding.id,
        rationale: input.rationale,
        approver_id: approver.id,
        expires_on: input.expiresOn,
        created_by: user.id,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("findings").set({ status: move.to, closed_at: null, updated_at: now }).where("id", "=", finding.id).execute();
    await appendFindingEvent(
      trx,
      actor,
      finding.id,
      {
        kind: "risk_accepted",
        fromStatus: finding.status,
        toStatus: move.to,
        note: `Accepted by ${approver.name} until ${formatDate(input.expiresOn)}: ${input.rationale}`,
      },
      now,
    );
    await recordAudit(trx, actor, {
      action: "risk.accept",
      entityType: "risk_acceptance",
      entityId: id,
      details: { findingId: finding.id, approverId: approver.id, expiresOn: input.expiresOn },
    });
    await recordAudit(trx, actor, {
      action: "finding.status",
      entityType: "finding",
      entityId: finding.id,
      details: { from: finding.status, to: move.to, acceptanceId: id },
    });
    await refreshAcceptanceDeadlines(trx, [id], now);
    return id;
  });
}

/** Accepts a component's whole residual risk (for all its dependent systems, or for one). Returns the acceptance's id. */
export async function acceptComponentRisk(
  ctx: AppContext,
  user: ActingUser,
  componentId: string,
  input: AcceptanceFormInput,
  now = new Date(),
): Promise<string> {
  const actor = userActor(user);
  if (!isUuid(componentId)) throw notFoundError();
  return ctx.db.transaction().execute(async (trx) => {
    const component = await trx.selectFrom("ai_components").select(["id", "name", "archived_at"]).where("id", "=", componentId).executeTakeFirst();
    if (!component) throw notFoundError();
    const systems = await affectedSystems(trx, [component.id]);
    let scope = systems;
    if (input.systemId) {
      scope = systems.filter((s) => s.id === input.systemId);
      if (scope.length === 0) throw invalidError("systemId", "Choose one of our AI systems that depend on this component");
    }
    const approver = await checkAcceptance(
      trx,
      user,
      scope.map((s) => s.ownerId),
      input,
      todayOf(now),
    );
    const residual: RiskLevel | null = (await componentRatingsFor(trx, [component.id])).get(component.id)?.residual ?? null;
    const { id } = await trx
      .insertInto("risk_acceptances")
      .values({
        ai_component_id: component.id,
        ai_system_id: input.systemId,
        residual_risk: residual,
        rationale: input.rationale,
        approver_id: approver.id,
        expires_on: input.expiresOn,
        created_by: user.id,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "risk.accept",
      entityType: "risk_acceptance",
      entityId: id,
      details: { componentId: component.id, systemId: input.systemId, residualRisk: residual, approverId: approver.id, expiresOn: input.expiresOn },
    });
    await refreshAcceptanceDeadlines(trx, [id], now);
    return id;
  });
}

// ---------------------------------------------------------------------------------------------
// Ending: revoke, and the expiry sweep

/** Whether the finding still has an acceptance in force (other than `exceptId`). */
async function hasOtherActiveAcceptance(trx: Transaction<Database>, findingId: string, exceptId: string | null, today: CalendarDate): Promise<boolean> {
  let query = trx
    .selectFrom("risk_acceptances")
    .select("id")
    .where("finding_id", "=", findingId)
    .where("revoked_at", "is", null)
    .where("expired_at", "is", null)
    .where("expires_on", ">", today);
  if (exceptId) query = query.where("id", "<>", exceptId);
  return Boolean(await query.executeTakeFirst());
}

/**
 * Moves a finding out of "risk accepted" because its acceptance ended (revoked or expired), when no
 * other acceptance still holds it. Returns whether it moved.
 */
async function reopenAfterAcceptance(
  trx: Transaction<Database>,
  actor: Actor,
  findingId: string,
  event: "reopen" | "acceptance_expired",
  note: string,
  acceptanceId: string,
  now: Date,
): Promise<boolean> {
  if (await hasOtherActiveAcceptance(trx, findingId, acceptanceId, todayOf(now))) return false;
  const moved = await trx
    .updateTable("findings")
    .set({ status: "open", closed_at: null, updated_at: now })
    .where("id", "=", findingId)
    .where("status", "=", "risk_accepted")
    .where("status", "in", findingStatusesAllowing(event))
    .returning("id")
    .executeTakeFirst();
  if (!moved) return false;
  await appendFindingEvent(
    trx,
    actor,
    findingId,
    { kind: event === "acceptance_expired" ? "acceptance_expired" : "status", fromStatus: "risk_accepted", toStatus: "open", note },
    now,
  );
  await recordAudit(trx, actor, {
    action: "finding.status",
    entityType: "finding",
    entityId: findingId,
    details: { from: "risk_accepted", to: "open", acceptanceId, reason: event === "acceptance_expired" ? "acceptance_expired" : "acceptance_revoked" },
  });
  return true;
}

/** Revokes an acceptance that is still in force; a finding it held goes back to open. */
export async function revokeAcceptance(
  ctx: AppContext,
  user: ActingUser,
  acceptanceId: string,
  now = new Date(),
): Promise<{ findingId: string | null; componentId: string | null }> {
  const actor = userActor(user);
  if (!isUuid(acceptanceId)) throw notFoundError();
  return ctx.db.transaction().execute(async (trx) => {
    const acceptance = await trx
      .selectFrom("risk_acceptances")
      .select(["id", "finding_id", "ai_component_id", "ai_system_id", "expires_on", "revoked_at", "expired_at"])
      .where("id", "=", acceptanceId)
      .forUpdate()
      .executeTakeFirst();
    if (!acceptance) throw notFoundError();
    const today = todayOf(now);
    if (!isActive({ expiresOn: acceptance.expires_on, revokedAt: acceptance.revoked_at, expiredAt: acceptance.expired_at }, today)) {
      throw stateError("This acceptance has already ended: there is nothing to revoke.");
    }
    let ownerIds: Array<string | null>;
    if (acceptance.finding_id) {
      const finding = await lockFinding(trx, acceptance.finding_id);
      ownerIds = (await affectedSystems(trx, await findingComponentIds(trx, finding))).map((s) => s.ownerId);
    } else {
      const systems = await affectedSystems(trx, [acceptance.ai_component_id!]);
      ownerIds = systems.filter((s) => !acceptance.ai_system_id || s.id === acceptance.ai_system_id).map((s) => s.ownerId);
    }
    if (!mayApprove(user, ownerIds)) throw new AppError("forbidden", NOT_PERMITTED_MESSAGE);
    await trx.updateTable("risk_acceptances").set({ revoked_at: now }).where("id", "=", acceptance.id).execute();
    await recordAudit(trx, actor, {
      action: "risk.acceptance_revoke",
      entityType: "risk_acceptance",
      entityId: acceptance.id,
      details: { findingId: acceptance.finding_id, componentId: acceptance.ai_component_id, expiresOn: acceptance.expires_on },
    });
    await refreshAcceptanceDeadlines(trx, [acceptance.id], now);
    if (acceptance.finding_id) {
      await reopenAfterAcceptance(
        trx,
        actor,
        acceptance.finding_id,
        "reopen",
        "The risk acceptance was revoked: the finding is open again.",
        acceptance.id,
        now,
      );
    }
    return { findingId: acceptance.finding_id, componentId: acceptance.ai_component_id };
  });
}

/**
 * When a finding leaves "risk accepted" by hand (closed or reopened), the acceptances that held it
 * end with it (in the caller's transaction).
 */
export async function endFindingAcceptances(trx: Transaction<Database>, actor: Actor, findingId: string, from: FindingStatus, now: Date): Promise<number> {
  if (from !== "risk_accepted") return 0;
  const ended = await trx
    .updateTable("risk_acceptances")
    .set({ revoked_at: now })
    .where("finding_id", "=", findingId)
    .where("revoked_at", "is", null)
    .where("expired_at", "is", null)
    .returning(["id", "expires_on"])
    .execute();
  for (const row of ended) {
    await recordAudit(trx, actor, {
      action: "risk.acceptance_revoke",
      entityType: "risk_acceptance",
      entityId: row.id,
      details: { findingId, expiresOn: row.expires_on, reason: "finding_moved" },
    });
  }
  return ended.length;
}

export interface SweepResult {
  expired: number;
  reopened: number;
}

/**
 * The daily sweep: every acceptance whose expiry day has come is marked expired, and each finding
 * it held (still "risk accepted", with no other acceptance in force) goes back to open with a
 * history entry "acceptance expired". Idempotent: a second run finds nothing left to do, and two
 * workers running at once expire each acceptance once (each locks the rows it takes and skips
 * those the other holds).
 */
export async function runAcceptanceExpirySweep(ctx: Pick<AppContext, "db">, now = new Date()): Promise<SweepResult> {
  const today = todayOf(now);
  return ctx.db.transaction().execute(async (trx) => {
    // Rows another sweep is ending right now are skipped, not waited for: it ends them.
    const due = await trx
      .selectFrom("risk_acceptances")
      .select("id")
      .where("revoked_at", "is", null)
      .where("expired_at", "is", null)
      .where("expires_on", "<=", today)
      .orderBy("id")
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return { expired: 0, reopened: 0 };
    const expired = await trx
      .updateTable("risk_acceptances")
      .set({ expired_at: now })
      .where(
        "id",
        "in",
        due.map((r) => r.id),
      )
      .returning(["id", "finding_id", "ai_component_id", "expires_on"])
      .execute();
    let reopened = 0;
    for (const row of expired.sort((a, b) => a.id.localeCompare(b.id))) {
      await recordAudit(trx, SYSTEM_ACTOR, {
        action: "risk.acceptance_expire",
        entityType: "risk_acceptance",
        entityId: row.id,
        details: { findingId: row.finding_id, componentId: row.ai_component_id, expiresOn: row.expires_on },
      });
      await refreshAcceptanceDeadlines(trx, [row.id], now);
      if (
        row.finding_id &&
        (await reopenAfterAcceptance(
          trx,
          SYSTEM_ACTOR,
          row.finding_id,
          "acceptance_expired",
          `The risk acceptance expired on ${formatDate(row.expires_on)}: the finding is open again.`,
          row.id,
          now,
        ))
      ) {
        reopened += 1;
      }
    }
    return { expired: expired.length, reopened };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface AcceptanceView {
  id: string;
  findingId: string | null;
  componentId: string | null;
  systemId: string | null;
  systemName: string | null;
  residualRisk: RiskLevel | null;
  rationale: string;
  approverName: string;
  approverEmail: string;
  createdByName: string | null;
  createdAt: string;
  expiresOn: string;
  revokedAt: string | null;
  expiredAt: string | null;
  active: boolean;
}

function acceptanceQuery(db: Kysely<Database>) {
  return db
    .selectFrom("risk_acceptances as r")
    .innerJoin("users as ap", "ap.id", "r.approver_id")
    .leftJoin("users as cr", "cr.id", "r.created_by")
    .leftJoin("ai_systems as sys", "sys.id", "r.ai_system_id")
    .select([
      "r.id",
      "r.finding_id",
      "r.ai_component_id",
      "r.ai_system_id",
      "sys.name as system_name",
      "r.residual_risk",
      "r.rationale",
      "ap.name as approver_name",
      "ap.email as approver_email",
      "cr.name as created_by_name",
      "r.created_at",
      "r.expires_on",
      "r.revoked_at",
      "r.expired_at",
    ])
    .orderBy("r.created_at", "desc")
    .orderBy("r.id");
}

type AcceptanceRow = Awaited<ReturnType<ReturnType<typeof acceptanceQuery>["execute"]>>[number];

function toView(r: AcceptanceRow, today: CalendarDate): AcceptanceView {
  return {
    id: r.id,
    findingId: r.finding_id,
    componentId: r.ai_component_id,
    systemId: r.ai_system_id,
    systemName: r.system_name,
    residualRisk: r.residual_risk,
    rationale: r.rationale,
    approverName: r.approver_name,
    approverEmail: r.approver_email,
    createdByName: r.created_by_name,
    createdAt: r.created_at.toISOString(),
    expiresOn: r.expires_on,
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
    expiredAt: r.expired_at ? r.expired_at.toISOString() : null,
    active: isActive({ expiresOn: r.expires_on, revokedAt: r.revoked_at, expiredAt: r.expired_at }, today),
  };
}

/** Every acceptance of a finding, newest first. */
export async function findingAcceptances(db: Kysely<Database>, findingId: string, now = new Date()): Promise<AcceptanceView[]> {
  if (!isUuid(findingId)) return [];
  const today = todayOf(now);
  return (await acceptanceQuery(db).where("r.finding_id", "=", findingId).execute()).map((r) => toView(r, today));
}

/** The acceptances of a component's residual risk, newest first (`activeOnly`: those in force). */
export async function componentAcceptances(db: Kysely<Database>, componentId: string, options: { activeOnly?: boolean } = {}, now = new Date()) {
  if (!isUuid(componentId)) return [];
  const today = todayOf(now);
  const views = (await acceptanceQuery(db).where("r.ai_component_id", "=", componentId).where("r.finding_id", "is", null).execute()).map((r) =>
    toView(r, today),
  );
  return options.activeOnly ? views.filter((v) => v.active) : views;
}

/** What the component page's acceptance panel shows: acceptances in force, and whether the viewer may add one. */
export async function componentAcceptancePanel(db: Kysely<Database>, componentId: string, viewer: Principal, now = new Date()) {
  const [active, systems] = await Promise.all([componentAcceptances(db, componentId, { activeOnly: true }, now), affectedSystems(db, [componentId])]);
  return {
    componentId,
    active,
    canAccept: mayApprove(
      viewer,
      systems.map((s) => s.ownerId),
    ),
  };
}
