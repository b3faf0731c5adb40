// What the queue's workers do. The app process runs them unless RUN_WORKER=false;
// `npm run worker` runs them alone (several may share one PostgreSQL queue).
import type { Transporter } from "nodemailer";
import { deleteExpiredRateLimits } from "../services/rate-limits.server";
import { deliverEmail } from "../services/mail.server";
import { deleteStaleSessions } from "../services/sessions.server";
import { deleteExpiredLoginTokens } from "../services/sign-in.server";
import type { AppContext } from "../services/context.server";
import { JOBS, type JobPayloads } from "./queue.server";

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
}
