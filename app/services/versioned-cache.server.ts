// Caches of derived data keyed by a version number the database keeps (one row, bumped by
// statement-level triggers in the writer's transaction: graph_inventory_version, migration 0017;
// portfolio_version, migration 0019). A page reads the one row; what it derives is read again only
// after a change. A version read before a writer commits is older than the one that writer commits,
// so an entry stored by such a reader is never taken for the new state.
//
// Per database handle (tests run several in one process) and per process (each web instance keeps its
// own; all read the same version). A failed load is not remembered.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

type VersionTable = "graph_inventory_version" | "portfolio_version";

interface Cache {
  version: string;
  entries: Map<string, Promise<unknown>>;
}

/** Entries per database handle and version table; the oldest goes first. */
const MAX_ENTRIES = 64;
const caches = new WeakMap<Kysely<Database>, Map<VersionTable, Cache>>();

export async function readVersion(db: Kysely<Database>, table: VersionTable): Promise<string> {
  const row = await db.selectFrom(table).select("version").where("id", "=", 1).executeTakeFirst();
  return String(row?.version ?? "0");
}

/** `load()` once per version of `table` and `key`; later calls at the same version share its result. */
export async function cachedForVersion<T>(db: Kysely<Database>, table: VersionTable, version: string, key: string, load: () => Promise<T>): Promise<T> {
  let byTable = caches.get(db);
  if (!byTable) caches.set(db, (byTable = new Map()));
  let cache = byTable.get(table);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    byTable.set(table, cache);
  }
  const entries = cache.entries;
  let entry = entries.get(key) as Promise<T> | undefined;
  if (!entry) {
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entry = load();
    entries.set(key, entry);
    entry.catch(() => entries.delete(key));
  }
  return entry;
}
