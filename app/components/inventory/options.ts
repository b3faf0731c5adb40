import { COMPONENT_KINDS, CRITICALITIES, DATA_CATEGORIES, EU_AI_ACT_CLASSES, LABELS, LIFECYCLES, SUPPLIER_STATUSES, UPDATE_CADENCES } from "~/domain/inventory";
import type { Option } from "../field";

const toOptions = <T extends string>(values: readonly T[], labels: Record<T, string>): Option[] => values.map((value) => ({ value, label: labels[value] }));

export const supplierStatusOptions = toOptions(SUPPLIER_STATUSES, LABELS.supplierStatus);
export const componentKindOptions = toOptions(COMPONENT_KINDS, LABELS.componentKind);
export const criticalityOptions = toOptions(CRITICALITIES, LABELS.criticality);
export const euClassOptions = toOptions(EU_AI_ACT_CLASSES, LABELS.euAiActClass);
export const lifecycleOptions = toOptions(LIFECYCLES, LABELS.lifecycle);
export const dataCategoryOptions = toOptions(DATA_CATEGORIES, LABELS.dataCategory);
export const cadenceOptions = toOptions(UPDATE_CADENCES, { interval: "Every N days", on_release: "On each release", unknown: "Not declared" });
export const userOptions = (users: ReadonlyArray<{ id: string; name: string }>): Option[] => users.map((u) => ({ value: u.id, label: u.name }));
