// REST API tokens: create (the secret is returned once, only its SHA-256 is stored), list, revoke,
// and authenticate a bearer token. A personal token acts as its user with the user's current role;
// a service token acts as a service-account user row created with it (role chosen by the admin,
// signed-in never: its address is under .invalid and the row is disabled for sign-in), so every
// audit event has an actor. See docs/decisions/0018-api-tokens.md.
import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { LAST_USED_RESOLUTION_MS, newApiToken, type ApiScopeChoice, type ApiTokenKind } from "../domain/api-tokens";
import { notFoundError } from "../domain/errors";
import type { Role } from "../domain/permissions";
import { hashToken } from "../domain/tokens";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";

/** Idempotency keys are kept a day. */
export const IDEMPOTENCY_KEY_TTL_MS = 86_400_000;

export const SERVICE_ACCOUNT_DOMAIN = "api.assay.invalid";

export interface ApiTokenListItem {
  id: string;
  kind: ApiTokenKind;
  name: string;
  prefix: string;
  scopes: ApiScopeChoice;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  userId: string;
  userName: string;
  userEmail: string;
  role: Role;
}

export interface CreatedApiToken {
  id: string;
  /** The secret: shown once, never stored. */
  token: string;
  prefix: string;
}

export interface NewTokenInput {
  name: string;
  scopes: ApiScopeChoice;
  expires: Date | null;
}

/** Stores one token (its hash only) for `userId` and audits it, inside the caller's transaction. */
async function insertToken(
  trx: Transaction<Database>,
  actor: Actor,
  kind: ApiTokenKind,
  userId: string,
  input: NewTokenInput,
  secret: { token: string; prefix: string },
  now: Date,
  details: Record<string, unknown> = {},
): Promise<string> {
  const row = await trx
    .insertInto("api_tokens")
    .values({
      kind,
      user_id: userId,
      name: input.name,
      prefix: secret.prefix,
      token_hash: hashToken(secret.token),
      scopes: input.scopes,
      expires_at: input.expires,
      created_by: actor.id,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    action: "api_token.create",
    entityType: "api_token",
    entityId: row.id,
    details: {
      kind,
      userId,
      ...details,
      name: input.name,
      prefix: secret.prefix,
      scopes: input.scopes,
      expiresAt: input.expires?.toISOString() ?? null,
    },
  });
  return row.id;
}

/** A personal token for `userId` (the signed-in user). */
export async function createPersonalToken(ctx: AppContext, actor: Actor, userId: string, input: NewTokenInput, now = new Date()): Promise<CreatedApiToken> {
  const secret = newApiToken("personal");
  const id = await ctx.db.transaction().execute((trx) => insertToken(trx, actor, "personal", userId, input, secret, now));
  return { id, ...secret };
}

/** A service token and the service-account user it acts as (role chosen by the admin). */
export async function createServiceToken(
  ctx: AppContext,
  actor: Actor,
  input: NewTokenInput & { role: Role },
  now = new Date(),
): Promise<CreatedApiToken & { userId: string }> {
  const secret = newApiToken("service");
  const result = await ctx.db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto("users")
      .values({
        email: `service-${randomBytes(6).toString("hex")}@${SERVICE_ACCOUNT_DOMAIN}`,
        name: `Service: ${input.name}`.slice(0, 200),
        role: input.role,
        // Never signs in: the address cannot receive a link, and the row is disabled for sign-in.
        disabled_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = await insertToken(trx, actor, "service", user.id, input, secret, now, { role: input.role });
    return { id, userId: user.id };
  });
  return { ...result, ...secret };
}

function listQuery(db: Kysely<Database>) {
  return db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select([
      "t.id",
      "t.kind",
      "t.name",
      "t.prefix",
      "t.scopes",
      "t.created_at",
      "t.last_used_at",
      "t.expires_at",
      "t.revoked_at",
      "t.user_id",
      "u.name as user_name",
      "u.email as user_email",
      "u.role",
    ])
    .orderBy("t.revoked_at", (ob) => ob.desc().nullsFirst())
    .orderBy("t.created_at", "desc")
    .orderBy("t.id");
}

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>["execute"]>>[number];

const toItem = (row: ListRow): ApiTokenListItem => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  userId: row.user_id,
  userName: row.user_name,
  userEmail: row.user_email,
  role: row.role,
});

/** The user's own personal tokens, newest first (revoked ones last). */
export async function listPersonalTokens(db: Kysely<Database>, userId: string): Promise<ApiTokenListItem[]> {
  const rows = await listQuery(db).where("t.user_id", "=", userId).where("t.kind", "=", "personal").limit(500).execute();
  return rows.map(toItem);
}

/** Every token of every user and every service (the admin page). */
export async function listAllTokens(db: Kysely<Database>): Promise<ApiTokenListItem[]> {
  const rows = await listQuery(db).limit(2000).execute();
  return rows.map(toItem);
}

/**
 * Revokes a token. `ownerId` limits it to that user's personal tokens (the profile page); without
 * it (admins) any token. Revoking twice is harmless; an unknown id (or another user's) is not found.
 */
export async function revokeApiToken(ctx: AppContext, actor: Actor, tokenId: string, options: { ownerId?: string } = {}, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    let query = trx.selectFrom("api_tokens").select(["id", "kind", "user_id", "revoked_at", "prefix"]).where("id", "=", tokenId);
    if (options.ownerId !== undefined) query = query.where("user_id", "=", options.ownerId).where("kind", "=", "personal");
    const row = await query.forUpdate().executeTakeFirst();
    if (!row) throw notFoundError("That token does not exist (or is not yours).");
    if (row.revoked_at) return;
    await trx.updateTable("api_tokens").set({ revoked_at: now }).where("id", "=", tokenId).execute();
    await recordAudit(trx, actor, {
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: tokenId,
      details: { kind: row.kind, userId: row.user_id, prefix: row.prefix },
    });
  });
}

export interface AuthenticatedToken {
  tokenId: string;
  kind: ApiTokenKind;
  scopes: Array<"read" | "write">;
  user: { id: string; email: string; name: string; role: Role };
}

export type TokenRefusal = "unknown" | "revoked" | "expired" | "disabled";

/**
 * The token's principal, or why not. Marks the token used (at most once a minute). The caller has
 * already checked the token's shape (parseBearer), so junk never reaches the query.
 */
export async function authenticateApiToken(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<{ ok: true; token: AuthenticatedToken } | { ok: false; reason: TokenRefusal }> {
  const row = await db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["t.id", "t.kind", "t.scopes", "t.expires_at", "t.revoked_at", "t.last_used_at", "u.id as user_id", "u.email", "u.name", "u.role", "u.disabled_at"])
    .where("t.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revoked_at) return { ok: false, reason: "revoked" };
  if (row.expires_at && row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  // A personal token stops with its user; a service account is never signed in, so its row's flag means nothing here.
  if (row.kind === "personal" && row.disabled_at) return { ok: false, reason: "disabled" };
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
    const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: now })
      .where("id", "=", row.id)
      .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", cutoff)]))
      .execute();
  }
  return {
    ok: true,
    token: {
      tokenId: row.id,
      kind: row.kind,
      scopes: row.scopes === "read write" ? ["read", "write"] : ["read"],
      user: { id: row.user_id, email: row.email, name: row.name, role: row.role },
    },
  };
}

/** Forgets idempotency keys older than a day (the hourly maintenance.cleanup job calls it). */
export async function deleteExpiredIdempotencyKeys(db: Kysely<Database>, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom("api_idempotency_keys")
    .where("created_at", "<", new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
