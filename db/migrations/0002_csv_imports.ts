import { sql, type Kysely } from "kysely";

// Uploaded CSV files waiting for the uploader to confirm the import (see app/services/inventory-csv.server.ts).
// The content is kept as text so "apply" can check it again against the database as it is then.
const up = [
  sql`CREATE TABLE csv_imports (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('suppliers','contacts','components','systems','dependencies')),
    file_name text NOT NULL CHECK (length(file_name) <= 300),
    content text NOT NULL,
    row_count integer NOT NULL CHECK (row_count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    applied_at timestamptz
  )`,
  sql`CREATE INDEX csv_imports_user_idx ON csv_imports (user_id, created_at DESC)`,
  sql`CREATE INDEX csv_imports_pending_idx ON csv_imports (created_at) WHERE applied_at IS NULL`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS csv_imports`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
