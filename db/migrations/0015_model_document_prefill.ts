import { sql, type Kysely } from "kysely";

// Answers pre-filled from a vendor's model document (CycloneDX ML-BOM or SPDX 3 AI package), and the
// uploads waiting on their preview. The CHECK on answers.prefill_source (named by PostgreSQL after
// the column, from 0012) is widened by one value. An upload is kept per vendor grant until it is
// applied, replaced by the next upload, or a day old, so the preview survives a reload; the content
// is the document's text (the service refuses anything over 5 MB before it gets here).
const up = [
  sql`ALTER TABLE answers DROP CONSTRAINT IF EXISTS answers_prefill_source_check`,
  sql`ALTER TABLE answers ADD CONSTRAINT answers_prefill_source_check
    CHECK (prefill_source IS NULL OR prefill_source IN ('previous_cycle','buyer_records','model_document'))`,
  sql`CREATE TABLE model_document_imports (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    grant_id uuid NOT NULL REFERENCES access_grants(id) ON DELETE CASCADE,
    file_name text NOT NULL CHECK (length(file_name) <= 300),
    format text NOT NULL CHECK (format IN ('cyclonedx-1.6','spdx-3.0.1')),
    content text NOT NULL,
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes integer NOT NULL CHECK (size_bytes > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    applied_at timestamptz
  )`,
  sql`CREATE INDEX model_document_imports_grant_idx ON model_document_imports (grant_id, assessment_id, created_at DESC)`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS model_document_imports`.execute(db);
  await sql`UPDATE answers SET prefill_source = NULL WHERE prefill_source = 'model_document'`.execute(db);
  await sql`ALTER TABLE answers DROP CONSTRAINT IF EXISTS answers_prefill_source_check`.execute(db);
  await sql`ALTER TABLE answers ADD CONSTRAINT answers_prefill_source_check
    CHECK (prefill_source IS NULL OR prefill_source IN ('previous_cycle','buyer_records'))`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
