import { sql, type Kysely } from "kysely";

// A model document may also be imported by a staff user on a component (procurement, on the
// component page): the kept upload then belongs to the user instead of a vendor grant. Exactly one
// of the two is set.
const up = [
  sql`ALTER TABLE model_document_imports ALTER COLUMN grant_id DROP NOT NULL`,
  sql`ALTER TABLE model_document_imports ADD COLUMN user_id uuid REFERENCES users(id) ON DELETE CASCADE`,
  sql`ALTER TABLE model_document_imports ADD CONSTRAINT model_document_imports_importer_check CHECK (num_nonnulls(grant_id, user_id) = 1)`,
  sql`CREATE INDEX model_document_imports_user_idx ON model_document_imports (user_id, assessment_id, created_at DESC) WHERE user_id IS NOT NULL`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM model_document_imports WHERE grant_id IS NULL`.execute(db);
  await sql`DROP INDEX IF EXISTS model_document_imports_user_idx`.execute(db);
  await sql`ALTER TABLE model_document_imports DROP CONSTRAINT IF EXISTS model_document_imports_importer_check`.execute(db);
  await sql`ALTER TABLE model_document_imports DROP COLUMN IF EXISTS user_id`.execute(db);
  await sql`ALTER TABLE model_document_imports ALTER COLUMN grant_id SET NOT NULL`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
