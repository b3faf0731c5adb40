// Internal AI systems: our own models and AI features, each owned by a risk owner,
// and the vendor components each one depends on.
import { isUuid } from "../domain/ids";
import { sql, type Kysely } from "kysely";
import * as z from "zod";
import type { Database } from "../../db/schema";
import { changedFields } from "../domain/changes";
import { CRITICALITIES, EU_AI_ACT_CLASSES, LIFECYCLES } from "../domain/inventory";
import type { DependencyInput, SystemInput } from "../domain/inventory-schemas";
import { baseListQuery, inPageOrder, likePattern, optionalEnum, optionalUuidParam, PAGE_SIZE } from "../domain/list-query";
import { setArchived, updateWithAudit } from "./inventory-records.server";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { violatedConstraint } from "./db-errors.server";
import { AppError } from "../domain/errors";
import { refreshComponentDeadlines, refreshSystemDeadlines } from "./deadlines.server";

export const systemListQuery = baseListQuery.extend({
  criticality: optionalEnum(CRITICALITIES),
  euClass: optionalEnum(EU_AI_ACT_CLASSES),
  lifecycle: optionalEnum(LIFECYCLES),
  owner: optionalUuidParam,
  sort: z.enum(["name", "criticality", "owner", "updated"]).catch("name").default("name"),
});
export type SystemListQuery = z.output<typeof systemListQuery>;

const CRITICALITY_RANK = sql`CASE sys.criticality WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END`;

export async function listSystems(db: Kysely<Database>, query: SystemListQuery) {
  let base = db.selectFrom("ai_systems as sys").where("sys.archived_at", "is", null);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) => eb.or([eb("sys.name", "ilike", pattern), eb("sys.business_unit", "ilike", pattern), eb("sys.external_id", "ilike", pattern)]));
  }
  if (query.criticality) base = base.where("sys.criticality", "=", query.criticality);
  if (query.euClass) base = base.where("sys.eu_ai_act_class", "=", query.euClass);
  if (query.lifecycle) base = base.where("sys.lifecycle", "=", query.lifecycle);
  if (query.owner) base = base.where("sys.owner_id", "=", query.owner);

  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  // The page's ids first, then details for those rows only (see listSuppliers).
  const dir = query.dir;
  let page = base.leftJoin("users as o", "o.id", "sys.owner_id").select("sys.id");
  if (query.sort === "criticality") page = page.orderBy(sql`${CRITICALITY_RANK} ${sql.raw(dir === "asc" ? "desc" : "asc")}`).orderBy(sql`lower(sys.name)`);
  else if (query.sort === "owner") page = page.orderBy(sql`lower(o.name) ${sql.raw(dir)} NULLS LAST`).orderBy(sql`lower(sys.name)`);
  else if (query.sort === "updated") page = page.orderBy("sys.updated_at", dir === "asc" ? "desc" : "asc");
  else page = page.orderBy(sql`lower(sys.name) ${sql.raw(dir)}`);
  const ids = (
    await page
      .orderBy("sys.id")
      .limit(PAGE_SIZE)
      .offset((query.page - 1) * PAGE_SIZE)
      .execute()
  ).map((r) => r.id);
  if (ids.length === 0) return { total, rows: [] };
  const details = await db
    .selectFrom("ai_systems as sys")
    .leftJoin("users as o", "o.id", "sys.owner_id")
    .select((eb) => [
      "sys.id",
      "sys.name",
      "sys.criticality",
      "sys.eu_ai_act_class",
      "sys.lifecycle",
      "sys.business_unit",
      "sys.owner_id",
      "o.name as owner_name",
      eb.selectFrom("ai_system_dependencies as d").select(eb.fn.countAll<string>().as("n")).whereRef("d.ai_system_id", "=", "sys.id").as("component_count"),
    ])
    .where("sys.id", "in", ids)
    .execute();
  return { total, rows: inPageOrder(ids, details).map((r) => ({ ...r, component_count: Number(r.component_count ?? 0) })) };
}

export async function getSystem(db: Kysely<Database>, id: string | undefined) {
  if (!isUuid(id)) return null;
  return (
    (await db
      .selectFrom("ai_systems as sys")
      .leftJoin("users as o", "o.id", "sys.owner_id")
      .selectAll("sys")
      .select(["o.name as owner_name", "o.email as owner_email"])
      .where("sys.id", "=", id!)
      .executeTakeFirst()) ?? null
  );
}

