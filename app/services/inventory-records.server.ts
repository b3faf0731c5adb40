// What suppliers, components and systems share: audited edits, and archive/restore instead of delete.
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { changedFields } from "../domain/changes";
import type { Actor } from "./audit.server";
import { recordAudit } from "./audit.server";
import type { AppContext } from "./context.server";
import { violatedConstraint } from "./db-errors.server";
import { AppError } from "../domain/errors";

const ARCHIVABLE = {
  suppliers: {
    entityType: "supplier",
    nameKey: "suppliers_name_key",
    clash: "An active supplier already has this name: rename one of them before restoring this one",
  },
  ai_components: { entityType: "ai_component", nameKey: "ai_components_name_key", clash: "An active component of this supplier already has this name" },
  ai_systems: { entityType: "ai_system", nameKey: "ai_systems_name_key", clash: "An active AI system already has this name" },
} as const;

export type ArchivableTable = keyof typeof ARCHIVABLE;

/** Work that must commit with the change (a deadline refresh), run in its transaction after it. */
export type InTransaction = (trx: Transaction<Database>) => Promise<void>;

/** Archives (or restores) one row and audits it; doing it twice changes nothing the second time. */
export async function setArchived(
  ctx: AppContext,
  actor: Actor,
  table: ArchivableTable,
  id: string,
  archived: boolean,
  alsoInTransaction?: InTransaction,
): Promise<void> {
  const { entityType, nameKey, clash } = ARCHIVABLE[table];
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const now = new Date();
      const updated = await trx
        .updateTable(table)
        .set({ archived_at: archived ? now : null, updated_at: now })
        .where("id", "=", id)
        .where("archived_at", archived ? "is" : "is not", null)
        .returning("name")
        .executeTakeFirst();
      if (!updated) return;
      await recordAudit(trx, actor, { action: `${entityType}.${archived ? "archive" : "restore"}`, entityType, entityId: id, details: { name: updated.name } });
      await alsoInTransaction?.(trx);
    });
  } catch (error) {
    if (violatedConstraint(error) === nameKey) throw new AppError("conflict", clash);
    throw error;
  }
}

/**
 * Applies an edit inside one transaction and audits exactly what changed (nothing when nothing did).
 * Unique-name and external-id clashes surface to the caller's `conflict` mapping.
 */
export async function updateWithAudit(
  ctx: AppContext,
  actor: Actor,
  table: ArchivableTable,
  id: string,
  after: Record<string, unknown>,
  missing: string,
  alsoInTransaction?: InTransaction,
): Promise<void> {
  const { entityType } = ARCHIVABLE[table];
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom(table).selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!before) throw new AppError("not_found", missing);
    const changes = changedFields<Record<string, unknown>>(before, after);
    if (Object.keys(changes).length === 0) return;
    await trx
      .updateTable(table)
      .set({ ...after, updated_at: new Date() } as never)
      .where("id", "=", id)
      .execute();
    await recordAudit(trx, actor, { action: `${entityType}.update`, entityType, entityId: id, details: { changes } });
    await alsoInTransaction?.(trx);
  });
}
