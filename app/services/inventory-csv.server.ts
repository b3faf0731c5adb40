// CSV import and export of the inventory: reading uploaded text without blocking the server,
// looking up what a file refers to, storing the pending upload, applying it in one transaction,
// and streaming exports page by page. The rules themselves are in app/domain/inventory-csv.ts.
import { createHash } from "node:crypto";
import { finished } from "node:stream/promises";
import { CsvError, parse } from "csv-parse";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import {
  canImportKind,
  capProblems,
  changedColumnCounts,
  changesToDetails,
  checkHeader,
  countPlan,
  CSV_AUDIT_ENTITY,
  CSV_KIND_NOUNS,
  decodeCsvBytes,
  detectDelimiter,
  emptyWorld,
  MAX_IMPORT_ROWS,
  MAX_RECORD_CHARS,
  planImport,
  recordsToCsv,
  toCsvRow,
  validateRow,
  type ComponentRecord,
  type ContactRecord,
  type CsvKind,
  type CsvProblem,
  type CsvRecord,
  type DependencyRecord,
  type ImportPlan,
  type ImportWorld,
  type PlanCounts,
  type PlanItem,
  type RefRow,
  type SupplierRecord,
  type SystemRecord,
} from "../domain/inventory-csv";
import type { Principal } from "../domain/permissions";
import { recordAuditMany, userActor, type AuditInput } from "./audit.server";
import type { AppContext } from "./context.server";
import { violatedConstraint } from "./db-errors.server";

type Db = Kysely<Database> | Transaction<Database>;
export type Importer = Principal & { email: string };

/** A pending upload may be applied within this time of its preview. */
export const PENDING_IMPORT_MAX_AGE_MINUTES = 60;
const PARSE_CHUNK_CHARS = 64 * 1024;
const QUERY_CHUNK = 1000;
const WRITE_CHUNK = 500;
const MAX_PROBLEMS_KEPT = 5000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading a file

export interface CheckedRows<K extends CsvKind = CsvKind> {
  ok: true;
  /** Data rows, blank lines not counted. */
  rowCount: number;
  rows: Array<{ row: number; record: CsvRecord<K> }>;
  problems: CsvProblem[];
  /** All problems, including those past MAX_PROBLEMS_KEPT. */
  problemCount: number;
}
export type ReadResult<K extends CsvKind = CsvKind> = CheckedRows<K> | { ok: false; message: string };

/**
 * Parses CSV text with csv-parse's streaming parser, feeding it in small pieces and letting other
 * requests run in between, so a 20 MB upload does not stall the server. Stops at the first sign
 * that the file is not what it should be (wrong header, too many rows, broken quoting).
 */
export async function readCsvText<K extends CsvKind>(kind: K, text: string): Promise<ReadResult<K>> {
  const parser = parse({
    delimiter: detectDelimiter(text),
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
    bom: true,
  });
  let columns: string[] | null = null;
  let fatal: string | null = null;
  let row = 0;
  const result: CheckedRows<K> = { ok: true, rowCount: 0, rows: [], problems: [], problemCount: 0 };
  const report = (problems: readonly CsvProblem[]) => {
    result.problemCount += problems.length;
    for (const p of problems) if (result.problems.length < MAX_PROBLEMS_KEPT) result.problems.push(p);
  };

  parser.on("data", (fields: string[]) => {
    if (fatal) return;
    row += 1;
    if (columns === null) {
      const header = checkHeader(kind, fields);
      if (!header.ok) fatal = header.message;
      else columns = header.columns;
      return;
    }
    const cells = toCsvRow(columns, fields, row);
    if ("blank" in cells) return;
    result.rowCount += 1;
    if (result.rowCount > MAX_IMPORT_ROWS) {
      fatal = `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en-GB")} data rows. Split it into smaller files and import them one after another.`;
      return;
    }
    if ("problem" in cells) return report([cells.problem]);
    const checked = validateRow(kind, cells.row);
    if (checked.problems.length) report(checked.problems);
    if (checked.record) result.rows.push({ row, record: checked.record });
  });
  let parseError: unknown = null;
  parser.on("error", (error) => {
    parseError = error;
  });

  for (let i = 0; i < text.length && !fatal && !parseError; i += PARSE_CHUNK_CHARS) {
    parser.write(text.slice(i, i + PARSE_CHUNK_CHARS));
    await yieldToEventLoop();
  }
  if (!fatal && !parseError) {
    parser.end();
    await finished(parser).catch((error: unknown) => {
      parseError ??= error;
    });
  } else {
    parser.destroy();
  }

  if (fatal) return { ok: false, message: fatal };
  if (parseError) return { ok: false, message: describeParseError(parseError) };
  if (columns === null) return { ok: false, message: "The file is empty. Upload a CSV file with a header row and at least one data row." };
  if (result.rowCount === 0) return { ok: false, message: "The file has a header row but no data rows: there is nothing to import." };
  return result;
}

