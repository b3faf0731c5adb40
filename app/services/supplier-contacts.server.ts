// The people at a supplier we send questionnaires to. One of them may be the primary contact.
import { isUuid } from "../domain/ids";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { changedFields } from "../domain/changes";
import type { ContactInput } from "../domain/inventory-schemas";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { violatedConstraint } from "./db-errors.server";
import { AppError } from "../domain/errors";

export function listContacts(db: Kysely<Database>, supplierId: string) {
  return db.selectFrom("supplier_contacts").selectAll().where("supplier_id", "=", supplierId).orderBy("is_primary", "desc").orderBy("name").execute();
}

export async function getContact(db: Kysely<Database>, supplierId: string, contactId: string | undefined) {
  if (!isUuid(contactId)) return null;
  return (await db.selectFrom("supplier_contacts").selectAll().where("id", "=", contactId!).where("supplier_id", "=", supplierId).executeTakeFirst()) ?? null;
}

function toRow(input: ContactInput) {
  return { name: input.name, email: input.email, title: input.title, is_primary: input.isPrimary, external_id: input.externalId };
}

function conflict(error: unknown): never {
  const constraint = violatedConstraint(error);
  if (constraint === "supplier_contacts_email_key")
    throw new AppError("conflict", "This supplier already has a contact with this email address", { field: "email" });
  if (constraint === "supplier_contacts_external_id_key")
    throw new AppError("conflict", "Another contact already has this external id", { field: "externalId" });
  throw error;
}

/** Saves a contact; making it primary demotes the previous primary in the same transaction. */
export async function saveContact(ctx: AppContext, actor: Actor, supplierId: string, contactId: string | null, input: ContactInput): Promise<string> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const supplier = await trx.selectFrom("suppliers").select("id").where("id", "=", supplierId).forUpdate().executeTakeFirst();
      if (!supplier) throw new AppError("not_found", "This supplier no longer exists");
      const row = toRow(input);
      if (row.is_primary) {
        await trx
          .updateTable("supplier_contacts")
          .set({ is_primary: false, updated_at: new Date() })
          .where("supplier_id", "=", supplierId)
          .where("is_primary", "=", true)
          .$if(contactId !== null, (qb) => qb.where("id", "!=", contactId!))
          .execute();
      }
      if (contactId === null) {
        const { id } = await trx
          .insertInto("supplier_contacts")
          .values({ ...row, supplier_id: supplierId })
          .returning("id")
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, {
          action: "supplier_contact.create",
          entityType: "supplier_contact",
          entityId: id,
          details: { supplierId, email: row.email },
        });
        return id;
      }
      const before = await trx.selectFrom("supplier_contacts").selectAll().where("id", "=", contactId).where("supplier_id", "=", supplierId).executeTakeFirst();
      if (!before) throw new AppError("not_found", "This contact no longer exists");
      const changes = changedFields<Record<string, unknown>>(before, row);
      if (Object.keys(changes).length) {
        await trx
          .updateTable("supplier_contacts")
          .set({ ...row, updated_at: new Date() })
          .where("id", "=", contactId)
          .execute();
        await recordAudit(trx, actor, {
          action: "supplier_contact.update",
          entityType: "supplier_contact",
          entityId: contactId,
          details: { supplierId, changes },
        });
      }
      return contactId;
    });
  } catch (error) {
    return conflict(error);
  }
}

export async function deleteContact(ctx: AppContext, actor: Actor, supplierId: string, contactId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("supplier_contacts")
      .where("id", "=", contactId)
      .where("supplier_id", "=", supplierId)
      .returning(["email", "name"])
      .executeTakeFirst();
    if (!removed) return;
    await recordAudit(trx, actor, {
      action: "supplier_contact.delete",
      entityType: "supplier_contact",
      entityId: contactId,
      details: { supplierId, ...removed },
    });
  });
}

/** One page of a supplier's contacts in (lower(name), id) order after the cursor (keyset; for the REST API). */
export function listContactsAfter(db: Kysely<Database>, supplierId: string, after: { key: string; id: string } | null, limit: number) {
  let query = db
    .selectFrom("supplier_contacts as sc")
    .selectAll("sc")
    .select(sql<string>`lower(sc.name)`.as("sort_key"))
    .where("sc.supplier_id", "=", supplierId);
  if (after) query = query.where(sql<boolean>`(lower(sc.name), sc.id) > (${after.key}, ${after.id}::uuid)`);
  return query
    .orderBy(sql`lower(sc.name)`)
    .orderBy("sc.id")
    .limit(limit)
    .execute();
}
