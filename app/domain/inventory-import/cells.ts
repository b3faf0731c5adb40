// Reading the text cells of one inventory row into typed values, with the inventory's zod schemas:
// every problem names the row and the column, and a choice column says which values it accepts.
import type { z } from "zod";
import type { ImportProblem } from "../import/problems";
import type { SourceRow } from "../import/source";
import { COMPONENT_KINDS, CRITICALITIES, EU_AI_ACT_CLASSES, LIFECYCLES, SUPPLIER_STATUSES, UPDATE_CADENCES } from "../inventory";
import { contactSchema, externalIdSchema } from "../inventory-schemas";

/** Values that a column accepts, to say so when a cell holds something else. */
const ENUM_VALUES: Record<string, readonly string[]> = {
  status: SUPPLIER_STATUSES,
  kind: COMPONENT_KINDS,
  update_cadence: UPDATE_CADENCES,
  criticality: CRITICALITIES,
  eu_ai_act_class: EU_AI_ACT_CLASSES,
  lifecycle: LIFECYCLES,
};

const BOOLEAN_TEXT = /^(true|false|yes|no|y|n|1|0)?$/i;
const emailSchema = contactSchema.shape.email;

/** One row's cells and the problems found in them so far. */
export class RowCells {
  readonly row: number;
  readonly cells: Record<string, string>;
  readonly problems: ImportProblem[] = [];

  constructor(source: SourceRow) {
    this.row = source.row;
    this.cells = source.cells;
  }

  add(column: string | null, message: string): void {
    this.problems.push({ row: this.row, column, message });
  }

  text(column: string): string {
    return this.cells[column] ?? "";
  }

  /**
   * Parses the cells named in `fields` (schema field → column), with `extra` values in place of cells, with `schema`.
   * Its problems go before those found so far (`first`), or after them.
   */
  schema<S extends z.ZodType>(
    schema: S,
    fields: Record<string, string>,
    options: { extra?: Record<string, unknown>; first?: boolean } = {},
  ): z.output<S> | null {
    const input: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(fields)) input[field] = this.cells[column];
    Object.assign(input, options.extra);
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    const problems = this.issuesToProblems(parsed.error.issues, fields);
    if (options.first === false) this.problems.push(...problems);
    else this.problems.unshift(...problems);
    return null;
  }

  private issuesToProblems(issues: readonly z.core.$ZodIssue[], fieldToColumn: Record<string, string>): ImportProblem[] {
    const problems: ImportProblem[] = [];
    const seen = new Set<string>();
    for (const issue of issues) {
      const field = issue.path.length ? String(issue.path[0]) : "";
      const column = fieldToColumn[field] ?? null;
      if (seen.has(column ?? "")) continue; // one message per cell is enough
      seen.add(column ?? "");
      let message = issue.message;
      const accepted = column ? ENUM_VALUES[column] : undefined;
      if (column && accepted) {
        const value = this.text(column).trim();
        message = value === "" ? `Enter a ${column}: one of ${accepted.join(", ")}` : `“${value}” is not a valid ${column}: use one of ${accepted.join(", ")}`;
      }
      problems.push({ row: this.row, column, message });
    }
    return problems;
  }

  /** A required reference to another row by its external id. */
  key(column: string, whatFor: string): string | null {
    const parsed = externalIdSchema.safeParse(this.text(column));
    if (!parsed.success) {
      this.add(column, parsed.error.issues[0]?.message ?? "Not a valid external id");
      return null;
    }
    if (parsed.data === null) {
      this.add(column, `Enter ${whatFor}`);
      return null;
    }
    return parsed.data;
  }

  optionalEmail(column: string): string | null {
    const value = this.text(column).trim();
    if (value === "") return null;
    const parsed = emailSchema.safeParse(value);
    if (!parsed.success) {
      this.add(column, parsed.error.issues[0]?.message ?? "Enter a valid email address");
      return null;
    }
    return parsed.data;
  }

  boolean(column: string): boolean {
    const value = this.text(column).trim();
    if (!BOOLEAN_TEXT.test(value)) this.add(column, `“${value}” is not true or false`);
    return ["true", "yes", "y", "1"].includes(value.toLowerCase());
  }

  /** The row's own external id, which every row of a keyed kind must have. */
  externalId(value: string | null): string | null {
    if (value === null) this.add("external_id", "Enter an external id: rows are matched by it, so importing the file again changes nothing");
    return value;
  }

  /** The record, when no problem was found. */
  result<R>(build: () => R | null): { record: R | null; problems: ImportProblem[] } {
    if (this.problems.length) return { record: null, problems: this.problems };
    return { record: build(), problems: this.problems };
  }
}
