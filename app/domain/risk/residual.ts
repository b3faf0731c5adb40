// Residual risk: inherent risk × grade through the methodology's matrix, per component and per
// dependency, rolled up per supplier and per internal system (the worst wins), said in words.
import type { Grade } from "../templates/definition";
import type { Methodology, RiskLevel } from "../scoring/methodology";
import { RISK_RANK } from "./inherent";

/** Null when the component has no grade yet: an unrated component has no residual risk to show. */
export function residualRisk(matrix: Methodology["riskMatrix"], inherent: RiskLevel, grade: Grade | null): RiskLevel | null {
  return grade === null ? null : matrix[inherent][grade];
}

/** One rated thing in a roll-up: a supplier's component, or a component an internal system depends on. */
export interface RollupItem {
  componentId: string;
  componentName: string;
  /** For a system's roll-up, the dependency's own inherent level; for a supplier's, the component's. */
  inherent: RiskLevel;
  grade: Grade | null;
}

export interface Rollup {
  level: RiskLevel | null;
  reason: string;
  /** The components at the worst level. */
  worst: string[];
}

const WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const count = (n: number, one: string, many: string) => `${WORDS[n] ?? String(n)} ${n === 1 ? one : many}`;

/**
 * The worst residual risk among the items, with a sentence like "depends on two components rated
 * D with critical inherent risk". `subject` starts the sentence ("Credit model v3 depends on",
 * "Acme supplies"). Unrated components are counted apart and never lower or raise the level.
 */
export function rollUp(subject: string, items: readonly RollupItem[], matrix: Methodology["riskMatrix"]): Rollup {
  if (items.length === 0) return { level: null, reason: `${subject} no AI component.`, worst: [] };
  let level: RiskLevel | null = null;
  const residuals = items.map((item) => residualRisk(matrix, item.inherent, item.grade));
  for (const r of residuals) if (r !== null && (level === null || RISK_RANK[r] > RISK_RANK[level])) level = r;
  const unrated = residuals.filter((r) => r === null).length;
  const unratedText = unrated ? `${count(unrated, "component", "components")} not yet rated` : "";
  if (level === null) return { level: null, reason: `${subject} ${unratedText}: no residual risk yet.`, worst: [] };
  const groups = new Map<string, { grade: Grade; inherent: RiskLevel; n: number }>();
  const worst: string[] = [];
  items.forEach((item, i) => {
    if (residuals[i] !== level) return;
    worst.push(item.componentId);
    const key = `${item.grade}:${item.inherent}`;
    const group = groups.get(key) ?? { grade: item.grade!, inherent: item.inherent, n: 0 };
    group.n += 1;
    groups.set(key, group);
  });
  const parts = [...groups.values()]
    .sort((a, b) => b.n - a.n || (a.grade < b.grade ? 1 : a.grade > b.grade ? -1 : 0))
    .map((g, i) => `${count(g.n, i === 0 ? "component" : "", i === 0 ? "components" : "")}`.trimEnd() + ` rated ${g.grade} with ${g.inherent} inherent risk`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0]!;
  const extra = unrated ? `; ${unratedText}` : "";
  return { level, reason: `${subject} ${list}: residual risk ${level}${extra}.`, worst };
}

/** Per internal system: "Credit model v3 depends on two components rated D with critical inherent risk: residual risk critical." */
export function systemResidual(systemName: string, dependencies: readonly RollupItem[], matrix: Methodology["riskMatrix"]): Rollup {
  return rollUp(`${systemName} depends on`, dependencies, matrix);
}

/** Per supplier: "Acme supplies one component rated E with high inherent risk: residual risk critical." */
export function supplierResidual(supplierName: string, components: readonly RollupItem[], matrix: Methodology["riskMatrix"]): Rollup {
  return rollUp(`${supplierName} supplies`, components, matrix);
}

/** Months until the next review of a component, by its inherent risk (the methodology's cadence). */
export function reassessmentMonths(methodology: Methodology, inherent: RiskLevel): number {
  return methodology.reassessmentMonths[inherent];
}
