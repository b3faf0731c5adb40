// The webhook event catalogue: every event Assay sends, with the shape of its payload (zod), so the
// services that emit, the worker that sends and the admin page that subscribes share one vocabulary.
// Payloads are thin (ids, states, a few names and dates): a receiver fetches more through the API.
// `version` is the payload version of the event type; a breaking change to a payload gets a new version.
import * as z from "zod";

const uuid = z.uuid();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const isoTime = z.iso.datetime({ offset: true });

export const WEBHOOK_PAYLOADS = {
  "assessment.issued": z.object({
    assessmentId: uuid,
    supplierId: uuid,
    supplierName: z.string(),
    templateVersionId: uuid,
    componentIds: z.array(uuid),
    dueDate: date,
  }),
  "assessment.submitted": z.object({ assessmentId: uuid, status: z.enum(["submitted", "resubmitted"]), submittedAt: isoTime }),
  "assessment.decided": z.object({
    assessmentId: uuid,
    decision: z.string(),
    validUntil: date,
    conditionFindingIds: z.array(uuid),
  }),
  "score.changed": z.object({
    assessmentId: uuid,
    scoreId: uuid,
    reason: z.string(),
    overall: z.number().nullable(),
    grade: z.string().nullable(),
    previous: z.object({ scoreId: uuid, overall: z.number().nullable(), grade: z.string().nullable() }).nullable(),
  }),
  "finding.opened": z.object({ findingId: uuid, assessmentId: uuid.nullable(), severity: z.string(), title: z.string() }),
  "finding.closed": z.object({ findingId: uuid, assessmentId: uuid.nullable(), closedAt: isoTime }),
  "deadline.approaching": z.object({ componentId: uuid, supplierId: uuid, dueOn: date, daysLeft: z.number().int(), reason: z.string() }),
  "deadline.overdue": z.object({ componentId: uuid, supplierId: uuid, dueOn: date, daysOverdue: z.number().int(), reason: z.string() }),
  "change_notice.filed": z.object({ noticeId: uuid, componentId: uuid, supplierId: uuid, kind: z.string(), occurredOn: date }),
  // Sent only by "Send test ping" on the admin page, to the one endpoint; not subscribable.
  "webhook.ping": z.object({ endpointId: uuid }),
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_PAYLOADS;
export type WebhookPayload<T extends WebhookEventType> = z.infer<(typeof WEBHOOK_PAYLOADS)[T]>;

/** The event types an endpoint may subscribe to (the test ping is not one). */
export const SUBSCRIBABLE_EVENT_TYPES = [
  "assessment.issued",
  "assessment.submitted",
  "assessment.decided",
  "score.changed",
  "finding.opened",
  "finding.closed",
  "deadline.approaching",
  "deadline.overdue",
  "change_notice.filed",
] as const satisfies readonly WebhookEventType[];
export type SubscribableEventType = (typeof SUBSCRIBABLE_EVENT_TYPES)[number];

export const EVENT_TYPE_LABELS: Record<SubscribableEventType, string> = {
  "assessment.issued": "Assessment issued to a supplier",
  "assessment.submitted": "Assessment submitted by the vendor",
  "assessment.decided": "Assessment decided",
  "score.changed": "Score changed",
  "finding.opened": "Finding opened",
  "finding.closed": "Finding closed",
  "deadline.approaching": "Reassessment deadline approaching",
  "deadline.overdue": "Reassessment deadline overdue",
  "change_notice.filed": "Change notice filed",
};

/** Payload version per event type (all 1 so far). */
export const PAYLOAD_VERSION: Record<WebhookEventType, number> = Object.fromEntries(Object.keys(WEBHOOK_PAYLOADS).map((t) => [t, 1])) as Record<
  WebhookEventType,
  number
>;

export type WebhookEvent = { [T in WebhookEventType]: { type: T; data: WebhookPayload<T> } }[WebhookEventType];

export function isSubscribableEventType(value: unknown): value is SubscribableEventType {
  return typeof value === "string" && (SUBSCRIBABLE_EVENT_TYPES as readonly string[]).includes(value);
}

/** Checks an event's payload against its schema (throws a zod error naming the field on a bad one). */
export function parseWebhookEvent(event: WebhookEvent): WebhookEvent {
  const schema = WEBHOOK_PAYLOADS[event.type] as z.ZodType;
  return { type: event.type, data: schema.parse(event.data) } as WebhookEvent;
}

/** The JSON body every delivery carries: the same bytes on every attempt (the signature covers them). */
export function eventBody(event: { id: string; type: WebhookEventType; occurredAt: Date; data: unknown }): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    version: PAYLOAD_VERSION[event.type],
    timestamp: event.occurredAt.toISOString(),
    data: event.data,
  });
}
