import { sql, type Kysely } from "kysely";

// Where a pre-filled answer came from: the vendor's answer in the previous cycle (reassessment) or
// the buyer's own inventory records (filled in when the questionnaire is issued). `prefilled` still
// says whether the vendor has yet to confirm or change it; the source stays as the answer's origin.
// Additive: existing carried-over answers are the previous cycle's.
const up = [
  sql`ALTER TABLE answers ADD COLUMN prefill_source text CHECK (prefill_source IS NULL OR prefill_source IN ('previous_cycle','buyer_records'))`,
  sql`UPDATE answers SET prefill_source = 'previous_cycle' WHERE prefilled`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE answers DROP COLUMN IF EXISTS prefill_source`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
