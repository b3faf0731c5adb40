// Vendor sessions: what a magic link is exchanged for. A session row of kind 'vendor' tied to one
// access grant, behind its own cookie (never the staff one), and the one guard every /v/a/... route uses.
import { isUuid } from "../domain/ids";
import { parse as parseCookies, serialize as serializeCookie } from "cookie";
import type { AppLoadContext } from "@remix-run/node";
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { AssessmentStatus, Database } from "../../db/schema";
import { generateToken, hashToken, isWellFormedToken } from "../domain/tokens";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { notFound } from "../http/errors.server";
import { isSecureRequest, revokeSession, type SessionMeta } from "./sessions.server";

export const VENDOR_COOKIE = "assay_vendor";
/** The vendor cookie is only ever sent to the vendor portal. */
export const VENDOR_COOKIE_PATH = "/v";
export const VENDOR_SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const VENDOR_SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
const TOUCH_AFTER_MS = 5 * 60 * 1000;

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

export function readVendorToken(request: Request): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  return parseCookies(header)[VENDOR_COOKIE] ?? null;
}

export function vendorCookieHeader(token: string, request: Request, expiresAt: Date, now = new Date()): string {
  return serializeCookie(VENDOR_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureRequest(request),
    path: VENDOR_COOKIE_PATH,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
  });
}

export function clearVendorCookieHeader(request: Request): string {
  return serializeCookie(VENDOR_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: isSecureRequest(request), path: VENDOR_COOKIE_PATH, maxAge: 0 });
}

/** The live vendor session behind a cookie token with its grant and assessment, or null. */
export async function findVendorAccess(db: Kysely<Database>, token: string | null, now = new Date()): Promise<VendorAccess | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await db
    .selectFrom("sessions as se")
    .innerJoin("access_grants as g", "g.id", "se.grant_id")
    .innerJoin("assessments as a", "a.id", "g.assessment_id")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .select([
      "se.id as sessionId",
      "se.expires_at as sessionExpiresAt",
      "se.last_seen_at",
      "se.revoked_at as sessionRevokedAt",
      "g.id as grantId",
      "g.email",
      "g.name",
      "g.sections",
      "g.expires_at as grantExpiresAt",
      "g.revoked_at as grantRevokedAt",
      "a.id as assessmentId",
      "a.status",
      "a.due_date",
      "a.supplier_id",
      "a.template_version_id",
      "a.submitted_at",
      "s.name as supplierName",
    ])
    .where("se.token_hash", "=", hashToken(token))
    .where("se.kind", "=", "vendor")
    .executeTakeFirst();
  if (!row || row.sessionRevokedAt || row.grantRevokedAt) return null;
  if (row.sessionExpiresAt <= now || row.grantExpiresAt <= now) return null;
  if (row.last_seen_at.getTime() + VENDOR_SESSION_IDLE_MS <= now.getTime()) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", row.sessionId).execute();
    await db.updateTable("access_grants").set({ last_used_at: now }).where("id", "=", row.grantId).execute();
  }
  return {
    sessionId: row.sessionId,
    grant: { id: row.grantId, email: row.email, name: row.name, sections: row.sections, expiresAt: row.grantExpiresAt },
    assessment: {
      id: row.assessmentId,
      status: row.status,
      dueDate: row.due_date,
      supplierId: row.supplier_id,
      supplierName: row.supplierName,
      templateVersionId: row.template_version_id,
      submittedAt: row.submitted_at,
    },
  };
}


/**
 * The guard of every vendor page: the vendor session behind the cookie, live, with a grant that is
 * neither revoked nor expired, for exactly the assessment named in the URL. Anything else is a 404,
 * the same 404 as for an assessment that does not exist: the answer never says whether it does.
 */
export async function requireVendorGrant(request: Request, context: AppLoadContext, assessmentIdFromUrl: string | undefined): Promise<VendorAccess> {
  if (!isUuid(assessmentIdFromUrl)) throw notFound();
  const access = await findVendorAccess(context.app.db, readVendorToken(request));
  if (!access || access.assessment.id !== assessmentIdFromUrl) throw notFound();
  return access;
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
