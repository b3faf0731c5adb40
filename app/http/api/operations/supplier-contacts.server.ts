// A supplier's contacts over the REST API: list, create, update (PATCH with If-Match).
import * as z from "zod";
import { notFoundError } from "../../../domain/errors";
import { contactSchema } from "../../../domain/inventory-schemas";
import { getContact, listContactsAfter, saveContact } from "../../../services/supplier-contacts.server";
import { getSupplier } from "../../../services/suppliers.server";
import { etagOf, requireIfMatch } from "../etag";
import { defineOperation, type ApiOperation } from "../operation";
import { decodeCursor, pageOf, pageQuery, pageReply } from "../pagination";
import { checkInput, nullsToEmpty } from "../validate.server";

export const contactResource = z.object({
  id: z.uuid(),
  supplierId: z.uuid(),
  name: z.string(),
  email: z.string(),
  title: z.string().nullable(),
  isPrimary: z.boolean(),
  externalId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

type ContactRow = NonNullable<Awaited<ReturnType<typeof getContact>>>;

const toResource = (row: ContactRow): z.output<typeof contactResource> => ({
  id: row.id,
  supplierId: row.supplier_id,
  name: row.name,
  email: row.email,
  title: row.title,
  isPrimary: row.is_primary,
  externalId: row.external_id,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const fields = {
  name: z.string().max(1000),
  email: z.string().max(1000),
  title: z.string().max(1000).nullable(),
  isPrimary: z.boolean().describe("Making a contact primary demotes the supplier's previous primary contact."),
  externalId: z.string().max(1000).nullable(),
};
const createBody = z.strictObject(fields).partial({ title: true, isPrimary: true, externalId: true });
const updateBody = z.strictObject(fields).partial();

const supplierParams = z.strictObject({ supplierId: z.uuid("Not a supplier id.") });
const contactParams = supplierParams.extend({ contactId: z.uuid("Not a contact id.") });

async function requireSupplier(db: Parameters<typeof getSupplier>[0], id: string) {
  if (!(await getSupplier(db, id))) throw notFoundError("There is no supplier with this id.");
}

async function loadContact(db: Parameters<typeof getContact>[0], supplierId: string, contactId: string): Promise<ContactRow> {
  const row = await getContact(db, supplierId, contactId);
  if (!row) throw notFoundError("This supplier has no contact with this id.");
  return row;
}

const asForm = (body: Record<string, unknown>) => {
  const out = nullsToEmpty(body);
  if (typeof out.isPrimary === "boolean") out.isPrimary = out.isPrimary ? "true" : "";
  return out;
};

export const supplierContactOperations: ApiOperation[] = [
  defineOperation({
    method: "GET",
    path: "/suppliers/{supplierId}/contacts",
    operationId: "listSupplierContacts",
    tag: "Supplier contacts",
    summary: "List a supplier's contacts",
    action: "inventory:read",
    scope: "read",
    params: supplierParams,
    query: pageQuery,
    response: pageOf(contactResource),
    async handler(call) {
      await requireSupplier(call.app.db, call.params.supplierId);
      const after = decodeCursor(call.query.cursor);
      const rows = await listContactsAfter(call.app.db, call.params.supplierId, after ? { key: String(after.key), id: after.id } : null, call.query.limit + 1);
      return pageReply(call, rows, call.query.limit, (row) => ({ key: row.sort_key, id: row.id }), toResource);
    },
  }),
  defineOperation({
    method: "POST",
    path: "/suppliers/{supplierId}/contacts",
    operationId: "createSupplierContact",
    tag: "Supplier contacts",
    summary: "Add a contact to a supplier",
    action: "supplier:write",
    scope: "write",
    params: supplierParams,
    body: createBody,
    response: contactResource,
    creates: true,
    async handler(call) {
      const input = checkInput(contactSchema, asForm(call.body));
      const id = await saveContact(call.app, call.actor, call.params.supplierId, null, input);
      const row = await loadContact(call.app.db, call.params.supplierId, id);
      return {
        status: 201,
        body: toResource(row),
        etag: etagOf(row.id, row.updated_at),
        location: call.url(`/suppliers/${row.supplier_id}/contacts/${row.id}`),
      };
    },
  }),
  defineOperation({
    method: "PATCH",
    path: "/suppliers/{supplierId}/contacts/{contactId}",
    operationId: "updateSupplierContact",
    tag: "Supplier contacts",
    summary: "Update a supplier contact",
    description: "Only the fields sent change. `If-Match` with a stale ETag answers 409 and writes nothing.",
    action: "supplier:write",
    scope: "write",
    params: contactParams,
    body: updateBody,
    response: contactResource,
    async handler(call) {
      const current = await loadContact(call.app.db, call.params.supplierId, call.params.contactId);
      requireIfMatch(call.ifMatch, etagOf(current.id, current.updated_at));
      const merged = {
        name: current.name,
        email: current.email,
        title: current.title ?? "",
        isPrimary: current.is_primary ? "true" : "",
        externalId: current.external_id ?? "",
        ...asForm(call.body),
      };
      const input = checkInput(contactSchema, merged);
      await saveContact(call.app, call.actor, current.supplier_id, current.id, input);
      const row = await loadContact(call.app.db, current.supplier_id, current.id);
      return { body: toResource(row), etag: etagOf(row.id, row.updated_at) };
    },
  }),
];
