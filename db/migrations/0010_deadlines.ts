import { sql, type Kysely } from "kysely";

// Deadlines: vendor change notices against a component; each component's current next
// reassessment (kept in the transaction of every change that moves it, and by a nightly sweep);
// per-user calendar feeds behind hashed, revocable tokens; and the deadline reminders and digests
// already sent (their keys make "never twice" hold across sweeps and workers).
const up = [
  sql`CREATE TABLE change_notices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    ai_component_id uuid NOT NULL REFERENCES ai_components(id),
    supplier_id uuid NOT NULL REFERENCES suppliers(id),
    kind text NOT NULL CHECK (kind IN ('model_version','retrain','training_data','subprocessor','incident')),
    occurred_on date NOT NULL,
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
    reported_by_grant_id uuid REFERENCES access_grants(id) ON DELETE SET NULL,
    reported_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    reported_label text NOT NULL CHECK (length(reported_label) BETWEEN 1 AND 300),
    created_at timestamptz NOT NULL DEFAULT now(),
    reviewed_at timestamptz,
    reviewed_by_assessment_id uuid REFERENCES assessments(id) ON DELETE SET NULL
  )`,
  sql`CREATE INDEX change_notices_component_idx ON change_notices (ai_component_id, occurred_on DESC)`,
  sql`CREATE INDEX change_notices_unreviewed_idx ON change_notices (ai_component_id) WHERE reviewed_at IS NULL`,
  sql`CREATE INDEX change_notices_supplier_idx ON change_notices (supplier_id, created_at DESC)`,

  sql`CREATE TABLE component_deadlines (
    ai_component_id uuid PRIMARY KEY REFERENCES ai_components(id) ON DELETE CASCADE,
    due_on date NOT NULL,
    reason_kind text NOT NULL,
    reason text NOT NULL,
    reasons jsonb NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX component_deadlines_due_idx ON component_deadlines (due_on)`,

  sql`CREATE TABLE calendar_feeds (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    last_used_at timestamptz
  )`,
  sql`CREATE UNIQUE INDEX calendar_feeds_token_hash_key ON calendar_feeds (token_hash)`,
  sql`CREATE INDEX calendar_feeds_user_idx ON calendar_feeds (user_id) WHERE revoked_at IS NULL`,

  // One row per reminder sent about a component's deadline to one person: the sweep inserts
  // ON CONFLICT DO NOTHING and mails only when its insert won. due_on is part of the key, so a
  // deadline that moves earns its reminders again.
  sql`CREATE TABLE deadline_reminders_sent (
    ai_component_id uuid NOT NULL REFERENCES ai_components(id) ON DELETE CASCADE,
    recipient text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
    kind text NOT NULL CHECK (kind ~ '^(due_[0-9]{1,3}|overdue|evidence_request)$'),
    due_on date NOT NULL,
    email_id uuid REFERENCES emails(id) ON DELETE SET NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ai_component_id, recipient, kind, due_on)
  )`,
  sql`CREATE TABLE digests_sent (
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    week_of date NOT NULL,
    email_id uuid REFERENCES emails(id) ON DELETE SET NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, week_of)
  )`,
  sql`ALTER TABLE users ADD COLUMN digest_opt_out boolean NOT NULL DEFAULT false`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN IF EXISTS digest_opt_out`.execute(db);
  for (const table of ["digests_sent", "deadline_reminders_sent", "calendar_feeds", "component_deadlines", "change_notices"]) {
    await sql`DROP TABLE IF EXISTS ${sql.raw(table)}`.execute(db);
  }
}

export default { up: migrateUp, down: migrateDown };
