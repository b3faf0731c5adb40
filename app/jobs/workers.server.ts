// What the queue's workers do. The app process runs them unless RUN_WORKER=false;
// `npm run worker` runs them alone (several may share one PostgreSQL queue).
import type { Transporter } from "nodemailer";
import { runCampaign } from "../services/campaigns.server";
import { deleteExpiredRateLimits } from "../services/rate-limits.server";
import { runReminderSweep } from "../services/reminders.server";
import { runRescore } from "../services/scores-rescore.server";
import { deliverEmail } from "../services/mail.server";
import { deleteStaleSessions } from "../services/sessions.server";
import { deleteExpiredLoginTokens } from "../services/sign-in.server";
import type { AppContext } from "../services/context.server";
import { JOBS, type JobPayloads } from "../services/queue.server";

export async function startWorkers(ctx: AppContext, transport: Transporter | null): Promise<void> {
  const deps = { db: ctx.db, transport, from: ctx.config.mailFrom, logger: ctx.logger };
  await ctx.queue.work<JobPayloads["email.send"]>(JOBS.sendEmail, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await deliverEmail(deps, job.data.emailId);
  });
  await ctx.queue.work(JOBS.cleanup, async () => {
    const now = new Date();
    const removed = {
      sessions: await deleteStaleSessions(ctx.db, now),
      loginTokens: await deleteExpiredLoginTokens(ctx.db, now),
      rateLimits: await deleteExpiredRateLimits(ctx.db, new Date(now.getTime() - 86_400_000)),
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
  await ctx.queue.work<JobPayloads["scores.rescore_all"]>(JOBS.rescoreAll, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runRescore(ctx, job.data.runId);
  });
}
