// Mail not delivered yet, as admins see it: the list (never the bodies, which may hold sign-in links),
// "Retry now", and the cheap check behind the staff layout's "mail is failing" banner.
import { sql, type Kysely } from "kysely";
import type { Database, EmailStatus } from "../../db/schema";
import { pageInfo, PAGE_SIZE, type PageInfo } from "../domain/list-query";
import { canRetryNow, MAIL_ALERT_AFTER_MS, MAIL_FAILED_ALERT_MS, UNDELIVERED_STATUSES } from "../domain/mail-retry";
import { notFoundError, stateError } from "../domain/errors";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { enqueue, JOBS } from "./queue.server";

export interface UndeliveredMail {
  id: string;
  toAddress: string;
  subject: string;
  template: string;
  status: EmailStatus;
  attempts: number;
  error: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  retryable: boolean;
}

export async function listUndeliveredMail(db: Kysely<Database>, page: number, now = new Date()): Promise<{ mail: UndeliveredMail[]; page: PageInfo }> {
  const undelivered = db.selectFrom("emails").where("status", "in", UNDELIVERED_STATUSES);
  const { total } = await undelivered.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow();
  const info = pageInfo(Number(total), page, PAGE_SIZE);
  const rows = await undelivered
    // Never html or text_body.
    .select(["id", "to_address", "subject", "template", "status", "attempts", "error", "last_attempt_at", "next_attempt_at", "created_at"])
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(PAGE_SIZE)
    .offset((info.page - 1) * PAGE_SIZE)
    .execute();
  return {
    page: info,
    mail: rows.map((r) => ({
      id: r.id,
      toAddress: r.to_address,
      subject: r.subject,
      template: r.template,
      status: r.status,
      attempts: r.attempts,
      error: r.error,
      lastAttemptAt: r.last_attempt_at,
      nextAttemptAt: r.next_attempt_at,
      createdAt: r.created_at,
      retryable: canRetryNow(r, now),
    })),
  };
}

export interface MailAlert {
  /** Still being retried, queued more than 15 minutes ago. */
  pending: number;
  /** Given up on (or interrupted) within the last week. */
  failed: number;
}

/** One query on the partial index of undelivered mail; null when all is well. */
export async function mailDeliveryAlert(db: Kysely<Database>, now = new Date()): Promise<MailAlert | null> {
  const row = await db
    .selectFrom("emails")
    .select([
      sql<string>`count(*) FILTER (WHERE status <> 'failed' AND created_at < ${new Date(now.getTime() - MAIL_ALERT_AFTER_MS)})`.as("pending"),
      sql<string>`count(*) FILTER (WHERE status = 'failed' AND coalesce(last_attempt_at, created_at) > ${new Date(now.getTime() - MAIL_FAILED_ALERT_MS)})`.as(
        "failed",
      ),
    ])
    .where("status", "in", UNDELIVERED_STATUSES)
    .executeTakeFirstOrThrow();
  const alert = { pending: Number(row.pending), failed: Number(row.failed) };
  return alert.pending > 0 || alert.failed > 0 ? alert : null;
}

/** Makes the mail due now and enqueues an attempt (audited). A mail already sent is never re-sent. */
export async function retryMailNow(ctx: AppContext, actor: Actor, emailId: string): Promise<{ toAddress: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const mail = await trx
      .selectFrom("emails")
      .select(["id", "to_address", "template", "status", "attempts", "last_attempt_at"])
      .where("id", "=", emailId)
      .forUpdate()
      .executeTakeFirst();
    if (!mail) throw notFoundError("That mail does not exist.");
    if (mail.status === "sent" || mail.status === "stored") throw stateError("That mail has already been sent.");
    const now = new Date();
    if (!canRetryNow(mail, now)) throw stateError("That mail is being sent right now.");
    await trx.updateTable("emails").set({ status: "retrying", next_attempt_at: now }).where("id", "=", emailId).execute();
    await enqueue(ctx.queue, trx, JOBS.sendEmail, { emailId, attempt: mail.attempts });
    await recordAudit(trx, actor, {
      action: "email.retry",
      entityType: "email",
      entityId: emailId,
      details: { to: mail.to_address, template: mail.template, previousStatus: mail.status, attempts: mail.attempts },
    });
    return { toAddress: mail.to_address };
  });
}
