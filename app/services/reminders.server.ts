// The reminder sweep (job `reminders.sweep`, every 15 minutes and on demand): for each open
// assessment and each contact with access, the reminders `dueReminders` says are due; the
// procurement owner's escalation once per assessment. Each reminder is claimed by inserting its
// reminders_sent row (ON CONFLICT DO NOTHING) and mailed in the same transaction only when the
// insert won: run twice, or on two workers at once, and each reminder still goes out once.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { isOpen, OPEN_STATUSES } from "../domain/assessment-lifecycle";
import { addDays, formatDate, today as todayOf } from "../domain/calendar";
import { daysOverdue, daysUntilDue, dueReminders, isVendorReminder, type ReminderKind } from "../domain/reminders";
import { renewedGrantExpiry, rotateGrantToken, vendorLinkUrl } from "./access-grants.server";
import type { AppContext } from "./context.server";
import { queueEmail } from "./mail.server";

export interface SweepResult {
  assessments: number;
  sent: Partial<Record<string, number>>;
}

/** Inserts the reminder's row; true when this call claimed it (nobody sent it before). */
async function claim(trx: Transaction<Database>, assessmentId: string, grantId: string | null, kind: ReminderKind, recipient: string | null, now: Date) {
  const row = await trx
    .insertInto("reminders_sent")
    .values({ assessment_id: assessmentId, grant_id: grantId, kind, recipient, sent_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning("assessment_id")
    .executeTakeFirst();
  return Boolean(row);
}

async function stillOpen(trx: Transaction<Database>, assessmentId: string, grantId: string | null) {
  const assessment = await trx.selectFrom("assessments").select("status").where("id", "=", assessmentId).forShare().executeTakeFirst();
  if (!assessment || !isOpen(assessment.status)) return false;
  if (!grantId) return true;
  const grant = await trx.selectFrom("access_grants").select("revoked_at").where("id", "=", grantId).forUpdate().executeTakeFirst();
  return Boolean(grant && !grant.revoked_at);
}

export async function runReminderSweep(ctx: AppContext, now = new Date(), offsets: readonly number[] = ctx.config.reminderDays): Promise<SweepResult> {
  const today = todayOf(now);
  const horizon = addDays(today, Math.max(1, ...offsets));
  const assessments = await ctx.db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .leftJoin("users as o", (join) => join.onRef("o.id", "=", "s.procurement_owner_id").on("o.disabled_at", "is", null))
    .leftJoin("users as i", (join) => join.onRef("i.id", "=", "a.issued_by").on("i.disabled_at", "is", null))
    .select([
      "a.id",
      "a.due_date",
      "s.name as supplier_name",
      "o.name as owner_name",
      "o.email as owner_email",
      "i.name as issuer_name",
      "i.email as issuer_email",
    ])
    .where("a.status", "in", OPEN_STATUSES)
    .where("a.due_date", "<=", horizon)
    // Done with: escalated, and every contact with access told it is overdue.
    .where(
      sql<boolean>`NOT (
        EXISTS (SELECT 1 FROM reminders_sent r WHERE r.assessment_id = a.id AND r.kind = 'escalation')
        AND NOT EXISTS (
          SELECT 1 FROM access_grants g WHERE g.assessment_id = a.id AND g.revoked_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM reminders_sent r WHERE r.grant_id = g.id AND r.kind = 'overdue')
        )
      )`,
    )
    .orderBy("a.due_date")
    .execute();

  const result: SweepResult = { assessments: assessments.length, sent: {} };
  const count = (kind: string) => (result.sent[kind] = (result.sent[kind] ?? 0) + 1);

  for (const assessment of assessments) {
    const [grants, sentRows] = await Promise.all([
      ctx.db
        .selectFrom("access_grants")
        .select(["id", "email", "name", "created_at"])
        .where("assessment_id", "=", assessment.id)
        .where("revoked_at", "is", null)
        .orderBy("created_at")
        .execute(),
      ctx.db.selectFrom("reminders_sent").select(["grant_id", "kind"]).where("assessment_id", "=", assessment.id).execute(),
    ]);

    for (const grant of grants) {
      const sentKinds = sentRows.filter((r) => r.grant_id === grant.id).map((r) => r.kind);
      const kinds = dueReminders(assessment.due_date, now, sentKinds, offsets, { issuedAt: grant.created_at }).filter(isVendorReminder);
      for (const kind of kinds) {
        const sent = await ctx.db.transaction().execute(async (trx) => {
          if (!(await stillOpen(trx, assessment.id, grant.id))) return false;
          if (!(await claim(trx, assessment.id, grant.id, kind, grant.email, now))) return false;
          // The reminder carries a working link: a new token (the earlier link stops working).
          const expiresAt = renewedGrantExpiry(assessment.due_date, ctx.config.grantGraceDays, now);
          const token = await rotateGrantToken(trx, grant.id, expiresAt, now);
          const url = vendorLinkUrl(ctx.config.baseUrl, token);
          const emailId =
            kind === "overdue"
              ? await queueEmail(ctx.queue, trx, grant.email, "assessment-overdue", {
                  contactName: grant.name,
                  supplierName: assessment.supplier_name,
                  dueDate: formatDate(assessment.due_date),
                  url,
                })
              : await queueEmail(ctx.queue, trx, grant.email, "assessment-reminder", {
                  contactName: grant.name,
                  supplierName: assessment.supplier_name,
                  dueDate: formatDate(assessment.due_date),
                  daysLeft: daysUntilDue(assessment.due_date, now),
                  url,
                });
          await trx
            .updateTable("reminders_sent")
            .set({ email_id: emailId })
            .where("assessment_id", "=", assessment.id)
            .where("grant_id", "=", grant.id)
            .where("kind", "=", kind)
            .execute();
          return true;
        });
        if (sent) count(kind);
      }
    }

    const escalationSent = sentRows.filter((r) => r.grant_id === null).map((r) => r.kind);
    if (dueReminders(assessment.due_date, now, escalationSent, offsets).includes("escalation")) {
      const to = assessment.owner_email ?? assessment.issuer_email;
      const toName = assessment.owner_email ? assessment.owner_name : assessment.issuer_name;
      const sent = await ctx.db.transaction().execute(async (trx) => {
        if (!(await stillOpen(trx, assessment.id, null))) return false;
        // With nobody to tell, the row still records that the escalation is done.
        if (!(await claim(trx, assessment.id, null, "escalation", to, now))) return false;
        if (!to) return true;
        const emailId = await queueEmail(ctx.queue, trx, to, "assessment-escalation", {
          ownerName: toName ?? to,
          supplierName: assessment.supplier_name,
          dueDate: formatDate(assessment.due_date),
          daysOverdue: Math.max(1, daysOverdue(assessment.due_date, now)),
          contacts: grants.map((g) => g.email),
          url: `${ctx.config.baseUrl}/assessments/${assessment.id}`,
        });
        await trx
          .updateTable("reminders_sent")
          .set({ email_id: emailId })
          .where("assessment_id", "=", assessment.id)
          .where("grant_id", "is", null)
          .where("kind", "=", "escalation")
          .execute();
        return true;
      });
      if (sent) count("escalation");
    }
  }
  return result;
}
