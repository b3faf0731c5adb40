// CSV import and export of the inventory, the pure part: the five file layouts, formula escaping,
// turning cells into checked records (with a row and column for every problem), and planning an
// import against what the database already holds. Parsing text and talking to the database live in
// app/services/inventory-csv.server.ts; everything here is synchronous and deterministic.
import type { InventoryEntity } from "./audit-events";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import {
  COMPONENT_KINDS,
  CRITICALITIES,
  EU_AI_ACT_CLASSES,
  LIFECYCLES,
  SUPPLIER_STATUSES,
  UPDATE_CADENCES,
  type ComponentKind,
  type Criticality,
  type DataCategory,
  type EuAiActClass,
  type Lifecycle,
  type SupplierStatus,
  type UpdateCadence,
} from "./inventory";
import {
  componentSchema,
  contactSchema,
  dependencySchema,
  externalIdSchema,
  supplierSchema,
  systemSchema,
} from "./inventory-schemas";
import { can, canSometimes, type Principal, type Role } from "./permissions";

// ---------------------------------------------------------------------------------------------
// The file layouts

export const CSV_KINDS = ["suppliers", "contacts", "components", "systems", "dependencies"] as const;
export type CsvKind = (typeof CSV_KINDS)[number];

export const CSV_KIND_LABELS: Record<CsvKind, string> = {
  suppliers: "Suppliers",
  contacts: "Supplier contacts",
  components: "AI components",
  systems: "AI systems",
  dependencies: "Dependencies",
};

/** The kind in running text: "Import AI systems", "a supplier contacts file". */
export const CSV_KIND_NOUNS: Record<CsvKind, string> = {
  suppliers: "suppliers",
  contacts: "supplier contacts",
  components: "AI components",
  systems: "AI systems",
  dependencies: "dependencies",
};

/** Singular nouns for messages ("supplier sup-1 is archived"). */
const NOUN: Record<CsvKind, string> = {
  suppliers: "supplier",
  contacts: "contact",
  components: "component",
  systems: "AI system",
  dependencies: "dependency",
};

/** The entity type and action prefix of audit events, as the edit forms write them. */
export const CSV_AUDIT_ENTITY: Record<CsvKind, InventoryEntity> = {
  suppliers: "supplier",
  contacts: "supplier_contact",
  components: "ai_component",
  systems: "ai_system",
  dependencies: "ai_system_dependency",
};

export interface SupplierRecord {
  external_id: string;
  name: string;
  legal_name: string | null;
  website: string | null;
  country: string | null;
  status: SupplierStatus;
  procurement_owner_email: string | null;
  notes: string | null;
}

export interface ContactRecord {
  external_id: string;
  supplier_external_id: string;
  name: string;
  email: string;
  title: string | null;
  is_primary: boolean;
}

export interface ComponentRecord {
  external_id: string;
  supplier_external_id: string;
  kind: ComponentKind;
  name: string;
  version: string | null;
  model_family: string | null;
  update_cadence: UpdateCadence;
  update_interval_days: number | null;
  is_gpai: boolean;
  data_residency: string | null;
  description: string | null;
}

export interface SystemRecord {
  external_id: string;
  name: string;
  purpose: string | null;
  owner_email: string | null;
  business_unit: string | null;
  criticality: Criticality;
  eu_ai_act_class: EuAiActClass;
  lifecycle: Lifecycle;
}

export interface DependencyRecord {
  system_external_id: string;
  component_external_id: string;
  purpose: string | null;
  data_categories: DataCategory[];
  since: string | null;
}

export interface CsvRecords {
  suppliers: SupplierRecord;
  contacts: ContactRecord;
  components: ComponentRecord;
  systems: SystemRecord;
  dependencies: DependencyRecord;
}
export type CsvRecord<K extends CsvKind = CsvKind> = CsvRecords[K];

/** The header of each file, in order. Every column is also a key of that kind's record. */
export const CSV_COLUMNS = {
  suppliers: ["external_id", "name", "legal_name", "website", "country", "status", "procurement_owner_email", "notes"],
  contacts: ["external_id", "supplier_external_id", "name", "email", "title", "is_primary"],
  components: [
    "external_id", "supplier_external_id", "kind", "name", "version", "model_family",
    "update_cadence", "update_interval_days", "is_gpai", "data_residency", "description",
  ],
  systems: ["external_id", "name", "purpose", "owner_email", "business_unit", "criticality", "eu_ai_act_class", "lifecycle"],
  dependencies: ["system_external_id", "component_external_id", "purpose", "data_categories", "since"],
} as const satisfies { [K in CsvKind]: ReadonlyArray<keyof CsvRecords[K] & string> };

