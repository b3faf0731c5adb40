// AI components over the REST API: list (the list page's filters), read, create, update (If-Match).
import * as z from "zod";
import { AppError, notFoundError } from "../../../domain/errors";
import { COMPONENT_KINDS, UPDATE_CADENCES } from "../../../domain/inventory";
import { componentSchema } from "../../../domain/inventory-schemas";
import { createComponent, getComponent, listComponentsAfter, updateComponent } from "../../../services/ai-components.server";
import { getSupplier } from "../../../services/suppliers.server";
import { etagOf, requireIfMatch } from "../etag";
import { defineOperation, type ApiOperation } from "../operation";
import { decodeCursor, pageOf, pageQuery, pageReply } from "../pagination";
import { checkInput, nullsToEmpty } from "../validate.server";

export const componentResource = z.object({
  id: z.uuid(),
  supplierId: z.uuid(),
  kind: z.enum(COMPONENT_KINDS),
  name: z.string(),
  version: z.string().nullable(),
  modelFamily: z.string().nullable(),
  updateCadence: z.enum(UPDATE_CADENCES),
  updateIntervalDays: z.int().nullable(),
  isGpai: z.boolean(),
  dataResidency: z.string().nullable(),
  description: z.string().nullable(),
  externalId: z.string().nullable(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

type ComponentRow = Omit<NonNullable<Awaited<ReturnType<typeof getComponent>>>, "supplier_name" | "supplier_archived_at">;

const toResource = (row: ComponentRow): z.output<typeof componentResource> => ({
  id: row.id,
  supplierId: row.supplier_id,
  kind: row.kind,
  name: row.name,
  version: row.version,
  modelFamily: row.model_family,
  updateCadence: row.update_cadence,
  updateIntervalDays: row.update_interval_days,
  isGpai: row.is_gpai,
  dataResidency: row.data_residency,
  description: row.description,
  externalId: row.external_id,
  archivedAt: row.archived_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const fields = {
  kind: z.enum(COMPONENT_KINDS),
  name: z.string().max(1000),
  version: z.string().max(1000).nullable(),
  modelFamily: z.string().max(1000).nullable(),
  updateCadence: z.enum(UPDATE_CADENCES),
  updateIntervalDays: z.int().nullable().describe("Required (1–3650) when updateCadence is interval."),
  isGpai: z.boolean(),
  dataResidency: z.string().max(1000).nullable(),
  description: z.string().max(10000).nullable(),
  externalId: z.string().max(1000).nullable(),
};
const createBody = z
  .strictObject({ supplierId: z.uuid("Not a supplier id."), ...fields })
  .partial({ version: true, modelFamily: true, updateIntervalDays: true, isGpai: true, dataResidency: true, description: true, externalId: true });
const updateBody = z.strictObject(fields).partial();
const componentParams = z.strictObject({ componentId: z.uuid("Not a component id.") });

function asForm(body: Record<string, unknown>): Record<string, unknown> {
  const out = nullsToEmpty(body);
  if (typeof out.isGpai === "boolean") out.isGpai = out.isGpai ? "true" : "";
  if (typeof out.updateIntervalDays === "number") out.updateIntervalDays = String(out.updateIntervalDays);
  delete out.supplierId;
  return out;
}

async function loadComponent(db: Parameters<typeof getComponent>[0], id: string) {
  const row = await getComponent(db, id);
  if (!row) throw notFoundError("There is no AI component with this id.");
  return row;
}

export const componentOperations: ApiOperation[] = [
  defineOperation({
    method: "GET",
    path: "/components",
    operationId: "listComponents",
    tag: "AI components",
    summary: "List AI components",
    description: "Sorted by name. Filters as on the components list: `q`, `kind`, `supplier`, `gpai`, `archived`.",
    action: "inventory:read",
    scope: "read",
    query: pageQuery.extend({
      q: z.string().trim().max(100).optional(),
      kind: z.enum(COMPONENT_KINDS).optional(),
      supplier: z.uuid().optional().describe("A supplier id."),
      gpai: z.enum(["yes", "no"]).optional(),
      archived: z.enum(["exclude", "include", "only"]).default("exclude"),
    }),
    response: pageOf(componentResource),
    async handler(call) {
      const { limit, cursor, ...filters } = call.query;
      const after = decodeCursor(cursor);
      const rows = await listComponentsAfter(call.app.db, filters, after ? { key: String(after.key), id: after.id } : null, limit + 1);
      return pageReply(call, rows, limit, (row) => ({ key: row.sort_key, id: row.id }), toResource);
    },
  }),
  defineOperation({
    method: "GET",
    path: "/components/{componentId}",
    operationId: "getComponent",
    tag: "AI components",
    summary: "Read an AI component",
    action: "inventory:read",
    scope: "read",
    params: componentParams,
    response: componentResource,
    async handler(call) {
      const row = await loadComponent(call.app.db, call.params.componentId);
      return { body: toResource(row), etag: etagOf(row.id, row.updated_at) };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/components",
    operationId: "createComponent",
    tag: "AI components",
    summary: "Create an AI component of a supplier",
    action: "component:write",
    scope: "write",
    body: createBody,
    response: componentResource,
    creates: true,
    async handler(call) {
      const input = checkInput(componentSchema, asForm(call.body));
      if (!(await getSupplier(call.app.db, call.body.supplierId))) throw new AppError("invalid", "There is no supplier with this id.", { field: "supplierId" });
      const id = await createComponent(call.app, call.actor, call.body.supplierId, input);
      const row = await loadComponent(call.app.db, id);
      return { status: 201, body: toResource(row), etag: etagOf(row.id, row.updated_at), location: call.url(`/components/${id}`) };
    },
  }),
  defineOperation({
    method: "PATCH",
    path: "/components/{componentId}",
    operationId: "updateComponent",
    tag: "AI components",
    summary: "Update an AI component",
    description: "Only the fields sent change. `If-Match` with a stale ETag answers 409 and writes nothing.",
    action: "component:write",
    scope: "write",
    params: componentParams,
    body: updateBody,
    response: componentResource,
    async handler(call) {
      const current = await loadComponent(call.app.db, call.params.componentId);
      requireIfMatch(call.ifMatch, etagOf(current.id, current.updated_at));
      const merged = {
        kind: current.kind,
        name: current.name,
        version: current.version ?? "",
        modelFamily: current.model_family ?? "",
        updateCadence: current.update_cadence,
        updateIntervalDays: current.update_interval_days === null ? "" : String(current.update_interval_days),
        isGpai: current.is_gpai ? "true" : "",
        dataResidency: current.data_residency ?? "",
        description: current.description ?? "",
        externalId: current.external_id ?? "",
        ...asForm(call.body),
      };
      const input = checkInput(componentSchema, merged);
      await updateComponent(call.app, call.actor, current.id, input);
      const row = await loadComponent(call.app.db, current.id);
      return { body: toResource(row), etag: etagOf(row.id, row.updated_at) };
    },
  }),
];