export function listSystemDependencies(db: Kysely<Database>, systemId: string) {
  return db
    .selectFrom("ai_system_dependencies as d")
    .innerJoin("ai_components as c", "c.id", "d.ai_component_id")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .select([
      "d.id",
      "d.purpose",
      "d.data_categories",
      "d.since",
      "c.id as component_id",
      "c.name as component_name",
      "c.kind",
      "c.version",
      "c.archived_at as component_archived_at",
      "s.id as supplier_id",
      "s.name as supplier_name",
    ])
    .where("d.ai_system_id", "=", systemId)
    .orderBy(sql`lower(s.name)`)
    .orderBy(sql`lower(c.name)`)
    .execute();
}

export function listSystemOwners(db: Kysely<Database>) {
  return db.selectFrom("users").select(["id", "name"]).where("role", "in", ["risk_owner", "admin"]).where("disabled_at", "is", null).orderBy("name").execute();
}

function toRow(input: SystemInput) {
  return {
    name: input.name,
    purpose: input.purpose,
    owner_id: input.ownerId,
    business_unit: input.businessUnit,
    criticality: input.criticality,
    eu_ai_act_class: input.euAiActClass,
    lifecycle: input.lifecycle,
    external_id: input.externalId,
  };
}

async function checkOwner(db: Kysely<Database>, ownerId: string | null) {
  if (!ownerId) throw new AppError("invalid", "Choose the risk owner accountable for this system", { field: "ownerId" });
  const owner = await db.selectFrom("users").select("role").where("id", "=", ownerId).where("disabled_at", "is", null).executeTakeFirst();
  if (!owner || !["risk_owner", "admin"].includes(owner.role)) throw new AppError("invalid", "Choose an active risk owner as owner", { field: "ownerId" });
}

function conflict(error: unknown): never {
  const constraint = violatedConstraint(error);
  if (constraint === "ai_systems_name_key") throw new AppError("conflict", "Another AI system already has this name", { field: "name" });
  if (constraint === "ai_systems_external_id_key") throw new AppError("conflict", "Another AI system already has this external id", { field: "externalId" });
  throw error;
}

export async function createSystem(ctx: AppContext, actor: Actor, input: SystemInput): Promise<string> {
  await checkOwner(ctx.db, input.ownerId);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const { id } = await trx.insertInto("ai_systems").values(toRow(input)).returning("id").executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: "ai_system.create",
        entityType: "ai_system",
        entityId: id,
        details: { name: input.name, criticality: input.criticality },
      });
      return id;
    });
  } catch (error) {
    return conflict(error);
  }
}

export async function updateSystem(ctx: AppContext, actor: Actor, id: string, input: SystemInput): Promise<void> {
  await checkOwner(ctx.db, input.ownerId);
  try {
    // Criticality, EU AI Act class and lifecycle move the cadence: the refresh commits with the edit.
    await updateWithAudit(ctx, actor, "ai_systems", id, toRow(input), "This AI system no longer exists", (trx) => refreshSystemDeadlines(trx, [id]));
  } catch (error) {
    return conflict(error);
  }
}

export async function setSystemArchived(ctx: AppContext, actor: Actor, id: string, archived: boolean): Promise<void> {
  await setArchived(ctx, actor, "ai_systems", id, archived, (trx) => refreshSystemDeadlines(trx, [id]));
}

export async function addDependency(ctx: AppContext, actor: Actor, systemId: string, input: DependencyInput): Promise<string> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const component = await trx.selectFrom("ai_components").select(["id", "name", "archived_at"]).where("id", "=", input.componentId).executeTakeFirst();
      if (!component || component.archived_at) throw new AppError("invalid", "Choose an existing, active component", { field: "componentId" });
      const { id } = await trx
        .insertInto("ai_system_dependencies")
        .values({
          ai_system_id: systemId,
          ai_component_id: input.componentId,
          purpose: input.purpose,
          data_categories: input.dataCategories,
          since: input.since,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: "ai_system_dependency.create",
        entityType: "ai_system_dependency",
        entityId: id,
        details: { systemId, componentId: input.componentId, component: component.name, dataCategories: input.dataCategories },
      });
      await refreshComponentDeadlines(trx, [input.componentId]);
      return id;
    });
  } catch (error) {
    if (violatedConstraint(error) === "ai_system_dependencies_edge_key")
      throw new AppError("conflict", "This system already depends on that component", { field: "componentId" });
    throw error;
  }
}

