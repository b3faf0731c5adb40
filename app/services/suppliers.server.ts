// Suppliers: the companies we buy AI from. Archived, never deleted, once they have history.
import { isUuid } from "../domain/ids";
import { sql, type Kysely } from "kysely";
import * as z from "zod";
import type { Database } from "../../db/schema";
import { countryLabel, countryName } from "../domain/countries";
import { SUPPLIER_STATUSES } from "../domain/inventory";
import { RISK_LEVELS } from "../domain/scoring/methodology";
import type { SupplierInput } from "../domain/inventory-schemas";
import { baseListQuery, inPageOrder, likePattern, optionalEnum, optionalUuidParam, PAGE_SIZE, ratingFilters } from "../domain/list-query";
import { currentMatrix, gradeCondition, ratingOf, supplierGradeSetSql, supplierRatingsFor, supplierResidualSetSql } from "./ratings.server";
import { setArchived, updateWithAudit } from "./inventory-records.server";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { violatedConstraint } from "./db-errors.server";
import { AppError } from "../domain/errors";

export const supplierListQuery = baseListQuery.extend({
  status: optionalEnum(SUPPLIER_STATUSES),
  owner: optionalUuidParam,
  ...ratingFilters,
  sort: z.enum(["name", "status", "country", "updated", "grade", "residual"]).catch("name").default("name"),
  archived: z.enum(["include", "only"]).optional().catch(undefined),
});
export type SupplierListQuery = z.output<typeof supplierListQuery>;

export async function listSuppliers(db: Kysely<Database>, query: SupplierListQuery) {
  let base = db.selectFrom("suppliers as s");
  if (query.archived === "only") base = base.where("s.archived_at", "is not", null);
  else if (query.archived !== "include") base = base.where("s.archived_at", "is", null);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) => eb.or([eb("s.name", "ilike", pattern), eb("s.legal_name", "ilike", pattern), eb("s.external_id", "ilike", pattern)]));
  }
  if (query.status) base = base.where("s.status", "=", query.status);
  if (query.owner) base = base.where("s.procurement_owner_id", "=", query.owner);
  // The current rating is joined only when a filter or the sort needs it (docs/decisions/0012).
  const matrix = await currentMatrix(db);
  const needsRating = Boolean(query.grade || query.residual || query.sort === "grade" || query.sort === "residual");
  base = base.$if(needsRating, (qb) =>
    qb
      .leftJoin(supplierGradeSetSql().as("sg"), (join) => join.onRef("sg.supplier_id", "=", "s.id"))
      .leftJoin(supplierResidualSetSql(matrix).as("sr"), (join) => join.onRef("sr.supplier_id", "=", "s.id")),
  );
  if (query.grade) base = base.where(gradeCondition(query.grade, "sg.grade"));
  if (query.residual) base = base.where(sql<boolean>`sr.residual_rank = ${RISK_LEVELS.indexOf(query.residual) + 1}`);

  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  // First the page's ids (sorted on indexed columns), then details and counts for those 25 only:
  // select-list subqueries would otherwise run for every row an OFFSET skips.
  const dir = query.dir;
  let page = base.select("s.id");
  const byName = sql`lower(s.name)`;
  if (query.sort === "status") page = page.orderBy("s.status", dir).orderBy(byName);
  else if (query.sort === "grade") page = page.orderBy(sql`sg.grade ${sql.raw(dir)} NULLS LAST`).orderBy(byName);
  else if (query.sort === "residual") page = page.orderBy(sql`sr.residual_rank ${sql.raw(dir)} NULLS LAST`).orderBy(byName);
  else if (query.sort === "country") page = page.orderBy(sql`s.country ${sql.raw(dir)} NULLS LAST`).orderBy(byName);
  else if (query.sort === "updated") page = page.orderBy("s.updated_at", dir === "asc" ? "desc" : "asc");
  else page = page.orderBy(sql`lower(s.name) ${sql.raw(dir)}`);
  const ids = (
    await page
      .orderBy("s.id")
      .limit(PAGE_SIZE)
      .offset((query.page - 1) * PAGE_SIZE)
      .execute()
  ).map((r) => r.id);
  if (ids.length === 0) return { total, rows: [] };
  const details = await db
    .selectFrom("suppliers as s")
    .leftJoin("users as o", "o.id", "s.procurement_owner_id")
    .select((eb) => [
      "s.id",
      "s.name",
      "s.status",
      "s.country",
      "s.updated_at",
      "s.archived_at",
      "o.name as owner_name",
      eb
        .selectFrom("ai_components as c")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("c.supplier_id", "=", "s.id")
        .where("c.archived_at", "is", null)
        .as("component_count"),
      eb
        .selectFrom("ai_system_dependencies as d")
        .innerJoin("ai_components as c", "c.id", "d.ai_component_id")
        .select(sql<string>`count(DISTINCT d.ai_system_id)`.as("n"))
        .whereRef("c.supplier_id", "=", "s.id")
        .as("system_count"),
    ])
    .where("s.id", "in", ids)
    .execute();
  const ratings = await supplierRatingsFor(db, ids, matrix);
  return {
    total,
    rows: inPageOrder(ids, details).map((r) => ({
      ...r,
      /** "Germany (DE)": the list sorts by code, so it shows both. */
      country_label: r.country ? countryLabel(r.country) : null,
      component_count: Number(r.component_count ?? 0),
      system_count: Number(r.system_count ?? 0),
      rating: ratingOf(ratings, r.id),
    })),
  };
}

