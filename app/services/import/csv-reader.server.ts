// The CSV reader of the import pipeline: csv-parse's streaming parser fed in small pieces, with
// other requests let in between, so checking a 20 MB upload does not stall the server. The pure
// steps (header, cells, messages) are app/domain/import/csv-reader.ts.
import { finished } from "node:stream/promises";
import { parse } from "csv-parse";
import { invalidError } from "../../domain/errors";
import {
  checkHeader,
  describeParseError,
  detectDelimiter,
  EMPTY_FILE,
  MAX_RECORD_CHARS,
  NO_DATA_ROWS,
  toCsvRow,
  tooManyRows,
} from "../../domain/import/csv-reader";
import type { ImportReader } from "../../domain/import/source";

const PARSE_CHUNK_CHARS = 64 * 1024;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Hands each data row of CSV text to the sink, one 64 KB piece at a time with a turn of the event
 * loop after each. Stops at the first sign that the file is not what it should be (wrong header,
 * too many rows, broken quoting) with an AppError ("invalid") that says so.
 */
export const readCsv: ImportReader = async (text, layout, sink) => {
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
  let dataRows = 0;

  parser.on("data", (fields: string[]) => {
    if (fatal) return;
    row += 1;
    if (columns === null) {
      const header = checkHeader(layout, fields);
      if (!header.ok) fatal = header.message;
      else columns = header.columns;
      return;
    }
    const cells = toCsvRow(columns, fields, row);
    if ("blank" in cells) return;
    dataRows += 1;
    if (dataRows > layout.maxRows) {
      fatal = tooManyRows(layout.maxRows);
      return;
    }
    if ("problem" in cells) sink.problem(cells.problem);
    else sink.row(cells.row);
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

  if (fatal) throw invalidError(null, fatal);
  if (parseError) throw invalidError(null, describeParseError(parseError));
  if (columns === null) throw invalidError(null, EMPTY_FILE);
  if (dataRows === 0) throw invalidError(null, NO_DATA_ROWS);
};
