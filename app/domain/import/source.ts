// The seam between a file format and the import pipeline: a reader turns a file into rows of
// named text cells with their positions, and hands each to a sink. CSV is one reader; a reader
// of model documentation (CycloneDX, SPDX) can feed the same checks, plan and apply.
import type { ImportProblem } from "./problems";
import { ProblemLog } from "./problems";

/** One record of the file: text cells keyed by column name, and the row a person finds it in. */
export interface SourceRow {
  row: number;
  cells: Record<string, string>;
}

/** What a reader expects of a file of one kind. */
export interface SourceLayout {
  /** The columns each row has, each exactly once. */
  columns: readonly string[];
  /** The kind in running text ("supplier contacts"), for messages about the whole file. */
  noun: string;
  /** The other kinds, so a reader can say "this looks like a … file". */
  others: ReadonlyArray<{ columns: readonly string[]; noun: string; label: string }>;
  /** More data rows than this and the file is refused as a whole. */
  maxRows: number;
}

/** Receives what a reader finds: each data row, or a problem that stops one row being read at all. */
export interface RowSink {
  row(source: SourceRow): void;
  problem(problem: ImportProblem): void;
}

/**
 * Reads a whole file into the sink, letting other work run while it does. A file that cannot be
 * read at all (wrong layout, broken syntax, too many rows, no rows) throws an AppError ("invalid").
 */
export type ImportReader = (text: string, layout: SourceLayout, sink: RowSink) => Promise<void>;

/** A row's check: the typed record, or null when its problems stop it from being one. */
export interface CheckedRow<R> {
  record: R | null;
  problems: ImportProblem[];
}

/** The checked rows of a file: records that passed, and every problem (the first MAX_PROBLEMS_KEPT kept). */
export interface CheckedRows<R> {
  /** Data rows read, blank lines not counted. */
  rowCount: number;
  rows: Array<{ row: number; record: R }>;
  problems: ImportProblem[];
  problemCount: number;
}

/** Reads a file with `reader` and checks each row with `validate` as it arrives. */
export async function checkSource<R>(
  reader: ImportReader,
  text: string,
  layout: SourceLayout,
  validate: (source: SourceRow) => CheckedRow<R>,
): Promise<CheckedRows<R>> {
  const log = new ProblemLog();
  const rows: Array<{ row: number; record: R }> = [];
  let rowCount = 0;
  await reader(text, layout, {
    row(source) {
      rowCount += 1;
      const checked = validate(source);
      if (checked.problems.length) log.add(...checked.problems);
      if (checked.record) rows.push({ row: source.row, record: checked.record });
    },
    problem(problem) {
      rowCount += 1;
      log.add(problem);
    },
  });
  return { rowCount, rows, problems: log.problems, problemCount: log.count };
}
