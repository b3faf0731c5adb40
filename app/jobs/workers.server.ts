// What the queue's workers do. The app process runs them unless RUN_WORKER=false;
// `npm run worker` runs them alone (several may share one PostgreSQL queue).
import type { Transporter } from "nodemailer";
import { sendNewLinks } from "../services/access-grants.server";
import { runCampaign } from "../services/campaigns.server";
import { deleteExpiredRateLimits } from "../services/rate-limits.server";
import { deleteExpiredIdempotencyKeys } from "../services/api-tokens.server";
import { runReminderSweep } from "../services/reminders.server";
import { runDeadlineReminderSweep, runWeeklyDigest } from "../services/deadline-reminders.server";
import { deliverEmail, type DeliveryDeps } from "../services/mail.server";
import { mailRetryPolicy } from "../domain/mail-retry";
import { recoverStalledImports } from "../services/inventory-import/recovery.server";
import { runRescore } from "../services/scores-rescore.server";
import { runAcceptanceExpirySweep } from "../services/risk-acceptances.server";
import { expireDecisions } from "../services/assessment-lifecycle.server";
import { deleteStaleSessions } from "../services/sessions.server";
import { deleteExpiredLoginTokens, sendSignInLink } from "../services/sign-in.server";
import type { AppContext } from "../services/context.server";
import { JOBS, type JobPayloads } from "../services/queue.server";
import { refreshAllDeadlines } from "../services/deadlines.server";
import { deliverDueWebhooks, deliverWebhook } from "../services/webhook-delivery.server";

