// What the inventory kinds with an external id of their own share: matching by that id, the row's
// name as its label, the supplier reference, and a role check for kinds any writer may import.
import type { ImportAdapter, ReferenceSpec } from "../import/adapter";
import { canImportKind, cannotImportMessage, type CsvKind } from "./kinds";

type Keyed = { external_id: string; name: string };

/** Key, label and duplicate message of a kind matched by its external_id column. */
export function keyedRows<R extends Keyed>(): Pick<ImportAdapter<R>, "key" | "label" | "keyColumn" | "duplicateMessage"> {
  return {
    key: (record) => record.external_id,
    label: (record) => record.name,
    keyColumn: "external_id",
    duplicateMessage: (key, firstRow) => `The external id “${key}” already appears in row ${firstRow}`,
  };
}

export const SUPPLIER_REFERENCE: ReferenceSpec = {
  column: "supplier_external_id",
  refName: "supplier_id",
  target: "suppliers",
  noun: "supplier",
  file: "suppliers",
};

/** For kinds where the role alone decides: refused rows name no column. */
export function roleCheck<R>(kind: CsvKind): ImportAdapter<R>["authorize"] {
  return (principal) => (canImportKind(principal, kind) ? null : { column: null, message: cannotImportMessage(kind) });
}

/** Unique-value keys, as the planner compares them and the database lookups file holders under. */
export const uniqueKey = {
  supplierName: (name: string) => `supplier-name|${name.toLowerCase()}`,
  systemName: (name: string) => `system-name|${name.toLowerCase()}`,
  componentName: (supplierId: string | null, name: string) => `component-name|${supplierId}|${name.toLowerCase()}`,
  contactEmail: (supplierId: string | null, email: string) => `contact-email|${supplierId}|${email}`,
  contactPrimary: (supplierId: string | null) => `contact-primary|${supplierId}`,
};
