// The audit trail over the REST API: read-only, in sequence order, paged by seq.
import * as z from "zod";
import { AUDIT_EVENTS } from "../../../domain/audit-events";
import { listAuditEventsAfter } from "../../../services/audit.server";
import { defineOperation, type ApiOperation } from "../operation";
import { decodeCursor, pageOf, pageQuery, pageReply } from "../pagination";

export const auditEventResource = z.object({
  seq: z.int().describe("Position in the hash-chained trail."),
  at: z.string(),
  actorType: z.enum(["user", "vendor", "system", "cli"]),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

export const auditEventOperations: ApiOperation[] = [
  defineOperation({
    method: "GET",
    path: "/audit-events",
    operationId: "listAuditEvents",
    tag: "Audit trail",
    summary: "Read the audit trail",
    description: "Oldest first. Poll with the last page's `next` link to follow new events.",
    action: "audit:read",
    scope: "read",
    query: pageQuery.extend({
      action: z.enum(AUDIT_EVENTS).optional(),
      entityType: z.string().max(100).optional(),
      entityId: z.string().max(100).optional(),
      actorId: z.string().max(100).optional(),
    }),
    response: pageOf(auditEventResource),
    async handler(call) {
      const { limit, cursor, ...filters } = call.query;
      const after = decodeCursor(cursor, "number");
      const rows = await listAuditEventsAfter(call.app.db, filters, after ? Number(after.key) : null, limit + 1);
      return pageReply(
        call,
        rows,
        limit,
        (row) => ({ key: Number(row.seq), id: String(row.seq) }),
        (row) => ({
          seq: Number(row.seq),
          at: row.at.toISOString(),
          actorType: row.actor_type,
          actorId: row.actor_id,
          actorLabel: row.actor_label,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          details: row.details,
          hash: row.hash,
        }),
      );
    },
  }),
];