/** Suppliers first: each later file refers to rows of the earlier ones. */
export const CSV_IMPORT_ORDER: readonly CsvKind[] = CSV_KINDS;

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
/** Longer than any valid row (the longest text fields hold 5,000 characters). */
export const MAX_RECORD_CHARS = 100_000;
export const MAX_PROBLEMS_SHOWN = 200;

export function isCsvKind(value: unknown): value is CsvKind {
  return typeof value === "string" && (CSV_KINDS as readonly string[]).includes(value);
}

/** Values that a column accepts, to say so when a cell holds something else. */
const ENUM_VALUES: Record<string, readonly string[]> = {
  status: SUPPLIER_STATUSES,
  kind: COMPONENT_KINDS,
  update_cadence: UPDATE_CADENCES,
  criticality: CRITICALITIES,
  eu_ai_act_class: EU_AI_ACT_CLASSES,
  lifecycle: LIFECYCLES,
};

// ---------------------------------------------------------------------------------------------
// Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
// return). Export puts an apostrophe in front; import takes exactly that apostrophe off again.
// A value that already starts with apostrophes before such a character gets one more, so that
// unescape(escape(v)) === v for every string.

const FORMULA_START = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA_START = /^'+[=+\-@\t\r]/;

export function escapeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function unescapeFormula(value: string): string {
  return ESCAPED_FORMULA_START.test(value) ? value.slice(1) : value;
}

// ---------------------------------------------------------------------------------------------
// Export: records to CSV text

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.join(";");
  return escapeFormula(String(value));
}

export function recordToCells<K extends CsvKind>(kind: K, record: CsvRecord<K>): string[] {
  const values = record as unknown as Record<string, unknown>;
  return CSV_COLUMNS[kind].map((column) => formatCell(values[column]));
}

/** CSV text for some records; with `header`, the header row first. Lines end in CRLF (RFC 4180). */
export function recordsToCsv<K extends CsvKind>(kind: K, records: ReadonlyArray<CsvRecord<K>>, options: { header?: boolean } = {}): string {
  const rows: string[][] = options.header ? [[...CSV_COLUMNS[kind]]] : [];
  for (const record of records) rows.push(recordToCells(kind, record));
  // quote_record_delimiter: a value holding a lone \n or \r must be quoted too (with an explicit
  // record_delimiter, csv-stringify otherwise quotes only values holding \r\n).
  return rows.length === 0 ? "" : stringify(rows, { record_delimiter: "windows", quote_record_delimiter: true });
}

// ---------------------------------------------------------------------------------------------
// Reading: bytes to text, the header, cells to records

/** One thing wrong with the file. `row` counts the header as row 1, as a spreadsheet shows it. */
export interface CsvProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export type Decoded = { ok: true; text: string } | { ok: false; message: string };

/** Strict UTF-8 (a stray Latin-1 byte is an error, not a silent U+FFFD), BOM removed. */
export function decodeCsvBytes(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, message: "This file is encoded as UTF-16. Save it as “CSV UTF-8 (comma delimited)” and upload it again." };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return {
      ok: false,
      message: "This file is not valid UTF-8 text (it may be in a legacy encoding such as Windows-1252, or not a text file at all). Save it as “CSV UTF-8” and upload it again.",
    };
  }
  if (text.includes("\u0000")) {
    return { ok: false, message: "This file contains NUL characters: it is not a plain-text CSV file (perhaps a spreadsheet or UTF-16 file). Save it as “CSV UTF-8” and upload it again." };
  }
  if (text.trim() === "") return { ok: false, message: "The file is empty. Upload a CSV file with a header row and at least one data row." };
  return { ok: true, text };
}

/** Comma, or semicolon when the header line has semicolons and no commas (spreadsheets in some locales save that way). */
export function detectDelimiter(text: string): "," | ";" {
  const end = text.search(/\r|\n/);
  const firstLine = end === -1 ? text : text.slice(0, end);
  return !firstLine.includes(",") && firstLine.includes(";") ? ";" : ",";
}

const normalizeHeaderCell = (cell: string) => unescapeFormula(cell.trim()).trim().toLowerCase();

export type HeaderCheck = { ok: true; columns: string[] } | { ok: false; message: string };