/** One supplier with its owner and its country's name ("Germany" for DE). */
export async function getSupplier(db: Kysely<Database>, id: string | undefined) {
  if (!isUuid(id)) return null;
  const row = await db
    .selectFrom("suppliers as s")
    .leftJoin("users as o", "o.id", "s.procurement_owner_id")
    .selectAll("s")
    .select(["o.name as owner_name", "o.email as owner_email"])
    .where("s.id", "=", id!)
    .executeTakeFirst();
  return row ? { ...row, country_name: row.country ? countryName(row.country) : null } : null;
}

function toRow(input: SupplierInput) {
  return {
    name: input.name,
    legal_name: input.legalName,
    website: input.website,
    country: input.country,
    status: input.status,
    procurement_owner_id: input.procurementOwnerId,
    notes: input.notes,
    external_id: input.externalId,
  };
}

async function checkOwner(db: Kysely<Database>, ownerId: string | null) {
  if (!ownerId) return;
  const owner = await db.selectFrom("users").select("role").where("id", "=", ownerId).where("disabled_at", "is", null).executeTakeFirst();
  if (!owner || !["admin", "procurement"].includes(owner.role)) {
    throw new AppError("invalid", "Choose an active procurement user or admin as owner", { field: "procurementOwnerId" });
  }
}

function conflict(error: unknown): never {
  const constraint = violatedConstraint(error);
  if (constraint === "suppliers_name_key") throw new AppError("conflict", "Another supplier already has this name", { field: "name" });
  if (constraint === "suppliers_external_id_key") throw new AppError("conflict", "Another supplier already has this external id", { field: "externalId" });
  throw error;
}

export async function createSupplier(ctx: AppContext, actor: Actor, input: SupplierInput): Promise<string> {
  await checkOwner(ctx.db, input.procurementOwnerId);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const { id } = await trx.insertInto("suppliers").values(toRow(input)).returning("id").executeTakeFirstOrThrow();
      await recordAudit(trx, actor, { action: "supplier.create", entityType: "supplier", entityId: id, details: { name: input.name } });
      return id;
    });
  } catch (error) {
    return conflict(error);
  }
}

export async function updateSupplier(ctx: AppContext, actor: Actor, id: string, input: SupplierInput): Promise<void> {
  await checkOwner(ctx.db, input.procurementOwnerId);
  try {
    await updateWithAudit(ctx, actor, "suppliers", id, toRow(input), "This supplier no longer exists");
  } catch (error) {
    return conflict(error);
  }
}

export function setSupplierArchived(ctx: AppContext, actor: Actor, id: string, archived: boolean): Promise<void> {
  return setArchived(ctx, actor, "suppliers", id, archived);
}

export function listSupplierOwners(db: Kysely<Database>) {
  return db.selectFrom("users").select(["id", "name"]).where("role", "in", ["procurement", "admin"]).where("disabled_at", "is", null).orderBy("name").execute();
}

/** The REST API's supplier list filters (strict: a bad value is refused, not ignored). */
export interface SupplierKeysetFilters {
  q?: string;
  status?: (typeof SUPPLIER_STATUSES)[number];
  owner?: string;
  archived?: "exclude" | "include" | "only";
}

/**
 * One page of suppliers in (lower(name), id) order after the cursor, `limit` rows (ask for one more
 * than you show to know whether there is a next page). Keyset, so rows added meanwhile are neither
 * skipped nor repeated. Used by the REST API.
 */
export async function listSuppliersAfter(db: Kysely<Database>, filters: SupplierKeysetFilters, after: { key: string; id: string } | null, limit: number) {
  let query = db
    .selectFrom("suppliers as s")
    .selectAll("s")
    .select(sql<string>`lower(s.name)`.as("sort_key"));
  if (filters.archived === "only") query = query.where("s.archived_at", "is not", null);
  else if (filters.archived !== "include") query = query.where("s.archived_at", "is", null);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    query = query.where((eb) => eb.or([eb("s.name", "ilike", pattern), eb("s.legal_name", "ilike", pattern), eb("s.external_id", "ilike", pattern)]));
  }
  if (filters.status) query = query.where("s.status", "=", filters.status);
  if (filters.owner) query = query.where("s.procurement_owner_id", "=", filters.owner);
  if (after) query = query.where(sql<boolean>`(lower(s.name), s.id) > (${after.key}, ${after.id}::uuid)`);
  return query
    .orderBy(sql`lower(s.name)`)
    .orderBy("s.id")
    .limit(limit)
    .execute();
}
