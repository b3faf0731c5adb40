// The dev mailbox pages exist only when mail is kept in the database (no SMTP, not production).
import type { AppLoadContext } from "@remix-run/node";
import { notFound } from "./errors.server";

export function requireDevMailbox(context: AppLoadContext): void {
  if (!context.app.config.devMailbox) throw notFound();
}