/** The header must name each expected column once, in any order, and nothing else. */
export function checkHeader(kind: CsvKind, header: readonly string[]): HeaderCheck {
  const names = header.map(normalizeHeaderCell);
  const expected: readonly string[] = CSV_COLUMNS[kind];
  const missing = expected.filter((c) => !names.includes(c));
  const unknown = [...new Set(names.filter((c) => !expected.includes(c)))];
  const duplicated = [...new Set(names.filter((c, i) => names.indexOf(c) !== i))];
  if (missing.length === 0 && unknown.length === 0 && duplicated.length === 0) return { ok: true, columns: names };

  const other = CSV_KINDS.find((k) => k !== kind && sameSet(CSV_COLUMNS[k], names));
  const parts = [`The header row does not match a ${CSV_KIND_NOUNS[kind]} file.`];
  if (other) parts.push(`It looks like a ${CSV_KIND_NOUNS[other]} file: choose “${CSV_KIND_LABELS[other]}” as the kind, or pick the right file.`);
  if (missing.length) parts.push(`Missing: ${missing.join(", ")}.`);
  if (unknown.length) parts.push(`Not expected: ${unknown.map((c) => (c === "" ? "(an empty column name)" : c)).join(", ")}.`);
  if (duplicated.length) parts.push(`More than once: ${duplicated.join(", ")}.`);
  parts.push(`The first row must name these columns: ${expected.join(", ")}.`);
  return { ok: false, message: parts.join(" ") };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === new Set(b).size && a.length === b.length && a.every((x) => b.includes(x));
}

/** A row of the file, cells keyed by column name (apostrophe escapes already removed). */
export interface CsvRow {
  row: number;
  cells: Record<string, string>;
}

/** Turns the raw fields of one line into named cells, or says why it cannot. */
export function toCsvRow(columns: readonly string[], fields: readonly string[], row: number): { row: CsvRow } | { problem: CsvProblem } | { blank: true } {
  if (fields.length === 1 && fields[0]!.trim() === "" && columns.length > 1) return { blank: true };
  if (fields.length !== columns.length) {
    return { problem: { row, column: null, message: `This row has ${fields.length} cells, but the header has ${columns.length} columns. Check for a missing or extra comma, or an unquoted comma inside a value.` } };
  }
  const cells: Record<string, string> = {};
  columns.forEach((column, i) => {
    cells[column] = unescapeFormula(fields[i] ?? "");
  });
  return { row: { row, cells } };
}

type FieldMap = Record<string, string>;

function issuesToProblems(row: number, issues: readonly z.core.$ZodIssue[], fieldToColumn: FieldMap, cells: Record<string, string>): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const field = issue.path.length ? String(issue.path[0]) : "";
    const column = fieldToColumn[field] ?? null;
    if (seen.has(column ?? "")) continue; // one message per cell is enough
    seen.add(column ?? "");
    let message = issue.message;
    if (column && ENUM_VALUES[column]) {
      const value = (cells[column] ?? "").trim();
      message = value === "" ? `Enter a ${column}: one of ${ENUM_VALUES[column].join(", ")}` : `“${value}” is not a valid ${column}: use one of ${ENUM_VALUES[column].join(", ")}`;
    }
    problems.push({ row, column, message });
  }
  return problems;
}

function keyCell(row: number, cells: Record<string, string>, column: string, problems: CsvProblem[], whatFor: string): string | null {
  const parsed = externalIdSchema.safeParse(cells[column] ?? "");
  if (!parsed.success) {
    problems.push({ row, column, message: parsed.error.issues[0]?.message ?? "Not a valid external id" });
    return null;
  }
  if (parsed.data === null) {
    problems.push({ row, column, message: `Enter ${whatFor}` });
    return null;
  }
  return parsed.data;
}

const emailSchema = contactSchema.shape.email;

function optionalEmailCell(row: number, cells: Record<string, string>, column: string, problems: CsvProblem[]): string | null {
  const value = (cells[column] ?? "").trim();
  if (value === "") return null;
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) {
    problems.push({ row, column, message: parsed.error.issues[0]?.message ?? "Enter a valid email address" });
    return null;
  }
  return parsed.data;
}

const BOOLEAN_TEXT = /^(true|false|yes|no|y|n|1|0)?$/i;

function booleanCell(row: number, cells: Record<string, string>, column: string, problems: CsvProblem[]): boolean {
  const value = (cells[column] ?? "").trim();
  if (!BOOLEAN_TEXT.test(value)) problems.push({ row, column, message: `“${value}” is not true or false` });
  return ["true", "yes", "y", "1"].includes(value.toLowerCase());
}

const dependencyRowSchema = dependencySchema.omit({ componentId: true });

