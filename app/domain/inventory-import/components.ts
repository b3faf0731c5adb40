// AI components in an inventory file: each belongs to a supplier, and its name is unique (ignoring
// case) among that supplier's live components.
import type { ImportAdapter } from "../import/adapter";
import type { ComponentKind, UpdateCadence } from "../inventory";
import { componentSchema } from "../inventory-schemas";
import { RowCells } from "./cells";
import { keyedRows, roleCheck, SUPPLIER_REFERENCE, uniqueKey } from "./keyed";

export interface ComponentRecord {
  external_id: string;
  supplier_external_id: string;
  kind: ComponentKind;
  name: string;
  version: string | null;
  model_family: string | null;
  update_cadence: UpdateCadence;
  update_interval_days: number | null;
  is_gpai: boolean;
  data_residency: string | null;
  description: string | null;
}

export const COMPONENT_COLUMNS = [
  "external_id",
  "supplier_external_id",
  "kind",
  "name",
  "version",
  "model_family",
  "update_cadence",
  "update_interval_days",
  "is_gpai",
  "data_residency",
  "description",
] as const satisfies ReadonlyArray<keyof ComponentRecord>;

const FIELDS = {
  externalId: "external_id",
  kind: "kind",
  name: "name",
  version: "version",
  modelFamily: "model_family",
  updateCadence: "update_cadence",
  updateIntervalDays: "update_interval_days",
  isGpai: "is_gpai",
  dataResidency: "data_residency",
  description: "description",
};

export const componentsAdapter: ImportAdapter<ComponentRecord> = {
  columns: COMPONENT_COLUMNS,
  compared: COMPONENT_COLUMNS.filter((c) => c !== "external_id"),
  singular: "component",
  ...keyedRows<ComponentRecord>(),
  validate(source) {
    const row = new RowCells(source);
    const supplierKey = row.key("supplier_external_id", "the external id of the component's supplier");
    const isGpai = row.boolean("is_gpai");
    const d = row.schema(componentSchema, FIELDS, { extra: { isGpai: String(isGpai) } });
    if (d && d.updateCadence !== "interval" && row.text("update_interval_days").trim() !== "") {
      row.add("update_interval_days", "Leave update_interval_days empty unless update_cadence is interval");
    }
    const externalId = d ? row.externalId(d.externalId) : null;
    return row.result(() => ({
      external_id: externalId!,
      supplier_external_id: supplierKey!,
      kind: d!.kind,
      name: d!.name,
      version: d!.version,
      model_family: d!.modelFamily,
      update_cadence: d!.updateCadence,
      update_interval_days: d!.updateIntervalDays,
      is_gpai: d!.isGpai,
      data_residency: d!.dataResidency,
      description: d!.description,
    }));
  },
  references: [SUPPLIER_REFERENCE],
  people: [],
  uniques: (record, refs) => [
    {
      key: uniqueKey.componentName(refs.supplier_id ?? null, record.name),
      column: "name",
      text: `The name “${record.name.toLowerCase()}” (at this supplier, ignoring case)`,
    },
  ],
  authorize: roleCheck("components"),
};
