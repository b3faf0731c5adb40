// Reads for the dependency graph page. The inventory may hold thousands of suppliers and systems,
// so nothing here loads a whole table: every query is limited to what the page can show.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { DependencyRow, GraphFilter } from "../domain/graph-layout";
import { cachedForVersion, readVersion } from "./versioned-cache.server";

export const GRAPH_LIMITS = {
  /** Nodes drawn at once; beyond this the page asks the user to filter. */
  maxNodes: 150,
  /** Systems loaded (most critical first) before the node cap is applied. */
  systems: 150,
  /** Dependency rows loaded for those systems. */
  dependencies: 1000,
  /** Entries in each filter select. */
  filterOptions: 200,
} as const;

export interface GraphCounts {
  systems: number;
  components: number;
  suppliers: number;
  dependencies: number;
}

export interface GraphData {
  rows: DependencyRow[];
  /** Everything that matches the filter, of which `rows` may be a part. */
  counts: GraphCounts;
  /** True when the dependency row limit cut the result short. */
  rowsLimited: boolean;
}

export interface FilterOption {
  id: string;
  name: string;
}

export interface GraphFilterOptions {
  suppliers: FilterOption[];
  systems: FilterOption[];
  suppliersLimited: boolean;
  systemsLimited: boolean;
}