function describeParseError(error: unknown): string {
  if (!(error instanceof CsvError)) return "The file could not be read as CSV.";
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? ` (near line ${line})` : "";
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `The file is not valid CSV${where}: a quoted value is never closed. Check for a stray double quote.`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return `The file is not valid CSV${where}: a closing quote is followed by other characters. Inside a quoted value, write a double quote as two ("").`;
    case "CSV_MAX_RECORD_SIZE":
      return `The file is not an inventory CSV file${where}: a row is longer than ${MAX_RECORD_CHARS.toLocaleString("en-GB")} characters.`;
    default:
      return `The file is not valid CSV${where}: ${error.message}`;
  }
}

// ---------------------------------------------------------------------------------------------
// What a file refers to

/** Rows found by the keys a file uses: external id, or the uuid of a row that has no external id. */
async function byKeys<T extends { id: string; external_id: string | null }>(
  keys: Iterable<string>,
  fetch: (externalIds: string[], uuids: string[]) => Promise<T[]>,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (const part of chunk([...new Set(keys)], QUERY_CHUNK)) {
    const uuidKeys = new Map(part.filter((k) => UUID.test(k)).map((k) => [k.toLowerCase(), k]));
    const rows = await fetch(part, [...uuidKeys.keys()]);
    for (const row of rows) {
      const key = uuidKeys.get(row.id);
      if (row.external_id === null && key !== undefined) found.set(key, row);
    }
    for (const row of rows) if (row.external_id !== null) found.set(row.external_id, row);
  }
  return found;
}

function keyWhere(table: "s" | "c" | "sys" | "comp") {
  return (externalIds: string[], uuids: string[]) =>
    sql<boolean>`(${sql.ref(`${table}.external_id`)} IN (${sql.join(externalIds)})${
      uuids.length ? sql` OR (${sql.ref(`${table}.external_id`)} IS NULL AND ${sql.ref(`${table}.id`)} IN (${sql.join(uuids.map((u) => sql`${u}::uuid`))}))` : sql``
    })`;
}

const keyOf = (table: string) => sql<string>`coalesce(${sql.ref(`${table}.external_id`)}, ${sql.ref(`${table}.id`)}::text)`;

async function findSupplierRefs(db: Db, keys: Iterable<string>): Promise<Map<string, RefRow>> {
  const rows = await byKeys(keys, (ext, uuids) =>
    db.selectFrom("suppliers as s").select(["s.id", "s.external_id", "s.name", "s.archived_at"]).where(keyWhere("s")(ext, uuids)).execute(),
  );
  return new Map([...rows].map(([k, r]) => [k, { id: r.id, archived: r.archived_at !== null, label: r.name, ownerId: null }]));
}

async function findSystemRefs(db: Db, keys: Iterable<string>): Promise<Map<string, RefRow>> {
  const rows = await byKeys(keys, (ext, uuids) =>
    db.selectFrom("ai_systems as sys").select(["sys.id", "sys.external_id", "sys.name", "sys.archived_at", "sys.owner_id"]).where(keyWhere("sys")(ext, uuids)).execute(),
  );
  return new Map([...rows].map(([k, r]) => [k, { id: r.id, archived: r.archived_at !== null, label: r.name, ownerId: r.owner_id }]));
}

async function findComponentRefs(db: Db, keys: Iterable<string>): Promise<Map<string, RefRow>> {
  const rows = await byKeys(keys, (ext, uuids) =>
    db
      .selectFrom("ai_components as comp")
      .innerJoin("suppliers as s", "s.id", "comp.supplier_id")
      .select(["comp.id", "comp.external_id", "comp.name", "comp.archived_at", "s.archived_at as supplier_archived_at"])
      .where(keyWhere("comp")(ext, uuids))
      .execute(),
  );
  return new Map([...rows].map(([k, r]) => [k, { id: r.id, archived: r.archived_at !== null || r.supplier_archived_at !== null, label: r.name, ownerId: null }]));
}

async function findUsers(db: Db, emails: Iterable<string>): Promise<ImportWorld["users"]> {
  const users: ImportWorld["users"] = new Map();
  for (const part of chunk([...new Set(emails)], QUERY_CHUNK)) {
    if (part.length === 0) continue;
    const rows = await db.selectFrom("users").select(["id", "email", "role", "disabled_at"]).where("email", "in", part).execute();
    for (const u of rows) users.set(u.email, { id: u.id, email: u.email, role: u.role, disabled: u.disabled_at !== null });
  }
  return users;
}

const lowerNames = (records: ReadonlyArray<{ name: string }>) => [...new Set(records.map((r) => r.name.toLowerCase()))];

