// Writing a checked plan inside the caller's transaction: rows that give up a unique place first,
// then batched updates (one UPDATE … FROM (VALUES …) per chunk), then batched inserts, then one
// audit event per row written and a summary event.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { inventoryEvent } from "../../domain/audit-events";
import type { ImportPlan, PlanItem } from "../../domain/import/pipeline";
import { changesToDetails, countPlan } from "../../domain/import/preview";
import { CSV_AUDIT_ENTITY, type CsvKind } from "../../domain/inventory-import/kinds";
import { recordAuditMany, userActor, type AuditInput } from "../audit.server";
import { chunk, type ImportTable, type InventoryStore } from "./lookups.server";

const WRITE_CHUNK = 500;

function toSqlText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  return String(value);
}

/** Updates many rows by id in few statements: every value travels as text and is cast to its column's type. */
async function batchUpdate(
  trx: Transaction<Database>,
  table: ImportTable,
  columns: ReadonlyArray<readonly [name: string, type: string]>,
  rows: ReadonlyArray<{ id: string; values: Record<string, unknown> }>,
) {
  for (const part of chunk(rows, WRITE_CHUNK)) {
    const values = sql.join(part.map((r) => sql`(${sql.join([r.id, ...columns.map(([c]) => toSqlText(r.values[c]))])})`));
    const names = sql.join(["id", ...columns.map(([c]) => c)].map((c) => sql.ref(c)));
    const set = sql.join(columns.map(([c, type]) => sql`${sql.ref(c)} = ${sql.ref(`v.${c}`)}::${sql.raw(type)}`));
    await sql`UPDATE ${sql.table(table)} AS t SET ${set}, updated_at = now() FROM (VALUES ${values}) AS v(${names}) WHERE t.id = v.id::uuid`.execute(trx);
  }
}

/** Inserts the rows to create; returns the new id of each, by file row. */
async function insertAll<R>(trx: Transaction<Database>, store: InventoryStore<R>, creates: ReadonlyArray<PlanItem<R>>): Promise<Map<number, string>> {
  const keyOf = (row: Record<string, unknown>) => store.insertKey.map((c) => String(row[c])).join("|");
  const rows = creates.map((item) => store.toRow(item));
  const ids = new Map<string, string>();
  for (const part of chunk(rows, WRITE_CHUNK)) {
    // One table per store, chosen at run time: the row shapes are checked by each store's toRow.
    const inserted = (await trx
      .insertInto(store.table)
      .values(part as never)
      .returning(["id", ...store.insertKey] as never)
      .execute()) as Array<Record<string, unknown> & { id: string }>;
    for (const row of inserted) ids.set(keyOf(row), row.id);
  }
  return new Map(creates.map((item, i) => [item.row, ids.get(keyOf(rows[i]!))!]));
}

export interface WriteMeta {
  importId: string;
  fileName: string;
  rowCount: number;
}

export async function writePlan<R>(
  trx: Transaction<Database>,
  kind: CsvKind,
  store: InventoryStore<R>,
  plan: ImportPlan<R>,
  user: { id: string; email: string },
  meta: WriteMeta,
): Promise<void> {
  const creates = plan.items.filter((i) => i.action === "create");
  const updates = plan.items.filter((i) => i.action === "update");

  // A row that gives up a unique place goes first, so a unique index never sees two holders.
  const releasing = updates.filter((i) => i.releases).map((i) => i.id!);
  if (releasing.length && store.release) await store.release(trx, releasing);
  // Updates before inserts: a row may give up a name or email that a new row then takes.
  await batchUpdate(
    trx,
    store.table,
    store.updateColumns,
    updates.map((i) => ({ id: i.id!, values: store.toRow(i) })),
  );
  const createdIdByRow = await insertAll(trx, store, creates);

  // Audit: one event per row written, in file order, then the summary.
  const entityType = CSV_AUDIT_ENTITY[kind];
  const events: AuditInput[] = [];
  for (const item of plan.items) {
    if (item.action === "create") {
      events.push({
        action: inventoryEvent(entityType, "import_create"),
        entityType,
        entityId: createdIdByRow.get(item.row) ?? null,
        details: { importId: meta.importId, row: item.row, key: item.key, values: item.record },
      });
    } else if (item.action === "update") {
      events.push({
        action: inventoryEvent(entityType, "import_update"),
        entityType,
        entityId: item.id,
        details: { importId: meta.importId, row: item.row, key: item.key, changes: changesToDetails(item.changes) },
      });
    }
  }
  events.push({
    action: "inventory.csv_import",
    entityType: "csv_import",
    entityId: meta.importId,
    details: { kind, fileName: meta.fileName, rows: meta.rowCount, ...countPlan(plan.items) },
  });
  await recordAuditMany(trx, userActor(user), events);
}