/** Checks one row with the inventory's zod schemas; problems name the row and column. */
export function validateRow<K extends CsvKind>(kind: K, csvRow: CsvRow): { record: CsvRecord<K> | null; problems: CsvProblem[] } {
  const result = validateAnyRow(kind, csvRow);
  return result as { record: CsvRecord<K> | null; problems: CsvProblem[] };
}

function validateAnyRow(kind: CsvKind, { row, cells }: CsvRow): { record: CsvRecord | null; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const c = cells;
  switch (kind) {
    case "suppliers": {
      const fields = { externalId: "external_id", name: "name", legalName: "legal_name", website: "website", country: "country", status: "status", notes: "notes" };
      const parsed = supplierSchema.safeParse({ externalId: c.external_id, name: c.name, legalName: c.legal_name, website: c.website, country: c.country, status: c.status, notes: c.notes });
      const owner = optionalEmailCell(row, c, "procurement_owner_email", problems);
      if (!parsed.success) problems.unshift(...issuesToProblems(row, parsed.error.issues, fields, c));
      const externalId = parsed.success ? requireExternalId(row, parsed.data.externalId, problems) : null;
      if (!parsed.success || externalId === null || problems.length) return { record: null, problems };
      const d = parsed.data;
      return {
        record: { external_id: externalId, name: d.name, legal_name: d.legalName, website: d.website, country: d.country, status: d.status, procurement_owner_email: owner, notes: d.notes },
        problems,
      };
    }
    case "contacts": {
      const fields = { externalId: "external_id", name: "name", email: "email", title: "title", isPrimary: "is_primary" };
      const supplierKey = keyCell(row, c, "supplier_external_id", problems, "the external id of the contact's supplier");
      const isPrimary = booleanCell(row, c, "is_primary", problems);
      const parsed = contactSchema.safeParse({ externalId: c.external_id, name: c.name, email: c.email, title: c.title, isPrimary: String(isPrimary) });
      if (!parsed.success) problems.unshift(...issuesToProblems(row, parsed.error.issues, fields, c));
      const externalId = parsed.success ? requireExternalId(row, parsed.data.externalId, problems) : null;
      if (!parsed.success || externalId === null || supplierKey === null || problems.length) return { record: null, problems };
      const d = parsed.data;
      return { record: { external_id: externalId, supplier_external_id: supplierKey, name: d.name, email: d.email, title: d.title, is_primary: d.isPrimary }, problems };
    }
    case "components": {
      const fields = {
        externalId: "external_id", kind: "kind", name: "name", version: "version", modelFamily: "model_family", updateCadence: "update_cadence",
        updateIntervalDays: "update_interval_days", isGpai: "is_gpai", dataResidency: "data_residency", description: "description",
      };
      const supplierKey = keyCell(row, c, "supplier_external_id", problems, "the external id of the component's supplier");
      const isGpai = booleanCell(row, c, "is_gpai", problems);
      const parsed = componentSchema.safeParse({
        externalId: c.external_id, kind: c.kind, name: c.name, version: c.version, modelFamily: c.model_family, updateCadence: c.update_cadence,
        updateIntervalDays: c.update_interval_days, isGpai: String(isGpai), dataResidency: c.data_residency, description: c.description,
      });
      if (!parsed.success) problems.unshift(...issuesToProblems(row, parsed.error.issues, fields, c));
      if (parsed.success && parsed.data.updateCadence !== "interval" && (c.update_interval_days ?? "").trim() !== "") {
        problems.push({ row, column: "update_interval_days", message: "Leave update_interval_days empty unless update_cadence is interval" });
      }
      const externalId = parsed.success ? requireExternalId(row, parsed.data.externalId, problems) : null;
      if (!parsed.success || externalId === null || supplierKey === null || problems.length) return { record: null, problems };
      const d = parsed.data;
      return {
        record: {
          external_id: externalId, supplier_external_id: supplierKey, kind: d.kind, name: d.name, version: d.version, model_family: d.modelFamily,
          update_cadence: d.updateCadence, update_interval_days: d.updateIntervalDays, is_gpai: d.isGpai, data_residency: d.dataResidency, description: d.description,
        },
        problems,
      };
    }
    case "systems": {
      const fields = { externalId: "external_id", name: "name", purpose: "purpose", businessUnit: "business_unit", criticality: "criticality", euAiActClass: "eu_ai_act_class", lifecycle: "lifecycle" };
      const parsed = systemSchema.safeParse({
        externalId: c.external_id, name: c.name, purpose: c.purpose, businessUnit: c.business_unit, criticality: c.criticality, euAiActClass: c.eu_ai_act_class, lifecycle: c.lifecycle,
      });
      const owner = optionalEmailCell(row, c, "owner_email", problems);
      if (!parsed.success) problems.unshift(...issuesToProblems(row, parsed.error.issues, fields, c));
      const externalId = parsed.success ? requireExternalId(row, parsed.data.externalId, problems) : null;
      if (!parsed.success || externalId === null || problems.length) return { record: null, problems };
      const d = parsed.data;
      return {
        record: { external_id: externalId, name: d.name, purpose: d.purpose, owner_email: owner, business_unit: d.businessUnit, criticality: d.criticality, eu_ai_act_class: d.euAiActClass, lifecycle: d.lifecycle },
        problems,
      };
    }
    case "dependencies": {
      const fields = { purpose: "purpose", dataCategories: "data_categories", since: "since" };
      const systemKey = keyCell(row, c, "system_external_id", problems, "the external id of the AI system");
      const componentKey = keyCell(row, c, "component_external_id", problems, "the external id of the AI component");
      const parsed = dependencyRowSchema.safeParse({ purpose: c.purpose, dataCategories: c.data_categories, since: c.since });
      if (!parsed.success) problems.push(...issuesToProblems(row, parsed.error.issues, fields, c));
      if (!parsed.success || systemKey === null || componentKey === null || problems.length) return { record: null, problems };
      const d = parsed.data;
      return { record: { system_external_id: systemKey, component_external_id: componentKey, purpose: d.purpose, data_categories: d.dataCategories, since: d.since }, problems };
    }
  }
}