/** Everything the plan needs to know about the rows, references, people and names in a file. */
export async function loadImportWorld<K extends CsvKind>(db: Db, kind: K, rows: ReadonlyArray<{ record: CsvRecord<K> }>): Promise<ImportWorld<K>> {
  const world = emptyWorld<CsvKind>();
  const records = rows.map((r) => r.record as CsvRecord);
  switch (kind) {
    case "suppliers": {
      const list = records as SupplierRecord[];
      const found = await byKeys(
        list.map((r) => r.external_id),
        (ext, uuids) =>
          db
            .selectFrom("suppliers as s")
            .leftJoin("users as u", "u.id", "s.procurement_owner_id")
            .select(["s.id", "s.external_id", "s.name", "s.legal_name", "s.website", "s.country", "s.status", "s.notes", "s.archived_at", "s.procurement_owner_id", "u.email as owner_email"])
            .where(keyWhere("s")(ext, uuids))
            .execute(),
      );
      for (const [key, s] of found) {
        world.existing.set(key, {
          id: s.id,
          hasExternalId: s.external_id !== null,
          archived: s.archived_at !== null,
          record: { external_id: s.external_id ?? s.id, name: s.name, legal_name: s.legal_name, website: s.website, country: s.country, status: s.status, procurement_owner_email: s.owner_email, notes: s.notes },
          refs: { procurement_owner_id: s.procurement_owner_id },
        });
      }
      world.users = await findUsers(db, list.flatMap((r) => (r.procurement_owner_email ? [r.procurement_owner_email] : [])));
      for (const names of chunk(lowerNames(list), QUERY_CHUNK)) {
        const holders = await db.selectFrom("suppliers").select(["id", "name"]).where("archived_at", "is", null).where(sql<string>`lower(name)`, "in", names).execute();
        for (const h of holders) world.holders.set(`supplier-name|${h.name.toLowerCase()}`, { id: h.id, label: h.name });
      }
      break;
    }
    case "contacts": {
      const list = records as ContactRecord[];
      world.suppliers = await findSupplierRefs(db, list.map((r) => r.supplier_external_id));
      const found = await byKeys(
        list.map((r) => r.external_id),
        (ext, uuids) =>
          db
            .selectFrom("supplier_contacts as c")
            .innerJoin("suppliers as s", "s.id", "c.supplier_id")
            .select(["c.id", "c.external_id", "c.supplier_id", "c.name", "c.email", "c.title", "c.is_primary", keyOf("s").as("supplier_key")])
            .where(keyWhere("c")(ext, uuids))
            .execute(),
      );
      for (const [key, c] of found) {
        world.existing.set(key, {
          id: c.id,
          hasExternalId: c.external_id !== null,
          archived: false,
          record: { external_id: c.external_id ?? c.id, supplier_external_id: c.supplier_key, name: c.name, email: c.email, title: c.title, is_primary: c.is_primary },
          refs: { supplier_id: c.supplier_id },
        });
      }
      const supplierIds = [...new Set([...world.suppliers.values()].map((s) => s.id))];
      const emails = [...new Set(list.map((r) => r.email))];
      for (const ids of chunk(supplierIds, QUERY_CHUNK)) {
        const sameEmail = await db.selectFrom("supplier_contacts").select(["id", "supplier_id", "email", "name"]).where("supplier_id", "in", ids).where("email", "in", emails).execute();
        for (const h of sameEmail) world.holders.set(`contact-email|${h.supplier_id}|${h.email}`, { id: h.id, label: h.name });
        const primaries = await db.selectFrom("supplier_contacts").select(["id", "supplier_id", "name"]).where("supplier_id", "in", ids).where("is_primary", "=", true).execute();
        for (const h of primaries) world.holders.set(`contact-primary|${h.supplier_id}`, { id: h.id, label: h.name });
      }
      break;
    }
    case "components": {
      const list = records as ComponentRecord[];
      world.suppliers = await findSupplierRefs(db, list.map((r) => r.supplier_external_id));
      const found = await byKeys(
        list.map((r) => r.external_id),
        (ext, uuids) =>
          db
            .selectFrom("ai_components as c")
            .innerJoin("suppliers as s", "s.id", "c.supplier_id")
            .selectAll("c")
            .select(keyOf("s").as("supplier_key"))
            .where(keyWhere("c")(ext, uuids))
            .execute(),
      );
      for (const [key, c] of found) {
        world.existing.set(key, {
          id: c.id,
          hasExternalId: c.external_id !== null,
          archived: c.archived_at !== null,
          record: {
            external_id: c.external_id ?? c.id, supplier_external_id: c.supplier_key, kind: c.kind, name: c.name, version: c.version, model_family: c.model_family,
            update_cadence: c.update_cadence, update_interval_days: c.update_interval_days, is_gpai: c.is_gpai, data_residency: c.data_residency, description: c.description,
          },
          refs: { supplier_id: c.supplier_id },
        });
      }
      const supplierIds = [...new Set([...world.suppliers.values()].map((s) => s.id))];
      for (const ids of chunk(supplierIds, QUERY_CHUNK)) {
        for (const names of chunk(lowerNames(list), QUERY_CHUNK)) {
          const holders = await db
            .selectFrom("ai_components")
            .select(["id", "supplier_id", "name"])
            .where("archived_at", "is", null)
            .where("supplier_id", "in", ids)
            .where(sql<string>`lower(name)`, "in", names)
            .execute();
          for (const h of holders) world.holders.set(`component-name|${h.supplier_id}|${h.name.toLowerCase()}`, { id: h.id, label: h.name });
        }
      }
      break;
    }
    case "systems": {
      const list = records as SystemRecord[];
      const found = await byKeys(
        list.map((r) => r.external_id),
        (ext, uuids) =>
          db
            .selectFrom("ai_systems as sys")
            .leftJoin("users as u", "u.id", "sys.owner_id")
            .selectAll("sys")
            .select("u.email as owner_email")
            .where(keyWhere("sys")(ext, uuids))
            .execute(),
      );
      for (const [key, s] of found) {
        world.existing.set(key, {
          id: s.id,
          hasExternalId: s.external_id !== null,
          archived: s.archived_at !== null,
          record: {
            external_id: s.external_id ?? s.id, name: s.name, purpose: s.purpose, owner_email: s.owner_email, business_unit: s.business_unit,
            criticality: s.criticality, eu_ai_act_class: s.eu_ai_act_class, lifecycle: s.lifecycle,
          },
          refs: { owner_id: s.owner_id },
        });
      }
      world.users = await findUsers(db, list.flatMap((r) => (r.owner_email ? [r.owner_email] : [])));
      for (const names of chunk(lowerNames(list), QUERY_CHUNK)) {
        const holders = await db.selectFrom("ai_systems").select(["id", "name"]).where("archived_at", "is", null).where(sql<string>`lower(name)`, "in", names).execute();
        for (const h of holders) world.holders.set(`system-name|${h.name.toLowerCase()}`, { id: h.id, label: h.name });
      }
      break;
    }
    case "dependencies": {
      const list = records as DependencyRecord[];
      world.systems = await findSystemRefs(db, list.map((r) => r.system_external_id));
      world.components = await findComponentRefs(db, list.map((r) => r.component_external_id));
      const systemIds = [...new Set([...world.systems.values()].map((s) => s.id))];
      for (const ids of chunk(systemIds, QUERY_CHUNK)) {
        const edges = await db
          .selectFrom("ai_system_dependencies as d")
          .innerJoin("ai_systems as sys", "sys.id", "d.ai_system_id")
          .innerJoin("ai_components as comp", "comp.id", "d.ai_component_id")
          .select([
            "d.id", "d.ai_system_id", "d.ai_component_id", "d.purpose", "d.data_categories",
            sql<string | null>`to_char(d.since, 'YYYY-MM-DD')`.as("since"),
            keyOf("sys").as("system_key"),
            keyOf("comp").as("component_key"),
          ])
          .where("d.ai_system_id", "in", ids)
          .execute();
        for (const e of edges) {
          world.existing.set(`${e.ai_system_id}|${e.ai_component_id}`, {
            id: e.id,
            hasExternalId: true,
            archived: false,
            record: { system_external_id: e.system_key, component_external_id: e.component_key, purpose: e.purpose, data_categories: e.data_categories, since: e.since },
            refs: { ai_system_id: e.ai_system_id, ai_component_id: e.ai_component_id },
          });
        }
      }
      break;
    }
  }
  return world as unknown as ImportWorld<K>;
}

