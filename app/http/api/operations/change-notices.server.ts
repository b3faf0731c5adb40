// /api/v1/change-notices: a vendor's change to an AI component (new model version, retrain, new
// training data, sub-processor, incident), recorded by staff on the vendor's behalf with the
// component page's permission (component:write) and the same service: the notice, its audit event,
// the emails to dependent systems' owners and the component's deadline move, in one transaction.
import * as z from "zod";
import { CHANGE_DESCRIPTION_MAX } from "../../../domain/deadlines/change-notice-form";
import { CHANGE_KINDS } from "../../../domain/deadlines/next-reassessment";
import { apiActor, getChangeNotice, listChangeNoticesPage } from "../../../services/api-assessment-queries.server";
import { recordChangeNotice } from "../../../services/change-notices.server";
import { defineOperation, type ApiOperation } from "../operation";
import { pageOf, pageQuery } from "../pagination";
import { calendarDay, isoDateTime, nextLink, queryBoolean } from "./assess-common";

const TAG = "Change notices";
const kind = z.enum(CHANGE_KINDS);

const changeNotice = z.object({
  id: z.uuid(),
  component: z.object({ id: z.uuid(), name: z.string(), version: z.string().nullable() }),
  supplier: z.object({ id: z.uuid(), name: z.string() }),
  kind,
  occurredOn: calendarDay,
  description: z.string(),
  reportedBy: z.object({ label: z.string(), by: z.enum(["vendor", "staff"]), userId: z.uuid().nullable() }),
  createdAt: isoDateTime,
  reviewedAt: isoDateTime.nullable().describe("Set when a later decided review of the component covers it."),
  reviewedByAssessmentId: z.uuid().nullable(),
});

export const createChangeNoticeOp = defineOperation({
  method: "POST",
  path: "/change-notices",
  operationId: "createChangeNotice",
  tag: TAG,
  summary: "Record a change to an AI component",
  description:
    "As the component page's Record a change: the owners of internal systems that depend on the component are emailed and its reassessment deadline moves per policy. The date must be today or earlier. Send an Idempotency-Key so a retry records one notice.",
  action: "component:write",
  scope: "write",
  creates: true,
  status: 201,
  body: z.strictObject({
    componentId: z.uuid({ error: "Choose the AI component that changed" }),
    kind: kind.describe("What changed."),
    occurredOn: calendarDay.describe("When it happened (today or earlier, UTC)."),
    description: z.string().min(1, "Describe the change").max(CHANGE_DESCRIPTION_MAX, `Keep the description under ${CHANGE_DESCRIPTION_MAX} characters`),
  }),
  response: changeNotice,
  async handler({ app, principal, body, url }) {
    const actor = await apiActor(app.db, principal.id);
    const { noticeId } = await recordChangeNotice(app, { type: "user", id: actor.id, email: actor.email, name: actor.name }, body);
    return { status: 201, location: url(`/change-notices?component=${body.componentId}`), body: await getChangeNotice(app.db, noticeId) };
  },
});

export const listChangeNoticesOp = defineOperation({
  method: "GET",
  path: "/change-notices",
  operationId: "listChangeNotices",
  tag: TAG,
  summary: "List change notices",
  description: "Of one component or one supplier (or all), newest recorded first, cursor-paged. The inventory's read permission, as the component page.",
  action: "inventory:read",
  scope: "read",
  query: pageQuery.extend({
    component: z.uuid().optional(),
    supplier: z.uuid().optional(),
    kind: kind.optional(),
    reviewed: queryBoolean.optional().describe("false: only those no decided review covers yet (changed since last review)."),
  }),
  response: pageOf(changeNotice),
  async handler({ app, query, self }) {
    const { cursor, limit, ...filters } = query;
    const page = await listChangeNoticesPage(app.db, filters, { cursor, limit });
    return { body: { data: page.items, next: nextLink(self, page.nextCursor) } };
  },
});

export const CHANGE_NOTICE_OPERATIONS: ApiOperation[] = [createChangeNoticeOp, listChangeNoticesOp] as unknown as ApiOperation[];
