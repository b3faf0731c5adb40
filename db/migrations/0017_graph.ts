import { sql, type Kysely } from "kysely";

// A version number for what the dependency graph shows (docs/decisions/0033): every statement that can
// change it (a dependency added, changed or removed; a system, component or supplier renamed, archived,
// restored, re-parented or deleted) adds one, in the same transaction. The graph page caches its
// queries per version and so reads the inventory again only after a change. Statement-level triggers:
// an import of 5,000 dependencies adds one, not 5,000. Inserting a supplier, component or system
// changes nothing drawn until a dependency names it.
const up = [
  sql`CREATE TABLE graph_inventory_version (id smallint PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)`,
  sql`INSERT INTO graph_inventory_version (id, version) VALUES (1, 1)`,
  sql`CREATE FUNCTION bump_graph_inventory_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE graph_inventory_version SET version = version + 1 WHERE id = 1;
      RETURN NULL;
    END $$`,
  sql`CREATE TRIGGER graph_version_dependencies AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ai_system_dependencies
    FOR EACH STATEMENT EXECUTE FUNCTION bump_graph_inventory_version()`,
  sql`CREATE TRIGGER graph_version_systems AFTER DELETE OR TRUNCATE OR UPDATE OF name, criticality, archived_at ON ai_systems
    FOR EACH STATEMENT EXECUTE FUNCTION bump_graph_inventory_version()`,
  sql`CREATE TRIGGER graph_version_components AFTER DELETE OR TRUNCATE OR UPDATE OF name, kind, supplier_id, archived_at ON ai_components
    FOR EACH STATEMENT EXECUTE FUNCTION bump_graph_inventory_version()`,
  sql`CREATE TRIGGER graph_version_suppliers AFTER DELETE OR TRUNCATE OR UPDATE OF name, archived_at ON suppliers
    FOR EACH STATEMENT EXECUTE FUNCTION bump_graph_inventory_version()`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  for (const [trigger, table] of [
    ["graph_version_dependencies", "ai_system_dependencies"],
    ["graph_version_systems", "ai_systems"],
    ["graph_version_components", "ai_components"],
    ["graph_version_suppliers", "suppliers"],
  ])
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger!)} ON ${sql.raw(table!)}`.execute(db);
  await sql`DROP FUNCTION IF EXISTS bump_graph_inventory_version()`.execute(db);
  await sql`DROP TABLE IF EXISTS graph_inventory_version`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