function requireExternalId(row: number, value: string | null, problems: CsvProblem[]): string | null {
  if (value === null) problems.push({ row, column: "external_id", message: "Enter an external id: rows are matched by it, so importing the file again changes nothing" });
  return value;
}

// ---------------------------------------------------------------------------------------------
// Planning: what the import would do, given what the database holds

export type RowAction = "create" | "update" | "unchanged";

export interface FieldChange {
  column: string;
  from: unknown;
  to: unknown;
}

/** A row of this kind already in the database, shaped like a CSV record. */
export interface ExistingRow<K extends CsvKind = CsvKind> {
  id: string;
  /** False when the row has no external id of its own and was found by its uuid. */
  hasExternalId: boolean;
  archived: boolean;
  record: CsvRecord<K>;
  /** Ids behind the record's reference columns: supplier_id, owner_id, ai_system_id, ai_component_id. */
  refs: Record<string, string | null>;
}

/** A row another file kind refers to (a supplier for contacts, a system for dependencies...). */
export interface RefRow {
  id: string;
  archived: boolean;
  label: string;
  ownerId: string | null;
}

export interface UserRef {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
}

/** What the service found in the database for the keys, names and emails a file mentions. */
export interface ImportWorld<K extends CsvKind = CsvKind> {
  /** Rows of this kind by file key: external id (or uuid for rows without one); dependencies by "systemId|componentId". */
  existing: Map<string, ExistingRow<K>>;
  suppliers: Map<string, RefRow>;
  systems: Map<string, RefRow>;
  components: Map<string, RefRow>;
  /** By lower-case email. */
  users: Map<string, UserRef>;
  /** Unique values held by live rows (see uniqueKeys): which row holds each. */
  holders: Map<string, { id: string; label: string }>;
}

export function emptyWorld<K extends CsvKind>(): ImportWorld<K> {
  return { existing: new Map(), suppliers: new Map(), systems: new Map(), components: new Map(), users: new Map(), holders: new Map() };
}

export interface PlanItem<K extends CsvKind = CsvKind> {
  row: number;
  action: RowAction;
  /** The database id for updates and unchanged rows; null for rows to create. */
  id: string | null;
  /** The row's key in the file: its external id, or "system → component" for dependencies. */
  key: string;
  label: string;
  record: CsvRecord<K>;
  changes: FieldChange[];
  /** Resolved ids to write: supplier_id, procurement_owner_id / owner_id, ai_system_id, ai_component_id. */
  refs: Record<string, string | null>;
  /** A primary contact that stops being its supplier's primary: demoted before other writes, so another row can take its place. */
  releasesPrimary: boolean;
}

export interface ImportPlan<K extends CsvKind = CsvKind> {
  kind: K;
  items: Array<PlanItem<K>>;
  problems: CsvProblem[];
}

export interface PlanCounts {
  create: number;
  update: number;
  unchanged: number;
}

