// Access grants: one per vendor contact and assessment, behind a magic link. The link's token is
// 32 random bytes; only its SHA-256 is stored. A GET only inspects a link; a POST exchanges it for a
// vendor session. Procurement can resend (a new token: the old link stops working) or revoke.
import { isUuid } from "../domain/ids";
import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import * as z from "zod";
import type { Database } from "../../db/schema";
import type { AssessmentStatus } from "../../db/schema";
import { isOpen, isWithBuyer, OPEN_STATUSES } from "../domain/assessment-lifecycle";
import { formatDate } from "../domain/calendar";
import { dueDeadline } from "../domain/reminders";
import { generateToken, hashToken, isWellFormedToken, tokenMatchesHash } from "../domain/tokens";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { AppError } from "../domain/errors";
import { queueEmail } from "./mail.server";
import { enqueue, JOBS, type JobPayloads } from "./queue.server";
import { hitRateLimit, type RateLimit } from "./rate-limits.server";
import type { SessionMeta } from "./sessions.server";
import { createVendorSession, revokeGrantSessions, vendorActor } from "./vendor-session.server";

const DAY_MS = 86_400_000;
export const NEW_LINK_PER_ADDRESS: RateLimit = { limit: 3, windowSeconds: 15 * 60 };
export const NEW_LINK_PER_IP: RateLimit = { limit: 20, windowSeconds: 15 * 60 };
/** At most this many open questionnaires get a new link from one request. */
const NEW_LINK_MAX_GRANTS = 10;

