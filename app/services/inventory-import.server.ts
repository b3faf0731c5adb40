// Importing an inventory file in two steps. Preview: read and check every row, compare with the
// database, and keep the file if there is something to do. Apply: check the kept file again
// against the database as it is now and, if the plan is still what the person saw, write it all
// in one transaction with its audit events. The rules are in app/domain/import/ and
// app/domain/inventory-import/; the per-kind queries in ./inventory-import/.
import { createHash } from "node:crypto";
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
import { violatedConstraint } from "./db-errors.server";
import { readCsv } from "./import/csv-reader.server";
import { storeFor } from "./inventory-import/stores.server";
import { writePlan } from "./inventory-import/write.server";
import type { Db } from "./inventory-import/lookups.server";

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

/** A fingerprint of what "apply" will write, so it can tell when the inventory changed since the preview. */
function digestPlan<R>(plan: ImportPlan<R>): string {
  const hash = createHash("sha256");
  for (const item of plan.items) {
    if (item.action === "unchanged") continue;
    hash.update(JSON.stringify([item.row, item.action, item.id, item.key, item.changes.map((c) => [c.column, c.from, c.to])]));
    hash.update("\n");
  }
  return hash.digest("hex").slice(0, 32);
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
    await trx
      .deleteFrom("csv_imports")
      .where("applied_at", "is", null)
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

/** Carries an outcome out of the transaction, rolling it back. */
class Outcome extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super("import outcome");
  }
}

/**
 * Step 2: check the stored file again against the database as it is now and, if every row is
 * still valid and the plan is what the user saw, write it all in one transaction.
 */
export async function applyImport(ctx: AppContext, user: Importer, input: { importId: string; digest: string }): Promise<ImportOutcome> {
  const notFound = rejected(404, "This upload was not found (an upload is kept until you upload another file). Upload the file again.");
  if (!isUuid(input.importId)) return notFound;
  const pending = await ctx.db
    .selectFrom("csv_imports")
    .select([
      "id",
      "user_id",
      "kind",
      "file_name",
      "content",
      "applied_at",
      sql<boolean>`created_at < now() - make_interval(mins => ${PENDING_IMPORT_MAX_AGE_MINUTES})`.as("expired"),
    ])
    .where("id", "=", input.importId)
    .executeTakeFirst();
  if (!pending || pending.user_id !== user.id) return notFound;
  if (pending.applied_at) return rejected(409, ALREADY_IMPORTED);
  if (pending.expired) {
    return rejected(
      410,
      `This upload is more than ${PENDING_IMPORT_MAX_AGE_MINUTES} minutes old, and the inventory may have changed since. Upload the file again to see a fresh preview.`,
    );
  }
  const kind = pending.kind;
  if (!canImportKind(user, kind)) return rejected(403, `${cannotImportMessage(kind)}.`);

  // Reading happens outside the transaction: on the embedded database the transaction holds the only connection.
  const read = await readUpload(kind, pending.content);
  if ("status" in read) return read;
  const info: FileInfo = { kind, fileName: pending.file_name, rowCount: read.rowCount };

  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom("csv_imports").select("applied_at").where("id", "=", pending.id).forUpdate().executeTakeFirst();
      if (!locked || locked.applied_at) throw new Outcome(rejected(409, ALREADY_IMPORTED));
      const plan = await planAgainst(trx, kind, read, user);
      const blocked = blockedOutcome(info, read, plan);
      if (blocked) throw new Outcome(blocked);
      const digest = digestPlan(plan);
      const preview = previewPlan(plan.items);
      if (digest !== input.digest) throw new Outcome({ ...info, status: "ready", importId: pending.id, digest, ...preview, changedSincePreview: true });
      await writePlan(trx, kind, storeFor(kind), plan, user, { importId: pending.id, fileName: pending.file_name, rowCount: read.rowCount });
      // The applied file is not needed any more: the audit trail holds every change it made.
      await trx.updateTable("csv_imports").set({ applied_at: new Date(), content: "" }).where("id", "=", pending.id).execute();
      return { ...info, status: "applied" as const, counts: preview.counts };
    });
  } catch (error) {
    if (error instanceof Outcome) return error.outcome;
    if (violatedConstraint(error) !== null || violatedConstraint(error, "23503") !== null) {
      return rejected(409, "The inventory changed while the import was running, so nothing was saved. Upload the file again to see a fresh preview.");
    }
    throw error;
  }
}