// ---------------------------------------------------------------------------------------------
// Preview and apply

export interface SampleRow {
  row: number;
  action: "create" | "update";
  key: string;
  label: string;
  changes: Array<{ column: string; from: string; to: string }>;
}

interface FileInfo {
  kind: CsvKind;
  fileName: string;
  rowCount: number;
}

export type ImportOutcome =
  | { status: "rejected"; httpStatus: number; message: string }
  | (FileInfo & { status: "problems"; problems: CsvProblem[]; more: number })
  | (FileInfo & { status: "nothing"; counts: PlanCounts })
  | (FileInfo & {
      status: "ready";
      importId: string;
      digest: string;
      counts: PlanCounts;
      changedColumns: Array<{ column: string; count: number }>;
      sample: SampleRow[];
      /** Set when the inventory changed between the preview and "apply": this is the new preview. */
      changedSincePreview?: boolean;
    })
  | (FileInfo & { status: "applied"; counts: PlanCounts });

const SAMPLE_SIZE = 50;

function display(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  const text = Array.isArray(value) ? value.join("; ") : String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function sampleOf(items: readonly PlanItem[]): SampleRow[] {
  return items
    .filter((i): i is PlanItem & { action: "create" | "update" } => i.action !== "unchanged")
    .slice(0, SAMPLE_SIZE)
    .map((i) => ({
      row: i.row,
      action: i.action,
      key: i.key,
      label: i.label,
      changes: i.changes.map((c) => ({ column: c.column, from: display(c.from), to: display(c.to) })),
    }));
}

/** A fingerprint of what "apply" will write, so it can tell when the inventory changed since the preview. */
function digestPlan(plan: ImportPlan): string {
  const hash = createHash("sha256");
  for (const item of plan.items) {
    if (item.action === "unchanged") continue;
    hash.update(JSON.stringify([item.row, item.action, item.id, item.key, item.changes.map((c) => [c.column, c.from, c.to])]));
    hash.update("\n");
  }
  return hash.digest("hex").slice(0, 32);
}

function mergeProblems(read: CheckedRows, plan: ImportPlan): { problems: CsvProblem[]; more: number } {
  const all = [...read.problems, ...plan.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const { shown } = capProblems(all);
  return { problems: shown, more: read.problemCount + plan.problems.length - shown.length };
}

function forbiddenKind(kind: CsvKind): ImportOutcome {
  return { status: "rejected", httpStatus: 403, message: `Your role cannot import ${CSV_KIND_NOUNS[kind]}.` };
}

function cleanFileName(name: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (cleaned || "upload.csv").slice(0, 300);
}

/**
 * Step 1: read and check every row, compare with the database, and keep the file for step 2 if
 * there is something to do. Writes nothing to the inventory.
 */
export async function previewImport(ctx: AppContext, user: Importer, input: { kind: CsvKind; fileName: string; bytes: Uint8Array }): Promise<ImportOutcome> {
  const { kind } = input;
  if (!canImportKind(user, kind)) return forbiddenKind(kind);
  const fileName = cleanFileName(input.fileName);
  const decoded = decodeCsvBytes(input.bytes);
  if (!decoded.ok) return { status: "rejected", httpStatus: 400, message: decoded.message };
  const read = await readCsvText(kind, decoded.text);
  if (!read.ok) return { status: "rejected", httpStatus: 400, message: read.message };

  const world = await loadImportWorld(ctx.db, kind, read.rows);
  const plan = planImport(kind, read.rows, world, user);
  const info: FileInfo = { kind, fileName, rowCount: read.rowCount };
  if (read.problemCount > 0 || plan.problems.length > 0) return { ...info, status: "problems", ...mergeProblems(read, plan) };
  const counts = countPlan(plan.items);
  if (counts.create + counts.update === 0) return { ...info, status: "nothing", counts };

  const { id } = await ctx.db.transaction().execute(async (trx) => {
    // One pending upload per user, and none left over from long ago.
    await trx.deleteFrom("csv_imports").where("applied_at", "is", null).where((eb) => eb.or([eb("user_id", "=", user.id), eb("created_at", "<", sql<Date>`now() - interval '1 day'`)])).execute();
    return trx.insertInto("csv_imports").values({ user_id: user.id, kind, file_name: fileName, content: decoded.text, row_count: read.rowCount }).returning("id").executeTakeFirstOrThrow();
  });
  return {
    ...info,
    status: "ready",
    importId: id,
    digest: digestPlan(plan),
    counts,
    changedColumns: changedColumnCounts(plan.items.filter((i) => i.action === "update")),
    sample: sampleOf(plan.items),
  };
}

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
  const notFound: ImportOutcome = { status: "rejected", httpStatus: 404, message: "This upload was not found (an upload is kept until you upload another file). Upload the file again." };
  if (!UUID.test(input.importId)) return notFound;
  const pending = await ctx.db
    .selectFrom("csv_imports")
    .select(["id", "user_id", "kind", "file_name", "content", "applied_at", sql<boolean>`created_at < now() - make_interval(mins => ${PENDING_IMPORT_MAX_AGE_MINUTES})`.as("expired")])
    .where("id", "=", input.importId)
    .executeTakeFirst();
  if (!pending || pending.user_id !== user.id) return notFound;
  if (pending.applied_at) return { status: "rejected", httpStatus: 409, message: "This file has already been imported." };
  if (pending.expired) {
    return { status: "rejected", httpStatus: 410, message: `This upload is more than ${PENDING_IMPORT_MAX_AGE_MINUTES} minutes old, and the inventory may have changed since. Upload the file again to see a fresh preview.` };
  }
  const kind = pending.kind;
  if (!canImportKind(user, kind)) return forbiddenKind(kind);

  // Parsing happens outside the transaction: on the embedded database the transaction holds the only connection.
  const read = await readCsvText(kind, pending.content);
  if (!read.ok) return { status: "rejected", httpStatus: 400, message: read.message };
  const info: FileInfo = { kind, fileName: pending.file_name, rowCount: read.rowCount };

  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom("csv_imports").select("applied_at").where("id", "=", pending.id).forUpdate().executeTakeFirst();
      if (!locked || locked.applied_at) throw new Outcome({ status: "rejected", httpStatus: 409, message: "This file has already been imported." });
      const world = await loadImportWorld(trx, kind, read.rows);
      const plan = planImport(kind, read.rows, world, user);
      if (read.problemCount > 0 || plan.problems.length > 0) throw new Outcome({ ...info, status: "problems", ...mergeProblems(read, plan) });
      const counts = countPlan(plan.items);
      if (counts.create + counts.update === 0) throw new Outcome({ ...info, status: "nothing", counts });
      const digest = digestPlan(plan);
      if (digest !== input.digest) {
        throw new Outcome({
          ...info,
          status: "ready",
          importId: pending.id,
          digest,
          counts,
          changedColumns: changedColumnCounts(plan.items.filter((i) => i.action === "update")),
          sample: sampleOf(plan.items),
          changedSincePreview: true,
        });
      }
      await writePlan(trx, plan, user, { importId: pending.id, fileName: pending.file_name, rowCount: read.rowCount });
      // The applied file is not needed any more: the audit trail holds every change it made.
      await trx.updateTable("csv_imports").set({ applied_at: new Date(), content: "" }).where("id", "=", pending.id).execute();
      return { ...info, status: "applied" as const, counts };
    });
  } catch (error) {
    if (error instanceof Outcome) return error.outcome;
    if (violatedConstraint(error) !== null || violatedConstraint(error, "23503") !== null) {
      return { status: "rejected", httpStatus: 409, message: "The inventory changed while the import was running, so nothing was saved. Upload the file again to see a fresh preview." };
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing a plan: batched inserts and one UPDATE … FROM (VALUES …) per chunk

type SqlValue = string | null;

function toSqlText(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  return String(value);
}

/** Updates many rows by id in few statements: every value travels as text and is cast to its column's type. */
async function batchUpdate(trx: Transaction<Database>, table: keyof Database, columns: ReadonlyArray<readonly [name: string, type: string]>, rows: ReadonlyArray<{ id: string; values: Record<string, unknown> }>) {
  for (const part of chunk(rows, WRITE_CHUNK)) {
    const values = sql.join(part.map((r) => sql`(${sql.join([r.id, ...columns.map(([c]) => toSqlText(r.values[c]))])})`));
    const names = sql.join(["id", ...columns.map(([c]) => c)].map((c) => sql.ref(c)));
    const set = sql.join(columns.map(([c, type]) => sql`${sql.ref(c)} = ${sql.ref(`v.${c}`)}::${sql.raw(type)}`));
    await sql`UPDATE ${sql.table(table)} AS t SET ${set}, updated_at = now() FROM (VALUES ${values}) AS v(${names}) WHERE t.id = v.id::uuid`.execute(trx);
  }
}

async function batchInsert<T extends Record<string, unknown>, R>(rows: readonly T[], insert: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const part of chunk(rows, WRITE_CHUNK)) out.push(...(await insert(part)));
  return out;
}

// The database row for a planned item (without id and timestamps).
const supplierRow = (item: PlanItem) => {
  const s = item.record as SupplierRecord;
  return { external_id: s.external_id, name: s.name, legal_name: s.legal_name, website: s.website, country: s.country, status: s.status, procurement_owner_id: item.refs.procurement_owner_id ?? null, notes: s.notes };
};
const contactRow = (item: PlanItem) => {
  const c = item.record as ContactRecord;
  return { external_id: c.external_id, supplier_id: item.refs.supplier_id!, name: c.name, email: c.email, title: c.title, is_primary: c.is_primary };
};
const componentRow = (item: PlanItem) => {
  const c = item.record as ComponentRecord;
  return {
    external_id: c.external_id, supplier_id: item.refs.supplier_id!, kind: c.kind, name: c.name, version: c.version, model_family: c.model_family,
    update_cadence: c.update_cadence, update_interval_days: c.update_interval_days, is_gpai: c.is_gpai, data_residency: c.data_residency, description: c.description,
  };
};
const systemRow = (item: PlanItem) => {
  const s = item.record as SystemRecord;
  return { external_id: s.external_id, name: s.name, purpose: s.purpose, owner_id: item.refs.owner_id ?? null, business_unit: s.business_unit, criticality: s.criticality, eu_ai_act_class: s.eu_ai_act_class, lifecycle: s.lifecycle };
};
const dependencyRow = (item: PlanItem) => {
  const d = item.record as DependencyRecord;
  return { ai_system_id: item.refs.ai_system_id!, ai_component_id: item.refs.ai_component_id!, purpose: d.purpose, data_categories: d.data_categories, since: d.since };
};

const UPDATE_COLUMNS: Record<CsvKind, ReadonlyArray<readonly [name: string, type: string]>> = {
  suppliers: [["external_id", "text"], ["name", "text"], ["legal_name", "text"], ["website", "text"], ["country", "text"], ["status", "text"], ["procurement_owner_id", "uuid"], ["notes", "text"]],
  contacts: [["external_id", "text"], ["supplier_id", "uuid"], ["name", "text"], ["email", "text"], ["title", "text"], ["is_primary", "boolean"]],
  components: [
    ["external_id", "text"], ["supplier_id", "uuid"], ["kind", "text"], ["name", "text"], ["version", "text"], ["model_family", "text"], ["update_cadence", "text"],
    ["update_interval_days", "integer"], ["is_gpai", "boolean"], ["data_residency", "text"], ["description", "text"],
  ],
  systems: [["external_id", "text"], ["name", "text"], ["purpose", "text"], ["owner_id", "uuid"], ["business_unit", "text"], ["criticality", "text"], ["eu_ai_act_class", "text"], ["lifecycle", "text"]],
  dependencies: [["purpose", "text"], ["data_categories", "text[]"], ["since", "date"]],
};
const ROW_BUILDERS: Record<CsvKind, (item: PlanItem) => Record<string, unknown>> = {
  suppliers: supplierRow,
  contacts: contactRow,
  components: componentRow,
  systems: systemRow,
  dependencies: dependencyRow,
};
const TABLES = { suppliers: "suppliers", contacts: "supplier_contacts", components: "ai_components", systems: "ai_systems", dependencies: "ai_system_dependencies" } as const satisfies Record<CsvKind, keyof Database>;

/** Inserts the rows to create; returns the new id of each, by file row. */
async function insertAll(trx: Transaction<Database>, kind: CsvKind, creates: readonly PlanItem[]): Promise<Map<number, string>> {
  const byKey = (rows: Array<{ id: string; external_id: string | null }>) => {
    const ids = new Map(rows.map((r) => [r.external_id, r.id]));
    return new Map(creates.map((item) => [item.row, ids.get((item.record as { external_id: string }).external_id)!]));
  };
  switch (kind) {
    case "suppliers":
      return byKey(await batchInsert(creates.map(supplierRow), (part) => trx.insertInto("suppliers").values(part).returning(["id", "external_id"]).execute()));
    case "contacts":
      return byKey(await batchInsert(creates.map(contactRow), (part) => trx.insertInto("supplier_contacts").values(part).returning(["id", "external_id"]).execute()));
    case "components":
      return byKey(await batchInsert(creates.map(componentRow), (part) => trx.insertInto("ai_components").values(part).returning(["id", "external_id"]).execute()));
    case "systems":
      return byKey(await batchInsert(creates.map(systemRow), (part) => trx.insertInto("ai_systems").values(part).returning(["id", "external_id"]).execute()));
    case "dependencies": {
      const rows = await batchInsert(creates.map(dependencyRow), (part) =>
        trx.insertInto("ai_system_dependencies").values(part).returning(["id", "ai_system_id", "ai_component_id"]).execute(),
      );
      const ids = new Map(rows.map((r) => [`${r.ai_system_id}|${r.ai_component_id}`, r.id]));
      return new Map(creates.map((item) => [item.row, ids.get(`${item.refs.ai_system_id}|${item.refs.ai_component_id}`)!]));
    }
  }
}

async function writePlan(trx: Transaction<Database>, plan: ImportPlan, user: Importer, meta: { importId: string; fileName: string; rowCount: number }) {
  const { kind } = plan;
  const creates = plan.items.filter((i) => i.action === "create");
  const updates = plan.items.filter((i) => i.action === "update");

  // A primary contact that gives up its place goes first, so the partial unique index never sees two.
  const demote = updates.filter((i) => i.releasesPrimary).map((i) => i.id!);
  for (const ids of chunk(demote, QUERY_CHUNK)) {
    await trx.updateTable("supplier_contacts").set({ is_primary: false, updated_at: new Date() }).where("id", "in", ids).execute();
  }
  // Updates before inserts: a row may give up a name or email that a new row then takes.
  await batchUpdate(trx, TABLES[kind], UPDATE_COLUMNS[kind], updates.map((i) => ({ id: i.id!, values: ROW_BUILDERS[kind](i) })));
  const createdIdByRow = await insertAll(trx, kind, creates);

  // Audit: one event per row written, in file order, then the summary.
  const entityType = CSV_AUDIT_ENTITY[kind];
  const events: AuditInput[] = [];
  for (const item of plan.items) {
    if (item.action === "create") {
      events.push({
        action: `${entityType}.import_create`,
        entityType,
        entityId: createdIdByRow.get(item.row) ?? null,
        details: { importId: meta.importId, row: item.row, key: item.key, values: item.record },
      });
    } else if (item.action === "update") {
      events.push({ action: `${entityType}.import_update`, entityType, entityId: item.id, details: { importId: meta.importId, row: item.row, key: item.key, changes: changesToDetails(item.changes) } });
    }
  }
  const counts = countPlan(plan.items);
  events.push({ action: "inventory.csv_import", entityType: "csv_import", entityId: meta.importId, details: { kind, fileName: meta.fileName, rows: meta.rowCount, ...counts } });
  await recordAuditMany(trx, userActor(user), events);
}

// ---------------------------------------------------------------------------------------------
// Export: page through by id, never the whole table in memory

async function* exportPages(db: Kysely<Database>, kind: CsvKind, pageSize: number): AsyncGenerator<CsvRecord[]> {
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await exportPage(db, kind, after, pageSize);
    if (page.records.length > 0) yield page.records;
    if (page.records.length < pageSize || page.lastId === null) return;
    after = page.lastId;
  }
}

