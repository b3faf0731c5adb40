// Writing one batch of a checked plan inside the batch's own transaction: the values it will
// overwrite are kept in the undo log first, then rows that give up a unique place, then batched
// updates (one UPDATE … FROM (VALUES …) per chunk), then batched inserts (their ids go to the undo
// log too), then one audit event per row written. The summary event comes with the last step.
import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { inventoryEvent } from "../../domain/audit-events";
import type { PlanItem } from "../../domain/import/pipeline";
import { changesToDetails, type PlanCounts } from "../../domain/import/preview";
import { CSV_AUDIT_ENTITY, type CsvKind } from "../../domain/inventory-import/kinds";
import { recordAudit, recordAuditMany, userActor, type AuditInput } from "../audit.server";
import { batchUpdate } from "./batch-update.server";
import { chunk, type InventoryStore } from "./lookups.server";
import { appendUndo, readBefore } from "./undo-log.server";

const WRITE_CHUNK = 500;

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

/** Writes one batch of plan items (creates and updates) with its undo log entries and audit events. */
export async function writeBatch<R>(
  trx: Transaction<Database>,
  kind: CsvKind,
  store: InventoryStore<R>,
  items: ReadonlyArray<PlanItem<R>>,
  user: { id: string; email: string },
  importId: string,
): Promise<void> {
  const creates = items.filter((i) => i.action === "create");
  const updates = items.filter((i) => i.action === "update");

  // What the updates will overwrite, read (and locked) before anything is written.
  const before = await readBefore(
    trx,
    store,
    updates.map((i) => i.id!),
  );
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
  await appendUndo(trx, importId, store.table, [...before, ...creates.map((item) => ({ rowId: createdIdByRow.get(item.row)!, before: null }))]);

  // Audit: one event per row written, in file order.
  const entityType = CSV_AUDIT_ENTITY[kind];
  const events: AuditInput[] = [];
  for (const item of items) {
    if (item.action === "create") {
      events.push({
        action: inventoryEvent(entityType, "import_create"),
        entityType,
        entityId: createdIdByRow.get(item.row) ?? null,
        details: { importId, row: item.row, key: item.key, values: item.record },
      });
    } else if (item.action === "update") {
      events.push({
        action: inventoryEvent(entityType, "import_update"),
        entityType,
        entityId: item.id,
        details: { importId, row: item.row, key: item.key, changes: changesToDetails(item.changes) },
      });
    }
  }
  await recordAuditMany(trx, userActor(user), events);
}

/** The import's summary event, written with the step that marks it applied. */
export async function recordImportSummary(
  trx: Transaction<Database>,
  kind: CsvKind,
  user: { id: string; email: string },
  meta: WriteMeta,
  counts: PlanCounts,
): Promise<void> {
  await recordAudit(trx, userActor(user), {
    action: "inventory.csv_import",
    entityType: "csv_import",
    entityId: meta.importId,
    details: { kind, fileName: meta.fileName, rows: meta.rowCount, ...counts },
  });
}
