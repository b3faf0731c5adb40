// Inherent risk of an AI component: how much harm its failure could do, judged from the internal
// AI systems that depend on it, before looking at how well the vendor answered.
//
// Per dependency (one internal system using the component):
//   1. start from the system's criticality (low, medium, high, critical);
//   2. EU AI Act class: prohibited → critical; high-risk → one level up (so at least high);
//      limited risk, minimal risk, built on general-purpose AI → unchanged;
//   3. data shared with the component: special-category personal data → one level up (so at least
//      high); personal or confidential data → at least medium; internal or none → unchanged.
//   Levels stop at critical. Retired systems do not count.
// The component's inherent risk is the worst of its dependencies ("the worst dependency wins"),
// with that dependency's reason in words; with no (live) dependency it is low, and says so.
import { LABELS, type Criticality, type DataCategory, type EuAiActClass, type Lifecycle } from "../inventory";
import { RISK_LEVELS, type RiskLevel } from "../scoring/methodology";

export interface DependencyInput {
  systemId: string;
  systemName: string;
  criticality: Criticality;
  euAiActClass: EuAiActClass | null;
  dataCategories: readonly DataCategory[];
  lifecycle?: Lifecycle;
}

export interface DependencyRisk {
  systemId: string;
  systemName: string;
  level: RiskLevel;
  reason: string;
}

export interface InherentRiskResult {
  level: RiskLevel;
  reason: string;
  /** Each live dependency's own level, worst first (ties in the order given). */
  dependencies: DependencyRisk[];
}

export const RISK_RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const at = (rank: number): RiskLevel => RISK_LEVELS[Math.min(3, Math.max(0, rank))]!;
export const worseRisk = (a: RiskLevel, b: RiskLevel): RiskLevel => (RISK_RANK[a] >= RISK_RANK[b] ? a : b);

export function dependencyRisk(dep: DependencyInput): DependencyRisk {
  let rank = RISK_RANK[dep.criticality];
  const steps: string[] = [`${dep.systemName} is of ${dep.criticality} criticality`];
  const raise = (to: number, why: string) => {
    const next = Math.min(3, to);
    if (next > rank) {
      steps.push(`${why}: raised to ${at(next)}`);
      rank = next;
    } else steps.push(`${why}: already ${at(rank)}`);
  };
  if (dep.euAiActClass === "prohibited") raise(3, "it is a prohibited practice under the EU AI Act");
  else if (dep.euAiActClass === "high_risk") raise(Math.max(rank + 1, 2), "it is high-risk under the EU AI Act");
  const data = new Set(dep.dataCategories);
  if (data.has("special_category")) raise(Math.max(rank + 1, 2), `it shares ${LABELS.dataCategory.special_category.toLowerCase()} with the component`);
  else if (data.has("personal") || data.has("confidential")) {
    const what = data.has("personal") ? LABELS.dataCategory.personal.toLowerCase() : "confidential data";
    raise(1, `it shares ${what} with the component`);
  }
  return { systemId: dep.systemId, systemName: dep.systemName, level: at(rank), reason: `${steps.join("; ")}.` };
}

export function inherentRisk(dependencies: readonly DependencyInput[]): InherentRiskResult {
  const live = dependencies.filter((d) => d.lifecycle !== "retired").map(dependencyRisk);
  if (live.length === 0) {
    const retired = dependencies.length - live.length;
    const note = retired ? ` (${retired} retired system${retired === 1 ? "" : "s"} not counted)` : "";
    return { level: "low", reason: `No internal AI system in use depends on this component${note}: low.`, dependencies: [] };
  }
  const sorted = live
    .map((d, i) => ({ d, i }))
    .sort((a, b) => RISK_RANK[b.d.level] - RISK_RANK[a.d.level] || a.i - b.i)
    .map((x) => x.d);
  const worst = sorted[0]!;
  const others = sorted.length - 1;
  const tail = others ? ` The worst of ${sorted.length} dependent systems wins.` : "";
  return { level: worst.level, reason: `${capitalise(worst.level)}: ${worst.reason}${tail}`, dependencies: sorted };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
