// Applying a checked plan in batches, each its own short transaction, so other requests get the
// database between them (on the embedded database a transaction holds the only connection). All or
// nothing by compensation: every batch re-checks its rows and records what it did in the undo log;
// when a batch fails, the earlier ones are undone and the import is marked failed. Decision 0011.
import diagnostics_channel from "node:diagnostics_channel";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { ImportAdapter } from "../../domain/import/adapter";
import { planImport, type ImportPlan, type PlanItem } from "../../domain/import/pipeline";
import { countPlan } from "../../domain/import/preview";
import type { CsvKind } from "../../domain/inventory-import/kinds";
import type { Principal } from "../../domain/permissions";
import { userActor } from "../audit.server";
import { violatedConstraint } from "../db-errors.server";
import { digestPlan } from "./plan-digest.server";
import type { InventoryStore } from "./lookups.server";
import { deleteUndoLog, markRolledBack, undoImport, yieldToOthers } from "./undo-log.server";
import { recordImportSummary, writeBatch, type WriteMeta } from "./write.server";

/** Rows written (or undone) per transaction. */
export const APPLY_BATCH_SIZE = 1000;

/**
 * Applying a file is published here as `{ importId, phase, done, total }`: "start", "batch" after
 * each committed batch (done rows of total), "rollback" when a failure starts the undo, "end".
 * For tracing and progress, and for tests that act between batches.
 */
export const IMPORT_APPLY_CHANNEL = "assay.inventory-import.apply";
export type ApplyPhase = "start" | "batch" | "rollback" | "end";
const applyChannel = diagnostics_channel.channel(IMPORT_APPLY_CHANNEL);

export type BatchOutcome = { status: "applied" } | { status: "busy" } | { status: "failed"; reason: string };

/** Why a batch refused to write: carried out of its transaction, rolling that batch back. */
class BatchRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface BatchApply<R> {
  db: Kysely<Database>;
  kind: CsvKind;
  adapter: ImportAdapter<R>;
  store: InventoryStore<R>;
  plan: ImportPlan<R>;
  user: Principal & { email: string };
  meta: WriteMeta;
  batchSize?: number;
}

/** Rows that give up a unique place first (so no later batch finds it taken), then file order. */
function batchesOf<R>(plan: ImportPlan<R>, size: number): Array<Array<PlanItem<R>>> {
  const changed = plan.items.filter((i) => i.action !== "unchanged");
  const ordered = [...changed.filter((i) => i.releases), ...changed.filter((i) => !i.releases)];
  const batches: Array<Array<PlanItem<R>>> = [];
  for (let i = 0; i < ordered.length; i += size) batches.push(ordered.slice(i, i + size));
  return batches;
}

function describe(error: unknown): string | null {
  if (error instanceof BatchRefused) return error.reason;
  const unique = violatedConstraint(error);
  if (unique !== null) return `a value became taken by another record meanwhile (${unique || "unique constraint"})`;
  if (violatedConstraint(error, "23503") !== null) return "a record the file refers to was removed meanwhile";
  return null;
}

export async function applyInBatches<R>(job: BatchApply<R>): Promise<BatchOutcome> {
  const { db, kind, adapter, store, user, meta } = job;
  const size = job.batchSize ?? APPLY_BATCH_SIZE;
  const batches = batchesOf(job.plan, size);
  const total = batches.reduce((n, b) => n + b.length, 0);
  const claimed = await db
    .updateTable("csv_imports")
    .set({ state: "applying", heartbeat_at: sql<Date>`now()`, rows_total: total, rows_done: 0 })
    .where("id", "=", meta.importId)
    .where("state", "=", "pending")
    .returning("id")
    .executeTakeFirst();
  if (!claimed) return { status: "busy" };

  const progress = (phase: ApplyPhase, done: number) => applyChannel.publish({ importId: meta.importId, phase, done, total });
  let done = 0;
  progress("start", 0);
  try {
    for (const batch of batches) {
      await db.transaction().execute(async (trx) => {
        // The cheap re-check: these rows against the database as it is now must plan exactly as before.
        const records = batch.map((item) => item.record);
        const world = await store.loadWorld(trx, records);
        const now = planImport(adapter, batch, world, user);
        const problem = now.problems[0];
        if (problem) throw new BatchRefused(`row ${problem.row}: ${problem.message}`);
        if (digestPlan(now) !== digestPlan({ items: batch, problems: [] })) throw new BatchRefused("rows of this file were changed by someone else meanwhile");
        await writeBatch(trx, kind, store, now.items, user, meta.importId);
        done += batch.length;
        await trx
          .updateTable("csv_imports")
          .set({ rows_done: done, heartbeat_at: sql<Date>`now()` })
          .where("id", "=", meta.importId)
          .execute();
      });
      progress("batch", done);
      await yieldToOthers();
    }
    await db.transaction().execute(async (trx) => {
      await recordImportSummary(trx, kind, user, meta, countPlan(job.plan.items));
      // The applied file is not needed any more: the audit trail holds every change it made.
      await trx
        .updateTable("csv_imports")
        .set({ state: "applied", applied_at: new Date(), content: "", heartbeat_at: null })
        .where("id", "=", meta.importId)
        .execute();
    });
    await deleteUndoLog(db, meta.importId);
    return { status: "applied" };
  } catch (error) {
    const reason = describe(error);
    progress("rollback", done);
    // Undone whatever the cause; a failure while undoing leaves the import `applying`, for recovery.
    const undone = await undoImport(db, meta.importId, store, size);
    await markRolledBack(db, userActor(user), { importId: meta.importId, kind, fileName: meta.fileName, reason: reason ?? "an unexpected error", undone });
    if (reason === null) throw error;
    return { status: "failed", reason };
  } finally {
    progress("end", done);
  }
}
