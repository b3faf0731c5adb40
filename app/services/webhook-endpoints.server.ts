// Webhook endpoints as admins manage them: register (URL checked and resolved: SSRF), the secret
// shown once, rotate it, enable and disable, the delivery log, redeliver, test ping, and the
// private-targets setting. Every change is audited.
import type { Kysely } from "kysely";
import * as z from "zod";
import type { Database, WebhookDeliveryStatus } from "../../db/schema";
import { invalidError, notFoundError, stateError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { SUBSCRIBABLE_EVENT_TYPES, type SubscribableEventType } from "../domain/webhooks/events";
import { generateSecret } from "../domain/webhooks/signing";
import { MAX_URL_LENGTH } from "../domain/webhooks/targets";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { enqueue, JOBS } from "./queue.server";
import { loadWebhookSettings, resolveTarget, targetPolicy } from "./webhook-delivery.server";
import { recordWebhookEvent } from "./webhooks-outbox.server";

export const endpointInputSchema = z.object({
  url: z.string().trim().min(1, "Enter the URL that receives the events.").max(MAX_URL_LENGTH, `Keep the URL under ${MAX_URL_LENGTH} characters.`),
  description: z.string().trim().max(500, "Keep the description under 500 characters.").default(""),
  eventTypes: z
    .array(z.enum(SUBSCRIBABLE_EVENT_TYPES, { error: "Choose among the listed events." }))
    .min(1, "Choose at least one event to send.")
    .transform((types) => [...new Set(types)]),
});
export type EndpointInput = z.output<typeof endpointInputSchema>;

export interface EndpointSummary {
  id: string;
  url: string;
  description: string;
  eventTypes: SubscribableEventType[];
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: Date;
  secretRotatedAt: Date | null;
}

function summary(r: {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  consecutive_failures: number;
  created_at: Date;
  secret_rotated_at: Date | null;
}): EndpointSummary {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types as SubscribableEventType[],
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    consecutiveFailures: r.consecutive_failures,
    createdAt: r.created_at,
    secretRotatedAt: r.secret_rotated_at,
  };
}

const SUMMARY_COLUMNS = [
  "id",
  "url",
  "description",
  "event_types",
  "enabled",
  "disabled_reason",
  "consecutive_failures",
  "created_at",
  "secret_rotated_at",
] as const;

export async function listEndpoints(db: Kysely<Database>): Promise<EndpointSummary[]> {
  const rows = await db.selectFrom("webhook_endpoints").select(SUMMARY_COLUMNS).orderBy("created_at").orderBy("id").execute();
  return rows.map(summary);
}

/** Checks the URL as delivery will (form, https, every resolved address): throws an invalid error on `url`. */
async function checkTarget(ctx: AppContext, url: string): Promise<void> {
  const settings = await loadWebhookSettings(ctx.db);
  const target = await resolveTarget(url, targetPolicy(ctx.config.env, settings.allowPrivateTargets));
  if (!target.ok) throw invalidError("url", target.message);
}

/** Registers an endpoint; returns its id and its secret, which is shown this once. */
export async function createEndpoint(ctx: AppContext, actor: Actor, input: EndpointInput): Promise<{ id: string; secret: string }> {
  await checkTarget(ctx, input.url);
  const secret = generateSecret();
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("webhook_endpoints")
      .values({
        url: input.url,
        description: input.description,
        event_types: input.eventTypes,
        secret,
        created_by: actor.type === "user" ? actor.id : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "webhook.create",
      entityType: "webhook_endpoint",
      entityId: id,
      details: { url: input.url, eventTypes: input.eventTypes },
    });
    return { id, secret };
  });
}

export interface DeliveryLogEntry {
  id: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export async function endpointPage(
  db: Kysely<Database>,
  id: string | undefined,
  limit = 50,
): Promise<{ endpoint: EndpointSummary; deliveries: DeliveryLogEntry[] }> {
  if (!isUuid(id)) throw notFoundError();
  const row = await db.selectFrom("webhook_endpoints").select(SUMMARY_COLUMNS).where("id", "=", id).executeTakeFirst();
  if (!row) throw notFoundError();
  const deliveries = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_events as e", "e.id", "d.event_id")
    .select([
      "d.id",
      "d.event_id",
      "e.type",
      "d.status",
      "d.attempts",
      "d.last_status_code",
      "d.last_error",
      "d.last_attempt_at",
      "d.next_attempt_at",
      "d.delivered_at",
      "d.created_at",
    ])
    .where("d.endpoint_id", "=", id)
    .orderBy("d.created_at", "desc")
    .orderBy("d.id", "desc")
    .limit(limit)
    .execute();
  return {
    endpoint: summary(row),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      eventId: d.event_id,
      eventType: d.type,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.last_status_code,
      lastError: d.last_error,
      lastAttemptAt: d.last_attempt_at,
      nextAttemptAt: d.next_attempt_at,
      deliveredAt: d.delivered_at,
      createdAt: d.created_at,
    })),
  };
}

