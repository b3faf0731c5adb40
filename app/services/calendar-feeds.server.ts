// Per-user calendar feeds: an ICS document of the user's deadlines at a secret URL
// (/calendar/<token>.ics). Only the token's SHA-256 is stored; creating a feed revokes the
// previous one, and a revoked, unknown or malformed token gets the same 404 as any other.
import ical from "ical-generator";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { formatDate } from "../domain/calendar";
import { generateToken, hashToken, isWellFormedToken, tokenMatchesHash } from "../domain/tokens";
import type { Role } from "../domain/permissions";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { deadlinesForUser } from "./my-deadlines.server";

export function calendarFeedUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/calendar/${token}.ics`;
}

export interface FeedStatus {
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function activeFeed(db: Kysely<Database>, userId: string): Promise<FeedStatus | null> {
  const row = await db
    .selectFrom("calendar_feeds")
    .select(["created_at", "last_used_at"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return row ? { createdAt: row.created_at, lastUsedAt: row.last_used_at } : null;
}

/** A new feed for the user (any earlier one stops working). Returns the token: shown once, never stored. */
export async function createCalendarFeed(ctx: AppContext, actor: Actor, userId: string, now = new Date()): Promise<string> {
  const token = generateToken();
  await ctx.db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable("calendar_feeds")
      .set({ revoked_at: now })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .returning("id")
      .execute();
    const { id } = await trx
      .insertInto("calendar_feeds")
      .values({ user_id: userId, token_hash: hashToken(token), created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "calendar_feed.create",
      entityType: "calendar_feed",
      entityId: id,
      details: { userId, revokedFeeds: revoked.map((r) => r.id) },
    });
  });
  return token;
}

/** Revokes the user's feed; true when there was one. */
export async function revokeCalendarFeed(ctx: AppContext, actor: Actor, userId: string, now = new Date()): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable("calendar_feeds")
      .set({ revoked_at: now })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .returning("id")
      .execute();
    for (const row of revoked) {
      await recordAudit(trx, actor, { action: "calendar_feed.revoke", entityType: "calendar_feed", entityId: row.id, details: { userId } });
    }
    return revoked.length > 0;
  });
}

/** The feed's owner for a token, or null (malformed, unknown, revoked, or the user is disabled). Marks the feed used. */
export async function feedOwner(db: Kysely<Database>, token: string, now = new Date()): Promise<{ id: string; name: string; role: Role } | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await db
    .selectFrom("calendar_feeds as f")
    .innerJoin("users as u", "u.id", "f.user_id")
    .select(["f.id as feedId", "f.token_hash", "u.id", "u.name", "u.role"])
    .where("f.token_hash", "=", hashToken(token))
    .where("f.revoked_at", "is", null)
    .where("u.disabled_at", "is", null)
    .executeTakeFirst();
  // The lookup is by hash; the constant-time comparison is the final word.
  if (!row || !tokenMatchesHash(token, row.token_hash)) return null;
  await db.updateTable("calendar_feeds").set({ last_used_at: now }).where("id", "=", row.feedId).execute();
  return { id: row.id, name: row.name, role: row.role };
}

/** The ICS document: one all-day event per deadline that concerns the user, with stable UIDs. */
export async function calendarFeedIcs(
  db: Kysely<Database>,
  baseUrl: string,
  user: { id: string; name: string; role: Role },
  now = new Date(),
): Promise<string> {
  const deadlines = await deadlinesForUser(db, user);
  const host = new URL(baseUrl).hostname || "assay";
  const calendar = ical({
    name: `Assay reassessments: ${user.name}`,
    prodId: { company: "Assay", product: "deadlines", language: "EN" },
    ttl: 60 * 60,
  });
  for (const d of deadlines) {
    const url = `${baseUrl}/components/${d.componentId}`;
    const reasons = d.reasons.length ? d.reasons.map((r) => `${r.text} (${formatDate(r.date)})`) : [d.reason];
    calendar.createEvent({
      // One event per component: the UID stays when the date moves, so calendars update it in place.
      id: `component-${d.componentId}@${host}`,
      start: new Date(`${d.dueOn}T00:00:00Z`),
      allDay: true,
      stamp: now,
      summary: `Reassess ${d.componentName} (${d.supplierName})`,
      description: `${reasons.join("\n")}\n\n${url}`,
      url,
    });
  }
  return calendar.toString();
}

/** The weekly digest: wanted or not. */
export async function setDigestOptOut(ctx: AppContext, actor: Actor, userId: string, optOut: boolean): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ digest_opt_out: optOut }).where("id", "=", userId).execute();
    await recordAudit(trx, actor, { action: "user.digest_opt_out", entityType: "user", entityId: userId, details: { optOut } });
  });
}

export async function digestOptOut(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("digest_opt_out").where("id", "=", userId).executeTakeFirst();
  return row?.digest_opt_out ?? false;
}
