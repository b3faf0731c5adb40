// The component deadlines that concern one staff user, for their calendar feed and weekly digest.
// Relevance: admins see every deadline; everyone else sees the components of the suppliers they
// own as procurement owner and the components their own internal systems depend on (as the
// systems' risk owner). Viewers and others who own nothing see none. Archived components,
// suppliers and systems do not count.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { DeadlineKind, DeadlineReason } from "../domain/deadlines/next-reassessment";
import type { Role } from "../domain/permissions";

export interface UserDeadline {
  componentId: string;
  componentName: string;
  supplierId: string;
  supplierName: string;
  dueOn: string;
  reasonKind: DeadlineKind;
  reason: string;
  reasons: DeadlineReason[];
}

export async function deadlinesForUser(db: Kysely<Database>, user: { id: string; role: Role }, until?: string): Promise<UserDeadline[]> {
  let query = db
    .selectFrom("component_deadlines as d")
    .innerJoin("ai_components as c", "c.id", "d.ai_component_id")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .select([
      "c.id as componentId",
      "c.name as componentName",
      "s.id as supplierId",
      "s.name as supplierName",
      "d.due_on as dueOn",
      "d.reason_kind as reasonKind",
      "d.reason",
      "d.reasons",
    ])
    .where("c.archived_at", "is", null)
    .where("s.archived_at", "is", null);
  if (user.role !== "admin") {
    query = query.where((eb) =>
      eb.or([
        eb("s.procurement_owner_id", "=", user.id),
        eb.exists(
          eb
            .selectFrom("ai_system_dependencies as dep")
            .innerJoin("ai_systems as y", "y.id", "dep.ai_system_id")
            .select(sql`1`.as("one"))
            .whereRef("dep.ai_component_id", "=", "c.id")
            .where("y.owner_id", "=", user.id)
            .where("y.archived_at", "is", null),
        ),
      ]),
    );
  }
  if (until) query = query.where("d.due_on", "<=", until);
  const rows = await query.orderBy("d.due_on").orderBy("c.name").orderBy("c.id").execute();
  return rows.map((row) => ({ ...row, reasons: parseReasons(row.reasons) }));
}

/** jsonb comes back parsed from pg and PGlite alike; a string (other drivers) is parsed here. */
export function parseReasons(value: unknown): DeadlineReason[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as DeadlineReason[]) : [];
}
