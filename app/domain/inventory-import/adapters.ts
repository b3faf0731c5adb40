// The five inventory kinds as import adapters, looked up by kind: the one table the services and
// routes go through, so a sixth kind is one more file and one more line here.
import type { ImportAdapter } from "../import/adapter";
import type { SourceLayout } from "../import/source";
import { COMPONENT_COLUMNS, componentsAdapter, type ComponentRecord } from "./components";
import { CONTACT_COLUMNS, contactsAdapter, type ContactRecord } from "./contacts";
import { DEPENDENCY_COLUMNS, dependenciesAdapter, type DependencyRecord } from "./dependencies";
import { CSV_KIND_LABELS, CSV_KIND_NOUNS, CSV_KINDS, MAX_IMPORT_ROWS, type CsvKind } from "./kinds";
import { SUPPLIER_COLUMNS, suppliersAdapter, type SupplierRecord } from "./suppliers";
import { SYSTEM_COLUMNS, systemsAdapter, type SystemRecord } from "./systems";

export type { ComponentRecord, ContactRecord, DependencyRecord, SupplierRecord, SystemRecord };

export interface CsvRecords {
  suppliers: SupplierRecord;
  contacts: ContactRecord;
  components: ComponentRecord;
  systems: SystemRecord;
  dependencies: DependencyRecord;
}
export type CsvRecord<K extends CsvKind = CsvKind> = CsvRecords[K];

export const INVENTORY_ADAPTERS: { [K in CsvKind]: ImportAdapter<CsvRecords[K]> } = {
  suppliers: suppliersAdapter,
  contacts: contactsAdapter,
  components: componentsAdapter,
  systems: systemsAdapter,
  dependencies: dependenciesAdapter,
};

/** The adapter of a kind, typed for code that handles every kind alike. */
export function adapterFor<K extends CsvKind>(kind: K): ImportAdapter<CsvRecord<K>> {
  return INVENTORY_ADAPTERS[kind] as unknown as ImportAdapter<CsvRecord<K>>;
}

/** The header of each file, in order. Every column is also a key of that kind's record. */
export const CSV_COLUMNS = {
  suppliers: SUPPLIER_COLUMNS,
  contacts: CONTACT_COLUMNS,
  components: COMPONENT_COLUMNS,
  systems: SYSTEM_COLUMNS,
  dependencies: DEPENDENCY_COLUMNS,
} as const satisfies { [K in CsvKind]: ReadonlyArray<keyof CsvRecords[K] & string> };

/** What a reader expects of a file of this kind. */
export function layoutFor(kind: CsvKind): SourceLayout {
  return {
    columns: CSV_COLUMNS[kind],
    noun: CSV_KIND_NOUNS[kind],
    others: CSV_KINDS.filter((k) => k !== kind).map((k) => ({ columns: CSV_COLUMNS[k], noun: CSV_KIND_NOUNS[k], label: CSV_KIND_LABELS[k] })),
    maxRows: MAX_IMPORT_ROWS,
  };
}
