// Inventory and component deadlines written straight to the database, for the calendar feed and
// reminder tests (the deadline engine that computes component_deadlines is tested on its own).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { DeadlineKind, DeadlineReason } from "../../app/domain/deadlines/next-reassessment";
import type { CalendarDate } from "../../app/domain/calendar";

export async function supplier(db: Kysely<Database>, name: string, ownerId: string | null) {
  return db.insertInto("suppliers").values({ name, status: "active", procurement_owner_id: ownerId }).returning(["id", "name"]).executeTakeFirstOrThrow();
}

export async function contact(db: Kysely<Database>, supplierId: string, name: string, email: string, isPrimary = true) {
  return db
    .insertInto("supplier_contacts")
    .values({ supplier_id: supplierId, name, email, is_primary: isPrimary })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
}

export async function component(db: Kysely<Database>, supplierId: string, name: string) {
  return db
    .insertInto("ai_components")
    .values({ supplier_id: supplierId, name, kind: "hosted_api", update_cadence: "unknown" })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
}

/** An internal system owned by `ownerId` that depends on the components. */
export async function system(db: Kysely<Database>, name: string, ownerId: string | null, componentIds: string[]) {
  const row = await db
    .insertInto("ai_systems")
    .values({ name, owner_id: ownerId, criticality: "high", eu_ai_act_class: "limited_risk", lifecycle: "in_production" })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  for (const componentId of componentIds) {
    await db.insertInto("ai_system_dependencies").values({ ai_system_id: row.id, ai_component_id: componentId }).execute();
  }
  return row;
}

/** Sets (or moves) a component's deadline; the first reason is the one that decides it. */
export async function setDeadline(
  db: Kysely<Database>,
  componentId: string,
  dueOn: CalendarDate,
  reasons: { kind: DeadlineKind; text: string; date?: CalendarDate }[],
) {
  const full: DeadlineReason[] = reasons.map((r) => ({ kind: r.kind, text: r.text, date: r.date ?? dueOn }));
  const values = { due_on: dueOn, reason_kind: full[0]!.kind, reason: full[0]!.text, reasons: JSON.stringify(full) };
  await db
    .insertInto("component_deadlines")
    .values({ ai_component_id: componentId, ...values })
    .onConflict((oc) => oc.column("ai_component_id").doUpdateSet(values))
    .execute();
}
