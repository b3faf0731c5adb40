// "Rescore all": after a methodology change, every scored assessment gets a new score under the
// new version, from its latest score's own inputs (the same answers and scoring date, new rules).
// A run records its progress (done, failed, the last assessment handled) row by row, each
// assessment in its own transaction, so a retried or twice-delivered job never scores twice.
//
// Rule for a methodology changed while a run is going: a run scores with the version it was
// started for; starting a run for a newer version stops the older one at its next assessment
// ("superseded"), and the newer run covers every assessment. Scores made on submit always use
// the current version, so nothing is left on an old version once the newest run finishes.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { AppError } from "../domain/errors";
import type { Methodology } from "../domain/scoring/methodology";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { enqueue, JOBS } from "./queue.server";
import { currentMethodology, methodologyVersion } from "./scores-methodology.server";
import { rescoreLatest } from "./scores.server";
import { recordScoreChange } from "./webhooks-outbox.server";

const BATCH = 25;
export const SUPERSEDED = "A newer methodology version started its own rescore.";

/** Starts a run for the current methodology: the run row and its job in one transaction. */
export async function startRescoreAll(ctx: AppContext, actor: Actor, now = new Date()): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const methodology = await currentMethodology(trx);
    const { n } = await trx
      .selectFrom("scores")
      .select((eb) => eb.fn.count<string>("assessment_id").distinct().as("n"))
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto("rescore_runs")
      .values({
        methodology_version: methodology.version,
        started_by: actor.type === "user" ? actor.id : null,
        created_at: now,
        total: Number(n),
        last_assessment_id: null,
        stopped_reason: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueue(ctx.queue, trx, JOBS.rescoreAll, { runId: id });
    await recordAudit(trx, actor, {
      action: "score.rescore_all",
      entityType: "rescore_run",
      entityId: id,
      details: { methodologyVersion: methodology.version, assessments: Number(n) },
    });
    return id;
  });
}

async function supersededBy(db: Kysely<Database>, run: { id: string; created_at: Date; methodology_version: number }) {
  return db
    .selectFrom("rescore_runs")
    .select("id")
    .where("id", "<>", run.id)
    .where((eb) => eb.or([eb("methodology_version", ">", run.methodology_version), eb("created_at", ">", run.created_at)]))
    .limit(1)
    .executeTakeFirst();
}

/** Works through a run; safe to run again (a finished run does nothing; a stopped one resumes after its last assessment). */
export async function runRescore(ctx: AppContext, runId: string): Promise<{ done: number; failed: number }> {
  const run = await ctx.db.selectFrom("rescore_runs").selectAll().where("id", "=", runId).executeTakeFirst();
  if (!run || run.finished_at) return { done: run?.done ?? 0, failed: run?.failed ?? 0 };
  const methodology: Methodology = await methodologyVersion(ctx.db, run.methodology_version);
  let cursor = run.last_assessment_id;
  for (;;) {
    if (await supersededBy(ctx.db, run)) {
      await finish(ctx.db, runId, SUPERSEDED);
      break;
    }
    let batch = ctx.db.selectFrom("scores").select("assessment_id").distinct().where("computed_at", "<=", run.created_at).orderBy("assessment_id").limit(BATCH);
    if (cursor) batch = batch.where("assessment_id", ">", cursor);
    const ids = (await batch.execute()).map((r) => r.assessment_id);
    if (ids.length === 0) {
      await finish(ctx.db, runId, null);
      break;
    }
    for (const assessmentId of ids) {
      await ctx.db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom("rescore_runs").select("last_assessment_id").where("id", "=", runId).forUpdate().executeTakeFirstOrThrow();
        if (current.last_assessment_id && current.last_assessment_id >= assessmentId) return; // another delivery got here first
        let failed = false;
        try {
          const rescored = await rescoreLatest(trx, assessmentId, methodology);
          if (rescored) await recordScoreChange(ctx.queue, trx, rescored, "rescore");
        } catch (error) {
          // The engine refusing one assessment must not stop the run; a database error does (the job retries).
          if (!(error instanceof AppError)) throw error;
          ctx.logger.warn({ err: error, assessmentId, runId }, "rescore refused an assessment");
          failed = true;
        }
        await trx
          .updateTable("rescore_runs")
          .set((eb) => ({
            last_assessment_id: assessmentId,
            ...(failed ? { failed: eb("failed", "+", 1) } : { done: eb("done", "+", 1) }),
            // An assessment deleted or added since the start may move the count; the total follows.
            total: sql<number>`greatest(total, done + failed + 1)`,
          }))
          .where("id", "=", runId)
          .execute();
      });
      cursor = assessmentId;
    }
  }
  const after = await ctx.db.selectFrom("rescore_runs").select(["done", "failed"]).where("id", "=", runId).executeTakeFirstOrThrow();
  return after;
}

async function finish(db: Kysely<Database>, runId: string, reason: string | null) {
  await db
    .updateTable("rescore_runs")
    .set({ finished_at: new Date(), stopped_reason: reason })
    .where("id", "=", runId)
    .where("finished_at", "is", null)
    .execute();
}

export interface RescoreProgress {
  id: string;
  methodologyVersion: number;
  total: number;
  done: number;
  failed: number;
  running: boolean;
  createdAt: Date;
  finishedAt: Date | null;
  stoppedReason: string | null;
  startedByName: string | null;
}

/** The latest run (for the methodology page's progress), or null when none was ever started. */
export async function latestRescoreRun(db: Kysely<Database>): Promise<RescoreProgress | null> {
  const run = await db
    .selectFrom("rescore_runs as r")
    .leftJoin("users as u", "u.id", "r.started_by")
    .select([
      "r.id",
      "r.methodology_version",
      "r.total",
      "r.done",
      "r.failed",
      "r.created_at",
      "r.finished_at",
      "r.stopped_reason",
      "u.name as started_by_name",
    ])
    .orderBy("r.created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!run) return null;
  return {
    id: run.id,
    methodologyVersion: run.methodology_version,
    total: run.total,
    done: run.done,
    failed: run.failed,
    running: run.finished_at === null,
    createdAt: run.created_at,
    finishedAt: run.finished_at,
    stoppedReason: run.stopped_reason,
    startedByName: run.started_by_name,
  };
}
