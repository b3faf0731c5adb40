// Questions the buyer already answered in its inventory: when a questionnaire is issued, these are
// filled in from the AI component's record, marked "from the buyer's records" for the vendor to
// check and change. The mapping is data (inventory field → question key → answer value); a rule
// applies only where the template has the question, for components, and the value is a valid answer
// to it (checked by the one answer check), so a custom template with other questions gets nothing.
// Only what the record says positively is filled in: an unticked box means "not recorded", not "no".
import { checkAnswer } from "./answers";
import type { TemplateDefinition } from "./templates/definition";

export const PREFILL_SOURCES = ["previous_cycle", "buyer_records", "model_document"] as const;
/** Where a pre-filled answer came from: the vendor's previous cycle, the buyer's inventory, or the vendor's model document (migration 0015). */
export type PrefillSource = (typeof PREFILL_SOURCES)[number];

/** The facts of an AI component's inventory record that rules read. */
export interface ComponentRecord {
  id: string;
  isGpai: boolean;
}

export interface PrefillRule {
  /** The inventory field, as the component record names it. */
  field: keyof Omit<ComponentRecord, "id">;
  /** The field's value that the rule reads as an answer. */
  equals: ComponentRecord[keyof Omit<ComponentRecord, "id">];
  questionKey: string;
  value: unknown;
}

export const INVENTORY_PREFILL: readonly PrefillRule[] = [
  // "General-purpose AI model" ticked on the component ⇒ "Is this component a general-purpose AI model that you provide?" Yes.
  { field: "isGpai", equals: true, questionKey: "cmp_gpai", value: "yes" },
];

export interface PrefilledAnswer {
  questionKey: string;
  componentId: string;
  value: unknown;
}

/** The answers to fill in from the buyer's records, one per rule that applies and component, in rule then component order. */
export function inventoryPrefill(
  definition: TemplateDefinition,
  components: readonly ComponentRecord[],
  rules: readonly PrefillRule[] = INVENTORY_PREFILL,
): PrefilledAnswer[] {
  const out: PrefilledAnswer[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const c of components) {
      if (c[rule.field] !== rule.equals) continue;
      const key = `${c.id}:${rule.questionKey}`;
      if (seen.has(key)) continue;
      // With nothing answered yet: the question must be a component question that shows, and the value valid for it.
      const check = checkAnswer(definition, "component", rule.questionKey, rule.value, false, {});
      if (!check.ok || check.value === null) continue;
      seen.add(key);
      out.push({ questionKey: rule.questionKey, componentId: c.id, value: check.value });
    }
  }
  return out;
}
