// Reading CSV, the pure steps: bytes to text, the delimiter, the header row against the expected
// columns, fields to named cells, and a parser error to a sentence. The streaming parse that
// drives them without blocking the server is app/services/import/csv-reader.server.ts.
import { unescapeFormula } from "./csv-format";
import type { ImportProblem } from "./problems";
import type { SourceLayout, SourceRow } from "./source";

/** Longer than any valid row (the longest text fields hold 5,000 characters). */
export const MAX_RECORD_CHARS = 100_000;

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
      message:
        "This file is not valid UTF-8 text (it may be in a legacy encoding such as Windows-1252, or not a text file at all). Save it as “CSV UTF-8” and upload it again.",
    };
  }
  if (text.includes("\u0000")) {
    return {
      ok: false,
      message:
        "This file contains NUL characters: it is not a plain-text CSV file (perhaps a spreadsheet or UTF-16 file). Save it as “CSV UTF-8” and upload it again.",
    };
  }
  if (text.trim() === "") return { ok: false, message: EMPTY_FILE };
  return { ok: true, text };
}

export const EMPTY_FILE = "The file is empty. Upload a CSV file with a header row and at least one data row.";
export const NO_DATA_ROWS = "The file has a header row but no data rows: there is nothing to import.";

export function tooManyRows(maxRows: number): string {
  return `The file has more than ${maxRows.toLocaleString("en-GB")} data rows. Split it into smaller files and import them one after another.`;
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
export function checkHeader(layout: Pick<SourceLayout, "columns" | "noun" | "others">, header: readonly string[]): HeaderCheck {
  const names = header.map(normalizeHeaderCell);
  const expected = layout.columns;
  const missing = expected.filter((c) => !names.includes(c));
  const unknown = [...new Set(names.filter((c) => !expected.includes(c)))];
  const duplicated = [...new Set(names.filter((c, i) => names.indexOf(c) !== i))];
  if (missing.length === 0 && unknown.length === 0 && duplicated.length === 0) return { ok: true, columns: names };

  const other = layout.others.find((o) => sameSet(o.columns, names));
  const parts = [`The header row does not match a ${layout.noun} file.`];
  if (other) parts.push(`It looks like a ${other.noun} file: choose “${other.label}” as the kind, or pick the right file.`);
  if (missing.length) parts.push(`Missing: ${missing.join(", ")}.`);
  if (unknown.length) parts.push(`Not expected: ${unknown.map((c) => (c === "" ? "(an empty column name)" : c)).join(", ")}.`);
  if (duplicated.length) parts.push(`More than once: ${duplicated.join(", ")}.`);
  parts.push(`The first row must name these columns: ${expected.join(", ")}.`);
  return { ok: false, message: parts.join(" ") };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === new Set(b).size && a.length === b.length && a.every((x) => b.includes(x));
}

/** Turns the raw fields of one line into named cells (apostrophe escapes removed), or says why it cannot. */
export function toCsvRow(
  columns: readonly string[],
  fields: readonly string[],
  row: number,
): { row: SourceRow } | { problem: ImportProblem } | { blank: true } {
  if (fields.length === 1 && fields[0]!.trim() === "" && columns.length > 1) return { blank: true };
  if (fields.length !== columns.length) {
    return {
      problem: {
        row,
        column: null,
        message: `This row has ${fields.length} cells, but the header has ${columns.length} columns. Check for a missing or extra comma, or an unquoted comma inside a value.`,
      },
    };
  }
  const cells: Record<string, string> = {};
  columns.forEach((column, i) => {
    cells[column] = unescapeFormula(fields[i] ?? "");
  });
  return { row: { row, cells } };
}

/** csv-parse's error, as a sentence for the person who saved the file. */
export function describeParseError(error: unknown): string {
  // By shape, not class: csv-parse's ESM and CommonJS builds each define their own CsvError.
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof Error) || typeof code !== "string" || !code.startsWith("CSV_")) return "The file could not be read as CSV.";
  const line = (error as Error & { lines?: number }).lines;
  const where = line ? ` (near line ${line})` : "";
  switch (code) {
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