export function vendorLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/v/${token}`;
}

/** A link works until the end of the due date plus the grace period. */
export function grantExpiry(dueDate: string, graceDays: number): Date {
  return new Date(dueDeadline(dueDate).getTime() + graceDays * DAY_MS);
}

/** A link sent again (resend, reminder, new link) also works for at least the grace period from now. */
export function renewedGrantExpiry(dueDate: string, graceDays: number, now = new Date()): Date {
  return new Date(Math.max(grantExpiry(dueDate, graceDays).getTime(), now.getTime() + Math.max(graceDays, 1) * DAY_MS));
}

/** The last day a link works, for emails ("until 12 Mar 2027"). */
export function lastValidDay(expiresAt: Date): string {
  return formatDate(new Date(expiresAt.getTime() - 1));
}

export interface NewGrant {
  assessmentId: string;
  contactId: string | null;
  email: string;
  name: string;
  expiresAt: Date;
  invitedByGrantId?: string | null;
  sections?: string[] | null;
}

/** Creates a grant in the caller's transaction; returns the token (to mail; it is never stored). */
export async function createGrant(trx: Transaction<Database>, grant: NewGrant, now = new Date()): Promise<{ grantId: string; token: string }> {
  const token = generateToken();
  const { id } = await trx
    .insertInto("access_grants")
    .values({
      assessment_id: grant.assessmentId,
      contact_id: grant.contactId,
      email: grant.email.trim().toLowerCase(),
      name: grant.name.trim().slice(0, 200) || grant.email,
      token_hash: hashToken(token),
      expires_at: grant.expiresAt,
      invited_by_grant_id: grant.invitedByGrantId ?? null,
      sections: grant.sections ?? null,
      created_at: now,
      last_sent_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { grantId: id, token };
}

/** A new token for a grant: the previous link stops working at once. */
export async function rotateGrantToken(trx: Transaction<Database>, grantId: string, expiresAt: Date, now = new Date()): Promise<string> {
  const token = generateToken();
  await trx
    .updateTable("access_grants")
    .set({ token_hash: hashToken(token), expires_at: expiresAt, last_sent_at: now })
    .where("id", "=", grantId)
    .execute();
  return token;
}

interface GrantMailFacts {
  grantId: string;
  email: string;
  name: string;
  supplierName: string;
  dueDate: string;
  message: string | null;
  issuedBy: string;
  questionnaireName: string;
}

async function grantMailFacts(trx: Kysely<Database>, grantId: string): Promise<GrantMailFacts> {
  const row = await trx
    .selectFrom("access_grants as g")
    .innerJoin("assessments as a", "a.id", "g.assessment_id")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .leftJoin("users as u", "u.id", "a.issued_by")
    .select(["g.id", "g.email", "g.name", "s.name as supplierName", "a.due_date", "a.message", "u.name as issuerName", "t.name as templateName"])
    .where("g.id", "=", grantId)
    .executeTakeFirstOrThrow();
  return {
    grantId: row.id,
    email: row.email,
    name: row.name,
    supplierName: row.supplierName,
    dueDate: row.due_date,
    message: row.message,
    issuedBy: row.issuerName ?? "Our procurement team",
    questionnaireName: row.templateName,
  };
}

/** Queues the invitation (or, again, the invitation with a new link) for a grant. */
export async function queueInvitation(ctx: AppContext, trx: Transaction<Database>, grantId: string, token: string, expiresAt: Date): Promise<string> {
  const facts = await grantMailFacts(trx, grantId);
  return queueEmail(ctx.queue, trx, facts.email, "assessment-invitation", {
    contactName: facts.name,
    supplierName: facts.supplierName,
    message: facts.message,
    issuedBy: facts.issuedBy,
    questionnaireName: facts.questionnaireName,
    dueDate: formatDate(facts.dueDate),
    validUntil: lastValidDay(expiresAt),
    url: vendorLinkUrl(ctx.config.baseUrl, token),
  });
}

// ---------------------------------------------------------------------------------------------
// The link: inspect on GET, exchange on POST

export type GrantLinkState =
  | { state: "valid"; grantId: string; assessmentId: string; email: string; name: string; supplierName: string; dueDate: string }
  | { state: "invalid" }
  | { state: "revoked" }
  | { state: "closed"; supplierName: string }
  | { state: "submitted"; supplierName: string; submittedAt: Date | null }
  | { state: "expired"; supplierName: string; dueDate: string };

export type GrantLinkProblem = Exclude<GrantLinkState["state"], "valid">;

/** Whether the assessment has a finding the vendor can still respond to. */
async function hasOpenFindings(db: Kysely<Database>, assessmentId: string): Promise<boolean> {
  const row = await db
    .selectFrom("findings")
    .select("id")
    .where("assessment_id", "=", assessmentId)
    .where("status", "in", ["open", "remediating"])
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Where a link leads: the questionnaire, or (`?next=changes`, the standing link in invitations and
 * reminders) the change-report page, which stays open while the answers are with the buyer.
 */
export type GrantLinkPurpose = "questionnaire" | "changes";

async function lookUpGrantToken(db: Kysely<Database>, token: string, now: Date, purpose: GrantLinkPurpose = "questionnaire") {
  if (!isWellFormedToken(token)) return { link: { state: "invalid" } as GrantLinkState, expiresAt: null };
  const row = await db
    .selectFrom("access_grants as g")
    .innerJoin("assessments as a", "a.id", "g.assessment_id")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .select([
      "g.id",
      "g.token_hash",
      "g.email",
      "g.name",
      "g.expires_at",
      "g.revoked_at",
      "a.id as assessmentId",
      "a.status",
      "a.due_date",
      "a.submitted_at",
      "s.name as supplierName",
    ])
    .where("g.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || !tokenMatchesHash(token, row.token_hash)) return { link: { state: "invalid" } as GrantLinkState, expiresAt: null };
  if (row.revoked_at) return { link: { state: "revoked" } as GrantLinkState, expiresAt: null };
  if (row.status === "closed") return { link: { state: "closed", supplierName: row.supplierName } as GrantLinkState, expiresAt: null };
  // Waiting for the buyer, there is nothing for the vendor to do — unless a finding awaits its response.
  // A change can be reported whatever the questionnaire's state, as long as the link works.
  if (purpose !== "changes" && isWithBuyer(row.status) && !(await hasOpenFindings(db, row.assessmentId))) {
    return { link: { state: "submitted", supplierName: row.supplierName, submittedAt: row.submitted_at } as GrantLinkState, expiresAt: null };
  }
  if (row.expires_at <= now) return { link: { state: "expired", supplierName: row.supplierName, dueDate: row.due_date } as GrantLinkState, expiresAt: null };
  const link: GrantLinkState = {
    state: "valid",
    grantId: row.id,
    assessmentId: row.assessmentId,
    email: row.email,
    name: row.name,
    supplierName: row.supplierName,
    dueDate: row.due_date,
  };
  return { link, expiresAt: row.expires_at };
}

/** For the GET of a link: says what the link is, changes nothing (mail scanners follow links). */
export async function inspectGrantToken(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
  purpose: GrantLinkPurpose = "questionnaire",
): Promise<GrantLinkState> {
  return (await lookUpGrantToken(db, token, now, purpose)).link;
}

export type ExchangeResult =
  { ok: true; sessionToken: string; sessionExpiresAt: Date; assessmentId: string; grantId: string } | { ok: false; state: GrantLinkProblem };

/**
 * For the POST of a link: opens a vendor session limited to the grant's assessment. The link stays
 * usable until it expires, is revoked or replaced: vendors come back over several visits.
 */
export async function exchangeGrantToken(
  ctx: AppContext,
  token: string,
  meta: SessionMeta,
  now = new Date(),
  purpose: GrantLinkPurpose = "questionnaire",
): Promise<ExchangeResult> {
  const { link } = await lookUpGrantToken(ctx.db, token, now, purpose);
  if (link.state !== "valid") return { ok: false, state: link.state };
  return ctx.db.transaction().execute(async (trx): Promise<ExchangeResult> => {
    // Checked again under a lock: a revoke or resend that committed meanwhile wins.
    const grant = await trx
      .selectFrom("access_grants")
      .select(["id", "email", "expires_at", "revoked_at", "token_hash"])
      .where("id", "=", link.grantId)
      .forUpdate()
      .executeTakeFirst();
    if (!grant || grant.revoked_at || grant.token_hash !== hashToken(token)) return { ok: false, state: grant?.revoked_at ? "revoked" : "invalid" };
    if (grant.expires_at <= now) return { ok: false, state: "expired" };
    const session = await createVendorSession(trx, grant.id, grant.expires_at, meta, now);
    await trx.updateTable("access_grants").set({ last_used_at: now }).where("id", "=", grant.id).execute();
    await recordAudit(trx, vendorActor(grant), {
      action: "assessment.link_exchange",
      entityType: "assessment",
      entityId: link.assessmentId,
      details: { grantId: grant.id, sessionId: session.sessionId, ip: meta.ip },
    });
    return { ok: true, sessionToken: session.token, sessionExpiresAt: session.expiresAt, assessmentId: link.assessmentId, grantId: grant.id };
  });
}

// ---------------------------------------------------------------------------------------------
// Procurement: resend and revoke

/** The grant, only when it belongs to this assessment: another assessment's grant is "not found". */
async function lockGrantOf(trx: Transaction<Database>, assessmentId: string, grantId: string) {
  if (!isUuid(assessmentId) || !isUuid(grantId)) throw new AppError("not_found", "Not found");
  const row = await trx
    .selectFrom("access_grants as g")
    .innerJoin("assessments as a", "a.id", "g.assessment_id")
    .select(["g.id", "g.email", "g.revoked_at", "a.status", "a.due_date"])
    .where("g.id", "=", grantId)
    .where("g.assessment_id", "=", assessmentId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError("not_found", "Not found");
  return row;
}

/** A new link by email (the old one stops working); a revoked grant gets its access back. */
export async function resendGrant(ctx: AppContext, actor: Actor, assessmentId: string, grantId: string, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const grant = await lockGrantOf(trx, assessmentId, grantId);
    if (!isOpen(grant.status)) {
      throw new AppError("conflict", "This questionnaire is no longer open for answers: reopen it before sending a new link.");
    }
    const expiresAt = renewedGrantExpiry(grant.due_date, ctx.config.grantGraceDays, now);
    const token = await rotateGrantToken(trx, grant.id, expiresAt, now);
    if (grant.revoked_at) await trx.updateTable("access_grants").set({ revoked_at: null }).where("id", "=", grant.id).execute();
    const emailId = await queueInvitation(ctx, trx, grant.id, token, expiresAt);
    await recordAudit(trx, actor, {
      action: "assessment.grant_resend",
      entityType: "assessment",
      entityId: assessmentId,
      details: { grantId: grant.id, email: grant.email, restored: Boolean(grant.revoked_at), expiresAt: expiresAt.toISOString(), emailId },
    });
  });
}

/** Ends a contact's access: the link stops working and their open sessions end. */
export async function revokeGrant(ctx: AppContext, actor: Actor, assessmentId: string, grantId: string, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const grant = await lockGrantOf(trx, assessmentId, grantId);
    if (grant.revoked_at) return;
    await trx.updateTable("access_grants").set({ revoked_at: now }).where("id", "=", grant.id).execute();
    const sessions = await revokeGrantSessions(trx, grant.id, now);
    await recordAudit(trx, actor, {
      action: "assessment.grant_revoke",
      entityType: "assessment",
      entityId: assessmentId,
      details: { grantId: grant.id, email: grant.email, sessionsEnded: sessions },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// "Send me a new link"

const bucketKey = (kind: string, value: string) => `vendor-link:${kind}:${createHash("sha256").update(value).digest("hex").slice(0, 32)}`;

export type NewLinkResult = { status: "sent" } | { status: "rate_limited"; retryAfterSeconds: number };

/** A request waiting longer than this (no worker running) is dropped rather than mailed late. */
const NEW_LINK_REQUEST_RETENTION_SECONDS = 60 * 60;

/**
 * Queues the address (and the expired link's hash, as a hint) for new links; the job
 * (sendNewLinks) decides whether it has open questionnaires. The request does the same work
 * whether or not anything will be sent, so neither the answer nor its timing tells which addresses
 * we know; it is rate limited per address and per IP address.
 */
export async function requestNewLink(
  ctx: AppContext,
  email: string,
  ip: string | null,
  hint: { token?: string | null } = {},
  now = new Date(),
): Promise<NewLinkResult> {
  const address = email.trim().toLowerCase();
  for (const [bucket, limit] of [
    [bucketKey("ip", ip ?? "unknown"), NEW_LINK_PER_IP],
    [bucketKey("address", address), NEW_LINK_PER_ADDRESS],
  ] as const) {
    const hit = await hitRateLimit(ctx.db, bucket, limit, now);
    if (!hit.allowed) return { status: "rate_limited", retryAfterSeconds: hit.retryAfterSeconds };
  }
  if (!z.email().safeParse(address).success) return { status: "sent" };
  // Only the hash goes into the queue: the hint may be a link that still works.
  const tokenHash = hint.token && isWellFormedToken(hint.token) ? hashToken(hint.token) : null;
  await enqueue(ctx.queue, ctx.db, JOBS.vendorNewLink, { email: address, ip, tokenHash }, { retentionSeconds: NEW_LINK_REQUEST_RETENTION_SECONDS });
  return { status: "sent" };
}

/**
 * The job: mails a fresh link for the address's open questionnaires (or, with the expired link as
 * a hint, for that one). Returns how many were sent.
 */
export async function sendNewLinks(ctx: AppContext, { email: address, ip, tokenHash }: JobPayloads["vendor.new-link"], now = new Date()): Promise<number> {
  let query = ctx.db
    .selectFrom("access_grants as g")
    .innerJoin("assessments as a", "a.id", "g.assessment_id")
    .select(["g.id", "a.id as assessmentId", "a.due_date"])
    .where("g.email", "=", address)
    .where("g.revoked_at", "is", null)
    // The lifecycle's open states; the column's type lists only the states stored so far.
    .where("a.status", "in", OPEN_STATUSES as readonly string[] as AssessmentStatus[]);
  // The expired link names its grant: then only that questionnaire gets a new link.
  if (tokenHash) {
    const hinted = await ctx.db.selectFrom("access_grants").select("id").where("token_hash", "=", tokenHash).executeTakeFirst();
    if (hinted) query = query.where("g.id", "=", hinted.id);
  }
  const grants = await query.orderBy("a.due_date").limit(NEW_LINK_MAX_GRANTS).execute();
  if (grants.length === 0) return 0;

  await ctx.db.transaction().execute(async (trx) => {
    for (const grant of grants) {
      const expiresAt = renewedGrantExpiry(grant.due_date, ctx.config.grantGraceDays, now);
      const token = await rotateGrantToken(trx, grant.id, expiresAt, now);
      const facts = await grantMailFacts(trx, grant.id);
      const emailId = await queueEmail(ctx.queue, trx, facts.email, "vendor-new-link", {
        contactName: facts.name,
        supplierName: facts.supplierName,
        dueDate: formatDate(facts.dueDate),
        validUntil: lastValidDay(expiresAt),
        url: vendorLinkUrl(ctx.config.baseUrl, token),
      });
      await recordAudit(trx, vendorActor({ id: grant.id, email: address }), {
        action: "assessment.link_request",
        entityType: "assessment",
        entityId: grant.assessmentId,
        details: { grantId: grant.id, ip, emailId },
      });
    }
  });
  return grants.length;
}
