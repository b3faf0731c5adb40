import { sql, type Kysely } from "kysely";

// The audit chain's anchor: one row holding the last event's seq and hash and the number of events,
// kept by the database in the same statement as every append, so removing events from the end (which
// leaves a chain that still links) no longer verifies. TRUNCATE of the trail is refused outright.
const up = [
  sql`CREATE TABLE audit_head (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_seq bigint NOT NULL,
    last_hash text NOT NULL,
    event_count bigint NOT NULL CHECK (event_count >= 0)
  )`,
  sql`INSERT INTO audit_head (last_seq, last_hash, event_count)
    SELECT coalesce(max(seq), 0),
           coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), repeat('0', 64)),
           count(*)
    FROM audit_events`,

  // Moves the head once per INSERT statement (a CSV import appends thousands of rows in a few statements).
  sql`CREATE FUNCTION audit_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE audit_head h SET
        event_count = h.event_count + n.added,
        last_seq = n.last_seq,
        last_hash = n.last_hash
      FROM (
        SELECT count(*) AS added, max(seq) AS last_seq, (SELECT hash FROM new_events ORDER BY seq DESC LIMIT 1) AS last_hash
        FROM new_events
      ) n
      WHERE n.added > 0;
      RETURN NULL;
    END
  $$`,
  sql`CREATE TRIGGER audit_events_advance_head AFTER INSERT ON audit_events
    REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION audit_head_advance()`,

  // The head changes only from inside that trigger (trigger depth > 1); never deleted, never emptied.
  sql`CREATE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_head is maintained by the audit trail itself (% refused)', TG_OP;
    END
  $$`,
  sql`CREATE TRIGGER audit_head_only_by_append BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_guard()`,
  sql`CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_guard()`,

  sql`CREATE FUNCTION audit_events_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only (TRUNCATE refused)';
    END
  $$`,
  sql`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_no_truncate()`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events`.execute(db);
  await sql`DROP TRIGGER IF EXISTS audit_events_advance_head ON audit_events`.execute(db);
  await sql`DROP TABLE IF EXISTS audit_head`.execute(db);
  for (const fn of ["audit_events_no_truncate", "audit_head_guard", "audit_head_advance"]) {
    await sql`DROP FUNCTION IF EXISTS ${sql.raw(fn)}()`.execute(db);
  }
}

export default { up: migrateUp, down: migrateDown };
