import { sql, type Kysely } from "kysely";

// REST API tokens (/api/v1). A token is `assay_pat_<43 base64url chars>` (personal: acts as its
// user, with that user's current role) or `assay_sat_<…>` (service: acts as a service-account user
// row the admin created it with, whose role the admin chose). Only the SHA-256 of the whole token is
// kept; `prefix` (the first characters) is what lists show. Scopes: 'read' or 'read write' (space-separated, as OAuth writes them).
//
// api_idempotency_keys: the first reply to a create sent with an Idempotency-Key, per token, kept
// 24 hours, so a retried create (same key, same body) gets the same reply and makes one row.
const up = [
  sql`CREATE TABLE api_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('personal','service')),
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix text NOT NULL CHECK (length(prefix) BETWEEN 10 AND 30),
    token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    scopes text NOT NULL CHECK (scopes IN ('read', 'read write')),
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz,
    created_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE UNIQUE INDEX api_tokens_token_hash_key ON api_tokens (token_hash)`,
  sql`CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, created_at)`,

  sql`CREATE TABLE api_idempotency_keys (
    token_id uuid NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    status integer,
    response_body text,
    location text,
    etag text,
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    PRIMARY KEY (token_id, key)
  )`,
  sql`CREATE INDEX api_idempotency_keys_created_idx ON api_idempotency_keys (created_at)`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS api_idempotency_keys`.execute(db);
  await sql`DROP TABLE IF EXISTS api_tokens`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
