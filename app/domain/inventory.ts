// The vocabulary of the inventory: suppliers, the AI components they supply, our own AI systems.
export const SUPPLIER_STATUSES = ["prospective", "active", "offboarding", "offboarded"] as const;
export type SupplierStatus = (typeof SUPPLIER_STATUSES)[number];

export const COMPONENT_KINDS = ["hosted_api", "model_weights", "saas_feature", "dataset", "agent_tooling"] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export const UPDATE_CADENCES = ["interval", "on_release", "unknown"] as const;
export type UpdateCadence = (typeof UPDATE_CADENCES)[number];

export const CRITICALITIES = ["low", "medium", "high", "critical"] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export const EU_AI_ACT_CLASSES = ["prohibited", "high_risk", "limited_risk", "minimal_risk", "gpai_based"] as const;
export type EuAiActClass = (typeof EU_AI_ACT_CLASSES)[number];

export const LIFECYCLES = ["planned", "in_production", "retired"] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export const DATA_CATEGORIES = ["none", "internal", "confidential", "personal", "special_category"] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const LABELS = {
  supplierStatus: {
    prospective: "Prospective",
    active: "Active",
    offboarding: "Offboarding",
    offboarded: "Offboarded",
  } satisfies Record<SupplierStatus, string>,
  componentKind: {
    hosted_api: "Hosted model API",
    model_weights: "Model weights",
    saas_feature: "SaaS feature with AI inside",
    dataset: "Dataset",
    agent_tooling: "Agent or tooling",
  } satisfies Record<ComponentKind, string>,
  criticality: { low: "Low", medium: "Medium", high: "High", critical: "Critical" } satisfies Record<Criticality, string>,
  euAiActClass: {
    prohibited: "Prohibited",
    high_risk: "High-risk",
    limited_risk: "Limited risk",
    minimal_risk: "Minimal risk",
    gpai_based: "Built on general-purpose AI",
  } satisfies Record<EuAiActClass, string>,
  lifecycle: { planned: "Planned", in_production: "In production", retired: "Retired" } satisfies Record<Lifecycle, string>,
  dataCategory: {
    none: "None",
    internal: "Internal",
    confidential: "Confidential",
    personal: "Personal data",
    special_category: "Special-category personal data",
  } satisfies Record<DataCategory, string>,
} as const;

export function describeCadence(cadence: UpdateCadence, intervalDays: number | null): string {
  if (cadence === "interval" && intervalDays) return `Every ${intervalDays} day${intervalDays === 1 ? "" : "s"}`;
  if (cadence === "on_release") return "On release";
  return "Not declared";
}
