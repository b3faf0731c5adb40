// AI components: what a supplier provides (a hosted model API, weights, a SaaS feature, a dataset, tooling).
import { isUuid } from "../domain/ids";
import { sql, type Kysely } from "kysely";
import * as z from "zod";
import type { Database } from "../../db/schema";
import { COMPONENT_KINDS } from "../domain/inventory";
import { RISK_LEVELS } from "../domain/scoring/methodology";
import type { ComponentInput } from "../domain/inventory-schemas";
import { baseListQuery, inPageOrder, likePattern, optionalEnum, optionalUuidParam, PAGE_SIZE, ratingFilters } from "../domain/list-query";
import { componentRatingSetSql, componentRatingsFor, currentMatrix, gradeCondition, ratingOf } from "./ratings.server";
import { setArchived, updateWithAudit } from "./inventory-records.server";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { violatedConstraint } from "./db-errors.server";
import { AppError } from "../domain/errors";
import { refreshComponentDeadlines } from "./deadlines.server";

export const componentListQuery = baseListQuery.extend({
  kind: optionalEnum(COMPONENT_KINDS),
  supplier: optionalUuidParam,
  gpai: z.enum(["yes", "no"]).optional().catch(undefined),
  ...ratingFilters,
  sort: z.enum(["name", "kind", "supplier", "updated", "grade", "residual"]).catch("name").default("name"),
});
export type ComponentListQuery = z.output<typeof componentListQuery>;

export async function listComponents(db: Kysely<Database>, query: ComponentListQuery) {
  let base = db.selectFrom("ai_components as c").innerJoin("suppliers as s", "s.id", "c.supplier_id").where("c.archived_at", "is", null);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) => eb.or([eb("c.name", "ilike", pattern), eb("c.model_family", "ilike", pattern), eb("c.external_id", "ilike", pattern)]));
  }
  if (query.kind) base = base.where("c.kind", "=", query.kind);
  if (query.supplier) base = base.where("c.supplier_id", "=", query.supplier);
  if (query.gpai) base = base.where("c.is_gpai", "=", query.gpai === "yes");
  // The current rating is joined only when a filter or the sort needs it (docs/decisions/0012).
  const matrix = await currentMatrix(db);
  const needsRating = Boolean(query.grade || query.residual || query.sort === "grade" || query.sort === "residual");
  base = base.$if(needsRating, (qb) => qb.leftJoin(componentRatingSetSql(matrix).as("cr"), (join) => join.onRef("cr.ai_component_id", "=", "c.id")));
  if (query.grade) base = base.where(gradeCondition(query.grade, "cr.grade"));
  if (query.residual) base = base.where(sql<boolean>`cr.residual_rank = ${RISK_LEVELS.indexOf(query.residual) + 1}`);

  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  // The page's ids first, then details for those rows only (see listSuppliers).
  const dir = query.dir;
  let page = base.select("c.id");
  if (query.sort === "kind") page = page.orderBy("c.kind", dir).orderBy(sql`lower(c.name)`);
  else if (query.sort === "grade") page = page.orderBy(sql`cr.grade ${sql.raw(dir)} NULLS LAST`).orderBy(sql`lower(c.name)`);
  else if (query.sort === "residual") page = page.orderBy(sql`cr.residual_rank ${sql.raw(dir)} NULLS LAST`).orderBy(sql`lower(c.name)`);
  else if (query.sort === "supplier") page = page.orderBy(sql`lower(s.name) ${sql.raw(dir)}`).orderBy(sql`lower(c.name)`);
  else if (query.sort === "updated") page = page.orderBy("c.updated_at", dir === "asc" ? "desc" : "asc");
  else page = page.orderBy(sql`lower(c.name) ${sql.raw(dir)}`);
  const ids = (
    await page
      .orderBy("c.id")
      .limit(PAGE_SIZE)
      .offset((query.page - 1) * PAGE_SIZE)
      .execute()
  ).map((r) => r.id);
  if (ids.length === 0) return { total, rows: [] };
  const details = await db
    .selectFrom("ai_components as c")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .select((eb) => [
      "c.id",
      "c.name",
      "c.kind",
      "c.version",
      "c.is_gpai",
      "c.update_cadence",
      "c.update_interval_days",
      "c.supplier_id",
      "s.name as supplier_name",
      eb.selectFrom("ai_system_dependencies as d").select(eb.fn.countAll<string>().as("n")).whereRef("d.ai_component_id", "=", "c.id").as("system_count"),
    ])
    .where("c.id", "in", ids)
    .execute();
  const ratings = await componentRatingsFor(db, ids, matrix);
  return { total, rows: inPageOrder(ids, details).map((r) => ({ ...r, system_count: Number(r.system_count ?? 0), rating: ratingOf(ratings, r.id) })) };
}

export async function getComponent(db: Kysely<Database>, id: string | undefined) {
  if (!isUuid(id)) return null;
  return (
    (await db
      .selectFrom("ai_components as c")
      .innerJoin("suppliers as s", "s.id", "c.supplier_id")
      .selectAll("c")
      .select(["s.name as supplier_name", "s.archived_at as supplier_archived_at"])
      .where("c.id", "=", id!)
      .executeTakeFirst()) ?? null
  );
}

