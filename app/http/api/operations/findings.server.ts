// /api/v1/findings and an assessment's decision: read only, with the permission of the findings
// and assessment pages (assessment:read). Raising and moving findings stay on the pages.
import * as z from "zod";
import { ASSESSMENT_STATUSES } from "../../../domain/assessment-lifecycle";
import { notFoundError } from "../../../domain/errors";
import { DECISIONS } from "../../../domain/review/decision";
import { FINDING_SOURCES, FINDING_STATUSES, SEVERITIES } from "../../../domain/review/findings";
import { listFindingsPage } from "../../../services/api-assessment-queries.server";
import { getFindingForStaff } from "../../../services/findings.server";
import { reviewPanelData } from "../../../services/review-panel.server";
import { defineOperation, type ApiOperation } from "../operation";
import { pageOf, pageQuery } from "../pagination";
import { calendarDay, isoDateTime, named, nextLink, queryBoolean, uuidParam } from "./assess-common";

const TAG = "Findings and decisions";
const severity = z.enum(SEVERITIES);
const findingStatus = z.enum(FINDING_STATUSES);
const source = z.enum(FINDING_SOURCES);

const findingSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  severity,
  status: findingStatus,
  source: source.describe("answer, scorecard, or condition (of an approval with conditions)."),
  dueDate: calendarDay.nullable(),
  overdue: z.boolean(),
  assessmentId: z.uuid().nullable(),
  supplier: named,
  component: named.nullable(),
  questionKey: z.string().nullable(),
  owner: named.nullable(),
  createdAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
  vendorRespondedAt: isoDateTime.nullable(),
});

export const listFindingsOp = defineOperation({
  method: "GET",
  path: "/findings",
  operationId: "listFindings",
  tag: TAG,
  summary: "List findings",
  description: "The filters of the findings page; newest first, cursor-paged.",
  action: "assessment:read",
  scope: "read",
  query: pageQuery.extend({
    status: z
      .enum(["active", ...FINDING_STATUSES] as const)
      .optional()
      .describe("A status, or active (open or remediating)."),
    severity: severity.optional(),
    source: source.optional(),
    supplier: z.uuid().optional(),
    assessment: z.uuid().optional(),
    owner: z
      .union([z.enum(["me", "none"]), z.uuid()])
      .optional()
      .describe("me, none, or a user id."),
    overdue: queryBoolean.optional().describe("true: active and past its due date."),
    q: z.string().trim().max(100).optional().describe("Part of the title or the supplier's name."),
  }),
  response: pageOf(findingSummary),
  async handler({ app, principal, query, self }) {
    const { cursor, limit, owner, ...filters } = query;
    const page = await listFindingsPage(app.db, { ...filters, owner: owner === "me" ? principal.id : owner }, { cursor, limit });
    return { body: { data: page.items, next: nextLink(self, page.nextCursor) } };
  },
});

const findingDetail = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  severity,
  status: findingStatus,
  source,
  dueDate: calendarDay.nullable(),
  overdue: z.boolean(),
  assessmentId: z.uuid().nullable(),
  supplier: named,
  component: named.nullable(),
  question: z.object({ key: z.string(), prompt: z.string().nullable(), section: z.string().nullable() }).nullable(),
  owner: z.object({ id: z.uuid(), name: z.string().nullable(), email: z.string().nullable() }).nullable(),
  createdByName: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
  vendorResponse: z.string().nullable(),
  vendorRespondedAt: isoDateTime.nullable(),
  events: z.array(
    z.object({
      kind: z.string(),
      fromStatus: findingStatus.nullable(),
      toStatus: findingStatus.nullable(),
      note: z.string().nullable(),
      actorLabel: z.string(),
      byVendor: z.boolean(),
      at: isoDateTime,
    }),
  ),
  files: z.array(
    z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), sha256: z.string(), createdAt: isoDateTime }),
  ),
  affectedSystems: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

export const getFindingOp = defineOperation({
  method: "GET",
  path: "/findings/{findingId}",
  operationId: "getFinding",
  tag: TAG,
  summary: "Get a finding with its history",
  action: "assessment:read",
  scope: "read",
  params: z.object({ findingId: uuidParam("finding") }),
  response: findingDetail,
  async handler({ app, principal, params }) {
    const page = await getFindingForStaff(app.db, params.findingId, { id: principal.id, role: principal.role });
    if (!page) throw notFoundError("No finding has this id.");
    const f = page.finding;
    return {
      body: {
        id: f.id,
        title: f.title,
        description: f.description,
        severity: f.severity,
        status: f.status,
        source: f.source,
        dueDate: f.dueDate,
        overdue: f.overdue,
        assessmentId: f.assessmentId,
        supplier: { id: f.supplierId, name: f.supplierName },
        component: f.componentId ? { id: f.componentId, name: f.componentName ?? "" } : null,
        question: f.questionKey ? { key: f.questionKey, prompt: f.questionPrompt, section: f.sectionTitle } : null,
        owner: f.ownerId ? { id: f.ownerId, name: f.ownerName, email: f.ownerEmail } : null,
        createdByName: f.createdByName,
        createdAt: f.createdAt,
        updatedAt: f.updatedAt,
        closedAt: f.closedAt,
        vendorResponse: f.vendorResponse,
        vendorRespondedAt: f.vendorRespondedAt,
        events: page.events.map((e) => ({
          kind: e.kind,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          note: e.note,
          actorLabel: e.actorLabel,
          byVendor: e.byVendor,
          at: e.at,
        })),
        files: page.files.map((x) => ({
          id: x.id,
          fileName: x.fileName,
          contentType: x.contentType,
          sizeBytes: x.sizeBytes,
          sha256: x.sha256,
          createdAt: x.createdAt,
        })),
        affectedSystems: page.affectedSystems.map((s) => ({ id: s.id, name: s.name })),
      },
    };
  },
});

const decisionBody = z.object({
  decision: z.enum(DECISIONS),
  label: z.string(),
  rationale: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: isoDateTime,
  validUntil: calendarDay.nullable().describe("The decision holds until this date; then the assessment expires."),
  expiredAt: isoDateTime.nullable(),
  conditions: z
    .array(z.object({ id: z.uuid(), title: z.string(), severity, dueDate: calendarDay.nullable(), status: findingStatus }))
    .describe("For an approval with conditions: the condition findings."),
});

export const getAssessmentDecisionOp = defineOperation({
  method: "GET",
  path: "/assessments/{assessmentId}/decision",
  operationId: "getAssessmentDecision",
  tag: TAG,
  summary: "Read an assessment's decision",
  description: "The review's outcome as the assessment page shows it; `decision` is null until the assessment is decided.",
  action: "assessment:read",
  scope: "read",
  params: z.object({ assessmentId: uuidParam("assessment") }),
  response: z.object({ assessmentId: z.uuid(), status: z.enum(ASSESSMENT_STATUSES), decision: decisionBody.nullable() }),
  async handler({ app, principal, params }) {
    const panel = await reviewPanelData(app.db, params.assessmentId, { id: principal.id, role: principal.role });
    if (!panel) throw notFoundError("No assessment has this id.");
    return { body: { assessmentId: params.assessmentId, status: panel.status, decision: panel.decision } };
  },
});

export const FINDING_OPERATIONS: ApiOperation[] = [listFindingsOp, getFindingOp, getAssessmentDecisionOp] as unknown as ApiOperation[];
