import { sql, type Kysely } from "kysely";

// Lists at portfolio scale (docs/benchmarks.md, issue 15). The assessments list sorted by due date
// (the default) or by issue date: page 1 of 50,000 was a sequential scan and a sort of every row
// (70 ms); with these the planner walks the index and stops after a page (0.7 ms). The API's findings
// list, newest first, sorted every finding the same way. The deadline sweep reads each component's
// latest declared retraining cadence (deadlines.server.ts, RETRAINING_QUESTION): without an index it
// scanned all 5 million answers for every batch of 500 components (0.9 s a batch, and on every
// decision that refreshes a deadline); the partial index holds only that question's answers.
const up = [
  sql`CREATE INDEX assessments_due_date_idx ON assessments (due_date, id)`,
  sql`CREATE INDEX assessments_created_idx ON assessments (created_at, id)`,
  sql`CREATE INDEX findings_created_idx ON findings (created_at, id)`,
  sql`CREATE INDEX answers_retraining_idx ON answers (ai_component_id) WHERE question_key = 'chg_retraining_cadence'`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS assessments_due_date_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS assessments_created_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS findings_created_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS answers_retraining_idx`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
