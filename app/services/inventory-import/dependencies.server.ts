// Dependencies in the database, for import and export. Stored edges are found through the systems
// a file names and filed under "systemId|componentId", the pair the planner matches rows by.
import { sql } from "kysely";
import { calendarDate } from "../../domain/calendar";
import { emptyWorld } from "../../domain/import/adapter";
import type { DependencyRecord } from "../../domain/inventory-import/dependencies";
import { chunk, findComponentRefs, findSystemRefs, keyOf, lastId, QUERY_CHUNK, type Db, type InventoryStore } from "./lookups.server";

const rows = (db: Db) =>
  db
    .selectFrom("ai_system_dependencies as d")
    .innerJoin("ai_systems as sys", "sys.id", "d.ai_system_id")
    .innerJoin("ai_components as comp", "comp.id", "d.ai_component_id")
    .innerJoin("suppliers as s", "s.id", "comp.supplier_id")
    .select([
      "d.id",
      "d.ai_system_id",
      "d.ai_component_id",
      "d.purpose",
      "d.data_categories",
      sql<string | null>`to_char(d.since, 'YYYY-MM-DD')`.as("since"),
      keyOf("sys").as("system_key"),
      keyOf("comp").as("component_key"),
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof rows>["execute"]>>[number];

const toRecord = (d: Row): DependencyRecord => ({
  system_external_id: d.system_key,
  component_external_id: d.component_key,
  purpose: d.purpose,
  data_categories: d.data_categories,
  since: d.since === null ? null : calendarDate(d.since),
});

export const dependenciesStore: InventoryStore<DependencyRecord> = {
  table: "ai_system_dependencies",
  updateColumns: [
    ["purpose", "text"],
    ["data_categories", "text[]"],
    ["since", "date"],
  ],
  insertKey: ["ai_system_id", "ai_component_id"],
  toRow: ({ record: d, refs }) => ({
    ai_system_id: refs.ai_system_id!,
    ai_component_id: refs.ai_component_id!,
    purpose: d.purpose,
    data_categories: d.data_categories,
    since: d.since,
  }),
  async loadWorld(db, records) {
    const world = emptyWorld<DependencyRecord>();
    const systems = await findSystemRefs(
      db,
      records.map((r) => r.system_external_id),
    );
    world.targets.systems = systems;
    world.targets.components = await findComponentRefs(
      db,
      records.map((r) => r.component_external_id),
    );
    const systemIds = [...new Set([...systems.values()].map((s) => s.id))];
    for (const ids of chunk(systemIds, QUERY_CHUNK)) {
      for (const e of await rows(db).where("d.ai_system_id", "in", ids).execute()) {
        world.existing.set(`${e.ai_system_id}|${e.ai_component_id}`, {
          id: e.id,
          hasExternalId: true,
          archived: false,
          record: toRecord(e),
          refs: { ai_system_id: e.ai_system_id, ai_component_id: e.ai_component_id },
        });
      }
    }
    return world;
  },
  async exportPage(db, after, limit) {
    const page = await rows(db)
      .where("sys.archived_at", "is", null)
      .where("comp.archived_at", "is", null)
      .where("s.archived_at", "is", null)
      .where("d.id", ">", after)
      .orderBy("d.id")
      .limit(limit)
      .execute();
    return { records: page.map(toRecord), lastId: lastId(page) };
  },
};
