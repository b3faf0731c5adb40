// Suppliers in an inventory file: columns, row check, and the rules a supplier row must meet.
import type { ImportAdapter } from "../import/adapter";
import type { SupplierStatus } from "../inventory";
import { ISO_COUNTRIES } from "../countries";
import { supplierSchemaFor } from "../inventory-schemas";
import { RowCells } from "./cells";
import { keyedRows, roleCheck, uniqueKey } from "./keyed";

export interface SupplierRecord {
  external_id: string;
  name: string;
  legal_name: string | null;
  website: string | null;
  country: string | null;
  status: SupplierStatus;
  procurement_owner_email: string | null;
  notes: string | null;
}

export const SUPPLIER_COLUMNS = [
  "external_id",
  "name",
  "legal_name",
  "website",
  "country",
  "status",
  "procurement_owner_email",
  "notes",
] as const satisfies ReadonlyArray<keyof SupplierRecord>;

/** A country cell may hold a code or a name ("DE", "Germany"); the record keeps the code. */
const supplierSchema = supplierSchemaFor(ISO_COUNTRIES);

const FIELDS = { externalId: "external_id", name: "name", legalName: "legal_name", website: "website", country: "country", status: "status", notes: "notes" };

export const suppliersAdapter: ImportAdapter<SupplierRecord> = {
  columns: SUPPLIER_COLUMNS,
  compared: SUPPLIER_COLUMNS.filter((c) => c !== "external_id"),
  singular: "supplier",
  ...keyedRows<SupplierRecord>(),
  validate(source) {
    const row = new RowCells(source);
    const d = row.schema(supplierSchema, FIELDS);
    const owner = row.optionalEmail("procurement_owner_email");
    const externalId = d ? row.externalId(d.externalId) : null;
    return row.result(() => ({
      external_id: externalId!,
      name: d!.name,
      legal_name: d!.legalName,
      website: d!.website,
      country: d!.country,
      status: d!.status,
      procurement_owner_email: owner,
      notes: d!.notes,
    }));
  },
  references: [],
  people: [
    {
      column: "procurement_owner_email",
      refName: "procurement_owner_id",
      roles: ["procurement", "admin"],
      what: "a procurement owner must be an active procurement user or admin",
    },
  ],
  uniques: (record) => [{ key: uniqueKey.supplierName(record.name), column: "name", text: `The name “${record.name.toLowerCase()}” (ignoring case)` }],
  authorize: roleCheck("suppliers"),
};
