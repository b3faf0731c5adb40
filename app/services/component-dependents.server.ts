// Which internal AI systems depend on each vendor component (live, not archived), turned into
// the component's inherent risk: one query for the rating panels, the lists and the scorecard.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Criticality, DataCategory, EuAiActClass, Lifecycle } from "../domain/inventory";
import { inherentRisk, type InherentRiskResult } from "../domain/risk/inherent";

/** Each component's inherent risk, with each dependent system's level and reason (systems by name). */
export async function inherentRiskByComponent(db: Kysely<Database>, componentIds: readonly string[]) {
  if (componentIds.length === 0) return new Map<string, InherentRiskResult>();
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
    .where("d.ai_component_id", "in", componentIds)
    .where("sys.archived_at", "is", null)
    .orderBy(sql`lower(sys.name)`)
    .execute();
  return new Map(
    componentIds.map((id) => [
      id,
      inherentRisk(
        deps
          .filter((d) => d.ai_component_id === id)
          .map((d) => ({
            systemId: d.system_id,
            systemName: d.system_name,
            criticality: d.criticality as Criticality,
            euAiActClass: d.eu_ai_act_class as EuAiActClass | null,
            dataCategories: d.data_categories as DataCategory[],
            lifecycle: d.lifecycle as Lifecycle,
          })),
      ),
    ]),
  );
}
