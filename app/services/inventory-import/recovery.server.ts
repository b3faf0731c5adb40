// An import left `applying` by a process that died mid-apply must not stay half-written: once its
// heartbeat is old enough that no process can still be running it, it is undone from its undo log
// and marked failed. Run before each import and by the hourly cleanup job (decision 0011).
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { SYSTEM_ACTOR } from "../audit.server";
import { APPLY_BATCH_SIZE } from "./apply-batches.server";
import { storeFor } from "./stores.server";
import { markRolledBack, undoImport } from "./undo-log.server";

/** A running apply refreshes its heartbeat after every batch, far more often than this. */
export const STALLED_IMPORT_MINUTES = 5;

export const INTERRUPTED_REASON = "the import was interrupted (the server stopped while it ran)";

/** Undoes every import stalled in `applying`; returns the ids undone. */
export async function recoverStalledImports(db: Kysely<Database>, staleMinutes = STALLED_IMPORT_MINUTES): Promise<string[]> {
  const recovered: string[] = [];
  for (;;) {
    // Claimed by moving its heartbeat: another process running recovery at the same time skips it.
    const stalled = await db
      .updateTable("csv_imports")
      .set({ heartbeat_at: sql<Date>`now()` })
      .where(
        "id",
        "=",
        db
          .selectFrom("csv_imports")
          .select("id")
          .where("state", "=", "applying")
          .where(sql<boolean>`heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(mins => ${staleMinutes})`)
          .orderBy("heartbeat_at")
          .limit(1),
      )
      .where(sql<boolean>`heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(mins => ${staleMinutes})`)
      .returning(["id", "kind", "file_name"])
      .executeTakeFirst();
    if (!stalled) return recovered;
    const undone = await undoImport(db, stalled.id, storeFor(stalled.kind), APPLY_BATCH_SIZE);
    await markRolledBack(db, SYSTEM_ACTOR, { importId: stalled.id, kind: stalled.kind, fileName: stalled.file_name, reason: INTERRUPTED_REASON, undone });
    recovered.push(stalled.id);
  }
}