export function countPlan(items: ReadonlyArray<{ action: RowAction }>): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, unchanged: 0 };
  for (const item of items) counts[item.action] += 1;
  return counts;
}

/** The columns whose value the row carries (its key columns are compared apart). */
const COMPARED: { [K in CsvKind]: ReadonlyArray<keyof CsvRecords[K] & string> } = {
  suppliers: ["name", "legal_name", "website", "country", "status", "procurement_owner_email", "notes"],
  contacts: ["supplier_external_id", "name", "email", "title", "is_primary"],
  components: ["supplier_external_id", "kind", "name", "version", "model_family", "update_cadence", "update_interval_days", "is_gpai", "data_residency", "description"],
  systems: ["name", "purpose", "owner_email", "business_unit", "criticality", "eu_ai_act_class", "lifecycle"],
  dependencies: ["purpose", "data_categories", "since"],
};

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? [...a].map(String).sort() : [];
    const y = Array.isArray(b) ? [...b].map(String).sort() : [];
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  const norm = (v: unknown) => (v === undefined || v === "" ? null : v);
  return norm(a) === norm(b);
}

/** Which columns differ between the stored row and the file's row. Reference columns compare by the ids behind them. */
export function diffRecords<K extends CsvKind>(kind: K, before: ExistingRow<K>, after: CsvRecord<K>, afterRefs: Record<string, string | null>): FieldChange[] {
  const b = before.record as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const changes: FieldChange[] = [];
  for (const column of COMPARED[kind] as readonly string[]) {
    const refColumn = REF_COLUMN_IDS[column];
    const same = refColumn ? (before.refs[refColumn] ?? null) === (afterRefs[refColumn] ?? null) : sameValue(b[column], a[column]);
    if (!same) changes.push({ column, from: b[column] ?? null, to: a[column] ?? null });
  }
  return changes;
}

/** Reference columns and the id each resolves to. */
const REF_COLUMN_IDS: Record<string, string> = {
  supplier_external_id: "supplier_id",
  procurement_owner_email: "procurement_owner_id",
  owner_email: "owner_id",
};

/** The unique values a live row holds, as keys of ImportWorld.holders. */
export function uniqueKeys(kind: CsvKind, record: CsvRecord, refs: Record<string, string | null>): string[] {
  switch (kind) {
    case "suppliers":
      return [`supplier-name|${(record as SupplierRecord).name.toLowerCase()}`];
    case "systems":
      return [`system-name|${(record as SystemRecord).name.toLowerCase()}`];
    case "components":
      return [`component-name|${refs.supplier_id}|${(record as ComponentRecord).name.toLowerCase()}`];
    case "contacts": {
      const contact = record as ContactRecord;
      const keys = [`contact-email|${refs.supplier_id}|${contact.email}`];
      if (contact.is_primary) keys.push(`contact-primary|${refs.supplier_id}`);
      return keys;
    }
    case "dependencies":
      return [];
  }
}

function rowLabel(kind: CsvKind, record: CsvRecord): string {
  if (kind === "dependencies") {
    const d = record as DependencyRecord;
    return `${d.system_external_id} → ${d.component_external_id}`;
  }
  return (record as { name: string }).name;
}

function rowKey(kind: CsvKind, record: CsvRecord): string {
  if (kind === "dependencies") {
    const d = record as DependencyRecord;
    return `${d.system_external_id} → ${d.component_external_id}`;
  }
  return (record as { external_id: string }).external_id;
}

/** Whether the role may import this kind of file at all (rows may still be refused one by one). */
export function canImportKind(principal: Principal, kind: CsvKind): boolean {
  switch (kind) {
    case "suppliers":
    case "contacts":
      return can(principal, "supplier:write");
    case "components":
      return can(principal, "component:write");
    case "systems":
    case "dependencies":
      return canSometimes(principal.role, "system:write");
  }
}

export function importableKinds(principal: Principal): CsvKind[] {
  return CSV_KINDS.filter((kind) => canImportKind(principal, kind));
}

const OWNER_ROLES: Record<string, { roles: readonly Role[]; what: string }> = {
  procurement_owner_email: { roles: ["procurement", "admin"], what: "a procurement owner must be an active procurement user or admin" },
  owner_email: { roles: ["risk_owner", "admin"], what: "a system owner must be an active risk owner or admin" },
};

/**
 * What importing these checked rows would do: for each row create, update (with the changed
 * columns) or unchanged, plus every problem found against the database and the rest of the file.
 * Rows are matched by external id; an external id equal to the uuid of a row that has none
 * matches that row (the service looks both up and files them under the key used in the file).
 */
