// Suppliers over the REST API: list (the list page's filters, cursor-paged), read, create, update
// (PATCH, with If-Match). The same services and the same supplier schema as the pages.
import * as z from "zod";
import { notFoundError } from "../../../domain/errors";
import { SUPPLIER_STATUSES } from "../../../domain/inventory";
import { supplierSchema } from "../../../services/countries.server";
import { createSupplier, getSupplier, listSuppliersAfter, updateSupplier } from "../../../services/suppliers.server";
import { etagOf, requireIfMatch } from "../etag";
import { defineOperation, type ApiOperation } from "../operation";
import { decodeCursor, pageOf, pageQuery, pageReply } from "../pagination";
import { checkInput, nullsToEmpty } from "../validate.server";

const timestamp = z.string().describe("An ISO 8601 timestamp.");

export const supplierResource = z.object({
  id: z.uuid(),
  name: z.string(),
  legalName: z.string().nullable(),
  website: z.string().nullable(),
  country: z.string().nullable().describe("ISO 3166-1 alpha-2 code."),
  status: z.enum(SUPPLIER_STATUSES),
  procurementOwnerId: z.uuid().nullable(),
  notes: z.string().nullable(),
  externalId: z.string().nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

type SupplierRow = NonNullable<Awaited<ReturnType<typeof getSupplier>>>;

export function supplierToResource(row: Omit<SupplierRow, "owner_name" | "owner_email" | "country_name">): z.output<typeof supplierResource> {
  return {
    id: row.id,
    name: row.name,
    legalName: row.legal_name,
    website: row.website,
    country: row.country,
    status: row.status,
    procurementOwnerId: row.procurement_owner_id,
    notes: row.notes,
    externalId: row.external_id,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const supplierParams = z.strictObject({ supplierId: z.uuid("Not a supplier id.") });

const supplierFields = {
  name: z.string().max(1000).describe("Required on create."),
  legalName: z.string().max(1000).nullable(),
  website: z.string().max(1000).nullable().describe("A full https:// address."),
  country: z.string().max(100).nullable().describe('A country name or ISO code ("Germany", "DE", "DEU"); stored as alpha-2.'),
  status: z.enum(SUPPLIER_STATUSES),
  procurementOwnerId: z.uuid().nullable().describe("An active procurement user or admin."),
  notes: z.string().max(10000).nullable(),
  externalId: z.string().max(1000).nullable(),
};

const createBody = z
  .strictObject({ ...supplierFields, status: supplierFields.status.default("prospective") })
  .partial({ legalName: true, website: true, country: true, procurementOwnerId: true, notes: true, externalId: true });
const updateBody = z.strictObject(supplierFields).partial();

function asFormInput(row: SupplierRow): Record<string, unknown> {
  return {
    name: row.name,
    legalName: row.legal_name ?? "",
    website: row.website ?? "",
    country: row.country ?? "",
    status: row.status,
    procurementOwnerId: row.procurement_owner_id ?? "",
    notes: row.notes ?? "",
    externalId: row.external_id ?? "",
  };
}

async function loadSupplier(db: Parameters<typeof getSupplier>[0], id: string): Promise<SupplierRow> {
  const row = await getSupplier(db, id);
  if (!row) throw notFoundError("There is no supplier with this id.");
  return row;
}

export const supplierOperations: ApiOperation[] = [
  defineOperation({
    method: "GET",
    path: "/suppliers",
    operationId: "listSuppliers",
    tag: "Suppliers",
    summary: "List suppliers",
    description: "Sorted by name. Filters as on the suppliers list: `q` (name, legal name or external id), `status`, `owner`, `archived`.",
    action: "inventory:read",
    scope: "read",
    query: pageQuery.extend({
      q: z.string().trim().max(100).optional().describe("Search in name, legal name and external id."),
      status: z.enum(SUPPLIER_STATUSES).optional(),
      owner: z.uuid().optional().describe("The procurement owner's user id."),
      archived: z.enum(["exclude", "include", "only"]).default("exclude"),
    }),
    response: pageOf(supplierResource),
    async handler(call) {
      const { limit, cursor, ...filters } = call.query;
      const after = decodeCursor(cursor);
      const rows = await listSuppliersAfter(call.app.db, filters, after ? { key: String(after.key), id: after.id } : null, limit + 1);
      return pageReply(call, rows, limit, (row) => ({ key: row.sort_key, id: row.id }), supplierToResource);
    },
  }),
  defineOperation({
    method: "GET",
    path: "/suppliers/{supplierId}",
    operationId: "getSupplier",
    tag: "Suppliers",
    summary: "Read a supplier",
    action: "inventory:read",
    scope: "read",
    params: supplierParams,
    response: supplierResource,
    async handler(call) {
      const row = await loadSupplier(call.app.db, call.params.supplierId);
      return { body: supplierToResource(row), etag: etagOf(row.id, row.updated_at) };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/suppliers",
    operationId: "createSupplier",
    tag: "Suppliers",
    summary: "Create a supplier",
    description: "Send an `Idempotency-Key` header to make a retry safe: the same key and body return the first reply and make one supplier.",
    action: "supplier:write",
    scope: "write",
    body: createBody,
    response: supplierResource,
    creates: true,
    async handler(call) {
      const input = checkInput(supplierSchema, nullsToEmpty(call.body));
      const id = await createSupplier(call.app, call.actor, input);
      const row = await loadSupplier(call.app.db, id);
      return { status: 201, body: supplierToResource(row), etag: etagOf(row.id, row.updated_at), location: call.url(`/suppliers/${id}`) };
    },
  }),
  defineOperation({
    method: "PATCH",
    path: "/suppliers/{supplierId}",
    operationId: "updateSupplier",
    tag: "Suppliers",
    summary: "Update a supplier",
    description:
      "Only the fields sent change. Send `If-Match` with the ETag from your last read: if the supplier changed since, the reply is 409 and nothing is written.",
    action: "supplier:write",
    scope: "write",
    params: supplierParams,
    body: updateBody,
    response: supplierResource,
    async handler(call) {
      const current = await loadSupplier(call.app.db, call.params.supplierId);
      requireIfMatch(call.ifMatch, etagOf(current.id, current.updated_at));
      const input = checkInput(supplierSchema, { ...asFormInput(current), ...nullsToEmpty(call.body) });
      await updateSupplier(call.app, call.actor, current.id, input);
      const row = await loadSupplier(call.app.db, current.id);
      return { body: supplierToResource(row), etag: etagOf(row.id, row.updated_at) };
    },
  }),
];
