// Server-side sessions: the cookie holds a random token, the database only its hash.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { Role } from "../domain/permissions";
import { needsTouch, sessionState, type SessionLimits } from "../domain/session-validity";
import { generateToken, hashToken, isWellFormedToken } from "../domain/tokens";

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
export const STAFF_SESSION_LIMITS: SessionLimits = { idleMs: SESSION_IDLE_MS, absoluteMs: SESSION_ABSOLUTE_MS };

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface StaffSession {
  sessionId: string;
  user: { id: string; email: string; name: string; role: Role };
}

export async function createStaffSession(trx: Transaction<Database>, userId: string, meta: SessionMeta, now = new Date()) {
  const token = generateToken();
  const { id } = await trx
    .insertInto("sessions")
    .values({
      token_hash: hashToken(token),
      kind: "staff",
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { token, sessionId: id };
}

/** The live staff session behind the request's cookie, or null for none, expired, revoked or tampered. */
export async function findStaffSession(db: Kysely<Database>, token: string | null, now = new Date()): Promise<StaffSession | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as sessionId",
      "sessions.created_at",
      "sessions.last_seen_at",
      "sessions.expires_at",
      "sessions.revoked_at",
      "users.id as userId",
      "users.email",
      "users.name",
      "users.role",
      "users.disabled_at",
    ])
    .where("sessions.token_hash", "=", hashToken(token))
    .where("sessions.kind", "=", "staff")
    .executeTakeFirst();
  if (!row || row.disabled_at) return null;
  const state = sessionState(
    { createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, revokedAt: row.revoked_at },
    STAFF_SESSION_LIMITS,
    now,
  );
  if (state !== "valid") return null;
  if (needsTouch(row.last_seen_at, now)) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", row.sessionId).execute();
  }
  return { sessionId: row.sessionId, user: { id: row.userId, email: row.email, name: row.name, role: row.role } };
}

export async function revokeSession(trx: Kysely<Database>, sessionId: string, now = new Date()) {
  await trx.updateTable("sessions").set({ revoked_at: now }).where("id", "=", sessionId).where("revoked_at", "is", null).execute();
}

export async function revokeUserSessions(trx: Kysely<Database>, userId: string, now = new Date()) {
  const result = await trx.updateTable("sessions").set({ revoked_at: now }).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteStaleSessions(db: Kysely<Database>, now = new Date()): Promise<number> {
  const idleCutoff = new Date(now.getTime() - SESSION_IDLE_MS);
  const result = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<", now), eb("last_seen_at", "<", idleCutoff), eb("revoked_at", "is not", null)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
