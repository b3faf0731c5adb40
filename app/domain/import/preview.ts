// What a person sees before anything is written: how many rows each action touches, which
// columns change, the first rows that would change; and the audit details an applied change records.
import type { FieldChange, PlanItem, RowAction } from "./pipeline";

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

/** The columns that differ, counted over the rows to update: "name: 3, status: 1". */
export function changedColumnCounts(items: ReadonlyArray<{ changes: ReadonlyArray<{ column: string }> }>): Array<{ column: string; count: number }> {
  const counts = new Map<string, number>();
  for (const item of items) for (const change of item.changes) counts.set(change.column, (counts.get(change.column) ?? 0) + 1);
  return [...counts].map(([column, count]) => ({ column, count }));
}

export interface SampleRow {
  row: number;
  action: "create" | "update";
  key: string;
  label: string;
  changes: Array<{ column: string; from: string; to: string }>;
}

export const SAMPLE_SIZE = 50;

function display(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  const text = Array.isArray(value) ? value.join("; ") : String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** The first rows that would change, with their changes as text. */
export function sampleOf<R>(items: ReadonlyArray<PlanItem<R>>, size = SAMPLE_SIZE): SampleRow[] {
  return items
    .filter((i): i is PlanItem<R> & { action: "create" | "update" } => i.action !== "unchanged")
    .slice(0, size)
    .map((i) => ({
      row: i.row,
      action: i.action,
      key: i.key,
      label: i.label,
      changes: i.changes.map((c) => ({ column: c.column, from: display(c.from), to: display(c.to) })),
    }));
}

export interface PlanPreview {
  counts: PlanCounts;
  changedColumns: Array<{ column: string; count: number }>;
  sample: SampleRow[];
}

export function previewPlan<R>(items: ReadonlyArray<PlanItem<R>>): PlanPreview {
  return { counts: countPlan(items), changedColumns: changedColumnCounts(items.filter((i) => i.action === "update")), sample: sampleOf(items) };
}

/** Audit details for a change: `{ column: { from, to } }`, as the edit forms record them. */
export function changesToDetails(changes: readonly FieldChange[]): Record<string, { from: unknown; to: unknown }> {
  return Object.fromEntries(changes.map((c) => [c.column, { from: c.from, to: c.to }]));
}