export async function startWorkers(ctx: AppContext, transport: Transporter | null): Promise<void> {
  const deps: DeliveryDeps = {
    db: ctx.db,
    queue: ctx.queue,
    transport,
    from: ctx.config.mailFrom,
    logger: ctx.logger,
    retry: mailRetryPolicy(ctx.config.mailRetryHours),
  };
  // An SMTP failure is not a job failure: deliverEmail records it and schedules the next attempt itself
  // (pg-boss's own retries, a few minutes long, only cover a worker crash or a database error).
  // Up to 5 at a time, so a backlog after an outage drains quickly. If one throws, pg-boss retries the
  // whole batch: harmless, as a job whose attempt was already made finds the mail moved on and does nothing.
  await ctx.queue.work<JobPayloads["email.send"]>(JOBS.sendEmail, { pollingIntervalSeconds: 1, batchSize: 5 }, async (jobs) => {
    const results = await Promise.allSettled(jobs.map((job) => deliverEmail(deps, job.data.emailId, job.data.attempt)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  });
  await ctx.queue.work(JOBS.cleanup, async () => {
    const now = new Date();
    const removed = {
      sessions: await deleteStaleSessions(ctx.db, now),
      loginTokens: await deleteExpiredLoginTokens(ctx.db, now),
      rateLimits: await deleteExpiredRateLimits(ctx.db, new Date(now.getTime() - 86_400_000)),
      // API Idempotency-Key replays are kept a day (IDEMPOTENCY_KEY_TTL_MS).
      idempotencyKeys: await deleteExpiredIdempotencyKeys(ctx.db, now),
      // A CSV import a dead process left half-applied is undone (also done before each import).
      stalledImports: (await recoverStalledImports(ctx.db)).length,
    };
    ctx.logger.info({ removed }, "cleanup done");
  });
  await ctx.queue.schedule(JOBS.cleanup, "17 * * * *");
  await ctx.queue.work<JobPayloads["campaign.run"]>(JOBS.campaignRun, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runCampaign(ctx, job.data.campaignId);
  });
  await ctx.queue.work(JOBS.remindersSweep, async () => {
    const result = await runReminderSweep(ctx);
    if (Object.keys(result.sent).length) ctx.logger.info({ reminders: result.sent }, "reminders sent");
  });
  // Every 15 minutes; enqueue `reminders.sweep` to run it now.
  await ctx.queue.schedule(JOBS.remindersSweep, "*/15 * * * *");
  // Link requests: the job, not the request, finds out whether the address is known (no timing oracle).
  await ctx.queue.work<JobPayloads["sign-in.link"]>(JOBS.signInLink, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await sendSignInLink(ctx, job.data);
  });
  await ctx.queue.work<JobPayloads["vendor.new-link"]>(JOBS.vendorNewLink, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await sendNewLinks(ctx, job.data);
  });
  await ctx.queue.work<JobPayloads["scores.rescore_all"]>(JOBS.rescoreAll, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runRescore(ctx, job.data.runId);
  });
  // Expired risk acceptances end and reopen the findings they held: daily, idempotent; enqueue `risk.acceptance_sweep` to run it now.
  await ctx.queue.work(JOBS.riskAcceptanceSweep, async () => {
    const result = await runAcceptanceExpirySweep(ctx);
    if (result.expired) ctx.logger.info({ acceptances: result }, "risk acceptances expired");
  });
  await ctx.queue.schedule(JOBS.riskAcceptanceSweep, "5 0 * * *");
  // Decisions whose validity has ended become "expired": daily just after midnight UTC (idempotent;
  // enqueue `assessments.expire` to run it now).
  await ctx.queue.work(JOBS.expireDecisions, async () => {
    const { expired } = await expireDecisions(ctx);
    if (expired.length) ctx.logger.info({ expired: expired.length }, "decisions expired");
  });
  await ctx.queue.schedule(JOBS.expireDecisions, "10 0 * * *");
  // Reassessment deadline reminders (60/30/7 days before, overdue) and evidence renewal requests:
  // daily after the nightly deadline refresh; idempotent (enqueue `deadlines.reminders` to run it now).
  await ctx.queue.work(JOBS.deadlineReminders, async () => {
    const result = await runDeadlineReminderSweep(ctx);
    if (Object.keys(result.sent).length) ctx.logger.info({ deadlineReminders: result.sent }, "deadline reminders sent");
  });
  await ctx.queue.schedule(JOBS.deadlineReminders, "30 6 * * *");
  // The weekly deadline digest: Mondays; once per user and week however often it runs.
  await ctx.queue.work(JOBS.deadlineDigest, async () => {
    const result = await runWeeklyDigest(ctx);
    if (result.sent) ctx.logger.info({ digests: result }, "deadline digests sent");
  });
  await ctx.queue.schedule(JOBS.deadlineDigest, "0 7 * * 1");
  // Every component's reassessment deadline recomputed (catches the passage of time): daily after the
  // expiries above, idempotent; enqueue `deadlines.sweep` to run it now.
  await ctx.queue.work(JOBS.deadlinesSweep, async () => {
    const { refreshed } = await refreshAllDeadlines(ctx.db);
    ctx.logger.info({ refreshed }, "deadlines refreshed");
  });
  await ctx.queue.schedule(JOBS.deadlinesSweep, "20 0 * * *");
  // Webhook deliveries: one job per attempt (retries are enqueued with startAfter by the attempt before);
  // a failed POST is recorded and rescheduled by deliverWebhook, not thrown. Up to 5 at a time.
  await ctx.queue.work<JobPayloads["webhooks.deliver"]>(JOBS.webhookDeliver, { pollingIntervalSeconds: 1, batchSize: 5 }, async (jobs) => {
    const results = await Promise.allSettled(jobs.map((job) => deliverWebhook(ctx, job.data.deliveryId, job.data.attempt)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  });
  // The safety net: deliveries due whose job was lost, or whose worker died mid-send; every 5 minutes.
  await ctx.queue.work(JOBS.webhookSweep, async () => {
    const outcomes = await deliverDueWebhooks(ctx);
    if (outcomes.length) ctx.logger.info({ webhookDeliveries: outcomes.length }, "due webhook deliveries attempted");
  });
  await ctx.queue.schedule(JOBS.webhookSweep, "*/5 * * * *");
}
