import { sql, type Kysely } from "kysely";

// A version number for the portfolio figures (docs/decisions/0034): the dashboard's aggregates, the
// deadline list's per-component rows (deadlines, ratings, residual risk, last decision) and the review
// queue are cached per version, and every statement that can change them adds one, in the writer's transaction (as the
// graph's version, migration 0017). Statement-level triggers, so a bulk import adds one.
//
// assessments is on the autosave path (every save marks the assessment started, usually 0 rows), so its
// UPDATE trigger compares the old and new rows (transition tables) and adds one only when a status,
// decision, submission or review due date, or the supplier actually changed: autosaves never queue on
// this row's lock.
const ALWAYS = [
  "ai_system_dependencies",
  "component_deadlines",
  "scores",
  "score_components",
  "assessment_components",
  "assessment_reviewers",
  "methodologies",
];
const ON_COLUMNS: Record<string, string> = {
  suppliers: "name, archived_at, procurement_owner_id",
  ai_components: "name, supplier_id, archived_at",
  ai_systems: "name, owner_id, criticality, eu_ai_act_class, lifecycle, archived_at",
  change_notices: "ai_component_id, reviewed_at",
  findings: "status, severity, owner_id, due_date",
  questionnaire_templates: "name",
};

const up = [
  sql`CREATE TABLE portfolio_version (id smallint PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)`,
  sql`INSERT INTO portfolio_version (id, version) VALUES (1, 1)`,
  sql`CREATE FUNCTION bump_portfolio_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE portfolio_version SET version = version + 1 WHERE id = 1;
      RETURN NULL;
    END $$`,
  sql`CREATE FUNCTION bump_portfolio_version_if_assessments_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE n.status IS DISTINCT FROM o.status OR n.decided_at IS DISTINCT FROM o.decided_at
                    OR n.supplier_id IS DISTINCT FROM o.supplier_id OR n.review_due_date IS DISTINCT FROM o.review_due_date
                    OR n.submitted_at IS DISTINCT FROM o.submitted_at) THEN
        UPDATE portfolio_version SET version = version + 1 WHERE id = 1;
      END IF;
      RETURN NULL;
    END $$`,
  ...ALWAYS.map(
    (table) =>
      sql`CREATE TRIGGER portfolio_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
          FOR EACH STATEMENT EXECUTE FUNCTION bump_portfolio_version()`,
  ),
  ...Object.entries(ON_COLUMNS).map(
    ([table, columns]) =>
      sql`CREATE TRIGGER portfolio_version AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF ${sql.raw(columns)} ON ${sql.table(table)}
          FOR EACH STATEMENT EXECUTE FUNCTION bump_portfolio_version()`,
  ),
  sql`CREATE TRIGGER portfolio_version AFTER INSERT OR DELETE OR TRUNCATE ON assessments
      FOR EACH STATEMENT EXECUTE FUNCTION bump_portfolio_version()`,
  sql`CREATE TRIGGER portfolio_version_moved AFTER UPDATE ON assessments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION bump_portfolio_version_if_assessments_moved()`,
  // Owner names shown beside systems and suppliers; a sign-in changes other columns only.
  sql`CREATE TRIGGER portfolio_version AFTER UPDATE OF name ON users FOR EACH STATEMENT EXECUTE FUNCTION bump_portfolio_version()`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  for (const table of [...ALWAYS, ...Object.keys(ON_COLUMNS), "assessments", "users"])
    await sql`DROP TRIGGER IF EXISTS portfolio_version ON ${sql.table(table)}`.execute(db);
  await sql`DROP TRIGGER IF EXISTS portfolio_version_moved ON assessments`.execute(db);
  await sql`DROP FUNCTION IF EXISTS bump_portfolio_version_if_assessments_moved()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS bump_portfolio_version()`.execute(db);
  await sql`DROP TABLE IF EXISTS portfolio_version`.execute(db);
}
export default { up: migrateUp, down: migrateDown };
