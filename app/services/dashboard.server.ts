import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface InventoryCounts {
  suppliers: number;
  components: number;
  systems: number;
  dependencies: number;
}

export async function getInventoryCounts(db: Kysely<Database>): Promise<InventoryCounts> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("suppliers").select(eb.fn.countAll<string>().as("n")).where("archived_at", "is", null).as("suppliers"),
      eb.selectFrom("ai_components").select(eb.fn.countAll<string>().as("n")).where("archived_at", "is", null).as("components"),
      eb.selectFrom("ai_systems").select(eb.fn.countAll<string>().as("n")).where("archived_at", "is", null).as("systems"),
      eb.selectFrom("ai_system_dependencies").select(eb.fn.countAll<string>().as("n")).as("dependencies"),
    ])
    .executeTakeFirstOrThrow();
  return {
    suppliers: Number(row.suppliers),
    components: Number(row.components),
    systems: Number(row.systems),
    dependencies: Number(row.dependencies),
  };
}

export interface Breakdowns {
  systemsByCriticality: Record<string, number>;
  assessmentsByStatus: Record<string, number>;
  overdueAssessments: number;
}

/** Small GROUP BYs over indexed columns: the pictures on the dashboard. */
export async function getBreakdowns(db: Kysely<Database>, today: string): Promise<Breakdowns> {
  const [systems, assessments, overdue] = await Promise.all([
    db
      .selectFrom("ai_systems")
      .select(["criticality", (eb) => eb.fn.countAll<string>().as("n")])
      .where("archived_at", "is", null)
      .groupBy("criticality")
      .execute(),
    db
      .selectFrom("assessments")
      .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
      .groupBy("status")
      .execute(),
    db
      .selectFrom("assessments")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("status", "in", ["sent", "in_progress"])
      .where("due_date", "<", today)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    systemsByCriticality: Object.fromEntries(systems.map((r) => [r.criticality, Number(r.n)])),
    assessmentsByStatus: Object.fromEntries(assessments.map((r) => [r.status, Number(r.n)])),
    overdueAssessments: Number(overdue.n),
  };
}
