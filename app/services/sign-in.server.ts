// Staff sign-in by emailed magic link: request (queued), send (a job), inspect (GET, consumes
// nothing), redeem (POST); sign out of one session or everywhere.
import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { generateToken, hashToken, isWellFormedToken, tokenMatchesHash } from "../domain/tokens";
import { queueEmail } from "./mail.server";
import { enqueue, JOBS, type JobPayloads } from "./queue.server";
import { recordAudit, userActor } from "./audit.server";
import type { AppContext } from "./context.server";
import { hitRateLimit, type RateLimit } from "./rate-limits.server";
import { createStaffSession, revokeSession, revokeUserSessions, type SessionMeta } from "./sessions.server";

export const SIGN_IN_LINK_MINUTES = 15;
export const INVITE_LINK_DAYS = 7;
export const LIMIT_PER_ADDRESS: RateLimit = { limit: 5, windowSeconds: 15 * 60 };
export const LIMIT_PER_IP: RateLimit = { limit: 30, windowSeconds: 15 * 60 };

/** `next` (a path inside Assay) is where the user lands after signing in. */
export function loginUrl(baseUrl: string, token: string, next = "/") {
  return `${baseUrl}/login/${token}${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`;
}

export async function issueLoginToken(trx: Transaction<Database>, userId: string, purpose: "sign_in" | "invite", now = new Date()): Promise<string> {
  const token = generateToken();
  const ttlMs = purpose === "invite" ? INVITE_LINK_DAYS * 86_400_000 : SIGN_IN_LINK_MINUTES * 60_000;
  await trx
    .insertInto("login_tokens")
    .values({ user_id: userId, token_hash: hashToken(token), purpose, created_at: now, expires_at: new Date(now.getTime() + ttlMs) })
    .execute();
  return token;
}

const bucketKey = (kind: string, value: string) => `sign-in:${kind}:${createHash("sha256").update(value).digest("hex").slice(0, 32)}`;

export type SignInRequestResult = { status: "sent" } | { status: "rate_limited"; retryAfterSeconds: number };

/** A request waiting longer than this (no worker running) is dropped rather than mailed late. */
const LINK_REQUEST_RETENTION_SECONDS = 60 * 60;

/**
 * Queues the address for a sign-in link; the job (sendSignInLink) decides whether it belongs to an
 * active user. The request does the same work either way, so neither the answer nor its timing
 * tells who has an account.
 */
export async function requestSignInLink(ctx: AppContext, email: string, ip: string | null, next = "/"): Promise<SignInRequestResult> {
  const address = email.trim().toLowerCase();
  for (const [bucket, limit] of [
    [bucketKey("ip", ip ?? "unknown"), LIMIT_PER_IP],
    [bucketKey("address", address), LIMIT_PER_ADDRESS],
  ] as const) {
    const hit = await hitRateLimit(ctx.db, bucket, limit);
    if (!hit.allowed) return { status: "rate_limited", retryAfterSeconds: hit.retryAfterSeconds };
  }
  await enqueue(ctx.queue, ctx.db, JOBS.signInLink, { email: address, next }, { retentionSeconds: LINK_REQUEST_RETENTION_SECONDS });
  return { status: "sent" };
}

/**
 * The job: mails a sign-in link when the address belongs to an active user; returns the mail's id,
 * or null. The user row is read FOR SHARE, so a concurrent disable (FOR UPDATE) either waits for
 * the link, and then voids it, or wins, and then no link is made.
 */
export async function sendSignInLink(ctx: AppContext, { email, next }: JobPayloads["sign-in.link"]): Promise<string | null> {
  return ctx.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "name", "email"])
      .where("email", "=", email)
      .where("disabled_at", "is", null)
      .forShare()
      .executeTakeFirst();
    if (!user) return null;
    const token = await issueLoginToken(trx, user.id, "sign_in");
    return queueEmail(ctx.queue, trx, user.email, "sign-in", {
      name: user.name,
      url: loginUrl(ctx.config.baseUrl, token, next),
      minutesValid: SIGN_IN_LINK_MINUTES,
    });
  });
}

