// The buyer's AI systems in the database, for import and export, with their owner's email.
import { emptyWorld } from "../../domain/import/adapter";
import { uniqueKey } from "../../domain/inventory-import/keyed";
import { systemsAdapter, type SystemRecord } from "../../domain/inventory-import/systems";
import { findExisting, findPeople, keyOf, keyWhere, lastId, nameHolders, type Db, type InventoryStore } from "./lookups.server";

const rows = (db: Db) =>
  db
    .selectFrom("ai_systems as sys")
    .leftJoin("users as u", "u.id", "sys.owner_id")
    .selectAll("sys")
    .select([keyOf("sys").as("key"), "u.email as owner_email"]);

type Row = Awaited<ReturnType<ReturnType<typeof rows>["execute"]>>[number];

const toRecord = (s: Row): SystemRecord => ({
  external_id: s.key,
  name: s.name,
  purpose: s.purpose,
  owner_email: s.owner_email,
  business_unit: s.business_unit,
  criticality: s.criticality,
  eu_ai_act_class: s.eu_ai_act_class,
  lifecycle: s.lifecycle,
});

export const systemsStore: InventoryStore<SystemRecord> = {
  table: "ai_systems",
  updateColumns: [
    ["external_id", "text"],
    ["name", "text"],
    ["purpose", "text"],
    ["owner_id", "uuid"],
    ["business_unit", "text"],
    ["criticality", "text"],
    ["eu_ai_act_class", "text"],
    ["lifecycle", "text"],
  ],
  insertKey: ["external_id"],
  toRow: ({ record: s, refs }) => ({
    external_id: s.external_id,
    name: s.name,
    purpose: s.purpose,
    owner_id: refs.owner_id ?? null,
    business_unit: s.business_unit,
    criticality: s.criticality,
    eu_ai_act_class: s.eu_ai_act_class,
    lifecycle: s.lifecycle,
  }),
  async loadWorld(db, records) {
    const world = emptyWorld<SystemRecord>();
    world.existing = await findExisting(
      records.map((r) => r.external_id),
      (ext, uuids) =>
        rows(db)
          .where(keyWhere("sys", ext, uuids))
          .execute(),
      (s) => ({ archived: s.archived_at !== null, record: toRecord(s), refs: { owner_id: s.owner_id } }),
    );
    world.users = await findPeople(db, systemsAdapter, records);
    await nameHolders(db, "ai_systems", records, uniqueKey.systemName, world.holders);
    return world;
  },
  async exportPage(db, after, limit) {
    const page = await rows(db).where("sys.archived_at", "is", null).where("sys.id", ">", after).orderBy("sys.id").limit(limit).execute();
    return { records: page.map(toRecord), lastId: lastId(page) };
  },
};
