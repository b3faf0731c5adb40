// What is wrong with an imported file, pinned to a row and column so a person can find it: the one
// problem shape every reader, check and plan step reports in, whatever the file format.

/** One thing wrong with the file. `row` counts as the file shows it (a CSV header is row 1); null: the whole file. */
export interface ImportProblem {
  row: number | null;
  /** The column (or field) name; null: the whole row. */
  column: string | null;
  message: string;
}

export const MAX_PROBLEMS_SHOWN = 200;
/** Problems kept in memory while a file is read; the rest are only counted. */
export const MAX_PROBLEMS_KEPT = 5000;

/** Collects problems up to a limit and counts every one. */
export class ProblemLog {
  readonly problems: ImportProblem[] = [];
  count = 0;

  constructor(private readonly limit = MAX_PROBLEMS_KEPT) {}

  add(...problems: readonly ImportProblem[]): void {
    this.count += problems.length;
    for (const p of problems) if (this.problems.length < this.limit) this.problems.push(p);
  }
}

/** In file order; problems of the same row keep the order they were found in. */
export function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/** Problems to show: the first `limit`, in file order, and how many more there are. */
export function capProblems(problems: readonly ImportProblem[], limit = MAX_PROBLEMS_SHOWN): { shown: ImportProblem[]; more: number } {
  return { shown: problems.slice(0, limit), more: Math.max(0, problems.length - limit) };
}

/** The problems of reading and of planning together, capped for display; `more` counts those not kept as well. */
export function mergeProblems(
  read: { problems: readonly ImportProblem[]; problemCount: number },
  planned: readonly ImportProblem[],
): { problems: ImportProblem[]; more: number } {
  const { shown } = capProblems(sortProblems([...read.problems, ...planned]));
  return { problems: shown, more: read.problemCount + planned.length - shown.length };
}