async function exportPage(db: Kysely<Database>, kind: CsvKind, after: string, limit: number): Promise<{ records: CsvRecord[]; lastId: string | null }> {
  const last = <T extends { id: string }>(rows: T[]) => rows[rows.length - 1]?.id ?? null;
  switch (kind) {
    case "suppliers": {
      const rows = await db
        .selectFrom("suppliers as s")
        .leftJoin("users as u", "u.id", "s.procurement_owner_id")
        .select(["s.id", keyOf("s").as("key"), "s.name", "s.legal_name", "s.website", "s.country", "s.status", "u.email as owner_email", "s.notes"])
        .where("s.archived_at", "is", null)
        .where("s.id", ">", after)
        .orderBy("s.id")
        .limit(limit)
        .execute();
      return {
        lastId: last(rows),
        records: rows.map((s) => ({ external_id: s.key, name: s.name, legal_name: s.legal_name, website: s.website, country: s.country, status: s.status, procurement_owner_email: s.owner_email, notes: s.notes })),
      };
    }
    case "contacts": {
      const rows = await db
        .selectFrom("supplier_contacts as c")
        .innerJoin("suppliers as s", "s.id", "c.supplier_id")
        .select(["c.id", keyOf("c").as("key"), keyOf("s").as("supplier_key"), "c.name", "c.email", "c.title", "c.is_primary"])
        .where("s.archived_at", "is", null)
        .where("c.id", ">", after)
        .orderBy("c.id")
        .limit(limit)
        .execute();
      return { lastId: last(rows), records: rows.map((c) => ({ external_id: c.key, supplier_external_id: c.supplier_key, name: c.name, email: c.email, title: c.title, is_primary: c.is_primary })) };
    }
    case "components": {
      const rows = await db
        .selectFrom("ai_components as c")
        .innerJoin("suppliers as s", "s.id", "c.supplier_id")
        .selectAll("c")
        .select([keyOf("c").as("key"), keyOf("s").as("supplier_key")])
        .where("c.archived_at", "is", null)
        .where("s.archived_at", "is", null)
        .where("c.id", ">", after)
        .orderBy("c.id")
        .limit(limit)
        .execute();
      return {
        lastId: last(rows),
        records: rows.map((c) => ({
          external_id: c.key, supplier_external_id: c.supplier_key, kind: c.kind, name: c.name, version: c.version, model_family: c.model_family, update_cadence: c.update_cadence,
          update_interval_days: c.update_interval_days, is_gpai: c.is_gpai, data_residency: c.data_residency, description: c.description,
        })),
      };
    }
    case "systems": {
      const rows = await db
        .selectFrom("ai_systems as sys")
        .leftJoin("users as u", "u.id", "sys.owner_id")
        .selectAll("sys")
        .select([keyOf("sys").as("key"), "u.email as owner_email"])
        .where("sys.archived_at", "is", null)
        .where("sys.id", ">", after)
        .orderBy("sys.id")
        .limit(limit)
        .execute();
      return {
        lastId: last(rows),
        records: rows.map((s) => ({
          external_id: s.key, name: s.name, purpose: s.purpose, owner_email: s.owner_email, business_unit: s.business_unit, criticality: s.criticality, eu_ai_act_class: s.eu_ai_act_class, lifecycle: s.lifecycle,
        })),
      };
    }
    case "dependencies": {
      const rows = await db
        .selectFrom("ai_system_dependencies as d")
        .innerJoin("ai_systems as sys", "sys.id", "d.ai_system_id")
        .innerJoin("ai_components as comp", "comp.id", "d.ai_component_id")
        .innerJoin("suppliers as s", "s.id", "comp.supplier_id")
        .select(["d.id", keyOf("sys").as("system_key"), keyOf("comp").as("component_key"), "d.purpose", "d.data_categories", sql<string | null>`to_char(d.since, 'YYYY-MM-DD')`.as("since")])
        .where("sys.archived_at", "is", null)
        .where("comp.archived_at", "is", null)
        .where("s.archived_at", "is", null)
        .where("d.id", ">", after)
        .orderBy("d.id")
        .limit(limit)
        .execute();
      return {
        lastId: last(rows),
        records: rows.map((d) => ({ system_external_id: d.system_key, component_external_id: d.component_key, purpose: d.purpose, data_categories: d.data_categories, since: d.since })),
      };
    }
  }
}

/** The whole export as a stream of UTF-8 CSV: a BOM (so spreadsheets read it as UTF-8), the header, then page after page. */
export function exportCsvStream(db: Kysely<Database>, kind: CsvKind, pageSize = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = exportPages(db, kind, pageSize);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${recordsToCsv(kind, [], { header: true })}`));
        return;
      }
      const next = await pages.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(recordsToCsv(kind, next.value)));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

/** The export as one string (for tests and small tools; the route streams instead). */
export async function exportCsvText(db: Kysely<Database>, kind: CsvKind, pageSize = 1000): Promise<string> {
  return new Response(exportCsvStream(db, kind, pageSize)).text();
}

