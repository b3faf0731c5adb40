// The job queue (pg-boss) on the application's own pool, so the embedded and the real database
// work alike. Jobs are enqueued inside the caller's transaction: roll back, and no job exists.
// It sits with the services (which enqueue) and below app/jobs (whose workers call services).
import { CompiledQuery, type Kysely, type Transaction } from "kysely";
import PgBoss from "pg-boss";
import type pg from "pg";
import type { Database } from "../../db/schema";

export const JOBS = {
  sendEmail: "email.send",
  cleanup: "maintenance.cleanup",
  campaignRun: "campaign.run",
  remindersSweep: "reminders.sweep",
  signInLink: "sign-in.link",
  vendorNewLink: "vendor.new-link",
  rescoreAll: "scores.rescore_all",
  riskAcceptanceSweep: "risk.acceptance_sweep",
  expireDecisions: "assessments.expire",
  deadlineReminders: "deadlines.reminders",
  deadlineDigest: "deadlines.digest",
  deadlinesSweep: "deadlines.sweep",
  webhookDeliver: "webhooks.deliver",
  webhookSweep: "webhooks.sweep",
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

export interface JobPayloads {
  /** `attempt`: how many attempts the mail had when this job was enqueued (a job that finds more was overtaken and does nothing). */
  "email.send": { emailId: string; attempt?: number };
  "maintenance.cleanup": Record<string, never>;
  "campaign.run": { campaignId: string };
  "reminders.sweep": Record<string, never>;
  "sign-in.link": { email: string; next: string };
  "vendor.new-link": { email: string; ip: string | null; tokenHash: string | null };
  "scores.rescore_all": { runId: string };
  "risk.acceptance_sweep": Record<string, never>;
  "assessments.expire": Record<string, never>;
  "deadlines.reminders": Record<string, never>;
  "deadlines.digest": Record<string, never>;
  "deadlines.sweep": Record<string, never>;
  /** `attempt`: the delivery's attempt count when enqueued (a job that finds another count was overtaken and does nothing). */
  "webhooks.deliver": { deliveryId: string; attempt: number };
  "webhooks.sweep": Record<string, never>;
}

export type Queue = PgBoss;

export function createQueue(pool: pg.Pool): Queue {
  return new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values as unknown[]) },
    schema: "pgboss",
    // One poll a second keeps mail prompt without busy-looping a single PGlite connection.
    pollingIntervalSeconds: 1,
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
  } as PgBoss.ConstructorOptions);
}

export async function startQueue(queue: Queue): Promise<void> {
  await queue.start();
  for (const name of Object.values(JOBS)) {
    if (!(await queue.getQueue(name))) await queue.createQueue(name);
  }
}

/** Enqueue inside `executor`'s transaction (or on its own when given the plain database). */
export async function enqueue<N extends JobName>(
  queue: Queue,
  executor: Kysely<Database> | Transaction<Database>,
  name: N,
  data: JobPayloads[N],
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  const db = {
    executeSql: async (text: string, values: unknown[]) => executor.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, values ?? [])),
  };
  return queue.send(name, data as object, { ...options, db });
}
