// Deadline reminders (job `deadlines.reminders`, daily) and the weekly digest (job
// `deadlines.digest`, Mondays). For each component deadline within 60 days or past: a reminder to
// the supplier's procurement owner and to the risk owners of the internal systems that depend on
// the component, at 60, 30 and 7 days before and when overdue; where the deadline is an expiring
// piece of evidence, a request to the vendor contact to upload the renewed certificate. Each mail
// is claimed by inserting its deadline_reminders_sent row (component, recipient, kind, due date)
// ON CONFLICT DO NOTHING and queued in the same transaction only when the insert won, so two
// sweeps at once (or on two workers) never send one twice; a deadline that moves earns its
// reminders again. The digest is claimed the same way on digests_sent (user, week).
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { OPEN_STATUSES } from "../domain/assessment-lifecycle";
import { addDays, daysBetween, formatDate, isCalendarDate, today as todayOf, type CalendarDate } from "../domain/calendar";
import { DEADLINE_REMINDER_DAYS, deadlineReminderKind, weekOf } from "../domain/deadlines/reminder-schedule";
import { renewedGrantExpiry, rotateGrantToken, vendorLinkUrl } from "./access-grants.server";
import type { AppContext } from "./context.server";
import { queueEmail } from "./mail.server";
import { deadlinesForUser, parseReasons } from "./my-deadlines.server";
import { recordDeadlineEvent } from "./webhooks-outbox.server";

export interface DeadlineSweepResult {
  deadlines: number;
  sent: Partial<Record<string, number>>;
}