export async function updateDependency(ctx: AppContext, actor: Actor, systemId: string, dependencyId: string, input: Omit<DependencyInput, "componentId">) {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("ai_system_dependencies")
      .selectAll()
      .where("id", "=", dependencyId)
      .where("ai_system_id", "=", systemId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError("not_found", "This dependency no longer exists");
    const after = { purpose: input.purpose, data_categories: input.dataCategories, since: input.since };
    const changes = changedFields<Record<string, unknown>>(before, after);
    if (Object.keys(changes).length === 0) return;
    await trx
      .updateTable("ai_system_dependencies")
      .set({ ...after, updated_at: new Date() })
      .where("id", "=", dependencyId)
      .execute();
    await recordAudit(trx, actor, {
      action: "ai_system_dependency.update",
      entityType: "ai_system_dependency",
      entityId: dependencyId,
      details: { systemId, changes },
    });
    await refreshComponentDeadlines(trx, [before.ai_component_id]);
  });
}

/** Removes one of this system's dependencies; anything else (made up, already gone, another system's) is not found. */
export async function removeDependency(ctx: AppContext, actor: Actor, systemId: string, dependencyId: string) {
  if (!isUuid(systemId) || !isUuid(dependencyId)) throw new AppError("not_found", "This dependency no longer exists");
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("ai_system_dependencies")
      .where("id", "=", dependencyId)
      .where("ai_system_id", "=", systemId)
      .returning(["ai_component_id"])
      .executeTakeFirst();
    if (!removed) throw new AppError("not_found", "This dependency no longer exists");
    await recordAudit(trx, actor, {
      action: "ai_system_dependency.delete",
      entityType: "ai_system_dependency",
      entityId: dependencyId,
      details: { systemId, componentId: removed.ai_component_id },
    });
    await refreshComponentDeadlines(trx, [removed.ai_component_id]);
  });
}

/** The REST API's internal-system list filters. */
export interface SystemKeysetFilters {
  q?: string;
  criticality?: (typeof CRITICALITIES)[number];
  euClass?: (typeof EU_AI_ACT_CLASSES)[number];
  lifecycle?: (typeof LIFECYCLES)[number];
  owner?: string;
  archived?: "exclude" | "include" | "only";
}

/** One page of internal AI systems in (lower(name), id) order after the cursor (keyset; for the REST API). */
export async function listSystemsAfter(db: Kysely<Database>, filters: SystemKeysetFilters, after: { key: string; id: string } | null, limit: number) {
  let query = db
    .selectFrom("ai_systems as sys")
    .selectAll("sys")
    .select(sql<string>`lower(sys.name)`.as("sort_key"));
  if (filters.archived === "only") query = query.where("sys.archived_at", "is not", null);
  else if (filters.archived !== "include") query = query.where("sys.archived_at", "is", null);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    query = query.where((eb) => eb.or([eb("sys.name", "ilike", pattern), eb("sys.purpose", "ilike", pattern), eb("sys.external_id", "ilike", pattern)]));
  }
  if (filters.criticality) query = query.where("sys.criticality", "=", filters.criticality);
  if (filters.euClass) query = query.where("sys.eu_ai_act_class", "=", filters.euClass);
  if (filters.lifecycle) query = query.where("sys.lifecycle", "=", filters.lifecycle);
  if (filters.owner) query = query.where("sys.owner_id", "=", filters.owner);
  if (after) query = query.where(sql<boolean>`(lower(sys.name), sys.id) > (${after.key}, ${after.id}::uuid)`);
  return query
    .orderBy(sql`lower(sys.name)`)
    .orderBy("sys.id")
    .limit(limit)
    .execute();
}

/** One dependency of a system, or null. */
export async function getDependency(db: Kysely<Database>, systemId: string, dependencyId: string) {
  if (!isUuid(systemId) || !isUuid(dependencyId)) return null;
  return (
    (await db.selectFrom("ai_system_dependencies").selectAll().where("id", "=", dependencyId).where("ai_system_id", "=", systemId).executeTakeFirst()) ?? null
  );
}
