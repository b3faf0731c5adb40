// Database look-ups every inventory kind's import shares: rows by the keys a file uses (external
// id, or the uuid of a row without one), the rows other kinds refer to, users by email, and who
// holds a name already. Chunked, so a 50,000-row file never builds one giant IN list.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { ExistingRow, ImportAdapter, ImportWorld, RefRow, UserRef } from "../../domain/import/adapter";
import type { PlanItem } from "../../domain/import/pipeline";
import { isUuid } from "../../domain/ids";

export type Db = Kysely<Database> | Transaction<Database>;
export type ImportTable = "suppliers" | "supplier_contacts" | "ai_components" | "ai_systems" | "ai_system_dependencies";

export const QUERY_CHUNK = 1000;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** How one kind's rows are read, written and exported: the database half of its import adapter. */
export interface InventoryStore<R> {
  table: ImportTable;
  /** Columns an update writes, with their SQL types (values travel as text and are cast). */
  updateColumns: ReadonlyArray<readonly [name: string, type: string]>;
  /** Columns that identify a new row, to match inserted rows back to the file's rows. */
  insertKey: readonly string[];
  /** The database row for a planned item (without id and timestamps). */
  toRow(item: PlanItem<R>): Record<string, unknown>;
  /** Everything the plan needs to know about the rows, references, people and names these records mention. */
  loadWorld(db: Db, records: readonly R[]): Promise<ImportWorld<R>>;
  /** Live (not archived) rows with ids after `after`, in id order. */
  exportPage(db: Db, after: string, limit: number): Promise<{ records: R[]; lastId: string | null }>;
  /** Frees the unique places of rows that give them up, before any other write. */
  release?(trx: Transaction<Database>, ids: readonly string[]): Promise<void>;
}

/** `table.external_id IN (…)`, or the row's uuid for rows without an external id. */
export function keyWhere(table: string, externalIds: string[], uuids: string[]) {
  return sql<boolean>`(${sql.ref(`${table}.external_id`)} IN (${sql.join(externalIds)})${
    uuids.length
      ? sql` OR (${sql.ref(`${table}.external_id`)} IS NULL AND ${sql.ref(`${table}.id`)} IN (${sql.join(uuids.map((u) => sql`${u}::uuid`))}))`
      : sql``
  })`;
}

/** The key a row is exported with: its external id, or its uuid when it has none. */
export const keyOf = (table: string) => sql<string>`coalesce(${sql.ref(`${table}.external_id`)}, ${sql.ref(`${table}.id`)}::text)`;

/** Rows found by the keys a file uses, filed under the key as the file spells it. */
export async function byKeys<T extends { id: string; external_id: string | null }>(
  keys: Iterable<string>,
  fetch: (externalIds: string[], uuids: string[]) => Promise<T[]>,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (const part of chunk([...new Set(keys)], QUERY_CHUNK)) {
    const uuidKeys = new Map(part.filter(isUuid).map((k) => [k.toLowerCase(), k]));
    const rows = await fetch(part, [...uuidKeys.keys()]);
    for (const row of rows) {
      const key = uuidKeys.get(row.id);
      if (row.external_id === null && key !== undefined) found.set(key, row);
    }
    for (const row of rows) if (row.external_id !== null) found.set(row.external_id, row);
  }
  return found;
}

/** Existing rows by file key, shaped for the planner. */
export async function findExisting<T extends { id: string; external_id: string | null }, R>(
  keys: Iterable<string>,
  fetch: (externalIds: string[], uuids: string[]) => Promise<T[]>,
  shape: (row: T) => Omit<ExistingRow<R>, "id" | "hasExternalId">,
): Promise<Map<string, ExistingRow<R>>> {
  const found = await byKeys(keys, fetch);
  return new Map([...found].map(([key, row]) => [key, { id: row.id, hasExternalId: row.external_id !== null, ...shape(row) }]));
}

export async function findSupplierRefs(db: Db, keys: Iterable<string>): Promise<Map<string, RefRow>> {
  const rows = await byKeys(keys, (ext, uuids) =>
    db
      .selectFrom("suppliers as s")
      .select(["s.id", "s.external_id", "s.name", "s.archived_at"])
      .where(keyWhere("s", ext, uuids))
      .execute(),
  );
  return new Map([...rows].map(([k, r]) => [k, { id: r.id, archived: r.archived_at !== null, label: r.name, ownerId: null }]));
}

export async function findSystemRefs(db: Db, keys: Iterable<string>): Promise<Map<string, RefRow>> {
  const rows = await byKeys(keys, (ext, uuids) =>
    db
      .selectFrom("ai_systems as sys")
      .select(["sys.id", "sys.external_id", "sys.name", "sys.archived_at", "sys.owner_id"])
      .where(keyWhere("sys", ext, uuids))
      .execute(),
  );
  return new Map([...rows].map(([k, r]) => [k, { id: r.id, archived: r.archived_at !== null, label: r.name, ownerId: r.owner_id }]));
}

export async function findComponentRefs(db: Db, keys: Iterable<string>): Promise<Map<string, RefRow>> {
  const rows = await byKeys(keys, (ext, uuids) =>
    db
      .selectFrom("ai_components as comp")
      .innerJoin("suppliers as s", "s.id", "comp.supplier_id")
      .select(["comp.id", "comp.external_id", "comp.name", "comp.archived_at", "s.archived_at as supplier_archived_at"])
      .where(keyWhere("comp", ext, uuids))
      .execute(),
  );
  return new Map(
    [...rows].map(([k, r]) => [k, { id: r.id, archived: r.archived_at !== null || r.supplier_archived_at !== null, label: r.name, ownerId: null }]),
  );
}

/** The users named in the people columns of `records`, by email. */
export async function findPeople<R>(db: Db, adapter: ImportAdapter<R>, records: readonly R[]): Promise<Map<string, UserRef>> {
  const emails = new Set<string>();
  for (const record of records) {
    for (const { column } of adapter.people) {
      const email = (record as Record<string, unknown>)[column];
      if (typeof email === "string") emails.add(email);
    }
  }
  const users = new Map<string, UserRef>();
  for (const part of chunk([...emails], QUERY_CHUNK)) {
    const rows = await db.selectFrom("users").select(["id", "email", "role", "disabled_at"]).where("email", "in", part).execute();
    for (const u of rows) users.set(u.email, { id: u.id, email: u.email, role: u.role, disabled: u.disabled_at !== null });
  }
  return users;
}

/** Live rows of `table` holding one of these names (ignoring case), filed under `keyOf(row)`. */
export async function nameHolders(
  db: Db,
  table: "suppliers" | "ai_systems",
  records: ReadonlyArray<{ name: string }>,
  keyFor: (name: string) => string,
  holders: ImportWorld<unknown>["holders"],
): Promise<void> {
  for (const names of chunk(lowerNames(records), QUERY_CHUNK)) {
    const rows = await db
      .selectFrom(table)
      .select(["id", "name"])
      .where("archived_at", "is", null)
      .where(sql<string>`lower(name)`, "in", names)
      .execute();
    for (const h of rows) holders.set(keyFor(h.name), { id: h.id, label: h.name });
  }
}

export const lowerNames = (records: ReadonlyArray<{ name: string }>) => [...new Set(records.map((r) => r.name.toLowerCase()))];

/** The first id after which the next export page starts. */
export const FIRST_ID = "00000000-0000-0000-0000-000000000000";

export const lastId = <T extends { id: string }>(rows: readonly T[]) => rows[rows.length - 1]?.id ?? null;
