import { sql, type Kysely } from "kysely";

// Mail is retried with backoff for a whole window (a day by default) instead of a few minutes: a row
// says whether it is waiting for its next attempt (`retrying`, with when and why) or is being sent right
// now (`sending`, claimed by one worker). Undelivered mail is a small, partially indexed set, so the admin
// list and the staff layout's "mail is failing" check stay cheap however much mail has been sent.
const up = [
  sql`ALTER TABLE emails DROP CONSTRAINT IF EXISTS emails_status_check`,
  sql`ALTER TABLE emails ADD CONSTRAINT emails_status_check CHECK (status IN ('queued','retrying','sending','sent','stored','failed'))`,
  sql`ALTER TABLE emails ADD COLUMN last_attempt_at timestamptz`,
  sql`ALTER TABLE emails ADD COLUMN next_attempt_at timestamptz`,
  sql`CREATE INDEX emails_undelivered_idx ON emails (created_at) WHERE status IN ('queued','retrying','sending','failed')`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS emails_undelivered_idx`.execute(db);
  await sql`UPDATE emails SET status = 'queued' WHERE status IN ('retrying','sending')`.execute(db);
  await sql`ALTER TABLE emails DROP COLUMN IF EXISTS next_attempt_at`.execute(db);
  await sql`ALTER TABLE emails DROP COLUMN IF EXISTS last_attempt_at`.execute(db);
  await sql`ALTER TABLE emails DROP CONSTRAINT IF EXISTS emails_status_check`.execute(db);
  await sql`ALTER TABLE emails ADD CONSTRAINT emails_status_check CHECK (status IN ('queued','sent','stored','failed'))`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
