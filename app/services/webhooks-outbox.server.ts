// The webhook outbox: an event is written in the transaction of the change it reports, with one
// delivery per enabled endpoint subscribed to its type, and a delivery job per delivery enqueued in
// that same transaction. Roll the change back and there is no event, no delivery and no job.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { parseWebhookEvent, type WebhookEvent } from "../domain/webhooks/events";
import { enqueue, JOBS, type Queue } from "./queue.server";

export interface RecordedWebhookEvent {
  eventId: string;
  deliveryIds: string[];
}

/**
 * Records `event` in the outbox and queues its deliveries, in `trx`. `dedupeKey`: an event that must be
 * emitted once however often its sweep runs (a second call with the same key records nothing and returns null).
 * `endpointId`: deliver to this endpoint only (the test ping), subscribed or not.
 */
export async function recordWebhookEvent(
  queue: Queue,
  trx: Transaction<Database>,
  event: WebhookEvent,
  options: { dedupeKey?: string; now?: Date; endpointId?: string } = {},
): Promise<RecordedWebhookEvent | null> {
  const checked = parseWebhookEvent(event);
  const now = options.now ?? new Date();
  const row = await trx
    .insertInto("webhook_events")
    .values({ type: checked.type, payload: JSON.stringify(checked.data), occurred_at: now, dedupe_key: options.dedupeKey ?? null })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!row) return null;
  let endpoints = trx.selectFrom("webhook_endpoints").select("id").where("enabled", "=", true);
  endpoints = options.endpointId ? endpoints.where("id", "=", options.endpointId) : endpoints.where(sql<boolean>`${checked.type} = ANY(event_types)`);
  const targets = await endpoints.orderBy("created_at").execute();
  if (targets.length === 0) return { eventId: row.id, deliveryIds: [] };
  const deliveries = await trx
    .insertInto("webhook_deliveries")
    // Due now (never later than the real clock, so a caller's `now` in the future does not hold the job back).
    .values(
      targets.map((t) => ({
        endpoint_id: t.id,
        event_id: row.id,
        status: "pending" as const,
        next_attempt_at: new Date(Math.min(now.getTime(), Date.now())),
        created_at: now,
      })),
    )
    .returning("id")
    .execute();
  for (const d of deliveries) await enqueue(queue, trx, JOBS.webhookDeliver, { deliveryId: d.id, attempt: 0 });
  return { eventId: row.id, deliveryIds: deliveries.map((d) => d.id) };
}

/** `score.changed` for a score just stored, when its overall or grade differ from the assessment's score before it (or there was none). */
export async function recordScoreChange(
  queue: Queue,
  trx: Transaction<Database>,
  stored: { id: string; assessmentId: string; result: { vendor: { overall: number | null; grade: string | null } } },
  reason: string,
  now = new Date(),
): Promise<RecordedWebhookEvent | null> {
  const previous = await trx
    .selectFrom("scores")
    .select(["id", "overall", "grade"])
    .where("assessment_id", "=", stored.assessmentId)
    .where("id", "<>", stored.id)
    .orderBy("computed_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const overall = stored.result.vendor.overall;
  const grade = stored.result.vendor.grade;
  const previousOverall = previous?.overall === null || previous?.overall === undefined ? null : Number(previous.overall);
  if (previous && previousOverall === overall && previous.grade === grade) return null;
  return recordWebhookEvent(
    queue,
    trx,
    {
      type: "score.changed",
      data: {
        assessmentId: stored.assessmentId,
        scoreId: stored.id,
        reason,
        overall,
        grade,
        previous: previous ? { scoreId: previous.id, overall: previousOverall, grade: previous.grade } : null,
      },
    },
    { now },
  );
}

/** `finding.opened` / `finding.closed` for a finding written in `trx`. */
export async function recordFindingEvent(
  queue: Queue,
  trx: Transaction<Database>,
  type: "finding.opened" | "finding.closed",
  findingId: string,
  now = new Date(),
): Promise<RecordedWebhookEvent | null> {
  const f = await trx
    .selectFrom("findings")
    .select(["id", "assessment_id", "severity", "title", "closed_at"])
    .where("id", "=", findingId)
    .executeTakeFirstOrThrow();
  if (type === "finding.opened") {
    return recordWebhookEvent(queue, trx, { type, data: { findingId: f.id, assessmentId: f.assessment_id, severity: f.severity, title: f.title } }, { now });
  }
  return recordWebhookEvent(
    queue,
    trx,
    { type, data: { findingId: f.id, assessmentId: f.assessment_id, closedAt: (f.closed_at ?? now).toISOString() } },
    { now },
  );
}

/** `deadline.approaching` / `deadline.overdue`, once per component, reminder window and due date however often the sweep runs. */
export async function recordDeadlineEvent(
  queue: Queue,
  trx: Transaction<Database>,
  d: { componentId: string; supplierId: string; dueOn: string; reason: string; kind: string; daysLeft: number },
  now = new Date(),
): Promise<RecordedWebhookEvent | null> {
  const dedupeKey = `deadline:${d.componentId}:${d.kind}:${d.dueOn}`;
  const base = { componentId: d.componentId, supplierId: d.supplierId, dueOn: d.dueOn, reason: d.reason };
  return d.kind === "overdue"
    ? recordWebhookEvent(queue, trx, { type: "deadline.overdue", data: { ...base, daysOverdue: -d.daysLeft } }, { now, dedupeKey })
    : recordWebhookEvent(queue, trx, { type: "deadline.approaching", data: { ...base, daysLeft: d.daysLeft } }, { now, dedupeKey });
}