/** Every link of the user not yet used stops working (on disabling: re-enabling does not revive them). */
export async function voidLoginTokens(trx: Transaction<Database>, userId: string): Promise<number> {
  const result = await trx.deleteFrom("login_tokens").where("user_id", "=", userId).where("used_at", "is", null).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export type LoginLinkState =
  { state: "valid"; user: { id: string; email: string; name: string }; purpose: "sign_in" | "invite" } | { state: "invalid" | "used" | "expired" };

async function lookUpLoginToken(db: Kysely<Database>, token: string, now: Date) {
  if (!isWellFormedToken(token)) return { link: { state: "invalid" } as LoginLinkState, tokenId: null };
  const row = await db
    .selectFrom("login_tokens")
    .innerJoin("users", "users.id", "login_tokens.user_id")
    .select([
      "login_tokens.id",
      "login_tokens.token_hash",
      "login_tokens.purpose",
      "login_tokens.expires_at",
      "login_tokens.used_at",
      "users.id as userId",
      "users.email",
      "users.name",
      "users.disabled_at",
    ])
    .where("login_tokens.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  // A disabled user's link looks like any unknown link: no hint that the account exists.
  if (!row || row.disabled_at || !tokenMatchesHash(token, row.token_hash)) return { link: { state: "invalid" } as LoginLinkState, tokenId: null };
  if (row.used_at) return { link: { state: "used" } as LoginLinkState, tokenId: null };
  if (row.expires_at <= now) return { link: { state: "expired" } as LoginLinkState, tokenId: null };
  const link: LoginLinkState = { state: "valid", purpose: row.purpose, user: { id: row.userId, email: row.email, name: row.name } };
  return { link, tokenId: row.id };
}

/** For the GET of a link: says what the link is, changes nothing. */
export async function inspectLoginToken(db: Kysely<Database>, token: string, now = new Date()): Promise<LoginLinkState> {
  return (await lookUpLoginToken(db, token, now)).link;
}

export type RedeemResult =
  { ok: true; sessionToken: string; user: { id: string; email: string; name: string } } | { ok: false; state: "invalid" | "used" | "expired" };

/** For the POST of a link: uses it up (once, even under a race) and opens a session. */
export async function redeemLoginToken(ctx: AppContext, token: string, meta: SessionMeta, now = new Date()): Promise<RedeemResult> {
  const { link, tokenId } = await lookUpLoginToken(ctx.db, token, now);
  if (link.state !== "valid" || !tokenId) return { ok: false, state: link.state === "valid" ? "invalid" : link.state };
  return ctx.db.transaction().execute(async (trx): Promise<RedeemResult> => {
    const claimed = await trx
      .updateTable("login_tokens")
      .set({ used_at: now })
      .where("id", "=", tokenId)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning("id")
      .executeTakeFirst();
    if (!claimed) return { ok: false, state: "used" };
    const { token: sessionToken, sessionId } = await createStaffSession(trx, link.user.id, meta, now);
    await trx.updateTable("users").set({ last_sign_in_at: now }).where("id", "=", link.user.id).execute();
    await recordAudit(trx, userActor(link.user), {
      action: "auth.sign_in",
      entityType: "user",
      entityId: link.user.id,
      details: { sessionId, via: link.purpose === "invite" ? "invitation" : "email link", ip: meta.ip },
    });
    return { ok: true, sessionToken, user: link.user };
  });
}

export async function deleteExpiredLoginTokens(db: Kysely<Database>, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - 24 * 3_600_000);
  const result = await db.deleteFrom("login_tokens").where("expires_at", "<", cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function signOut(ctx: AppContext, user: { id: string; email: string; sessionId: string }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await revokeSession(trx, user.sessionId);
    await recordAudit(trx, userActor(user), { action: "auth.sign_out", entityType: "user", entityId: user.id, details: { sessionId: user.sessionId } });
  });
}

/** Ends every session of the user (this one included), e.g. after a lost laptop. Returns how many. */
export async function signOutEverywhere(ctx: AppContext, user: { id: string; email: string; sessionId: string }): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = new Date();
    const endedSessions = await revokeUserSessions(trx, user.id, now);
    await recordAudit(trx, userActor(user), {
      action: "auth.sign_out_everywhere",
      entityType: "user",
      entityId: user.id,
      details: { sessionId: user.sessionId, endedSessions },
    });
    return endedSessions;
  });
}
