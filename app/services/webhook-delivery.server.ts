// Sending webhook deliveries: claim, check the target (again: DNS may have changed since the endpoint
// was registered), POST the signed JSON to the address that was checked (pinned, so a second DNS answer
// cannot switch it), never follow a redirect, record the outcome, schedule the next attempt, and
// disable an endpoint that keeps failing (telling the admins by mail). Decision 0022.
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import {
  AUTO_DISABLE_AFTER_FAILURES,
  CLAIM_LEASE_MS,
  DELIVERY_TIMEOUT_MS,
  isSuccessStatus,
  nextAttemptAt,
  shouldDisable,
  truncate,
} from "../domain/webhooks/delivery-policy";
import { eventBody, type WebhookEventType } from "../domain/webhooks/events";
import { signedHeaders } from "../domain/webhooks/signing";
import { addressesRefusal, checkWebhookUrl, type TargetPolicy } from "../domain/webhooks/targets";
import { recordAudit, SYSTEM_ACTOR } from "./audit.server";
import type { AppContext } from "./context.server";
import { queueEmail } from "./mail.server";
import { enqueue, JOBS } from "./queue.server";

export async function loadWebhookSettings(db: Kysely<Database>): Promise<{ allowPrivateTargets: boolean }> {
  const row = await db.selectFrom("webhook_settings").select("allow_private_targets").where("id", "=", 1).executeTakeFirst();
  return { allowPrivateTargets: row?.allow_private_targets ?? false };
}

/** Private targets only with the admin setting; plain http outside production, or with the setting (a lab receiver). */
export function targetPolicy(env: AppContext["config"]["env"], allowPrivateTargets: boolean): TargetPolicy {
  return { allowPrivate: allowPrivateTargets, allowHttp: env !== "production" || allowPrivateTargets };
}

export type ResolvedTarget = { ok: true; url: URL; address: string; family: 4 | 6 } | { ok: false; message: string };

/** Checks the URL and every address its host resolves to; the first allowed address is the one to connect to. */
export async function resolveTarget(rawUrl: string, policy: TargetPolicy): Promise<ResolvedTarget> {
  const checked = checkWebhookUrl(rawUrl, policy);
  if (!checked.ok) return checked;
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await lookup(checked.host, { all: true, verbatim: true });
  } catch (error) {
    return { ok: false, message: `${checked.host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? "DNS error"}).` };
  }
  const refusal = addressesRefusal(
    checked.host,
    addresses.map((a) => a.address),
    policy,
  );
  if (refusal) return { ok: false, message: refusal };
  const first = addresses[0]!;
  return { ok: true, url: checked.url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

export interface PostOutcome {
  status: number | null;
  error: string | null;
}

/** POSTs `body` to `target.url`, connecting to `target.address` only; a redirect is returned, not followed. */
export function postPinned(
  target: { url: URL; address: string; family: 4 | 6 },
  headers: Record<string, string>,
  body: string,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<PostOutcome> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = client.request(
      target.url,
      {
        method: "POST",
        lookup: pinned,
        agent: false,
        headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Assay-Webhooks/1" },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < 1024) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8").slice(0, 300).trim();
          if (isSuccessStatus(status)) finish({ status, error: null });
          else if (status >= 300 && status < 400)
            finish({ status, error: `Redirect to ${response.headers.location ?? "(no location)"} not followed: register the final URL.` });
          else finish({ status, error: truncate(`HTTP ${status}${text ? `: ${text}` : ""}`) });
        });
        response.on("error", (error) => finish({ status, error: truncate(error.message) }));
      },
    );
    // One deadline for the whole exchange (connect, send, response), however slowly bytes trickle in.
    const timer = setTimeout(() => {
      finish({ status: null, error: `No response within ${Math.round(timeoutMs / 1000)} s.` });
      request.destroy();
    }, timeoutMs);
    request.on("error", (error) => finish({ status: null, error: truncate(`${(error as NodeJS.ErrnoException).code ?? "Error"}: ${error.message}`) }));
    request.end(body);
  });
}

export interface DeliveryOptions {
  now?: Date;
  /** In [0, 1): the retry jitter (tests pass a fixed one). */
  random?: number;
  autoDisableAfter?: number;
  timeoutMs?: number;
}

export type WebhookDeliveryOutcome = "delivered" | "retrying" | "failed" | "skipped";

/**
 * One attempt at one delivery. `attempt`: the attempt count when the job was enqueued; a job overtaken
 * by another (a redelivery, the sweep) finds another count and does nothing. The claim (pending and
 * due → sending) is one UPDATE, so two workers never send the same attempt.
 */