const criticalityRank = sql<number>`CASE s.criticality WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

/** Dependencies whose system, component and supplier are all live (not archived), narrowed by the filter. */
function liveDependencies(db: Kysely<Database>, filter: GraphFilter | null) {
  let query = db
    .selectFrom("ai_system_dependencies as d")
    .innerJoin("ai_systems as s", "s.id", "d.ai_system_id")
    .innerJoin("ai_components as c", "c.id", "d.ai_component_id")
    .innerJoin("suppliers as p", "p.id", "c.supplier_id")
    .where("s.archived_at", "is", null)
    .where("c.archived_at", "is", null)
    .where("p.archived_at", "is", null);
  if (filter?.kind === "system") query = query.where("s.id", "=", filter.id);
  if (filter?.kind === "supplier") query = query.where("p.id", "=", filter.id);
  return query;
}

export async function loadDependencyGraph(db: Kysely<Database>, filter: GraphFilter | null): Promise<GraphData> {
  const counted = await liveDependencies(db, filter)
    .select((eb) => [
      eb.fn.countAll<string>().as("dependencies"),
      eb.fn.count<string>("s.id").distinct().as("systems"),
      eb.fn.count<string>("c.id").distinct().as("components"),
      eb.fn.count<string>("p.id").distinct().as("suppliers"),
    ])
    .executeTakeFirstOrThrow();
  const counts: GraphCounts = {
    systems: Number(counted.systems),
    components: Number(counted.components),
    suppliers: Number(counted.suppliers),
    dependencies: Number(counted.dependencies),
  };
  if (counts.dependencies === 0) return { rows: [], counts, rowsLimited: false };

  const firstSystems = liveDependencies(db, filter)
    .select("s.id")
    .groupBy(["s.id", "s.criticality", "s.name"])
    .orderBy(criticalityRank)
    .orderBy(sql`lower(s.name)`)
    .orderBy("s.id")
    .limit(GRAPH_LIMITS.systems);

  const found = await liveDependencies(db, filter)
    .where("s.id", "in", firstSystems)
    .select([
      "s.id as systemId",
      "s.name as systemName",
      "s.criticality as systemCriticality",
      "c.id as componentId",
      "c.name as componentName",
      "c.kind as componentKind",
      "p.id as supplierId",
      "p.name as supplierName",
      "d.data_categories as dataCategories",
    ])
    .orderBy(criticalityRank)
    .orderBy(sql`lower(s.name)`)
    .orderBy("s.id")
    .orderBy(sql`lower(c.name)`)
    .orderBy("c.id")
    .limit(GRAPH_LIMITS.dependencies + 1)
    .execute();

  let rows: DependencyRow[] = found;
  const rowsLimited = rows.length > GRAPH_LIMITS.dependencies;
  if (rowsLimited) {
    rows = rows.slice(0, GRAPH_LIMITS.dependencies);
    // The last system's dependencies may be cut short: leave it out rather than draw it wrong,
    // unless it is the only one.
    const lastSystem = rows[rows.length - 1]?.systemId;
    const complete = rows.filter((r) => r.systemId !== lastSystem);
    if (complete.length > 0) rows = complete;
  }
  return { rows, counts, rowsLimited };
}

/** Suppliers and systems that have at least one live dependency, by name, limited; plus the one selected. */
export async function loadGraphFilterOptions(db: Kysely<Database>, selected: GraphFilter | null): Promise<GraphFilterOptions> {
  const limit = GRAPH_LIMITS.filterOptions;
  const [suppliers, systems] = await Promise.all([
    db
      .selectFrom("suppliers as sp")
      .select(["sp.id", "sp.name"])
      .where("sp.archived_at", "is", null)
      .where(({ exists }) =>
        exists(
          liveDependencies(db, null)
            .where("p.id", "=", sql.ref<string>("sp.id"))
            .select(sql<number>`1`.as("one")),
        ),
      )
      .orderBy(sql`lower(sp.name)`)
      .orderBy("sp.id")
      .limit(limit + 1)
      .execute(),
    db
      .selectFrom("ai_systems as sy")
      .select(["sy.id", "sy.name"])
      .where("sy.archived_at", "is", null)
      .where(({ exists }) =>
        exists(
          liveDependencies(db, null)
            .where("s.id", "=", sql.ref<string>("sy.id"))
            .select(sql<number>`1`.as("one")),
        ),
      )
      .orderBy(sql`lower(sy.name)`)
      .orderBy("sy.id")
      .limit(limit + 1)
      .execute(),
  ]);
  const options: GraphFilterOptions = {
    suppliers: suppliers.slice(0, limit),
    systems: systems.slice(0, limit),
    suppliersLimited: suppliers.length > limit,
    systemsLimited: systems.length > limit,
  };
  // The current choice stays selectable even when it falls outside the limited list.
  if (selected) {
    const list = selected.kind === "supplier" ? options.suppliers : options.systems;
    if (!list.some((o) => o.id === selected.id)) {
      const target = await findFilterTarget(db, selected);
      if (target) list.unshift(target);
    }
  }
  return options;
}

/** The live supplier or system a filter names, or null when there is none (unknown or archived). */
export async function findFilterTarget(db: Kysely<Database>, filter: GraphFilter): Promise<FilterOption | null> {
  const row =
    filter.kind === "supplier"
      ? await db.selectFrom("suppliers").select(["id", "name"]).where("id", "=", filter.id).where("archived_at", "is", null).executeTakeFirst()
      : await db.selectFrom("ai_systems").select(["id", "name"]).where("id", "=", filter.id).where("archived_at", "is", null).executeTakeFirst();
  return row ?? null;
}

// ---- the cache --------------------------------------------------------------------------------------
// What the graph page reads changes only when graph_inventory_version does (migration 0017), so the
// dependency rows, counts and filter options are read again only after a change (versioned-cache.server.ts).

export const graphInventoryVersion = (db: Kysely<Database>) => readVersion(db, "graph_inventory_version");

/** `load()` once per inventory version and key; later calls at the same version share its result. */
export const cachedForGraphVersion = <T>(db: Kysely<Database>, version: string, key: string, load: () => Promise<T>) =>
  cachedForVersion(db, "graph_inventory_version", version, key, load);

const filterKey = (filter: GraphFilter | null) => (filter ? `${filter.kind}:${filter.id}` : "all");

/** loadDependencyGraph and loadGraphFilterOptions, read again only when the inventory version changed. */
export async function loadGraphCached(db: Kysely<Database>, filter: GraphFilter | null, optionsFor: GraphFilter | null) {
  const version = await graphInventoryVersion(db);
  const [graph, options] = await Promise.all([
    cachedForGraphVersion(db, version, `graph:${filterKey(filter)}`, () => loadDependencyGraph(db, filter)),
    cachedForGraphVersion(db, version, `options:${filterKey(optionsFor)}`, () => loadGraphFilterOptions(db, optionsFor)),
  ]);
  return { graph, options, version };
}