export function planImport<K extends CsvKind>(
  kind: K,
  rows: ReadonlyArray<{ row: number; record: CsvRecord<K> }>,
  world: ImportWorld<K>,
  principal: Principal & { email: string },
): ImportPlan<K> {
  const problems: CsvProblem[] = [];
  const items: Array<PlanItem<K>> = [];
  const seenKeys = new Map<string, number>();
  const seenUnique = new Map<string, number>();
  /** Existing rows matched by the file, by database id, with the row that matched them first. */
  const matchedIds = new Map<string, number>();
  /** Primary contacts that this file makes non-primary (or moves to another supplier): their place is free. */
  const releasing = new Set<string>();
  if (kind === "contacts") {
    for (const { record } of rows) {
      const contact = record as ContactRecord;
      const before = world.existing.get(contact.external_id) as ExistingRow<"contacts"> | undefined;
      const supplierAfter = world.suppliers.get(contact.supplier_external_id)?.id ?? null;
      if (before?.record.is_primary && (!contact.is_primary || before.refs.supplier_id !== supplierAfter)) releasing.add(before.id);
    }
  }

  for (const { row, record } of rows) {
    const rowProblems: CsvProblem[] = [];
    const r = record as unknown as Record<string, unknown>;
    const refs: Record<string, string | null> = {};
    const add = (column: string | null, message: string) => rowProblems.push({ row, column, message });

    // References to rows of other kinds.
    const resolveRef = (map: Map<string, RefRow>, column: string, refName: string, noun: string, file: string) => {
      const key = r[column] as string;
      const ref = map.get(key);
      if (!ref) add(column, `No ${noun} has the external id “${key}”. Import the ${file} file first, or correct the id.`);
      else if (ref.archived) add(column, `The ${noun} “${ref.label}” (${key}) is archived. Restore it first, or leave this row out.`);
      refs[refName] = ref && !ref.archived ? ref.id : null;
      return ref && !ref.archived ? ref : null;
    };
    if (kind === "contacts" || kind === "components") resolveRef(world.suppliers, "supplier_external_id", "supplier_id", "supplier", "suppliers");
    let system: RefRow | null = null;
    if (kind === "dependencies") {
      system = resolveRef(world.systems, "system_external_id", "ai_system_id", "AI system", "systems");
      resolveRef(world.components, "component_external_id", "ai_component_id", "AI component", "components");
    }

    // The row itself: in the file once, matched to an existing row or new.
    const key = rowKey(kind, record);
    const lookupKey = kind === "dependencies" ? `${refs.ai_system_id}|${refs.ai_component_id}` : key;
    const keyColumn = kind === "dependencies" ? "component_external_id" : "external_id";
    const dupeOf = seenKeys.get(lookupKey);
    if (dupeOf !== undefined && (kind !== "dependencies" || (refs.ai_system_id && refs.ai_component_id))) {
      add(keyColumn, kind === "dependencies" ? `This dependency already appears in row ${dupeOf}` : `The external id “${key}” already appears in row ${dupeOf}`);
    } else {
      seenKeys.set(lookupKey, row);
    }
    const existing = world.existing.get(lookupKey) ?? null;
    if (existing?.archived) add("external_id", `The ${NOUN[kind]} “${rowLabel(kind, existing.record)}” with this external id is archived. Restore it first, or leave this row out.`);
    if (existing) {
      const firstRow = matchedIds.get(existing.id);
      if (firstRow !== undefined && dupeOf === undefined) add(keyColumn, `Row ${firstRow} already refers to the same ${NOUN[kind]} (by its uuid or external id)`);
      matchedIds.set(existing.id, row);
    }

    // People named by email.
    for (const column of ["procurement_owner_email", "owner_email"] as const) {
      if (!(column in r)) continue;
      const refName = column === "owner_email" ? "owner_id" : "procurement_owner_id";
      const email = r[column] as string | null;
      const unchanged = existing !== null && (existing.record as unknown as Record<string, unknown>)[column] === email;
      if (email === null) {
        refs[refName] = null;
        if (column === "owner_email" && !unchanged) add(column, "Enter the email of the risk owner accountable for this system");
        continue;
      }
      const user = world.users.get(email);
      refs[refName] = user?.id ?? null;
      if (!user) add(column, `No Assay user has the email ${email}`);
      else if (!unchanged && (user.disabled || !OWNER_ROLES[column]!.roles.includes(user.role))) add(column, `${email} cannot own this: ${OWNER_ROLES[column]!.what}`);
    }

    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }

    // Unique values: against other rows of the file, and against live rows not being this one.
    for (const unique of uniqueKeys(kind, record as CsvRecord, refs)) {
      const what = describeUnique(unique);
      const earlier = seenUnique.get(unique);
      if (earlier !== undefined) add(what.column, `${what.text} is also in row ${earlier}`);
      else seenUnique.set(unique, row);
      const holder = world.holders.get(unique);
      const freed = holder !== undefined && unique.startsWith("contact-primary|") && releasing.has(holder.id);
      if (holder && holder.id !== existing?.id && !freed) add(what.column, `${what.text} is already used by “${holder.label}”, which is not this row`);
    }

    const changes = existing ? diffRecords(kind, existing, record, refs) : [];
    if (existing && !existing.hasExternalId && changes.length > 0) changes.unshift({ column: "external_id", from: null, to: key });
    const action: RowAction = !existing ? "create" : changes.length > 0 ? "update" : "unchanged";

    // Permission, for rows that would change something.
    if (action !== "unchanged") {
      if (kind === "systems") {
        const ownerAfter = refs.owner_id ?? null;
        const allowed =
          (existing ? can(principal, "system:write", { ownerId: existing.refs.owner_id ?? null }) : can(principal, "system:create")) &&
          can(principal, "system:write", { ownerId: ownerAfter });
        if (!allowed) {
          add(
            existing && !can(principal, "system:write", { ownerId: existing.refs.owner_id ?? null }) ? "external_id" : "owner_email",
            existing && !can(principal, "system:write", { ownerId: existing.refs.owner_id ?? null })
              ? "You can change only the AI systems you own, and another user owns this one"
              : `You can import only AI systems you own: owner_email must be ${principal.email}`,
          );
        }
      } else if (kind === "dependencies") {
        if (!can(principal, "system:write", { ownerId: system?.ownerId ?? null })) {
          add("system_external_id", `You can change only the dependencies of AI systems you own, and another user owns “${system?.label ?? ""}”`);
        }
      } else if (!canImportKind(principal, kind)) {
        add(null, `Your role cannot import ${CSV_KIND_NOUNS[kind]}`);
      }
    }

    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    const releasesPrimary = existing !== null && releasing.has(existing.id) && action === "update";
    items.push({ row, action, id: existing?.id ?? null, key, label: rowLabel(kind, record), record, changes, refs, releasesPrimary });
  }

  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { kind, items, problems };
}

