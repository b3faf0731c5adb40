// Outgoing mail: rendered and stored in the caller's transaction, delivered by a job.
// Without SMTP_URL the stored copy is the delivery (read it at /dev/mailbox).
// A failed attempt schedules the next one (backoff over a window, a day by default) in the same
// transaction that records the failure; a worker claims a mail before sending it, so it goes out once.
import type { Kysely, Selectable, Transaction } from "kysely";
import nodemailer, { type Transporter } from "nodemailer";
import type { Database, EmailsTable } from "../../db/schema";
import { renderEmail, type EmailName, type EmailProps } from "../../emails";
import { afterFailedAttempt, MAIL_SENDING_LEASE_MS, type MailRetryPolicy } from "../domain/mail-retry";
import { loadOrganisation } from "./organisation.server";
import { enqueue, JOBS, type Queue } from "./queue.server";
import type { Logger } from "../server/logger.server";

export async function queueEmail<N extends EmailName>(queue: Queue, trx: Transaction<Database>, to: string, name: N, props: EmailProps<N>): Promise<string> {
  // The buying organisation is named in every email: one small row, read in the caller's transaction.
  const rendered = await renderEmail(name, props, await loadOrganisation(trx));
  const { id } = await trx
    .insertInto("emails")
    .values({ to_address: to, subject: rendered.subject, template: name, html: rendered.html, text_body: rendered.text, status: "queued" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await enqueue(queue, trx, JOBS.sendEmail, { emailId: id, attempt: 0 });
  return id;
}

export function createMailTransport(smtpUrl: string | undefined): Transporter | null {
  // Bounded waits: a stalled server fails the attempt (and the retry schedule takes over) well within
  // the claim lease, instead of holding a worker for nodemailer's default ten minutes.
  return smtpUrl ? nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 }) : null;
}

export interface DeliveryDeps {
  db: Kysely<Database>;
  queue: Queue;
  transport: Transporter | null;
  from: string;
  logger: Logger;
  retry: MailRetryPolicy;
}

export type DeliveryOutcome = "sent" | "stored" | "retrying" | "failed" | "skipped";

const INTERRUPTED = "Delivery was interrupted (the worker stopped while sending); it may or may not have arrived. Check with the recipient before retrying.";

/**
 * One delivery attempt. `attempt` is the number of attempts the mail had when the job was enqueued:
 * a job overtaken by another (a "Retry now", a redelivered job) finds a different count and does nothing.
 */
export async function deliverEmail(deps: DeliveryDeps, emailId: string, attempt?: number): Promise<DeliveryOutcome> {
  const { db, transport, from, logger } = deps;
  if (!transport) {
    const stored = await db
      .updateTable("emails")
      .set({ status: "stored", sent_at: new Date(), next_attempt_at: null, error: null })
      .where("id", "=", emailId)
      .where("status", "in", ["queued", "retrying"])
      .returning("id")
      .executeTakeFirst();
    return stored ? "stored" : "skipped";
  }

  const email = await claim(db, emailId, attempt);
  if (!email) {
    // Sent, stored, failed, being sent, or this job was overtaken: nothing to do (a retry never re-sends).
    await failAbandonedClaim(deps, emailId);
    return "skipped";
  }
  try {
    await transport.sendMail({ from, to: email.to_address, subject: email.subject, html: email.html ?? "", text: email.text_body ?? "" });
  } catch (error) {
    return recordFailure(deps, email, error);
  }
  // Once sent, the body (which may hold a sign-in link) is no longer kept.
  await db
    .updateTable("emails")
    .set((eb) => ({ status: "sent", sent_at: new Date(), html: null, text_body: null, error: null, next_attempt_at: null, attempts: eb("attempts", "+", 1) }))
    .where("id", "=", emailId)
    .where("status", "=", "sending")
    .execute();
  logger.debug({ emailId }, "email sent");
  return "sent";
}

/** Takes the mail for this worker in one statement: a second worker (or a second job) finds it taken. */
function claim(db: Kysely<Database>, emailId: string, attempt: number | undefined): Promise<Selectable<EmailsTable> | undefined> {
  return db
    .updateTable("emails")
    .set({ status: "sending", last_attempt_at: new Date() })
    .where("id", "=", emailId)
    .where("status", "in", ["queued", "retrying"])
    .$if(attempt !== undefined, (qb) => qb.where("attempts", "=", attempt!))
    .returningAll()
    .executeTakeFirst();
}

async function recordFailure(deps: DeliveryDeps, email: Selectable<EmailsTable>, error: unknown): Promise<"retrying" | "failed"> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const failures = email.attempts + 1;
  const decision = afterFailedAttempt(deps.retry, email.created_at, new Date(), failures);
  const nextAttemptAt = decision.retry ? decision.nextAttemptAt : null;
  // The failure and the next attempt's job commit together: a crash cannot leave a mail without one.
  await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("emails")
      .set({ status: decision.retry ? "retrying" : "failed", error: message, attempts: failures, next_attempt_at: nextAttemptAt })
      .where("id", "=", email.id)
      .where("status", "=", "sending")
      .executeTakeFirst();
    if (nextAttemptAt && updated.numUpdatedRows > 0n) {
      await enqueue(deps.queue, trx, JOBS.sendEmail, { emailId: email.id, attempt: failures }, { startAfter: nextAttemptAt });
    }
  });
  if (nextAttemptAt) {
    deps.logger.warn({ emailId: email.id, attempts: failures, nextAttemptAt, err: message }, "email delivery failed; will retry");
  } else {
    deps.logger.error({ emailId: email.id, attempts: failures, err: message }, "email delivery failed for good; an admin can retry it at /admin/mail");
  }
  return decision.retry ? "retrying" : "failed";
}

/**
 * A claim older than the lease belongs to a worker that died mid-send (its job is redelivered here).
 * Whether the server accepted the mail is unknown, so it is not sent again blindly: it is marked failed,
 * with that explanation, for an admin to decide.
 */
async function failAbandonedClaim(deps: DeliveryDeps, emailId: string): Promise<void> {
  const abandoned = await deps.db
    .updateTable("emails")
    .set((eb) => ({ status: "failed", error: INTERRUPTED, next_attempt_at: null, attempts: eb("attempts", "+", 1) }))
    .where("id", "=", emailId)
    .where("status", "=", "sending")
    .where("last_attempt_at", "<", new Date(Date.now() - MAIL_SENDING_LEASE_MS))
    .returning("id")
    .executeTakeFirst();
  if (abandoned) deps.logger.error({ emailId }, "email delivery was interrupted; marked failed for an admin to retry");
}
