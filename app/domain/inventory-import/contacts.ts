// Supplier contacts in an inventory file: each belongs to a supplier, has an email unique at that
// supplier, and at most one per supplier is primary (a file may hand that role from one to another).
import type { ImportAdapter, UniqueValue } from "../import/adapter";
import { contactSchema } from "../inventory-schemas";
import { RowCells } from "./cells";
import { keyedRows, roleCheck, SUPPLIER_REFERENCE, uniqueKey } from "./keyed";

export interface ContactRecord {
  external_id: string;
  supplier_external_id: string;
  name: string;
  email: string;
  title: string | null;
  is_primary: boolean;
}

export const CONTACT_COLUMNS = ["external_id", "supplier_external_id", "name", "email", "title", "is_primary"] as const satisfies ReadonlyArray<
  keyof ContactRecord
>;

const FIELDS = { externalId: "external_id", name: "name", email: "email", title: "title", isPrimary: "is_primary" };

export const contactsAdapter: ImportAdapter<ContactRecord> = {
  columns: CONTACT_COLUMNS,
  compared: CONTACT_COLUMNS.filter((c) => c !== "external_id"),
  singular: "contact",
  ...keyedRows<ContactRecord>(),
  validate(source) {
    const row = new RowCells(source);
    const supplierKey = row.key("supplier_external_id", "the external id of the contact's supplier");
    const isPrimary = row.boolean("is_primary");
    const d = row.schema(contactSchema, FIELDS, { extra: { isPrimary: String(isPrimary) } });
    const externalId = d ? row.externalId(d.externalId) : null;
    return row.result(() => ({
      external_id: externalId!,
      supplier_external_id: supplierKey!,
      name: d!.name,
      email: d!.email,
      title: d!.title,
      is_primary: d!.isPrimary,
    }));
  },
  references: [SUPPLIER_REFERENCE],
  people: [],
  uniques(record, refs) {
    const supplierId = refs.supplier_id ?? null;
    const values: UniqueValue[] = [
      { key: uniqueKey.contactEmail(supplierId, record.email), column: "email", text: `The email ${record.email} (at this supplier)` },
    ];
    if (record.is_primary)
      values.push({ key: uniqueKey.contactPrimary(supplierId), column: "is_primary", text: "A primary contact for this supplier", releasable: true });
    return values;
  },
  /** A primary contact that this file makes non-primary, or moves to another supplier, frees its place. */
  releases(record, before, world) {
    const supplierAfter = world.targets.suppliers?.get(record.supplier_external_id)?.id ?? null;
    return before.record.is_primary && (!record.is_primary || before.refs.supplier_id !== supplierAfter);
  },
  authorize: roleCheck("contacts"),
};
