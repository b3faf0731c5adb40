// AI components in the database, for import and export: a component counts as archived when it
// or its supplier is, and its name is unique (ignoring case) among its supplier's live components.
import { emptyWorld } from "../../domain/import/adapter";
import type { ComponentRecord } from "../../domain/inventory-import/components";
import { uniqueKey } from "../../domain/inventory-import/keyed";
import { sql } from "kysely";
import { chunk, findExisting, findSupplierRefs, keyOf, keyWhere, lastId, lowerNames, QUERY_CHUNK, type Db, type InventoryStore } from "./lookups.server";

const rows = (db: Db) =>
  db
    .selectFrom("ai_components as c")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .selectAll("c")
    .select([keyOf("c").as("key"), keyOf("s").as("supplier_key")]);

type Row = Awaited<ReturnType<ReturnType<typeof rows>["execute"]>>[number];

const toRecord = (c: Row): ComponentRecord => ({
  external_id: c.key,
  supplier_external_id: c.supplier_key,
  kind: c.kind,
  name: c.name,
  version: c.version,
  model_family: c.model_family,
  update_cadence: c.update_cadence,
  update_interval_days: c.update_interval_days,
  is_gpai: c.is_gpai,
  data_residency: c.data_residency,
  description: c.description,
});

export const componentsStore: InventoryStore<ComponentRecord> = {
  table: "ai_components",
  updateColumns: [
    ["external_id", "text"],
    ["supplier_id", "uuid"],
    ["kind", "text"],
    ["name", "text"],
    ["version", "text"],
    ["model_family", "text"],
    ["update_cadence", "text"],
    ["update_interval_days", "integer"],
    ["is_gpai", "boolean"],
    ["data_residency", "text"],
    ["description", "text"],
  ],
  insertKey: ["external_id"],
  toRow: ({ record: c, refs }) => ({
    external_id: c.external_id,
    supplier_id: refs.supplier_id!,
    kind: c.kind,
    name: c.name,
    version: c.version,
    model_family: c.model_family,
    update_cadence: c.update_cadence,
    update_interval_days: c.update_interval_days,
    is_gpai: c.is_gpai,
    data_residency: c.data_residency,
    description: c.description,
  }),
  async loadWorld(db, records) {
    const world = emptyWorld<ComponentRecord>();
    const suppliers = await findSupplierRefs(
      db,
      records.map((r) => r.supplier_external_id),
    );
    world.targets.suppliers = suppliers;
    world.existing = await findExisting(
      records.map((r) => r.external_id),
      (ext, uuids) =>
        rows(db)
          .where(keyWhere("c", ext, uuids))
          .execute(),
      (c) => ({ archived: c.archived_at !== null, record: toRecord(c), refs: { supplier_id: c.supplier_id } }),
    );
    const supplierIds = [...new Set([...suppliers.values()].map((s) => s.id))];
    for (const ids of chunk(supplierIds, QUERY_CHUNK)) {
      for (const names of chunk(lowerNames(records), QUERY_CHUNK)) {
        const holders = await db
          .selectFrom("ai_components")
          .select(["id", "supplier_id", "name"])
          .where("archived_at", "is", null)
          .where("supplier_id", "in", ids)
          .where(sql<string>`lower(name)`, "in", names)
          .execute();
        for (const h of holders) world.holders.set(uniqueKey.componentName(h.supplier_id, h.name), { id: h.id, label: h.name });
      }
    }
    return world;
  },
  async exportPage(db, after, limit) {
    const page = await rows(db)
      .where("c.archived_at", "is", null)
      .where("s.archived_at", "is", null)
      .where("c.id", ">", after)
      .orderBy("c.id")
      .limit(limit)
      .execute();
    return { records: page.map(toRecord), lastId: lastId(page) };
  },
};