/** The internal systems that depend on each of the given components, with their owners. */
export async function dependentsOf(db: Kysely<Database>, componentIds: string[]) {
  if (componentIds.length === 0) return [];
  return db
    .selectFrom("ai_system_dependencies as d")
    .innerJoin("ai_systems as sys", "sys.id", "d.ai_system_id")
    .leftJoin("users as o", "o.id", "sys.owner_id")
    .select([
      "d.id",
      "d.ai_component_id",
      "d.purpose",
      "d.data_categories",
      "d.since",
      "sys.id as system_id",
      "sys.name as system_name",
      "sys.criticality",
      "sys.eu_ai_act_class",
      "sys.archived_at as system_archived_at",
      "o.name as owner_name",
      "o.email as owner_email",
    ])
    .where("d.ai_component_id", "in", componentIds)
    .orderBy(sql`lower(sys.name)`)
    .execute();
}

export function listSupplierComponents(db: Kysely<Database>, supplierId: string) {
  return db
    .selectFrom("ai_components")
    .selectAll()
    .where("supplier_id", "=", supplierId)
    .orderBy(sql`archived_at IS NOT NULL`)
    .orderBy(sql`lower(name)`)
    .execute();
}

function toRow(input: ComponentInput) {
  return {
    kind: input.kind,
    name: input.name,
    version: input.version,
    model_family: input.modelFamily,
    update_cadence: input.updateCadence,
    update_interval_days: input.updateIntervalDays,
    is_gpai: input.isGpai,
    data_residency: input.dataResidency,
    description: input.description,
    external_id: input.externalId,
  };
}

function conflict(error: unknown): never {
  const constraint = violatedConstraint(error);
  if (constraint === "ai_components_name_key") throw new AppError("conflict", "This supplier already has a component with this name", { field: "name" });
  if (constraint === "ai_components_external_id_key") throw new AppError("conflict", "Another component already has this external id", { field: "externalId" });
  throw error;
}

export async function createComponent(ctx: AppContext, actor: Actor, supplierId: string, input: ComponentInput): Promise<string> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const supplier = await trx.selectFrom("suppliers").select(["id", "archived_at"]).where("id", "=", supplierId).executeTakeFirst();
      if (!supplier) throw new AppError("not_found", "This supplier no longer exists");
      if (supplier.archived_at) throw new AppError("conflict", "This supplier is archived: restore it before adding components");
      const { id } = await trx
        .insertInto("ai_components")
        .values({ ...toRow(input), supplier_id: supplierId })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: "ai_component.create",
        entityType: "ai_component",
        entityId: id,
        details: { supplierId, name: input.name, kind: input.kind },
      });
      await refreshComponentDeadlines(trx, [id]);
      return id;
    });
  } catch (error) {
    return conflict(error);
  }
}

export async function updateComponent(ctx: AppContext, actor: Actor, id: string, input: ComponentInput): Promise<void> {
  try {
    // The declared cadence moves the deadline: the refresh commits with the edit.
    await updateWithAudit(ctx, actor, "ai_components", id, toRow(input), "This component no longer exists", (trx) => refreshComponentDeadlines(trx, [id]));
  } catch (error) {
    return conflict(error);
  }
}

export async function setComponentArchived(ctx: AppContext, actor: Actor, id: string, archived: boolean): Promise<void> {
  await setArchived(ctx, actor, "ai_components", id, archived, (trx) => refreshComponentDeadlines(trx, [id]));
}

/** For the dependency picker: a few components matching a search, never the whole table. */
export function searchComponents(db: Kysely<Database>, q: string, limit = 20) {
  let query = db
    .selectFrom("ai_components as c")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .select(["c.id", "c.name", "c.kind", "c.version", "s.name as supplier_name"])
    .where("c.archived_at", "is", null);
  if (q) {
    const pattern = likePattern(q);
    query = query.where((eb) => eb.or([eb("c.name", "ilike", pattern), eb("s.name", "ilike", pattern)]));
  }
  return query
    .orderBy(sql`lower(c.name)`)
    .orderBy("c.id")
    .limit(limit)
    .execute();
}

/** The REST API's component list filters. */
export interface ComponentKeysetFilters {
  q?: string;
  kind?: (typeof COMPONENT_KINDS)[number];
  supplier?: string;
  gpai?: "yes" | "no";
  archived?: "exclude" | "include" | "only";
}

/** One page of components in (lower(name), id) order after the cursor (keyset; for the REST API). */
export async function listComponentsAfter(db: Kysely<Database>, filters: ComponentKeysetFilters, after: { key: string; id: string } | null, limit: number) {
  let query = db
    .selectFrom("ai_components as c")
    .selectAll("c")
    .select(sql<string>`lower(c.name)`.as("sort_key"));
  if (filters.archived === "only") query = query.where("c.archived_at", "is not", null);
  else if (filters.archived !== "include") query = query.where("c.archived_at", "is", null);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    query = query.where((eb) => eb.or([eb("c.name", "ilike", pattern), eb("c.model_family", "ilike", pattern), eb("c.external_id", "ilike", pattern)]));
  }
  if (filters.kind) query = query.where("c.kind", "=", filters.kind);
  if (filters.supplier) query = query.where("c.supplier_id", "=", filters.supplier);
  if (filters.gpai) query = query.where("c.is_gpai", "=", filters.gpai === "yes");
  if (after) query = query.where(sql<boolean>`(lower(c.name), c.id) > (${after.key}, ${after.id}::uuid)`);
  return query
    .orderBy(sql`lower(c.name)`)
    .orderBy("c.id")
    .limit(limit)
    .execute();
}