export async function deliverWebhook(ctx: AppContext, deliveryId: string, attempt?: number, options: DeliveryOptions = {}): Promise<WebhookDeliveryOutcome> {
  const now = options.now ?? new Date();
  const claimed = await ctx.db
    .updateTable("webhook_deliveries as d")
    .set({ status: "sending", last_attempt_at: now })
    .where("d.id", "=", deliveryId)
    .where((eb) =>
      eb.or([
        eb.and([eb("d.status", "=", "pending"), eb("d.next_attempt_at", "<=", now), ...(attempt === undefined ? [] : [eb("d.attempts", "=", attempt)])]),
        // A worker that died mid-send leaves `sending`: after the lease, it may be tried again.
        eb.and([eb("d.status", "=", "sending"), eb("d.last_attempt_at", "<", new Date(now.getTime() - CLAIM_LEASE_MS))]),
      ]),
    )
    .where((eb) => eb.exists(eb.selectFrom("webhook_endpoints as e").select("e.id").whereRef("e.id", "=", "d.endpoint_id").where("e.enabled", "=", true)))
    .returning(["d.id", "d.endpoint_id", "d.event_id", "d.attempts"])
    .executeTakeFirst();
  if (!claimed) return "skipped";

  const endpoint = await ctx.db.selectFrom("webhook_endpoints").select(["id", "url", "secret"]).where("id", "=", claimed.endpoint_id).executeTakeFirstOrThrow();
  const event = await ctx.db
    .selectFrom("webhook_events")
    .select(["id", "type", "payload", "occurred_at"])
    .where("id", "=", claimed.event_id)
    .executeTakeFirstOrThrow();
  const body = eventBody({ id: event.id, type: event.type as WebhookEventType, occurredAt: event.occurred_at, data: event.payload });

  const settings = await loadWebhookSettings(ctx.db);
  const target = await resolveTarget(endpoint.url, targetPolicy(ctx.config.env, settings.allowPrivateTargets));
  // The webhook-id is the event's id: the same on every attempt and every endpoint, so receivers can de-duplicate.
  const outcome: PostOutcome = target.ok
    ? await postPinned(target, { ...signedHeaders(endpoint.secret, event.id, now, body) }, body, options.timeoutMs)
    : { status: null, error: `Refused: ${target.message}` };

  const attempts = claimed.attempts + 1;
  const finishedAt = options.now ?? new Date();
  if (outcome.error === null) {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("webhook_deliveries")
        .set({ status: "delivered", attempts, last_status_code: outcome.status, last_error: null, delivered_at: finishedAt, next_attempt_at: null })
        .where("id", "=", claimed.id)
        .execute();
      await trx.updateTable("webhook_endpoints").set({ consecutive_failures: 0 }).where("id", "=", endpoint.id).execute();
    });
    return "delivered";
  }

  const next = nextAttemptAt(attempts, now, options.random ?? Math.random());
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("webhook_deliveries")
      .set({ status: next ? "pending" : "failed", attempts, last_status_code: outcome.status, last_error: outcome.error, next_attempt_at: next })
      .where("id", "=", claimed.id)
      .execute();
    if (next) await enqueue(ctx.queue, trx, JOBS.webhookDeliver, { deliveryId: claimed.id, attempt: attempts }, { startAfter: next });
    const counted = await trx
      .updateTable("webhook_endpoints")
      .set((eb) => ({ consecutive_failures: eb("consecutive_failures", "+", 1) }))
      .where("id", "=", endpoint.id)
      .returning(["consecutive_failures", "enabled", "url"])
      .executeTakeFirstOrThrow();
    if (counted.enabled && shouldDisable(counted.consecutive_failures, options.autoDisableAfter ?? AUTO_DISABLE_AFTER_FAILURES)) {
      await disableAfterFailures(ctx, trx, endpoint.id, counted.url, counted.consecutive_failures, outcome.error ?? "unknown", finishedAt);
    }
    return next ? "retrying" : "failed";
  });
}

async function disableAfterFailures(
  ctx: AppContext,
  trx: Transaction<Database>,
  endpointId: string,
  url: string,
  failures: number,
  lastError: string,
  now: Date,
): Promise<void> {
  const reason = truncate(`Disabled automatically after ${failures} failed deliveries in a row. Last error: ${lastError}`, 1000);
  await trx
    .updateTable("webhook_endpoints")
    .set({ enabled: false, disabled_reason: reason, disabled_at: now, updated_at: now })
    .where("id", "=", endpointId)
    .execute();
  await recordAudit(trx, SYSTEM_ACTOR, {
    action: "webhook.auto_disable",
    entityType: "webhook_endpoint",
    entityId: endpointId,
    details: { url, failures, lastError },
  });
  const admins = await trx
    .selectFrom("users")
    .select(["email", "name"])
    .where("role", "=", "admin")
    .where("disabled_at", "is", null)
    .orderBy("email")
    .execute();
  for (const admin of admins) {
    await queueEmail(ctx.queue, trx, admin.email, "webhook-disabled", {
      recipientName: admin.name,
      endpointUrl: url,
      failures,
      lastError,
      url: `${ctx.config.baseUrl}/admin/webhooks/${endpointId}`,
    });
  }
}

/**
 * Attempts every delivery that is due at `now` (or whose claim went stale): the scheduled safety net
 * behind the per-delivery jobs, and how tests move time without sleeping. Returns the outcomes.
 */
export async function deliverDueWebhooks(ctx: AppContext, options: DeliveryOptions = {}, limit = 100): Promise<WebhookDeliveryOutcome[]> {
  const now = options.now ?? new Date();
  const due = await ctx.db
    .selectFrom("webhook_deliveries")
    .select("id")
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "pending"), eb("next_attempt_at", "<=", now)]),
        eb.and([eb("status", "=", "sending"), eb("last_attempt_at", "<", new Date(now.getTime() - CLAIM_LEASE_MS))]),
      ]),
    )
    .orderBy("next_attempt_at")
    .limit(limit)
    .execute();
  const outcomes: WebhookDeliveryOutcome[] = [];
  for (const d of due) outcomes.push(await deliverWebhook(ctx, d.id, undefined, options));
  return outcomes;
}
