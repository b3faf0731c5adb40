// The buyer's AI systems in an inventory file: each has an accountable risk owner, and a risk
// owner may import only systems they own (others' rows may appear as long as they do not change).
import type { ImportAdapter } from "../import/adapter";
import type { Criticality, EuAiActClass, Lifecycle } from "../inventory";
import { systemSchema } from "../inventory-schemas";
import { can } from "../permissions";
import { RowCells } from "./cells";
import { keyedRows, uniqueKey } from "./keyed";

export interface SystemRecord {
  external_id: string;
  name: string;
  purpose: string | null;
  owner_email: string | null;
  business_unit: string | null;
  criticality: Criticality;
  eu_ai_act_class: EuAiActClass;
  lifecycle: Lifecycle;
}

export const SYSTEM_COLUMNS = [
  "external_id",
  "name",
  "purpose",
  "owner_email",
  "business_unit",
  "criticality",
  "eu_ai_act_class",
  "lifecycle",
] as const satisfies ReadonlyArray<keyof SystemRecord>;

const FIELDS = {
  externalId: "external_id",
  name: "name",
  purpose: "purpose",
  businessUnit: "business_unit",
  criticality: "criticality",
  euAiActClass: "eu_ai_act_class",
  lifecycle: "lifecycle",
};

export const systemsAdapter: ImportAdapter<SystemRecord> = {
  columns: SYSTEM_COLUMNS,
  compared: SYSTEM_COLUMNS.filter((c) => c !== "external_id"),
  singular: "AI system",
  ...keyedRows<SystemRecord>(),
  validate(source) {
    const row = new RowCells(source);
    const d = row.schema(systemSchema, FIELDS);
    const owner = row.optionalEmail("owner_email");
    const externalId = d ? row.externalId(d.externalId) : null;
    return row.result(() => ({
      external_id: externalId!,
      name: d!.name,
      purpose: d!.purpose,
      owner_email: owner,
      business_unit: d!.businessUnit,
      criticality: d!.criticality,
      eu_ai_act_class: d!.euAiActClass,
      lifecycle: d!.lifecycle,
    }));
  },
  references: [],
  people: [
    {
      column: "owner_email",
      refName: "owner_id",
      roles: ["risk_owner", "admin"],
      what: "a system owner must be an active risk owner or admin",
      required: "Enter the email of the risk owner accountable for this system",
    },
  ],
  uniques: (record) => [{ key: uniqueKey.systemName(record.name), column: "name", text: `The name “${record.name.toLowerCase()}” (ignoring case)` }],
  authorize(principal, { existing, refs }) {
    const ownerBefore = existing?.refs.owner_id ?? null;
    const mayChangeExisting = existing ? can(principal, "system:write", { ownerId: ownerBefore }) : can(principal, "system:create");
    if (mayChangeExisting && can(principal, "system:write", { ownerId: refs.owner_id ?? null })) return null;
    if (existing && !can(principal, "system:write", { ownerId: ownerBefore })) {
      return { column: "external_id", message: "You can change only the AI systems you own, and another user owns this one" };
    }
    return { column: "owner_email", message: `You can import only AI systems you own: owner_email must be ${principal.email}` };
  },
};
