import { sql, type Kysely } from "kysely";

// A CSV import is applied in short batches, each its own transaction (docs/decisions/0011): the
// import's row says where it stands (`applying` while batches run, with a heartbeat), and the undo
// log holds what each batch did (the ids it created, the values it overwrote) so a failed or
// abandoned import can be undone, newest first. The log is deleted once the import is applied.
const up = [
  sql`ALTER TABLE csv_imports ADD COLUMN state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','applying','applied','failed'))`,
  sql`UPDATE csv_imports SET state = 'applied' WHERE applied_at IS NOT NULL`,
  sql`ALTER TABLE csv_imports ADD COLUMN rows_total integer NOT NULL DEFAULT 0 CHECK (rows_total >= 0)`,
  sql`ALTER TABLE csv_imports ADD COLUMN rows_done integer NOT NULL DEFAULT 0 CHECK (rows_done >= 0)`,
  sql`ALTER TABLE csv_imports ADD COLUMN heartbeat_at timestamptz`,
  sql`ALTER TABLE csv_imports ADD COLUMN failure text`,
  sql`CREATE INDEX csv_imports_applying_idx ON csv_imports (heartbeat_at) WHERE state = 'applying'`,
  // No cascade: an undo log must not vanish with its import while the import is being applied.
  sql`CREATE TABLE csv_import_undo (
    import_id uuid NOT NULL REFERENCES csv_imports(id),
    seq integer NOT NULL,
    table_name text NOT NULL CHECK (table_name IN ('suppliers','supplier_contacts','ai_components','ai_systems','ai_system_dependencies')),
    row_id uuid NOT NULL,
    before jsonb,
    PRIMARY KEY (import_id, seq)
  )`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS csv_import_undo`.execute(db);
  await sql`DROP INDEX IF EXISTS csv_imports_applying_idx`.execute(db);
  for (const column of ["failure", "heartbeat_at", "rows_done", "rows_total", "state"]) {
    await sql`ALTER TABLE csv_imports DROP COLUMN IF EXISTS ${sql.ref(column)}`.execute(db);
  }
}

export default { up: migrateUp, down: migrateDown };