function describeUnique(unique: string): { column: string; text: string } {
  const [type, ...rest] = unique.split("|");
  const value = rest[rest.length - 1] ?? "";
  switch (type) {
    case "contact-email":
      return { column: "email", text: `The email ${value} (at this supplier)` };
    case "contact-primary":
      return { column: "is_primary", text: "A primary contact for this supplier" };
    case "component-name":
      return { column: "name", text: `The name “${value}” (at this supplier, ignoring case)` };
    default:
      return { column: "name", text: `The name “${value}” (ignoring case)` };
  }
}

/** The columns that differ, counted over the rows to update: "name: 3, status: 1". */
export function changedColumnCounts(items: ReadonlyArray<{ changes: ReadonlyArray<{ column: string }> }>): Array<{ column: string; count: number }> {
  const counts = new Map<string, number>();
  for (const item of items) for (const change of item.changes) counts.set(change.column, (counts.get(change.column) ?? 0) + 1);
  return [...counts].map(([column, count]) => ({ column, count }));
}

/** Audit details for a change: `{ column: { from, to } }`, as the edit forms record them. */
export function changesToDetails(changes: readonly FieldChange[]): Record<string, { from: unknown; to: unknown }> {
  return Object.fromEntries(changes.map((c) => [c.column, { from: c.from, to: c.to }]));
}

/** Problems to show: the first `limit`, in file order, and how many more there are. */
export function capProblems(problems: readonly CsvProblem[], limit = MAX_PROBLEMS_SHOWN): { shown: CsvProblem[]; more: number } {
  return { shown: problems.slice(0, limit), more: Math.max(0, problems.length - limit) };
}

/** The exported file's name: assay-suppliers-2025-01-31.csv */
export function exportFileName(kind: CsvKind, now = new Date()): string {
  return `assay-${kind}-${now.toISOString().slice(0, 10)}.csv`;
}

/** "suppliers.csv" (the URL segment) to a kind, or null. */
export function kindFromExportSegment(segment: string | undefined): CsvKind | null {
  const match = /^([a-z]+)\.csv$/.exec(segment ?? "");
  return match && isCsvKind(match[1]) ? match[1] : null;
}
