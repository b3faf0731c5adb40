// The risk part of a scorecard: each component's inherent risk from the internal systems that
// depend on it, its residual risk with its grade, and the roll-ups per system and per supplier.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Criticality, DataCategory, EuAiActClass, Lifecycle } from "../domain/inventory";
import { inherentRisk } from "../domain/risk/inherent";
import { residualRisk, supplierResidual, systemResidual, type RollupItem } from "../domain/risk/residual";
import type { Methodology } from "../domain/scoring/methodology";
import type { ScoringResult } from "../domain/scoring/types";
import type { ComponentRiskView, Scorecard } from "./scores-scorecard.server";

export async function riskView(
  db: Kysely<Database>,
  supplierName: string,
  components: ReadonlyArray<{ id: string; name: string }>,
  result: ScoringResult,
  methodology: Methodology,
): Promise<Scorecard["risk"]> {
  if (components.length === 0) return { components: [], systems: [], supplier: null };
  const deps = await db
    .selectFrom("ai_system_dependencies as d")
    .innerJoin("ai_systems as sys", "sys.id", "d.ai_system_id")
    .select([
      "d.ai_component_id",
      "d.data_categories",
      "sys.id as system_id",
      "sys.name as system_name",
      "sys.criticality",
      "sys.eu_ai_act_class",
      "sys.lifecycle",
    ])
    .where(
      "d.ai_component_id",
      "in",
      components.map((c) => c.id),
    )
    .where("sys.archived_at", "is", null)
    .orderBy("sys.name")
    .execute();
  const matrix = methodology.riskMatrix;
  const perSystem = new Map<string, { name: string; items: RollupItem[] }>();
  const views: ComponentRiskView[] = components.map((c) => {
    const grade = result.components[c.id]?.grade ?? null;
    const inherent = inherentRisk(
      deps
        .filter((d) => d.ai_component_id === c.id)
        .map((d) => ({
          systemId: d.system_id,
          systemName: d.system_name,
          criticality: d.criticality as Criticality,
          euAiActClass: d.eu_ai_act_class as EuAiActClass,
          dataCategories: d.data_categories as DataCategory[],
          lifecycle: d.lifecycle as Lifecycle,
        })),
    );
    for (const dep of inherent.dependencies) {
      const entry = perSystem.get(dep.systemId) ?? { name: dep.systemName, items: [] };
      entry.items.push({ componentId: c.id, componentName: c.name, inherent: dep.level, grade });
      perSystem.set(dep.systemId, entry);
    }
    return {
      componentId: c.id,
      componentName: c.name,
      grade,
      inherent,
      residual: residualRisk(matrix, inherent.level, grade),
      dependencies: inherent.dependencies.map((d) => ({ ...d, inherent: d.level, residual: residualRisk(matrix, d.level, grade) })),
    };
  });
  const systems = [...perSystem.entries()].map(([systemId, s]) => ({ systemId, systemName: s.name, rollup: systemResidual(s.name, s.items, matrix) }));
  const supplier = supplierResidual(
    supplierName,
    views.map((v) => ({ componentId: v.componentId, componentName: v.componentName, inherent: v.inherent.level, grade: v.grade })),
    matrix,
  );
  return { components: views, systems, supplier };
}
