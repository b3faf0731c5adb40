// Vendor sessions: what a magic link is exchanged for. A session row of kind 'vendor' tied to one
// access grant. This is the data half (create, find, end); the cookie and the guard every
// /v/a/... route uses are HTTP's (app/http/vendor-guard.server.ts).
import type { Kysely, Transaction } from "kysely";
import type { AssessmentStatus, Database } from "../../db/schema";
import { isUuid } from "../domain/ids";
import { needsTouch, sessionState, type SessionLimits } from "../domain/session-validity";
import { generateToken, hashToken, isWellFormedToken } from "../domain/tokens";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { findLiveGrant } from "./live-grant.server";
import { revokeSession, type SessionMeta } from "./sessions.server";

export const VENDOR_SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const VENDOR_SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
export const VENDOR_SESSION_LIMITS: SessionLimits = { idleMs: VENDOR_SESSION_IDLE_MS, absoluteMs: VENDOR_SESSION_ABSOLUTE_MS };

export interface VendorAccess {
  sessionId: string;
  grant: { id: string; email: string; name: string; sections: string[] | null; expiresAt: Date };
  assessment: {
    id: string;
    status: AssessmentStatus;
    dueDate: string;
    supplierId: string;
    supplierName: string;
    templateVersionId: string;
    submittedAt: Date | null;
  };
}

export function vendorActor(grant: { id: string; email: string }): Actor {
  return { type: "vendor", id: grant.id, label: grant.email };
}

export async function createVendorSession(trx: Transaction<Database>, grantId: string, grantExpiresAt: Date, meta: SessionMeta, now = new Date()) {
  const token = generateToken();
  const expiresAt = new Date(Math.min(now.getTime() + VENDOR_SESSION_ABSOLUTE_MS, grantExpiresAt.getTime()));
  const { id } = await trx
    .insertInto("sessions")
    .values({
      token_hash: hashToken(token),
      kind: "vendor",
      user_id: null,
      grant_id: grantId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { token, sessionId: id, expiresAt };
}

/**
 * The live vendor session behind a cookie token, with its grant, for exactly this assessment: the
 * session valid (not revoked, not idle or past its absolute limit), its grant live and of this
 * assessment. Anything else is null, and the caller cannot tell which.
 */
export async function findVendorAccess(db: Kysely<Database>, token: string | null, assessmentId: string, now = new Date()): Promise<VendorAccess | null> {
  if (!isWellFormedToken(token) || !isUuid(assessmentId)) return null;
  const session = await db
    .selectFrom("sessions")
    .select(["id", "grant_id", "created_at", "last_seen_at", "expires_at", "revoked_at"])
    .where("token_hash", "=", hashToken(token))
    .where("kind", "=", "vendor")
    .executeTakeFirst();
  if (!session?.grant_id) return null;
  const state = sessionState(
    { createdAt: session.created_at, lastSeenAt: session.last_seen_at, expiresAt: session.expires_at, revokedAt: session.revoked_at },
    VENDOR_SESSION_LIMITS,
    now,
  );
  if (state !== "valid") return null;
  const grant = await findLiveGrant(db, session.grant_id, assessmentId, now);
  if (!grant) return null;
  const assessment = await db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .select(["a.id", "a.status", "a.due_date", "a.supplier_id", "a.template_version_id", "a.submitted_at", "s.name as supplierName"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!assessment) return null;
  if (needsTouch(session.last_seen_at, now)) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", session.id).execute();
    await db.updateTable("access_grants").set({ last_used_at: now }).where("id", "=", grant.id).execute();
  }
  return {
    sessionId: session.id,
    grant,
    assessment: {
      id: assessment.id,
      status: assessment.status,
      dueDate: assessment.due_date,
      supplierId: assessment.supplier_id,
      supplierName: assessment.supplierName,
      templateVersionId: assessment.template_version_id,
      submittedAt: assessment.submitted_at,
    },
  };
}

/** Sign-out: the session ends on the server, not only in the browser. */
export async function signOutVendor(ctx: AppContext, access: VendorAccess): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await revokeSession(trx, access.sessionId);
    await recordAudit(trx, vendorActor(access.grant), {
      action: "assessment.vendor_sign_out",
      entityType: "assessment",
      entityId: access.assessment.id,
      details: { grantId: access.grant.id, sessionId: access.sessionId },
    });
  });
}

export async function revokeGrantSessions(trx: Kysely<Database>, grantId: string, now = new Date()): Promise<number> {
  const result = await trx.updateTable("sessions").set({ revoked_at: now }).where("grant_id", "=", grantId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
