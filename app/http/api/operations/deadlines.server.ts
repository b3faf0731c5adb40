// /api/v1/deadlines: every component's next reassessment, grouped by internal system or supplier,
// with the filters of /deadlines (dashboard:read, as the page), earliest first, cursor-paged.
import * as z from "zod";
import { DEADLINE_GROUPS, DEADLINE_WINDOWS } from "../../../domain/deadlines/query";
import { RISK_LEVELS } from "../../../domain/scoring/methodology";
import { listDeadlinesPage } from "../../../services/api-assessment-queries.server";
import { defineOperation, type ApiOperation } from "../operation";
import { pageOf, pageQuery } from "../pagination";
import { calendarDay, nextLink } from "./assess-common";

const riskLevel = z.enum(RISK_LEVELS);

const deadlineGroup = z.object({
  kind: z.enum(DEADLINE_GROUPS),
  id: z.uuid().describe("The internal system's or the supplier's id."),
  name: z.string(),
  ownerName: z.string().nullable(),
  dueOn: calendarDay.describe("The earliest deadline among its components."),
  daysLeft: z.number().int().describe("Negative: overdue by that many days."),
  residual: riskLevel.nullable().describe("The worst residual risk among its components (null: none rated)."),
  components: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      supplierId: z.uuid(),
      supplierName: z.string(),
      dueOn: calendarDay,
      reasonKind: z.enum(["never_reviewed", "cadence", "declared_cadence", "evidence", "finding", "acceptance", "change"]),
      reason: z.string(),
      inherent: riskLevel,
      residual: riskLevel.nullable(),
      decidedAssessmentId: z.uuid().nullable().describe("The latest decided assessment covering it, to reassess."),
    }),
  ),
});

export const listDeadlinesOp = defineOperation({
  method: "GET",
  path: "/deadlines",
  operationId: "listDeadlines",
  tag: "Deadlines",
  summary: "List reassessment deadlines",
  description: "The deadlines page's groups and filters; earliest first (then worst residual risk, then name), cursor-paged.",
  action: "dashboard:read",
  scope: "read",
  query: pageQuery.extend({
    group: z.enum(DEADLINE_GROUPS).default("system").describe("Group by internal system (its exposure) or by supplier."),
    owner: z
      .union([z.literal("me"), z.uuid()])
      .optional()
      .describe("me or a user id: the system's owner, or the supplier's procurement owner."),
    risk: riskLevel.optional().describe("Only components of this inherent risk."),
    window: z.enum(DEADLINE_WINDOWS).default("all").describe("overdue, 30, 60 or 90 days ahead, or all."),
  }),
  response: pageOf(deadlineGroup).extend({ today: calendarDay, total: z.number().int().describe("Groups matching the filters, on every page.") }),
  async handler({ app, principal, query, self }) {
    const { cursor, limit, owner, ...filters } = query;
    const page = await listDeadlinesPage(app.db, { ...filters, owner: owner === "me" ? principal.id : owner }, { cursor, limit });
    return {
      body: { data: page.items, next: nextLink(self, page.nextCursor), today: page.today, total: page.total },
    };
  },
});

export const DEADLINE_OPERATIONS: ApiOperation[] = [listDeadlinesOp] as unknown as ApiOperation[];
