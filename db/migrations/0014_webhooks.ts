import { sql, type Kysely } from "kysely";

// Webhooks (docs/decisions/0022): endpoints admins register, an outbox of events written in the
// same transaction as the change they report, and one delivery row per endpoint and event (its
// attempts, last response and next attempt), plus the one admin setting for private targets.
// The secret is stored as given (whsec_…): the worker needs it to sign; it is shown once.
const up = [
  sql`CREATE TABLE webhook_endpoints (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    event_types text[] NOT NULL,
    secret text NOT NULL CHECK (secret LIKE 'whsec_%'),
    enabled boolean NOT NULL DEFAULT true,
    disabled_reason text CHECK (disabled_reason IS NULL OR length(disabled_reason) <= 1000),
    disabled_at timestamptz,
    consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    created_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    secret_rotated_at timestamptz
  )`,
  sql`CREATE TABLE webhook_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    type text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
    payload jsonb NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    dedupe_key text UNIQUE CHECK (dedupe_key IS NULL OR length(dedupe_key) <= 300)
  )`,
  sql`CREATE TABLE webhook_deliveries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id uuid NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending','delivered','failed')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_status_code integer,
    last_error text,
    last_attempt_at timestamptz,
    next_attempt_at timestamptz,
    delivered_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC)`,
  sql`CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id)`,
  sql`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending','sending')`,
  sql`CREATE TABLE webhook_settings (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    allow_private_targets boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES users(id) ON DELETE SET NULL
  )`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS webhook_settings`.execute(db);
  await sql`DROP TABLE IF EXISTS webhook_deliveries`.execute(db);
  await sql`DROP TABLE IF EXISTS webhook_events`.execute(db);
  await sql`DROP TABLE IF EXISTS webhook_endpoints`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
