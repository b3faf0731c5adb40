// The risk part of a scorecard: each component's inherent risk from the internal systems that
// depend on it, its residual risk with its grade, and the roll-ups per system and per supplier.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { residualRisk, supplierResidual, systemResidual, type RollupItem } from "../domain/risk/residual";
import type { Methodology } from "../domain/scoring/methodology";
import type { ScoringResult } from "../domain/scoring/types";
import { inherentRiskByComponent } from "./component-dependents.server";
import type { ComponentRiskView, Scorecard } from "./scores-scorecard.server";

export async function riskView(
  db: Kysely<Database>,
  supplierName: string,
  components: ReadonlyArray<{ id: string; name: string }>,
  result: ScoringResult,
  methodology: Methodology,
): Promise<Scorecard["risk"]> {
  if (components.length === 0) return { components: [], systems: [], supplier: null };
  const inherentByComponent = await inherentRiskByComponent(
    db,
    components.map((c) => c.id),
  );
  const matrix = methodology.riskMatrix;
  const perSystem = new Map<string, { name: string; items: RollupItem[] }>();
  const views: ComponentRiskView[] = components.map((c) => {
    const grade = result.components[c.id]?.grade ?? null;
    const inherent = inherentByComponent.get(c.id)!;
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
