// Planning an import, for any kind and any file format: given the checked records and what the
// database holds, decide for each row create, update (with the changed columns) or unchanged, and
// find every problem against the database and the rest of the file. Pure and synchronous; the
// per-kind rules come from an ImportAdapter.
import type { Principal } from "../permissions";
import type { ExistingRow, ImportAdapter, ImportWorld, RefRow, Refs } from "./adapter";
import { sortProblems, type ImportProblem } from "./problems";

export type RowAction = "create" | "update" | "unchanged";

export interface FieldChange {
  column: string;
  from: unknown;
  to: unknown;
}

export interface PlanItem<R> {
  row: number;
  action: RowAction;
  /** The database id for updates and unchanged rows; null for rows to create. */
  id: string | null;
  /** The row's key in the file: its external id, or "system → component" for dependencies. */
  key: string;
  label: string;
  record: R;
  changes: FieldChange[];
  /** Resolved ids to write: supplier_id, procurement_owner_id / owner_id, ai_system_id, ai_component_id. */
  refs: Refs;
  /** The row gives up a unique place (a primary contact stops being primary): written before the others, so another row can take it. */
  releases: boolean;
}

export interface ImportPlan<R> {
  items: Array<PlanItem<R>>;
  problems: ImportProblem[];
}

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
export function diffRecords<R>(adapter: ImportAdapter<R>, before: ExistingRow<R>, after: R, afterRefs: Refs): FieldChange[] {
  const refOf = new Map([...adapter.references, ...adapter.people].map((spec) => [spec.column, spec.refName]));
  const b = before.record as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const changes: FieldChange[] = [];
  for (const column of adapter.compared) {
    const refName = refOf.get(column);
    const same = refName ? (before.refs[refName] ?? null) === (afterRefs[refName] ?? null) : sameValue(b[column], a[column]);
    if (!same) changes.push({ column, from: b[column] ?? null, to: a[column] ?? null });
  }
  return changes;
}

/**
 * What importing these checked rows would do: for each row create, update (with the changed
 * columns) or unchanged, plus every problem found against the database and the rest of the file.
 * Rows are matched by external id; an external id equal to the uuid of a row that has none
 * matches that row (the service looks both up and files them under the key used in the file).
 */
export function planImport<R>(
  adapter: ImportAdapter<R>,
  rows: ReadonlyArray<{ row: number; record: R }>,
  world: ImportWorld<R>,
  principal: Principal & { email: string },
): ImportPlan<R> {
  const problems: ImportProblem[] = [];
  const items: Array<PlanItem<R>> = [];
  const seenKeys = new Map<string, number>();
  const seenUnique = new Map<string, number>();
  /** Existing rows matched by the file, by database id, with the row that matched them first. */
  const matchedIds = new Map<string, number>();
  /** Stored rows that this file makes give up a releasable unique value: their place is free. */
  const releasing = new Set<string>();
  if (adapter.releases) {
    for (const { record } of rows) {
      const before = world.existing.get(adapter.key(record));
      if (before && adapter.releases(record, before, world)) releasing.add(before.id);
    }
  }

  for (const { row, record } of rows) {
    const rowProblems: ImportProblem[] = [];
    const values = record as unknown as Record<string, unknown>;
    const refs: Refs = {};
    const targets: Record<string, RefRow | null> = {};
    const add = (column: string | null, message: string) => rowProblems.push({ row, column, message });

    // References to rows of other kinds.
    for (const spec of adapter.references) {
      const fileKey = values[spec.column] as string;
      const ref = world.targets[spec.target]?.get(fileKey);
      if (!ref) add(spec.column, `No ${spec.noun} has the external id “${fileKey}”. Import the ${spec.file} file first, or correct the id.`);
      else if (ref.archived) add(spec.column, `The ${spec.noun} “${ref.label}” (${fileKey}) is archived. Restore it first, or leave this row out.`);
      const usable = ref && !ref.archived ? ref : null;
      refs[spec.refName] = usable?.id ?? null;
      targets[spec.refName] = usable;
    }

    // The row itself: in the file once, matched to an existing row or new.
    const key = adapter.key(record);
    const matchKey = adapter.matchKey ? adapter.matchKey(record, refs) : key;
    const dupeOf = matchKey === null ? undefined : seenKeys.get(matchKey);
    if (dupeOf !== undefined) add(adapter.keyColumn, adapter.duplicateMessage(key, dupeOf));
    else if (matchKey !== null) seenKeys.set(matchKey, row);
    const existing = (matchKey === null ? undefined : world.existing.get(matchKey)) ?? null;
    if (existing?.archived)
      add(
        "external_id",
        `The ${adapter.singular} “${adapter.label(existing.record)}” with this external id is archived. Restore it first, or leave this row out.`,
      );
    if (existing) {
      const firstRow = matchedIds.get(existing.id);
      if (firstRow !== undefined && dupeOf === undefined)
        add(adapter.keyColumn, `Row ${firstRow} already refers to the same ${adapter.singular} (by its uuid or external id)`);
      matchedIds.set(existing.id, row);
    }

    // People named by email.
    for (const spec of adapter.people) {
      const email = values[spec.column] as string | null;
      const unchanged = existing !== null && (existing.record as unknown as Record<string, unknown>)[spec.column] === email;
      if (email === null) {
        refs[spec.refName] = null;
        if (spec.required && !unchanged) add(spec.column, spec.required);
        continue;
      }
      const user = world.users.get(email);
      refs[spec.refName] = user?.id ?? null;
      if (!user) add(spec.column, `No Assay user has the email ${email}`);
      else if (!unchanged && (user.disabled || !spec.roles.includes(user.role))) add(spec.column, `${email} cannot own this: ${spec.what}`);
    }

    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }

    // Unique values: against other rows of the file, and against live rows not being this one.
    for (const unique of adapter.uniques(record, refs)) {
      const earlier = seenUnique.get(unique.key);
      if (earlier !== undefined) add(unique.column, `${unique.text} is also in row ${earlier}`);
      else seenUnique.set(unique.key, row);
      const holder = world.holders.get(unique.key);
      const freed = holder !== undefined && unique.releasable === true && releasing.has(holder.id);
      if (holder && holder.id !== existing?.id && !freed) add(unique.column, `${unique.text} is already used by “${holder.label}”, which is not this row`);
    }

    const changes = existing ? diffRecords(adapter, existing, record, refs) : [];
    if (existing && !existing.hasExternalId && changes.length > 0) changes.unshift({ column: "external_id", from: null, to: key });
    const action: RowAction = !existing ? "create" : changes.length > 0 ? "update" : "unchanged";

    // Permission, for rows that would change something.
    if (action !== "unchanged") {
      const refusal = adapter.authorize(principal, { existing, refs, targets });
      if (refusal) add(refusal.column, refusal.message);
    }

    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    const releases = existing !== null && releasing.has(existing.id) && action === "update";
    items.push({ row, action, id: existing?.id ?? null, key, label: adapter.label(record), record, changes, refs, releases });
  }

  return { items, problems: sortProblems(problems) };
}
