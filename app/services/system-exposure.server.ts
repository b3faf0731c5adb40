// An internal AI system's exposure to its vendors: for each dependency, the component's current
// grade and the residual risk of *this* use of it (this system's criticality, EU AI Act class and
// the data it shares, through the methodology's matrix), rolled up to the system's worst, in words.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { dependencyRisk } from "../domain/risk/inherent";
import { residualRisk, systemResidual, type Rollup, type RollupItem } from "../domain/risk/residual";
import type { RiskLevel } from "../domain/scoring/methodology";
import type { Criticality, DataCategory, EuAiActClass, Lifecycle } from "../domain/inventory";
import type { Grade } from "../domain/templates/definition";
import { componentRatingsFor, currentMatrix } from "./ratings.server";

export interface SystemForExposure {
  id: string;
  name: string;
  criticality: Criticality;
  eu_ai_act_class: EuAiActClass | null;
  lifecycle: Lifecycle;
}

export interface DependencyForExposure {
  id: string;
  component_id: string;
  component_name: string;
  data_categories: readonly DataCategory[];
}

export interface DependencyExposure {
  grade: Grade | null;
  overall: number | null;
  assessmentId: string | null;
  inherent: RiskLevel;
  inherentReason: string;
  residual: RiskLevel | null;
}

export interface SystemExposure {
  rollup: Rollup;
  /** By dependency id. */
  dependencies: Record<string, DependencyExposure>;
}

export async function systemExposure(db: Kysely<Database>, system: SystemForExposure, dependencies: readonly DependencyForExposure[]): Promise<SystemExposure> {
  const matrix = await currentMatrix(db);
  const ratings = await componentRatingsFor(
    db,
    dependencies.map((d) => d.component_id),
    matrix,
  );
  const items: RollupItem[] = [];
  const byDependency: Record<string, DependencyExposure> = {};
  for (const d of dependencies) {
    const risk = dependencyRisk({
      systemId: system.id,
      systemName: system.name,
      criticality: system.criticality,
      euAiActClass: system.eu_ai_act_class,
      dataCategories: d.data_categories,
      lifecycle: system.lifecycle,
    });
    const rating = ratings.get(d.component_id);
    const grade = rating?.grade ?? null;
    items.push({ componentId: d.component_id, componentName: d.component_name, inherent: risk.level, grade });
    byDependency[d.id] = {
      grade,
      overall: rating?.overall ?? null,
      assessmentId: rating?.assessmentId ?? null,
      inherent: risk.level,
      inherentReason: risk.reason,
      residual: residualRisk(matrix, risk.level, grade),
    };
  }
  return { rollup: systemResidual(system.name, items, matrix), dependencies: byDependency };
}
