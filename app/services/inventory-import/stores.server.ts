// The database half of each inventory kind's import adapter, looked up by kind.
import type { CsvRecord, CsvRecords } from "../../domain/inventory-import/adapters";
import type { CsvKind } from "../../domain/inventory-import/kinds";
import { componentsStore } from "./components.server";
import { contactsStore } from "./contacts.server";
import { dependenciesStore } from "./dependencies.server";
import type { InventoryStore } from "./lookups.server";
import { suppliersStore } from "./suppliers.server";
import { systemsStore } from "./systems.server";

const STORES: { [K in CsvKind]: InventoryStore<CsvRecords[K]> } = {
  suppliers: suppliersStore,
  contacts: contactsStore,
  components: componentsStore,
  systems: systemsStore,
  dependencies: dependenciesStore,
};

export function storeFor<K extends CsvKind>(kind: K): InventoryStore<CsvRecord<K>> {
  return STORES[kind] as unknown as InventoryStore<CsvRecord<K>>;
}
