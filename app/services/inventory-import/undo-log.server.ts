// The undo log of an import applied in batches (docs/decisions/0011): each batch records, in its
// own transaction, the ids it created and the values it overwrote; undoing walks the log newest
// first, in short transactions of its own, deleting created rows and restoring overwritten values.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { CsvKind } from "../../domain/inventory-import/kinds";
import { recordAudit, type Actor } from "../audit.server";
import { batchUpdate } from "./batch-update.server";
import { chunk, QUERY_CHUNK, type ImportTable, type InventoryStore } from "./lookups.server";

type Before = Record<string, string | null>;

export interface UndoEntry {
  rowId: string;
  /** Null for a row the import created; otherwise the values it overwrote, as text. */
  before: Before | null;
}

/** The columns an update overwrites, plus updated_at, as text: what an undo writes back. */
const restoredColumns = (store: InventoryStore<unknown>) => [...store.updateColumns, ["updated_at", "timestamptz"] as const];

/** The current values of the rows an update is about to overwrite, locked until the batch commits. */
export async function readBefore<R>(trx: Transaction<Database>, store: InventoryStore<R>, ids: readonly string[]): Promise<UndoEntry[]> {
  const columns = restoredColumns(store as InventoryStore<unknown>);
  const object = sql.join(columns.flatMap(([c]) => [sql.lit(c), sql`${sql.ref(c)}::text`]));
  const entries: UndoEntry[] = [];
  for (const part of chunk(ids, QUERY_CHUNK)) {
    const { rows } = await sql<{ id: string; before: Before }>`
      SELECT id, jsonb_build_object(${object}) AS before FROM ${sql.table(store.table)}
      WHERE id IN (${sql.join(part.map((id) => sql`${id}::uuid`))}) FOR UPDATE`.execute(trx);
    for (const row of rows) entries.push({ rowId: row.id, before: row.before });
  }
  return entries;
}

/** Appends entries to the import's undo log, after those of earlier batches. */
export async function appendUndo(trx: Transaction<Database>, importId: string, table: ImportTable, entries: readonly UndoEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const last = await trx
    .selectFrom("csv_import_undo")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .where("import_id", "=", importId)
    .executeTakeFirst();
  let seq = Number(last?.seq ?? 0);
  for (const part of chunk(entries, QUERY_CHUNK)) {
    await trx
      .insertInto("csv_import_undo")
      .values(
        part.map((e) => ({
          import_id: importId,
          seq: ++seq,
          table_name: table,
          row_id: e.rowId,
          before: e.before === null ? null : JSON.stringify(e.before),
        })),
      )
      .execute();
  }
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Undoes what the log records, newest first, `batchSize` entries per transaction, yielding between
 * them. Created rows are deleted (with what cascades from them); overwritten rows get their values
 * back. Returns how many rows were deleted and restored.
 */
export async function undoImport<R>(
  db: Kysely<Database>,
  importId: string,
  store: InventoryStore<R>,
  batchSize: number,
): Promise<{ deleted: number; restored: number }> {
  const undone = { deleted: 0, restored: 0 };
  for (;;) {
    const more = await db.transaction().execute(async (trx) => {
      const entries = await trx
        .selectFrom("csv_import_undo")
        .select(["seq", "table_name", "row_id", "before"])
        .where("import_id", "=", importId)
        .orderBy("seq", "desc")
        .limit(batchSize)
        .execute();
      if (entries.length === 0) return false;
      // Deletes first, then restores: a restored value may be one a deleted row held.
      const created = entries.filter((e) => e.before === null).map((e) => e.row_id);
      for (const part of chunk(created, QUERY_CHUNK)) {
        await trx.deleteFrom(store.table).where("id", "in", part).execute();
      }
      const restored = entries.filter((e) => e.before !== null);
      // Unique places a restored row takes back (a primary contact) are freed first, as on the way in.
      if (restored.length && store.release)
        await store.release(
          trx,
          restored.map((e) => e.row_id),
        );
      await batchUpdate(
        trx,
        store.table,
        restoredColumns(store as InventoryStore<unknown>),
        restored.map((e) => ({ id: e.row_id, values: e.before! })),
      );
      await trx
        .deleteFrom("csv_import_undo")
        .where("import_id", "=", importId)
        .where("seq", ">=", entries[entries.length - 1]!.seq)
        .execute();
      await trx
        .updateTable("csv_imports")
        .set({ heartbeat_at: sql<Date>`now()` })
        .where("id", "=", importId)
        .execute();
      undone.deleted += created.length;
      undone.restored += restored.length;
      return true;
    });
    if (!more) return undone;
    await yieldToOthers();
  }
}

/** Marks an undone import failed, with the rollback's audit event, in one short transaction. */
export async function markRolledBack(
  db: Kysely<Database>,
  actor: Actor,
  info: { importId: string; kind: CsvKind; fileName: string; reason: string; undone: { deleted: number; restored: number } },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("csv_imports")
      .set({ state: "failed", failure: info.reason.slice(0, 1000), heartbeat_at: null, content: "" })
      .where("id", "=", info.importId)
      .execute();
    await recordAudit(trx, actor, {
      action: "inventory.csv_import_rolled_back",
      entityType: "csv_import",
      entityId: info.importId,
      details: { kind: info.kind, fileName: info.fileName, reason: info.reason, deleted: info.undone.deleted, restored: info.undone.restored },
    });
  });
}

/** Deletes an applied import's undo log, a chunk per statement. */
export async function deleteUndoLog(db: Kysely<Database>, importId: string): Promise<void> {
  for (;;) {
    const result = await sql`DELETE FROM csv_import_undo WHERE import_id = ${importId}
      AND seq IN (SELECT seq FROM csv_import_undo WHERE import_id = ${importId} ORDER BY seq LIMIT 5000)`.execute(db);
    if (Number(result.numAffectedRows ?? 0) === 0) return;
    await yieldToOthers();
  }
}

export { yieldToOthers };
