// Dependencies in an inventory file: an edge from an AI system to a vendor component, matched by
// the pair (there is no external id), and changed only by the owner of the system.
import { parseCalendarDate, type CalendarDate } from "../calendar";
import type { ImportAdapter } from "../import/adapter";
import type { DataCategory } from "../inventory";
import { dependencySchema } from "../inventory-schemas";
import { can } from "../permissions";
import { RowCells } from "./cells";

export interface DependencyRecord {
  system_external_id: string;
  component_external_id: string;
  purpose: string | null;
  data_categories: DataCategory[];
  since: CalendarDate | null;
}

export const DEPENDENCY_COLUMNS = ["system_external_id", "component_external_id", "purpose", "data_categories", "since"] as const satisfies ReadonlyArray<
  keyof DependencyRecord
>;

const FIELDS = { purpose: "purpose", dataCategories: "data_categories" };
const rowSchema = dependencySchema.omit({ componentId: true, since: true });
const key = (record: DependencyRecord) => `${record.system_external_id} → ${record.component_external_id}`;

export const dependenciesAdapter: ImportAdapter<DependencyRecord> = {
  columns: DEPENDENCY_COLUMNS,
  compared: ["purpose", "data_categories", "since"],
  singular: "dependency",
  validate(source) {
    const row = new RowCells(source);
    const systemKey = row.key("system_external_id", "the external id of the AI system");
    const componentKey = row.key("component_external_id", "the external id of the AI component");
    const d = row.schema(rowSchema, FIELDS, { first: false });
    const sinceText = row.text("since").trim();
    const since = sinceText === "" ? null : parseCalendarDate(sinceText);
    if (sinceText !== "" && since === null) row.add("since", "Enter a date as YYYY-MM-DD");
    return row.result(() => ({
      system_external_id: systemKey!,
      component_external_id: componentKey!,
      purpose: d!.purpose,
      data_categories: d!.dataCategories,
      since,
    }));
  },
  key,
  label: key,
  keyColumn: "component_external_id",
  /** Stored edges are filed under "systemId|componentId": both references must resolve to match one. */
  matchKey: (_record, refs) => (refs.ai_system_id && refs.ai_component_id ? `${refs.ai_system_id}|${refs.ai_component_id}` : null),
  duplicateMessage: (_key, firstRow) => `This dependency already appears in row ${firstRow}`,
  references: [
    { column: "system_external_id", refName: "ai_system_id", target: "systems", noun: "AI system", file: "systems" },
    { column: "component_external_id", refName: "ai_component_id", target: "components", noun: "AI component", file: "components" },
  ],
  people: [],
  uniques: () => [],
  authorize(principal, { targets }) {
    const system = targets.ai_system_id ?? null;
    if (can(principal, "system:write", { ownerId: system?.ownerId ?? null })) return null;
    return {
      column: "system_external_id",
      message: `You can change only the dependencies of AI systems you own, and another user owns “${system?.label ?? ""}”`,
    };
  },
};