/** A new secret, shown once; the old one stops working at once. */
export async function rotateSecret(ctx: AppContext, actor: Actor, id: string, now = new Date()): Promise<string> {
  if (!isUuid(id)) throw notFoundError();
  const secret = generateSecret();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("webhook_endpoints")
      .set({ secret, secret_rotated_at: now, updated_at: now })
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst();
    if (!row) throw notFoundError();
    await recordAudit(trx, actor, { action: "webhook.rotate_secret", entityType: "webhook_endpoint", entityId: id, details: {} });
    return secret;
  });
}

/** Enables (failure count reset; waiting deliveries resume) or disables (no more deliveries) an endpoint. */
export async function setEndpointEnabled(ctx: AppContext, actor: Actor, id: string, enabled: boolean, now = new Date()): Promise<void> {
  if (!isUuid(id)) throw notFoundError();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("webhook_endpoints")
      .set(
        enabled
          ? { enabled: true, disabled_reason: null, disabled_at: null, consecutive_failures: 0, updated_at: now }
          : { enabled: false, disabled_reason: "Disabled by an admin.", disabled_at: now, updated_at: now },
      )
      .where("id", "=", id)
      .returning("url")
      .executeTakeFirst();
    if (!row) throw notFoundError();
    if (enabled) {
      // Deliveries that waited while it was off are due now.
      const waiting = await trx
        .updateTable("webhook_deliveries")
        .set({ next_attempt_at: now })
        .where("endpoint_id", "=", id)
        .where("status", "=", "pending")
        .returning(["id", "attempts"])
        .execute();
      for (const d of waiting) await enqueue(ctx.queue, trx, JOBS.webhookDeliver, { deliveryId: d.id, attempt: d.attempts });
    }
    await recordAudit(trx, actor, {
      action: enabled ? "webhook.enable" : "webhook.disable",
      entityType: "webhook_endpoint",
      entityId: id,
      details: { url: row.url },
    });
  });
}

/** Sends one delivery again now (whatever became of it), audited. */
export async function redeliver(ctx: AppContext, actor: Actor, endpointId: string, deliveryId: string, now = new Date()): Promise<void> {
  if (!isUuid(endpointId) || !isUuid(deliveryId)) throw notFoundError();
  await ctx.db.transaction().execute(async (trx) => {
    const d = await trx
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhook_endpoints as e", "e.id", "d.endpoint_id")
      .select(["d.id", "d.status", "d.attempts", "d.event_id", "e.enabled"])
      .where("d.id", "=", deliveryId)
      .where("d.endpoint_id", "=", endpointId)
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw notFoundError();
    if (!d.enabled) throw stateError("The endpoint is disabled: enable it first, then redeliver.");
    if (d.status === "sending") throw stateError("That delivery is being sent right now.");
    await trx.updateTable("webhook_deliveries").set({ status: "pending", next_attempt_at: now }).where("id", "=", d.id).execute();
    await enqueue(ctx.queue, trx, JOBS.webhookDeliver, { deliveryId: d.id, attempt: d.attempts });
    await recordAudit(trx, actor, {
      action: "webhook.redeliver",
      entityType: "webhook_endpoint",
      entityId: endpointId,
      details: { deliveryId, eventId: d.event_id, previousStatus: d.status },
    });
  });
}

/** A `webhook.ping` event to this endpoint only. */
export async function sendTestPing(ctx: AppContext, actor: Actor, endpointId: string, now = new Date()): Promise<void> {
  if (!isUuid(endpointId)) throw notFoundError();
  await ctx.db.transaction().execute(async (trx) => {
    const e = await trx.selectFrom("webhook_endpoints").select(["id", "enabled"]).where("id", "=", endpointId).executeTakeFirst();
    if (!e) throw notFoundError();
    if (!e.enabled) throw stateError("The endpoint is disabled: enable it first, then send a test ping.");
    const recorded = await recordWebhookEvent(ctx.queue, trx, { type: "webhook.ping", data: { endpointId } }, { endpointId, now });
    await recordAudit(trx, actor, {
      action: "webhook.ping",
      entityType: "webhook_endpoint",
      entityId: endpointId,
      details: { eventId: recorded?.eventId ?? null },
    });
  });
}

export async function setAllowPrivateTargets(ctx: AppContext, actor: Actor, allow: boolean, now = new Date()): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("webhook_settings")
      .values({ id: 1, allow_private_targets: allow, updated_at: now, updated_by: actor.type === "user" ? actor.id : null })
      .onConflict((oc) => oc.column("id").doUpdateSet({ allow_private_targets: allow, updated_at: now, updated_by: actor.type === "user" ? actor.id : null }))
      .execute();
    await recordAudit(trx, actor, { action: "webhook.settings", entityType: "webhook_settings", entityId: null, details: { allowPrivateTargets: allow } });
  });
}
