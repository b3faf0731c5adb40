// Supplier contacts in the database, for import and export; a contact that gives up being its
// supplier's primary is demoted before any other write, so the partial unique index never sees two.
import { emptyWorld } from "../../domain/import/adapter";
import type { ContactRecord } from "../../domain/inventory-import/contacts";
import { uniqueKey } from "../../domain/inventory-import/keyed";
import { chunk, findExisting, findSupplierRefs, keyOf, keyWhere, lastId, QUERY_CHUNK, type Db, type InventoryStore } from "./lookups.server";

const rows = (db: Db) =>
  db
    .selectFrom("supplier_contacts as c")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .select(["c.id", "c.external_id", keyOf("c").as("key"), keyOf("s").as("supplier_key"), "c.supplier_id", "c.name", "c.email", "c.title", "c.is_primary"]);

type Row = Awaited<ReturnType<ReturnType<typeof rows>["execute"]>>[number];

const toRecord = (c: Row): ContactRecord => ({
  external_id: c.key,
  supplier_external_id: c.supplier_key,
  name: c.name,
  email: c.email,
  title: c.title,
  is_primary: c.is_primary,
});

export const contactsStore: InventoryStore<ContactRecord> = {
  table: "supplier_contacts",
  updateColumns: [
    ["external_id", "text"],
    ["supplier_id", "uuid"],
    ["name", "text"],
    ["email", "text"],
    ["title", "text"],
    ["is_primary", "boolean"],
  ],
  insertKey: ["external_id"],
  toRow: ({ record: c, refs }) => ({
    external_id: c.external_id,
    supplier_id: refs.supplier_id!,
    name: c.name,
    email: c.email,
    title: c.title,
    is_primary: c.is_primary,
  }),
  async loadWorld(db, records) {
    const world = emptyWorld<ContactRecord>();
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
      (c) => ({ archived: false, record: toRecord(c), refs: { supplier_id: c.supplier_id } }),
    );
    const supplierIds = [...new Set([...suppliers.values()].map((s) => s.id))];
    const emails = [...new Set(records.map((r) => r.email))];
    for (const ids of chunk(supplierIds, QUERY_CHUNK)) {
      const sameEmail = await db
        .selectFrom("supplier_contacts")
        .select(["id", "supplier_id", "email", "name"])
        .where("supplier_id", "in", ids)
        .where("email", "in", emails)
        .execute();
      for (const h of sameEmail) world.holders.set(uniqueKey.contactEmail(h.supplier_id, h.email), { id: h.id, label: h.name });
      const primaries = await db
        .selectFrom("supplier_contacts")
        .select(["id", "supplier_id", "name"])
        .where("supplier_id", "in", ids)
        .where("is_primary", "=", true)
        .execute();
      for (const h of primaries) world.holders.set(uniqueKey.contactPrimary(h.supplier_id), { id: h.id, label: h.name });
    }
    return world;
  },
  async exportPage(db, after, limit) {
    const page = await rows(db).where("s.archived_at", "is", null).where("c.id", ">", after).orderBy("c.id").limit(limit).execute();
    return { records: page.map(toRecord), lastId: lastId(page) };
  },
  async release(trx, ids) {
    for (const part of chunk(ids, QUERY_CHUNK)) {
      await trx.updateTable("supplier_contacts").set({ is_primary: false, updated_at: new Date() }).where("id", "in", part).execute();
    }
  },
};