async function claim(trx: Transaction<Database>, componentId: string, recipient: string, kind: string, dueOn: string, now: Date): Promise<boolean> {
  const row = await trx
    .insertInto("deadline_reminders_sent")
    .values({ ai_component_id: componentId, recipient, kind, due_on: dueOn, sent_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning("ai_component_id")
    .executeTakeFirst();
  return Boolean(row);
}

async function recordEmail(trx: Transaction<Database>, componentId: string, recipient: string, kind: string, dueOn: string, emailId: string) {
  await trx
    .updateTable("deadline_reminders_sent")
    .set({ email_id: emailId })
    .where("ai_component_id", "=", componentId)
    .where("recipient", "=", recipient)
    .where("kind", "=", kind)
    .where("due_on", "=", dueOn)
    .execute();
}

/** The deadline is still the one we are reminding about (not moved or removed since we read it). */
async function stillDue(trx: Transaction<Database>, componentId: string, dueOn: string): Promise<boolean> {
  const row = await trx.selectFrom("component_deadlines").select("due_on").where("ai_component_id", "=", componentId).forShare().executeTakeFirst();
  return row?.due_on === dueOn;
}

interface Recipient {
  email: string;
  name: string;
  because: string[];
}

export async function runDeadlineReminderSweep(
  ctx: AppContext,
  now = new Date(),
  offsets: readonly number[] = DEADLINE_REMINDER_DAYS,
): Promise<DeadlineSweepResult> {
  const today = todayOf(now);
  const horizon = addDays(today, Math.max(0, ...offsets));
  const deadlines = await ctx.db
    .selectFrom("component_deadlines as d")
    .innerJoin("ai_components as c", "c.id", "d.ai_component_id")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .leftJoin("users as o", (join) => join.onRef("o.id", "=", "s.procurement_owner_id").on("o.disabled_at", "is", null))
    .select([
      "d.ai_component_id as componentId",
      "d.due_on as dueOn",
      "d.reason_kind as reasonKind",
      "d.reason",
      "d.reasons",
      "c.name as componentName",
      "s.id as supplierId",
      "s.name as supplierName",
      "o.email as ownerEmail",
      "o.name as ownerName",
    ])
    .where("c.archived_at", "is", null)
    .where("s.archived_at", "is", null)
    .where("d.due_on", "<=", horizon)
    .orderBy("d.due_on")
    .execute();

  const result: DeadlineSweepResult = { deadlines: deadlines.length, sent: {} };
  const count = (kind: string) => (result.sent[kind] = (result.sent[kind] ?? 0) + 1);

  for (const d of deadlines) {
    if (!isCalendarDate(d.dueOn)) continue;
    const due: CalendarDate = d.dueOn;
    const kind = deadlineReminderKind(due, today, offsets);
    if (!kind) continue;
    // The reasons that fall on the due date (the deadline is the earliest of them).
    const reasons = parseReasons(d.reasons)
      .filter((r) => r.date === due)
      .map((r) => r.text);
    const url = `${ctx.config.baseUrl}/components/${d.componentId}`;
    // Once per component, window and due date (the event's dedupe key), even with no mail recipient.
    await ctx.db.transaction().execute(async (trx) => {
      if (await stillDue(trx, d.componentId, due))
        await recordDeadlineEvent(
          ctx.queue,
          trx,
          { componentId: d.componentId, supplierId: d.supplierId, dueOn: due, reason: d.reason, kind, daysLeft: daysBetween(today, due) },
          now,
        );
    });

    // The procurement owner and the risk owners of the dependent (live) systems, each once.
    const recipients = new Map<string, Recipient>();
    if (d.ownerEmail)
      recipients.set(d.ownerEmail, { email: d.ownerEmail, name: d.ownerName ?? d.ownerEmail, because: [`procurement owner of ${d.supplierName}`] });
    const systemOwners = await ctx.db
      .selectFrom("ai_system_dependencies as dep")
      .innerJoin("ai_systems as y", "y.id", "dep.ai_system_id")
      .innerJoin("users as u", "u.id", "y.owner_id")
      .select(["u.email", "u.name", "y.name as systemName"])
      .where("dep.ai_component_id", "=", d.componentId)
      .where("y.archived_at", "is", null)
      .where("u.disabled_at", "is", null)
      .orderBy("y.name")
      .execute();
    for (const owner of systemOwners) {
      const entry = recipients.get(owner.email) ?? { email: owner.email, name: owner.name, because: [] };
      entry.because.push(`risk owner of ${owner.systemName}, which depends on it`);
      recipients.set(owner.email, entry);
    }

    for (const recipient of recipients.values()) {
      const sent = await ctx.db.transaction().execute(async (trx) => {
        if (!(await stillDue(trx, d.componentId, due))) return false;
        if (!(await claim(trx, d.componentId, recipient.email, kind, due, now))) return false;
        const emailId = await queueEmail(ctx.queue, trx, recipient.email, "deadline-reminder", {
          recipientName: recipient.name,
          componentName: d.componentName,
          supplierName: d.supplierName,
          dueDate: formatDate(due),
          daysLeft: daysBetween(today, due),
          reasons: reasons.length ? reasons : [d.reason],
          because: recipient.because,
          url,
        });
        await recordEmail(trx, d.componentId, recipient.email, kind, due, emailId);
        return true;
      });
      if (sent) count(kind);
    }

    if (d.reasonKind === "evidence") {
      const sent = await requestRenewedEvidence(ctx, { ...d, dueOn: due }, now);
      for (let i = 0; i < sent; i++) count("evidence_request");
    }
  }
  return result;
}

interface EvidenceDeadline {
  componentId: string;
  componentName: string;
  supplierId: string;
  supplierName: string;
  dueOn: CalendarDate;
  reason: string;
  ownerEmail: string | null;
  ownerName: string | null;
}

/**
 * Asks the vendor for the renewed certificate: every contact with a live grant on one of the
 * supplier's open questionnaires gets a fresh magic link to it (the grant's earlier link stops
 * working, as with questionnaire reminders); with no open questionnaire, the primary contact is
 * asked to send it to the procurement owner (there is nothing to link to). Returns how many were sent.
 */
async function requestRenewedEvidence(ctx: AppContext, d: EvidenceDeadline, now: Date): Promise<number> {
  const grants = await ctx.db
    .selectFrom("access_grants as g")
    .innerJoin("assessments as a", "a.id", "g.assessment_id")
    .select(["g.id", "g.email", "g.name", "a.due_date"])
    .where("a.supplier_id", "=", d.supplierId)
    .where("a.status", "in", OPEN_STATUSES)
    .where("g.revoked_at", "is", null)
    .where("g.expires_at", ">", now)
    .orderBy("a.due_date")
    .orderBy("g.created_at")
    .execute();
  // One request per address: the grant on the questionnaire due first.
  const byEmail = new Map<string, (typeof grants)[number]>();
  for (const grant of grants) if (!byEmail.has(grant.email)) byEmail.set(grant.email, grant);

  const requests: { email: string; name: string; grant: (typeof grants)[number] | null }[] = [...byEmail.values()].map((grant) => ({
    email: grant.email,
    name: grant.name,
    grant,
  }));
  if (requests.length === 0) {
    const primary = await ctx.db
      .selectFrom("supplier_contacts")
      .select(["email", "name"])
      .where("supplier_id", "=", d.supplierId)
      .orderBy("is_primary", "desc")
      .orderBy("created_at")
      .executeTakeFirst();
    if (primary) requests.push({ email: primary.email.trim().toLowerCase(), name: primary.name, grant: null });
  }

  let sent = 0;
  for (const request of requests) {
    const won = await ctx.db.transaction().execute(async (trx) => {
      if (!(await stillDue(trx, d.componentId, d.dueOn))) return false;
      if (!(await claim(trx, d.componentId, request.email, "evidence_request", d.dueOn, now))) return false;
      let url: string | null = null;
      if (request.grant) {
        const token = await rotateGrantToken(trx, request.grant.id, renewedGrantExpiry(request.grant.due_date, ctx.config.grantGraceDays, now), now);
        url = vendorLinkUrl(ctx.config.baseUrl, token);
      }
      const emailId = await queueEmail(ctx.queue, trx, request.email, "evidence-renewal-request", {
        contactName: request.name,
        supplierName: d.supplierName,
        componentName: d.componentName,
        reason: d.reason,
        dueDate: formatDate(d.dueOn),
        url,
        replyTo: d.ownerEmail ? `${d.ownerName ?? d.ownerEmail} (${d.ownerEmail})` : null,
      });
      await recordEmail(trx, d.componentId, request.email, "evidence_request", d.dueOn, emailId);
      return true;
    });
    if (won) sent++;
  }
  return sent;
}

export interface DigestResult {
  weekOf: string;
  sent: number;
}

/** The weekly digest: to each enabled user who has not opted out and has something overdue or due within 30 days; once per week. */
export async function runWeeklyDigest(ctx: AppContext, now = new Date()): Promise<DigestResult> {
  const today = todayOf(now);
  const week = weekOf(today);
  const horizon = addDays(today, 30);
  const users = await ctx.db
    .selectFrom("users")
    .select(["id", "email", "name", "role"])
    .where("disabled_at", "is", null)
    .where("digest_opt_out", "=", false)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom("digests_sent as ds").select("ds.user_id").whereRef("ds.user_id", "=", "users.id").where("ds.week_of", "=", week))),
    )
    .orderBy("email")
    .execute();
  const result: DigestResult = { weekOf: week, sent: 0 };
  for (const user of users) {
    const deadlines = await deadlinesForUser(ctx.db, user, horizon);
    if (deadlines.length === 0) continue;
    const item = (d: (typeof deadlines)[number]) => ({
      componentName: d.componentName,
      supplierName: d.supplierName,
      dueDate: formatDate(d.dueOn),
      reason: d.reason,
      url: `${ctx.config.baseUrl}/components/${d.componentId}`,
    });
    const overdue = deadlines.filter((d) => d.dueOn < today).map(item);
    const upcoming = deadlines.filter((d) => d.dueOn >= today).map(item);
    const won = await ctx.db.transaction().execute(async (trx) => {
      const optedOut = await trx.selectFrom("users").select("digest_opt_out").where("id", "=", user.id).forShare().executeTakeFirst();
      if (!optedOut || optedOut.digest_opt_out) return false;
      const claimed = await trx
        .insertInto("digests_sent")
        .values({ user_id: user.id, week_of: week, sent_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning("user_id")
        .executeTakeFirst();
      if (!claimed) return false;
      const emailId = await queueEmail(ctx.queue, trx, user.email, "deadline-digest", {
        recipientName: user.name,
        weekOf: formatDate(week),
        overdue,
        upcoming,
        url: `${ctx.config.baseUrl}/deadlines`,
        profileUrl: `${ctx.config.baseUrl}/profile`,
      });
      await trx.updateTable("digests_sent").set({ email_id: emailId }).where("user_id", "=", user.id).where("week_of", "=", week).execute();
      return true;
    });
    if (won) result.sent++;
  }
  return result;
}
