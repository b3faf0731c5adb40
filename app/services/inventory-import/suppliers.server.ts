// Suppliers in the database, for import and export: one query shape for both, so an export and
// the import's comparison read a supplier the same way.
import { emptyWorld } from "../../domain/import/adapter";
import { uniqueKey } from "../../domain/inventory-import/keyed";
import { suppliersAdapter, type SupplierRecord } from "../../domain/inventory-import/suppliers";
import { findExisting, findPeople, keyOf, keyWhere, lastId, nameHolders, type Db, type InventoryStore } from "./lookups.server";

const rows = (db: Db) =>
  db
    .selectFrom("suppliers as s")
    .leftJoin("users as u", "u.id", "s.procurement_owner_id")
    .select([
      "s.id",
      "s.external_id",
      keyOf("s").as("key"),
      "s.name",
      "s.legal_name",
      "s.website",
      "s.country",
      "s.status",
      "s.notes",
      "s.archived_at",
      "s.procurement_owner_id",
      "u.email as owner_email",
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof rows>["execute"]>>[number];

const toRecord = (s: Row): SupplierRecord => ({
  external_id: s.key,
  name: s.name,
  legal_name: s.legal_name,
  website: s.website,
  country: s.country,
  status: s.status,
  procurement_owner_email: s.owner_email,
  notes: s.notes,
});

export const suppliersStore: InventoryStore<SupplierRecord> = {
  table: "suppliers",
  updateColumns: [
    ["external_id", "text"],
    ["name", "text"],
    ["legal_name", "text"],
    ["website", "text"],
    ["country", "text"],
    ["status", "text"],
    ["procurement_owner_id", "uuid"],
    ["notes", "text"],
  ],
  insertKey: ["external_id"],
  toRow: ({ record: s, refs }) => ({
    external_id: s.external_id,
    name: s.name,
    legal_name: s.legal_name,
    website: s.website,
    country: s.country,
    status: s.status,
    procurement_owner_id: refs.procurement_owner_id ?? null,
    notes: s.notes,
  }),
  async loadWorld(db, records) {
    const world = emptyWorld<SupplierRecord>();
    world.existing = await findExisting(
      records.map((r) => r.external_id),
      (ext, uuids) =>
        rows(db)
          .where(keyWhere("s", ext, uuids))
          .execute(),
      (s) => ({ archived: s.archived_at !== null, record: toRecord(s), refs: { procurement_owner_id: s.procurement_owner_id } }),
    );
    world.users = await findPeople(db, suppliersAdapter, records);
    await nameHolders(db, "suppliers", records, uniqueKey.supplierName, world.holders);
    return world;
  },
  async exportPage(db, after, limit) {
    const page = await rows(db).where("s.archived_at", "is", null).where("s.id", ">", after).orderBy("s.id").limit(limit).execute();
    return { records: page.map(toRecord), lastId: lastId(page) };
  },
};
