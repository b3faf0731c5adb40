// Outgoing mail: rendered and stored in the caller's transaction, delivered by a job.
// Without SMTP_URL the stored copy is the delivery (read it at /dev/mailbox).
import type { Kysely, Transaction } from "kysely";
import nodemailer, { type Transporter } from "nodemailer";
import type { Database } from "../../db/schema";
import { renderEmail, type EmailName, type EmailProps } from "../../emails";
import { enqueue, JOBS, type Queue } from "./queue.server";
import type { Logger } from "../server/logger.server";

export async function queueEmail<N extends EmailName>(queue: Queue, trx: Transaction<Database>, to: string, name: N, props: EmailProps<N>): Promise<string> {
  const rendered = await renderEmail(name, props);
  const { id } = await trx
    .insertInto("emails")
    .values({ to_address: to, subject: rendered.subject, template: name, html: rendered.html, text_body: rendered.text, status: "queued" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await enqueue(queue, trx, JOBS.sendEmail, { emailId: id });
  return id;
}

export function createMailTransport(smtpUrl: string | undefined): Transporter | null {
  return smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
}

export interface DeliveryDeps {
  db: Kysely<Database>;
  transport: Transporter | null;
  from: string;
  logger: Logger;
}

export async function deliverEmail({ db, transport, from, logger }: DeliveryDeps, emailId: string): Promise<void> {
  const email = await db.selectFrom("emails").selectAll().where("id", "=", emailId).executeTakeFirst();
  if (!email || email.status === "sent" || email.status === "stored") return; // already done: a retry or a duplicate
  if (!transport) {
    await db.updateTable("emails").set({ status: "stored", sent_at: new Date() }).where("id", "=", emailId).execute();
    return;
  }
  try {
    await transport.sendMail({ from, to: email.to_address, subject: email.subject, html: email.html ?? "", text: email.text_body ?? "" });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .updateTable("emails")
      .set((eb) => ({ status: "failed", error: message.slice(0, 500), attempts: eb("attempts", "+", 1) }))
      .where("id", "=", emailId)
      .execute();
    logger.warn({ emailId, err: message }, "email delivery failed; the queue will retry");
    throw error;
  }
  // Once sent, the body (which may hold a sign-in link) is no longer kept.
  await db
    .updateTable("emails")
    .set((eb) => ({ status: "sent", sent_at: new Date(), html: null, text_body: null, error: null, attempts: eb("attempts", "+", 1) }))
    .where("id", "=", emailId)
    .execute();
}
