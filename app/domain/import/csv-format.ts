// CSV cells both ways. Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a
// tab or carriage return), so export puts an apostrophe in front and import takes exactly that
// apostrophe off again. A value that already starts with apostrophes before such a character gets
// one more, so that unescapeFormula(escapeFormula(v)) === v for every string.
import { stringify } from "csv-stringify/sync";

const FORMULA_START = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA_START = /^'+[=+\-@\t\r]/;

export function escapeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function unescapeFormula(value: string): string {
  return ESCAPED_FORMULA_START.test(value) ? value.slice(1) : value;
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.join(";");
  return escapeFormula(String(value));
}

/** A record's cells in column order: booleans as true/false, lists joined with ";", text formula-escaped. */
export function recordToCells(columns: readonly string[], record: object): string[] {
  const values = record as Record<string, unknown>;
  return columns.map((column) => formatCell(values[column]));
}

/** CSV text for some records; with `header`, the header row first. Lines end in CRLF (RFC 4180). */
export function recordsToCsv(columns: readonly string[], records: readonly object[], options: { header?: boolean } = {}): string {
  const rows: string[][] = options.header ? [[...columns]] : [];
  for (const record of records) rows.push(recordToCells(columns, record));
  // quote_record_delimiter: a value holding a lone \n or \r must be quoted too (with an explicit
  // record_delimiter, csv-stringify otherwise quotes only values holding \r\n).
  return rows.length === 0 ? "" : stringify(rows, { record_delimiter: "windows", quote_record_delimiter: true });
}
