// Importing an inventory file in two steps. Preview: read and check every row, compare with the
// database, and keep the file if there is something to do. Apply: check the kept file again
// against the database as it is now and, if the plan is still what the person saw, write it in
// batches, each its own short transaction with its audit events, undoing them all if one fails
// (docs/decisions/0011-csv-import-applied-in-batches.md). The rules are in app/domain/import/ and
// app/domain/inventory-import/; the per-kind queries in ./inventory-import/.
import diagnostics_channel from "node:diagnostics_channel";
import { sql } from "kysely";
import { HTTP_STATUS, isAppError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import type { ImportPlan } from "../domain/import/pipeline";
import { planImport } from "../domain/import/pipeline";
import { previewPlan, type PlanCounts, type PlanPreview } from "../domain/import/preview";
import { mergeProblems, type ImportProblem } from "../domain/import/problems";
import { checkSource, type CheckedRows } from "../domain/import/source";
import { decodeCsvBytes } from "../domain/import/csv-reader";
import { adapterFor, layoutFor, type CsvRecord } from "../domain/inventory-import/adapters";
import { canImportKind, cannotImportMessage, type CsvKind } from "../domain/inventory-import/kinds";
import type { Principal } from "../domain/permissions";
import type { AppContext } from "./context.server";
import { readCsv } from "./import/csv-reader.server";
import { applyInBatches } from "./inventory-import/apply-batches.server";
import type { Db } from "./inventory-import/lookups.server";
import { digestPlan } from "./inventory-import/plan-digest.server";
import { recoverStalledImports } from "./inventory-import/recovery.server";
import { storeFor } from "./inventory-import/stores.server";

export { IMPORT_APPLY_CHANNEL, type ApplyPhase } from "./inventory-import/apply-batches.server";

export type Importer = Principal & { email: string };

/** A pending upload may be applied within this time of its preview. */
export const PENDING_IMPORT_MAX_AGE_MINUTES = 60;

interface FileInfo {
  kind: CsvKind;
  fileName: string;
  rowCount: number;
}

export type ImportOutcome =
  | { status: "rejected"; httpStatus: number; message: string }
  | (FileInfo & { status: "problems"; problems: ImportProblem[]; more: number })
  | (FileInfo & { status: "nothing"; counts: PlanCounts })
  | (FileInfo &
      PlanPreview & {
        status: "ready";
        importId: string;
        digest: string;
        /** Set when the inventory changed between the preview and "apply": this is the new preview. */
        changedSincePreview?: boolean;
      })
  | (FileInfo & { status: "applied"; counts: PlanCounts });

const rejected = (httpStatus: number, message: string): ImportOutcome => ({ status: "rejected", httpStatus, message });
const ALREADY_IMPORTED = "This file has already been imported.";
const BEING_IMPORTED = "This file is being imported right now. Reload the page in a moment to see the inventory.";
const failedMessage = (reason: string) =>
  `The inventory changed while the import was running (${reason}), so nothing was imported: the rows already written were undone. Upload the file again to see a fresh preview.`;
const undoneMessage = (reason: string) =>
  `This import did not complete (${reason}), so nothing was imported: the rows already written were undone. Upload the file again to see a fresh preview.`;

/**
 * A file's check starting and ending is published here as `{ kind, phase: "start" | "end" }`, for
 * tracing, and for tests that watch the server keep answering while a large file is checked.
 */
export const IMPORT_CHECK_CHANNEL = "assay.inventory-import.check";
const checkChannel = diagnostics_channel.channel(IMPORT_CHECK_CHANNEL);

/** Reads and checks every row of a CSV file of this kind; a file that cannot be read at all throws an AppError. */
export async function checkCsvText<K extends CsvKind>(kind: K, text: string): Promise<CheckedRows<CsvRecord<K>>> {
  checkChannel.publish({ kind, phase: "start" });
  try {
    return await checkSource(readCsv, text, layoutFor(kind), (row) => adapterFor(kind).validate(row));
  } finally {
    checkChannel.publish({ kind, phase: "end" });
  }
}

async function planAgainst<K extends CsvKind>(db: Db, kind: K, read: CheckedRows<CsvRecord<K>>, user: Importer): Promise<ImportPlan<CsvRecord<K>>> {
  const world = await storeFor(kind).loadWorld(
    db,
    read.rows.map((r) => r.record),
  );
  return planImport(adapterFor(kind), read.rows, world, user);
}

/** The outcome of a plan that cannot or need not be written: problems, or nothing to change; null when it can be. */
function blockedOutcome<R>(info: FileInfo, read: CheckedRows<R>, plan: ImportPlan<R>): ImportOutcome | null {
  if (read.problemCount > 0 || plan.problems.length > 0) return { ...info, status: "problems", ...mergeProblems(read, plan.problems) };
  const preview = previewPlan(plan.items);
  if (preview.counts.create + preview.counts.update === 0) return { ...info, status: "nothing", counts: preview.counts };
  return null;
}

function cleanFileName(name: string): string {
  // Control characters (CR/LF above all) would break the audit details and the page that shows the name.
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (cleaned || "upload.csv").slice(0, 300);
}

/** Reads the file, or says why it cannot be read. */
async function readUpload<K extends CsvKind>(kind: K, text: string): Promise<CheckedRows<CsvRecord<K>> | ImportOutcome> {
  try {
    return await checkCsvText(kind, text);
  } catch (error) {
    if (isAppError(error)) return rejected(HTTP_STATUS[error.kind], error.message);
    throw error;
  }
}

/**
 * Step 1: read and check every row, compare with the database, and keep the file for step 2 if
 * there is something to do. Writes nothing to the inventory.
 */
export async function previewImport(ctx: AppContext, user: Importer, input: { kind: CsvKind; fileName: string; bytes: Uint8Array }): Promise<ImportOutcome> {
  const { kind } = input;
  if (!canImportKind(user, kind)) return rejected(403, `${cannotImportMessage(kind)}.`);
  const fileName = cleanFileName(input.fileName);
  const decoded = decodeCsvBytes(input.bytes);
  if (!decoded.ok) return rejected(400, decoded.message);
  const read = await readUpload(kind, decoded.text);
  if ("status" in read) return read;

  const plan = await planAgainst(ctx.db, kind, read, user);
  const info: FileInfo = { kind, fileName, rowCount: read.rowCount };
  const blocked = blockedOutcome(info, read, plan);
  if (blocked) return blocked;

  const { id } = await ctx.db.transaction().execute(async (trx) => {
    // One pending upload per user, and none left over from long ago.
    // An import being applied (or undone) keeps its row: its undo log hangs on it.
    await trx
      .deleteFrom("csv_imports")
      .where("state", "in", ["pending", "failed"])
      .where((eb) => eb.or([eb("user_id", "=", user.id), eb("created_at", "<", sql<Date>`now() - interval '1 day'`)]))
      .execute();
    return trx
      .insertInto("csv_imports")
      .values({ user_id: user.id, kind, file_name: fileName, content: decoded.text, row_count: read.rowCount })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
  return { ...info, status: "ready", importId: id, digest: digestPlan(plan), ...previewPlan(plan.items) };
}

/**
 * Step 2: check the stored file again against the database as it is now and, if every row is
 * still valid and the plan is what the user saw, write it in batches (other requests run between
 * them); if a batch fails, the batches before it are undone: all or nothing.
 */
export async function applyImport(
  ctx: AppContext,
  user: Importer,
  input: { importId: string; digest: string },
  options: { batchSize?: number } = {},
): Promise<ImportOutcome> {
  const notFound = rejected(404, "This upload was not found (an upload is kept until you upload another file). Upload the file again.");
  if (!isUuid(input.importId)) return notFound;
  // An import a dead process left half-applied is undone before anything else is imported.
  await recoverStalledImports(ctx.db);
  const pending = await ctx.db
    .selectFrom("csv_imports")
    .select([
      "id",
      "user_id",
      "kind",
      "file_name",
      "content",
      "state",
      "failure",
      sql<boolean>`created_at < now() - make_interval(mins => ${PENDING_IMPORT_MAX_AGE_MINUTES})`.as("expired"),
    ])
    .where("id", "=", input.importId)
    .executeTakeFirst();
  if (!pending || pending.user_id !== user.id) return notFound;
  if (pending.state === "applied") return rejected(409, ALREADY_IMPORTED);
  if (pending.state === "applying") return rejected(409, BEING_IMPORTED);
  if (pending.state === "failed") return rejected(409, undoneMessage(pending.failure ?? "it failed"));
  if (pending.expired) {
    return rejected(
      410,
      `This upload is more than ${PENDING_IMPORT_MAX_AGE_MINUTES} minutes old, and the inventory may have changed since. Upload the file again to see a fresh preview.`,
    );
  }
  const kind = pending.kind;
  if (!canImportKind(user, kind)) return rejected(403, `${cannotImportMessage(kind)}.`);

  // Reading and planning run outside any transaction: on the embedded database a transaction holds
  // the only connection. Each batch checks its own rows again inside its transaction.
  const read = await readUpload(kind, pending.content);
  if ("status" in read) return read;
  const info: FileInfo = { kind, fileName: pending.file_name, rowCount: read.rowCount };
  const plan = await planAgainst(ctx.db, kind, read, user);
  const blocked = blockedOutcome(info, read, plan);
  if (blocked) return blocked;
  const digest = digestPlan(plan);
  const preview = previewPlan(plan.items);
  if (digest !== input.digest) return { ...info, status: "ready", importId: pending.id, digest, ...preview, changedSincePreview: true };

  const result = await applyInBatches({
    db: ctx.db,
    kind,
    adapter: adapterFor(kind),
    store: storeFor(kind),
    plan,
    user,
    meta: { importId: pending.id, fileName: pending.file_name, rowCount: read.rowCount },
    batchSize: options.batchSize,
  });
  if (result.status === "busy") return rejected(409, BEING_IMPORTED);
  if (result.status === "failed") return rejected(409, failedMessage(result.reason));
  return { ...info, status: "applied", counts: preview.counts };
}
