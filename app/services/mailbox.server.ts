// The dev mailbox: mail kept in the database when no SMTP server is configured.
import type { Kysely } from "kysely";
import { isUuid } from "../domain/ids";
import type { Database } from "../../db/schema";

export function listMailbox(db: Kysely<Database>, limit = 100) {
  return db
    .selectFrom("emails")
    .select(["id", "to_address", "subject", "status", "created_at"])
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function getMailboxEmail(db: Kysely<Database>, id: string | undefined) {
  if (!isUuid(id)) return null;
  return (await db.selectFrom("emails").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}
