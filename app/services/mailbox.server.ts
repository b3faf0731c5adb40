// The dev mailbox: mail kept in the database when no SMTP server is configured.
import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";

export function requireDevMailbox(context: AppLoadContext): void {
  if (!context.app.config.devMailbox) throw new Response("Not found", { status: 404 });
}

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
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return null;
  return (await db.selectFrom("emails").selectAll().where("id", "=", parsed.data).executeTakeFirst()) ?? null;
}
