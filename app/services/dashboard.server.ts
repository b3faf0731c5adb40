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
