// Internal AI systems over the REST API: list, read, create, update (If-Match); and their
// dependencies on AI components: list, create, delete. Risk owners may write only their own
// systems, and may only make themselves the owner (as on the pages).
import * as z from "zod";
import { notFoundError } from "../../../domain/errors";
import { CRITICALITIES, DATA_CATEGORIES, EU_AI_ACT_CLASSES, LIFECYCLES } from "../../../domain/inventory";
import { dependencySchema, systemSchema } from "../../../domain/inventory-schemas";
import {
  addDependency,
  createSystem,
  getDependency,
  getSystem,
  listSystemDependencies,
  listSystemsAfter,
  removeDependency,
  updateSystem,
} from "../../../services/ai-systems.server";
import { etagOf, requireIfMatch } from "../etag";
import { defineOperation, type ApiCall, type ApiOperation } from "../operation";
import { decodeCursor, pageOf, pageQuery, pageReply } from "../pagination";
import { checkInput, nullsToEmpty } from "../validate.server";

export const systemResource = z.object({
  id: z.uuid(),
  name: z.string(),
  purpose: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  businessUnit: z.string().nullable(),
  criticality: z.enum(CRITICALITIES),
  euAiActClass: z.enum(EU_AI_ACT_CLASSES),
  lifecycle: z.enum(LIFECYCLES),
  externalId: z.string().nullable(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

type SystemRow = Omit<NonNullable<Awaited<ReturnType<typeof getSystem>>>, "owner_name" | "owner_email">;

const toResource = (row: SystemRow): z.output<typeof systemResource> => ({
  id: row.id,
  name: row.name,
  purpose: row.purpose,
  ownerId: row.owner_id,
  businessUnit: row.business_unit,
  criticality: row.criticality,
  euAiActClass: row.eu_ai_act_class,
  lifecycle: row.lifecycle,
  externalId: row.external_id,
  archivedAt: row.archived_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const fields = {
  name: z.string().max(1000),
  purpose: z.string().max(10000).nullable(),
  ownerId: z.uuid().describe("An active risk owner (a risk owner may only name themselves)."),
  businessUnit: z.string().max(1000).nullable(),
  criticality: z.enum(CRITICALITIES),
  euAiActClass: z.enum(EU_AI_ACT_CLASSES),
  lifecycle: z.enum(LIFECYCLES),
  externalId: z.string().max(1000).nullable(),
};
const createBody = z.strictObject(fields).partial({ purpose: true, businessUnit: true, externalId: true });
const updateBody = z.strictObject(fields).partial();
const systemParams = z.strictObject({ systemId: z.uuid("Not a system id.") });

async function loadSystem(db: Parameters<typeof getSystem>[0], id: string) {
  const row = await getSystem(db, id);
  if (!row) throw notFoundError("There is no AI system with this id.");
  return row;
}

/** A risk owner writes only systems they own, and may only make themselves the owner. */
function requireOwnership(call: Pick<ApiCall<unknown, unknown, unknown>, "requireCan">, ownerIds: Array<string | null>) {
  for (const ownerId of new Set(ownerIds)) call.requireCan("system:write", { ownerId });
}

export const dependencyResource = z.object({
  id: z.uuid(),
  systemId: z.uuid(),
  componentId: z.uuid(),
  purpose: z.string().nullable(),
  dataCategories: z.array(z.enum(DATA_CATEGORIES)),
  since: z.string().nullable().describe("YYYY-MM-DD"),
});

const dependencyBody = z
  .strictObject({
    componentId: z.uuid("Not a component id."),
    purpose: z.string().max(10000).nullable(),
    dataCategories: z.array(z.enum(DATA_CATEGORIES)).max(10),
    since: z.string().max(20).nullable().describe("YYYY-MM-DD"),
  })
  .partial({ purpose: true, dataCategories: true, since: true });

export const systemOperations: ApiOperation[] = [
  defineOperation({
    method: "GET",
    path: "/systems",
    operationId: "listSystems",
    tag: "Internal AI systems",
    summary: "List internal AI systems",
    description: "Sorted by name. Filters as on the systems list: `q`, `criticality`, `euClass`, `lifecycle`, `owner`, `archived`.",
    action: "inventory:read",
    scope: "read",
    query: pageQuery.extend({
      q: z.string().trim().max(100).optional(),
      criticality: z.enum(CRITICALITIES).optional(),
      euClass: z.enum(EU_AI_ACT_CLASSES).optional(),
      lifecycle: z.enum(LIFECYCLES).optional(),
      owner: z.uuid().optional(),
      archived: z.enum(["exclude", "include", "only"]).default("exclude"),
    }),
    response: pageOf(systemResource),
    async handler(call) {
      const { limit, cursor, ...filters } = call.query;
      const after = decodeCursor(cursor);
      const rows = await listSystemsAfter(call.app.db, filters, after ? { key: String(after.key), id: after.id } : null, limit + 1);
      return pageReply(call, rows, limit, (row) => ({ key: row.sort_key, id: row.id }), toResource);
    },
  }),
  defineOperation({
    method: "GET",
    path: "/systems/{systemId}",
    operationId: "getSystem",
    tag: "Internal AI systems",
    summary: "Read an internal AI system",
    action: "inventory:read",
    scope: "read",
    params: systemParams,
    response: systemResource,
    async handler(call) {
      const row = await loadSystem(call.app.db, call.params.systemId);
      return { body: toResource(row), etag: etagOf(row.id, row.updated_at) };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/systems",
    operationId: "createSystem",
    tag: "Internal AI systems",
    summary: "Create an internal AI system",
    action: "system:create",
    scope: "write",
    body: createBody,
    response: systemResource,
    creates: true,
    async handler(call) {
      const input = checkInput(systemSchema, nullsToEmpty(call.body));
      requireOwnership(call, [input.ownerId]);
      const id = await createSystem(call.app, call.actor, input);
      const row = await loadSystem(call.app.db, id);
      return { status: 201, body: toResource(row), etag: etagOf(row.id, row.updated_at), location: call.url(`/systems/${id}`) };
    },
  }),
  defineOperation({
    method: "PATCH",
    path: "/systems/{systemId}",
    operationId: "updateSystem",
    tag: "Internal AI systems",
    summary: "Update an internal AI system",
    description: "Only the fields sent change. `If-Match` with a stale ETag answers 409 and writes nothing. Risk owners: only their own systems.",
    action: "system:write",
    scope: "write",
    params: systemParams,
    body: updateBody,
    response: systemResource,
    async handler(call) {
      const current = await loadSystem(call.app.db, call.params.systemId);
      requireOwnership(call, [current.owner_id]);
      requireIfMatch(call.ifMatch, etagOf(current.id, current.updated_at));
      const merged = {
        name: current.name,
        purpose: current.purpose ?? "",
        ownerId: current.owner_id ?? "",
        businessUnit: current.business_unit ?? "",
        criticality: current.criticality,
        euAiActClass: current.eu_ai_act_class,
        lifecycle: current.lifecycle,
        externalId: current.external_id ?? "",
        ...nullsToEmpty(call.body),
      };
      const input = checkInput(systemSchema, merged);
      requireOwnership(call, [input.ownerId]);
      await updateSystem(call.app, call.actor, current.id, input);
      const row = await loadSystem(call.app.db, current.id);
      return { body: toResource(row), etag: etagOf(row.id, row.updated_at) };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/systems/{systemId}/dependencies",
    operationId: "listSystemDependencies",
    tag: "Internal AI systems",
    summary: "List the AI components a system depends on",
    description: "All of them in one page (a system has few); `next` is always null.",
    action: "inventory:read",
    scope: "read",
    params: systemParams,
    response: pageOf(dependencyResource),
    async handler(call) {
      const system = await loadSystem(call.app.db, call.params.systemId);
      const rows = await listSystemDependencies(call.app.db, system.id);
      return {
        body: {
          data: rows.map((d) => ({
            id: d.id,
            systemId: system.id,
            componentId: d.component_id,
            purpose: d.purpose,
            dataCategories: d.data_categories,
            since: d.since,
          })),
          next: null,
        },
      };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/systems/{systemId}/dependencies",
    operationId: "createSystemDependency",
    tag: "Internal AI systems",
    summary: "Record that a system depends on an AI component",
    action: "system:write",
    scope: "write",
    params: systemParams,
    body: dependencyBody,
    response: dependencyResource,
    creates: true,
    async handler(call) {
      const system = await loadSystem(call.app.db, call.params.systemId);
      requireOwnership(call, [system.owner_id]);
      const input = checkInput(dependencySchema, { ...nullsToEmpty(call.body), dataCategories: call.body.dataCategories ?? [] });
      const id = await addDependency(call.app, call.actor, system.id, input);
      const row = await getDependency(call.app.db, system.id, id);
      if (!row) throw notFoundError("The dependency was removed meanwhile.");
      return {
        status: 201,
        body: {
          id: row.id,
          systemId: row.ai_system_id,
          componentId: row.ai_component_id,
          purpose: row.purpose,
          dataCategories: row.data_categories,
          since: row.since,
        },
        location: call.url(`/systems/${system.id}/dependencies/${row.id}`),
      };
    },
  }),
  defineOperation({
    method: "DELETE",
    path: "/systems/{systemId}/dependencies/{dependencyId}",
    operationId: "deleteSystemDependency",
    tag: "Internal AI systems",
    summary: "Remove a dependency",
    action: "system:write",
    scope: "write",
    params: systemParams.extend({ dependencyId: z.uuid("Not a dependency id.") }),
    response: z.null().describe("No content."),
    status: 204,
    async handler(call) {
      const system = await loadSystem(call.app.db, call.params.systemId);
      requireOwnership(call, [system.owner_id]);
      await removeDependency(call.app, call.actor, system.id, call.params.dependencyId);
      return { status: 204 };
    },
  }),
];
