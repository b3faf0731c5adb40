// Idempotency keys for API creates: the first request with a key claims it; its reply is stored
// and replayed for a retry with the same key and the same body (one row is made). The same key with
// another body is refused, and a retry while the first is still running is told to wait. Keys are
// per token and kept 24 hours. See docs/decisions/0019-api-idempotency-and-etags.md.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { IDEMPOTENCY_KEY_TTL_MS } from "./api-tokens.server";

export type IdempotencyClaim =
  | { kind: "claimed" }
  | { kind: "replay"; status: number; body: string | null; location: string | null; etag: string | null }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

export async function claimIdempotencyKey(
  db: Kysely<Database>,
  tokenId: string,
  key: string,
  requestHash: string,
  now = new Date(),
): Promise<IdempotencyClaim> {
  // An expired key is forgotten first, so it can be used again.
  await db
    .deleteFrom("api_idempotency_keys")
    .where("token_id", "=", tokenId)
    .where("key", "=", key)
    .where("created_at", "<", new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS))
    .execute();
  const inserted = await db
    .insertInto("api_idempotency_keys")
    .values({ token_id: tokenId, key, request_hash: requestHash, created_at: now })
    .onConflict((oc) => oc.columns(["token_id", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst();
  if (inserted) return { kind: "claimed" };
  const row = await db
    .selectFrom("api_idempotency_keys")
    .select(["request_hash", "status", "response_body", "location", "etag", "completed_at"])
    .where("token_id", "=", tokenId)
    .where("key", "=", key)
    .executeTakeFirst();
  // Deleted between the insert and the read (the first request failed): the caller may retry.
  if (!row) return { kind: "in_progress" };
  if (row.request_hash !== requestHash) return { kind: "mismatch" };
  if (!row.completed_at || row.status === null) return { kind: "in_progress" };
  return { kind: "replay", status: row.status, body: row.response_body, location: row.location, etag: row.etag };
}

export async function completeIdempotencyKey(
  db: Kysely<Database>,
  tokenId: string,
  key: string,
  reply: { status: number; body: string | null; location: string | null; etag: string | null },
  now = new Date(),
): Promise<void> {
  await db
    .updateTable("api_idempotency_keys")
    .set({ status: reply.status, response_body: reply.body, location: reply.location, etag: reply.etag, completed_at: now })
    .where("token_id", "=", tokenId)
    .where("key", "=", key)
    .execute();
}

/** The first request failed (nothing was made): the key is free for a retry. */
export async function releaseIdempotencyKey(db: Kysely<Database>, tokenId: string, key: string): Promise<void> {
  await db.deleteFrom("api_idempotency_keys").where("token_id", "=", tokenId).where("key", "=", key).where("completed_at", "is", null).execute();
}
