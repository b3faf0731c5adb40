// What the import pipeline needs to know about one kind of record: its columns, how a row becomes
// a record, what it refers to, which values must be unique and who may change it. The planner
// (pipeline.ts) is written once against this; each kind only declares what differs.
import type { Principal, Role } from "../permissions";
import type { CheckedRow, SourceRow } from "./source";

/** Ids behind a record's reference columns, by name: supplier_id, owner_id, ai_system_id… */
export type Refs = Record<string, string | null>;

/** A row of this kind already in the database, shaped like an imported record. */
export interface ExistingRow<R> {
  id: string;
  /** False when the row has no external id of its own and was found by its uuid. */
  hasExternalId: boolean;
  archived: boolean;
  record: R;
  refs: Refs;
}

/** A row of another kind that a record refers to (a supplier for contacts, a system for dependencies…). */
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

/** What the database holds for the keys, names and emails a file mentions. */
export interface ImportWorld<R> {
  /** Rows of this kind by match key: external id (or uuid for rows without one); see ImportAdapter.matchKey. */
  existing: Map<string, ExistingRow<R>>;
  /** Rows of other kinds by file key, per ReferenceSpec.target ("suppliers", "systems", "components"). */
  targets: Record<string, Map<string, RefRow>>;
  /** By lower-case email. */
  users: Map<string, UserRef>;
  /** Unique values held by live rows (keys as ImportAdapter.uniques makes them): which row holds each. */
  holders: Map<string, { id: string; label: string }>;
}

export function emptyWorld<R>(): ImportWorld<R> {
  return { existing: new Map(), targets: {}, users: new Map(), holders: new Map() };
}

/** A column naming a row of another kind by its file key. */
export interface ReferenceSpec {
  column: string;
  /** The id it resolves to, in Refs. */
  refName: string;
  /** Where the world holds rows of that kind. */
  target: string;
  noun: string;
  /** The file to import first: "suppliers". */
  file: string;
}

/** A column naming an Assay user by email, who must hold one of `roles`. */
export interface PersonSpec {
  column: string;
  refName: string;
  roles: readonly Role[];
  /** Why someone cannot own this: "a system owner must be an active risk owner or admin". */
  what: string;
  /** Set when the column may not be empty (unless the stored row already has it empty). */
  required?: string;
}

/** A value no two live rows may share. */
export interface UniqueValue {
  /** Same form as ImportWorld.holders keys. */
  key: string;
  column: string;
  /** "The name “Acme” (ignoring case)", completed by "is also in row 3". */
  text: string;
  /** A stored row may give this place up in the same file (see ImportAdapter.releases). */
  releasable?: boolean;
}

export interface Refusal {
  column: string | null;
  message: string;
}

export interface ImportAdapter<R> {
  /** The columns, in file order; each is a key of the record. */
  columns: readonly string[];
  /** Columns whose values the row carries and an update compares (key columns are compared apart). */
  compared: readonly string[];
  /** For messages: "supplier", "AI system". */
  singular: string;
  validate(source: SourceRow): CheckedRow<R>;
  /** The row's key in the file: its external id, or "system → component". */
  key(record: R): string;
  label(record: R): string;
  /** The column a repeated key is reported in. */
  keyColumn: string;
  /** The key existing rows are filed under, from the record and its resolved refs; null when it cannot match any (a reference did not resolve). Default: key(record). */
  matchKey?(record: R, refs: Refs): string | null;
  duplicateMessage(key: string, firstRow: number): string;
  references: readonly ReferenceSpec[];
  people: readonly PersonSpec[];
  uniques(record: R, refs: Refs): UniqueValue[];
  /** Whether this row gives up a releasable unique value its stored row holds (a primary contact that stops being primary). */
  releases?(record: R, before: ExistingRow<R>, world: ImportWorld<R>): boolean;
  /** Why this principal may not write the row (only asked for rows that change something), or null. */
  authorize(
    principal: Principal & { email: string },
    row: { existing: ExistingRow<R> | null; refs: Refs; targets: Record<string, RefRow | null> },
  ): Refusal | null;
}
