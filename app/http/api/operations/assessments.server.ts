// /api/v1/assessments: issue a questionnaire (the service and checks of /assessments/new), the
// list with the filters of /assessments (cursor-paged), one assessment, its answers, its latest
// score, and closing (withdrawing) it through the lifecycle: a move the state refuses is a 409.
import * as z from "zod";
import { ASSESSMENT_STATUSES, transition } from "../../../domain/assessment-lifecycle";
import { calendarDate } from "../../../domain/calendar";
import { notFoundError, stateError } from "../../../domain/errors";
import { DECISIONS } from "../../../domain/review/decision";
import { RISK_LEVELS } from "../../../domain/scoring/methodology";
import type { Rating } from "../../../domain/scoring/types";
import { GRADES, SCORING_DOMAINS, type TemplateDefinition } from "../../../domain/templates/definition";
import { listAssessmentsPage } from "../../../services/api-assessment-queries.server";
import { issueAssessment } from "../../../services/assessment-issue.server";
import { closeAssessment, reopenAssessment } from "../../../services/assessment-lifecycle.server";
import { assessmentAnswers, getAssessmentForStaff } from "../../../services/assessment-queries.server";
import type { AppContext } from "../../../services/context.server";
import { getScorecard } from "../../../services/scores-scorecard.server";
import { defineOperation, type ApiOperation } from "../operation";
import { pageOf, pageQuery } from "../pagination";
import { calendarDay, isoDateTime, named, nextLink, queryBoolean, uuidParam } from "./assess-common";

const TAG = "Assessments";
const status = z.enum(ASSESSMENT_STATUSES);
const assessmentParams = z.object({ assessmentId: uuidParam("assessment") });

// ---------------------------------------------------------------------------------------------
// Shapes

const assessmentSummary = z.object({
  id: z.uuid(),
  status,
  dueDate: calendarDay,
  overdue: z.boolean().describe("Still with the vendor and past its due date."),
  supplier: named,
  template: z.object({ id: z.uuid(), name: z.string(), version: z.number().int(), versionId: z.uuid() }),
  campaignId: z.uuid().nullable(),
  owner: named.nullable().describe("The supplier's procurement owner, or whoever issued it when the supplier has none."),
  decision: z.enum(DECISIONS).nullable(),
  issuedAt: isoDateTime,
  submittedAt: isoDateTime.nullable(),
  decidedAt: isoDateTime.nullable(),
  closedAt: isoDateTime.nullable(),
});

const assessmentDetail = z.object({
  id: z.uuid(),
  status,
  dueDate: calendarDay,
  message: z.string().nullable(),
  supplier: named,
  template: z.object({ id: z.uuid(), name: z.string(), version: z.number().int(), versionId: z.uuid() }),
  campaignId: z.uuid().nullable(),
  issuedByName: z.string().nullable(),
  ownerName: z.string().nullable(),
  issuedAt: isoDateTime,
  updatedAt: isoDateTime,
  submittedAt: isoDateTime.nullable(),
  reopenedAt: isoDateTime.nullable(),
  closedAt: isoDateTime.nullable(),
  validUntil: calendarDay.nullable(),
  components: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string(), version: z.string().nullable() })),
  contacts: z
    .array(
      z.object({
        grantId: z.uuid(),
        name: z.string().nullable(),
        email: z.string(),
        expiresAt: isoDateTime,
        revokedAt: isoDateTime.nullable(),
        lastUsedAt: isoDateTime.nullable(),
      }),
    )
    .describe("Who answers: one magic-link grant per vendor contact."),
  progress: z.object({ percent: z.number(), required: z.number().int(), requiredAnswered: z.number().int(), complete: z.boolean() }),
});

async function assessmentBody(app: AppContext, id: string): Promise<z.output<typeof assessmentDetail>> {
  const page = await getAssessmentForStaff(app.db, id);
  if (!page) throw notFoundError("No assessment has this id.");
  const a = page.assessment;
  return {
    id: a.id,
    status: a.status,
    dueDate: calendarDate(a.due_date),
    message: a.message,
    supplier: { id: a.supplier_id, name: a.supplier_name },
    template: { id: a.template_id, name: a.template_name, version: a.version, versionId: a.template_version_id },
    campaignId: a.campaign_id,
    issuedByName: a.issued_by_name,
    ownerName: a.owner_name,
    issuedAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
    submittedAt: a.submitted_at?.toISOString() ?? null,
    reopenedAt: a.reopened_at?.toISOString() ?? null,
    closedAt: a.closed_at?.toISOString() ?? null,
    validUntil: a.valid_until ? calendarDate(a.valid_until) : null,
    components: page.components.map((c) => ({ id: c.id, name: c.name, kind: c.kind, version: c.version })),
    contacts: page.grants.map((g) => ({
      grantId: g.id,
      name: g.name,
      email: g.email,
      expiresAt: g.expires_at.toISOString(),
      revokedAt: g.revoked_at?.toISOString() ?? null,
      lastUsedAt: g.last_used_at?.toISOString() ?? null,
    })),
    progress: {
      percent: page.progress.percent,
      required: page.progress.required,
      requiredAnswered: page.progress.requiredAnswered,
      complete: page.progress.complete,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Issue

const issueBody = z.strictObject({
  supplierId: z.uuid({ error: "Choose a supplier" }).describe("A prospective or active supplier."),
  templateVersionId: z.uuid({ error: "Choose a published template version" }).describe("A published version of a live template."),
  componentIds: z
    .array(z.uuid({ error: "Choose among this supplier's active AI components" }))
    .max(500, "Choose among this supplier's active AI components")
    .default([])
    .describe("The supplier's active AI components to ask about."),
  contactIds: z
    .array(z.uuid({ error: "Choose among this supplier's contacts" }))
    .min(1, "Choose at least one contact to send the questionnaire to")
    .max(500, "Choose among this supplier's contacts")
    .describe("The supplier's contacts who answer; each is mailed a magic link."),
  dueDate: calendarDay.describe("After today (UTC) and within two years, YYYY-MM-DD."),
  message: z.string().max(5000, "Keep the message under 5000 characters").nullable().optional().describe("A note to the vendor in the invitation."),
});

export const issueAssessmentOp = defineOperation({
  method: "POST",
  path: "/assessments",
  operationId: "issueAssessment",
  tag: TAG,
  summary: "Issue a questionnaire to a supplier",
  description:
    "What the Issue a questionnaire page does, with the same checks: the assessment, its components, a grant per contact, the audit events and the invitation emails, in one transaction. Send an Idempotency-Key: a retried request returns the first reply and issues nothing more.",
  action: "assessment:issue",
  scope: "write",
  creates: true,
  status: 201,
  body: issueBody,
  response: assessmentDetail,
  async handler({ app, actor, body, url }) {
    const { assessmentId } = await issueAssessment(app, actor, {
      supplierId: body.supplierId,
      templateVersionId: body.templateVersionId,
      componentIds: body.componentIds,
      contactIds: body.contactIds,
      dueDate: body.dueDate,
      message: body.message?.trim() ? body.message.trim() : null,
    });
    return { status: 201, location: url(`/assessments/${assessmentId}`), body: await assessmentBody(app, assessmentId) };
  },
});

// ---------------------------------------------------------------------------------------------
// List and read

const listQuery = pageQuery.extend({
  status: z
    .enum([...ASSESSMENT_STATUSES, "open"] as const)
    .optional()
    .describe("A status, or open (sent, in progress or changes requested)."),
  due: z.enum(["7", "14", "30"]).optional().describe("Still open and due within this many days."),
  overdue: queryBoolean.optional().describe("true: still open and past the due date."),
  supplier: z.uuid().optional(),
  campaign: z.uuid().optional(),
  template: z.uuid().optional().describe("Sent with any version of this template."),
  owner: z
    .union([z.enum(["me", "none"]), z.uuid()])
    .optional()
    .describe("me, none, or a user id: the supplier's procurement owner, else the issuer."),
  q: z.string().trim().max(100).optional().describe("Part of the supplier's name."),
});

export const listAssessmentsOp = defineOperation({
  method: "GET",
  path: "/assessments",
  operationId: "listAssessments",
  tag: TAG,
  summary: "List assessments",
  description: "The filters of the assessments page; newest issued first, cursor-paged (a page starts strictly after the previous one's last row).",
  action: "assessment:read",
  scope: "read",
  query: listQuery,
  response: pageOf(assessmentSummary),
  async handler({ app, principal, query, self }) {
    const { cursor, limit, owner, ...filters } = query;
    const page = await listAssessmentsPage(app.db, { ...filters, owner: owner === "me" ? principal.id : owner }, { cursor, limit });
    return { body: { data: page.items, next: nextLink(self, page.nextCursor) } };
  },
});

export const getAssessmentOp = defineOperation({
  method: "GET",
  path: "/assessments/{assessmentId}",
  operationId: "getAssessment",
  tag: TAG,
  summary: "Get an assessment",
  action: "assessment:read",
  scope: "read",
  params: assessmentParams,
  response: assessmentDetail,
  async handler({ app, params }) {
    return { body: await assessmentBody(app, params.assessmentId) };
  },
});

const answerItem = z.object({
  questionKey: z.string(),
  componentId: z.uuid().nullable().describe("Null for supplier-level questions."),
  question: z.object({ prompt: z.string(), section: z.string(), type: z.string() }).nullable(),
  value: z.unknown().describe("The stored value, in the question type's shape (null when not applicable or empty)."),
  notApplicable: z.boolean(),
  comment: z.string().nullable(),
  revision: z.number().int(),
  updatedAt: isoDateTime,
});

export const getAssessmentAnswersOp = defineOperation({
  method: "GET",
  path: "/assessments/{assessmentId}/answers",
  operationId: "getAssessmentAnswers",
  tag: TAG,
  summary: "Read an assessment's answers",
  description: "Every stored answer, supplier-level and per component, with the question's words from the pinned template version.",
  action: "assessment:read",
  scope: "read",
  params: assessmentParams,
  response: z.object({
    assessmentId: z.uuid(),
    status,
    components: z.array(named),
    items: z.array(answerItem),
  }),
  async handler({ app, params }) {
    const page = await getAssessmentForStaff(app.db, params.assessmentId);
    if (!page) throw notFoundError("No assessment has this id.");
    const definition = page.assessment.definition as TemplateDefinition;
    const questions = new Map<string, { prompt: string; section: string; type: string }>();
    for (const section of definition.sections)
      for (const q of section.questions) questions.set(q.key, { prompt: q.prompt, section: section.title, type: q.type });
    const answers = await assessmentAnswers(app.db, params.assessmentId);
    answers.sort((a, b) => a.questionKey.localeCompare(b.questionKey) || (a.componentId ?? "").localeCompare(b.componentId ?? ""));
    return {
      body: {
        assessmentId: page.assessment.id,
        status: page.assessment.status,
        components: page.components.map((c) => ({ id: c.id, name: c.name })),
        items: answers.map((a) => ({
          questionKey: a.questionKey,
          componentId: a.componentId,
          question: questions.get(a.questionKey) ?? null,
          value: a.value ?? null,
          notApplicable: a.isNa,
          comment: a.comment ?? null,
          revision: a.revision,
          updatedAt: a.updatedAt.toISOString(),
        })),
      },
    };
  },
});

const grade = z.enum(GRADES);
const rating = z.object({
  overall: z.number().nullable().describe("0-100; null when nothing counted."),
  grade: grade.nullable().describe("A (best) to E, after knock-out caps."),
  domains: z.record(z.enum(SCORING_DOMAINS), z.number().nullable()),
  confidence: z.number().nullable().describe("Share of scored answers backed by evidence valid on the scoring date."),
  knockouts: z.array(
    z.object({ questionKey: z.string(), componentId: z.uuid().nullable(), severity: z.enum(["high", "critical"]), message: z.string(), gradeCap: grade }),
  ),
  notices: z.array(z.object({ questionKey: z.string(), componentId: z.uuid().nullable(), message: z.string() })),
});

function ratingBody(r: Rating): z.output<typeof rating> {
  return {
    overall: r.overall,
    grade: r.grade,
    domains: r.domains,
    confidence: r.confidence,
    knockouts: r.flags.map((f) => ({ questionKey: f.questionKey, componentId: f.componentId, severity: f.severity, message: f.message, gradeCap: f.gradeCap })),
    notices: r.notices.map((n) => ({ questionKey: n.questionKey, componentId: n.componentId, message: n.message })),
  };
}

const riskLevel = z.enum(RISK_LEVELS);

export const getAssessmentScoresOp = defineOperation({
  method: "GET",
  path: "/assessments/{assessmentId}/scores",
  operationId: "getAssessmentScores",
  tag: TAG,
  summary: "Read an assessment's latest score",
  description:
    "The scorecard's numbers: the vendor, supplier-level and per-component ratings of the latest stored score, and each component's inherent and residual risk. `score` is null until the assessment is scored (on submit, or by procurement).",
  action: "assessment:read",
  scope: "read",
  params: assessmentParams,
  response: z.object({
    assessmentId: z.uuid(),
    status,
    score: z
      .object({
        id: z.uuid(),
        reason: z.string(),
        computedAt: isoDateTime,
        scoringDate: calendarDay,
        methodologyVersion: z.number().int(),
        inputHash: z.string(),
        vendor: rating,
        supplier: rating,
        components: z.array(z.object({ component: named, rating })),
      })
      .nullable(),
    risk: z.array(z.object({ component: named, inherent: riskLevel, residual: riskLevel.nullable() })),
  }),
  async handler({ app, params }) {
    const card = await getScorecard(app.db, params.assessmentId);
    if (!card) throw notFoundError("No assessment has this id.");
    const score = card.score;
    const names = new Map(card.components.map((c) => [c.id, c.name]));
    return {
      body: {
        assessmentId: card.assessment.id,
        status: card.assessment.status as z.output<typeof status>,
        score: score
          ? {
              id: score.id,
              reason: score.reason,
              computedAt: score.computedAt.toISOString(),
              scoringDate: score.scoringDate,
              methodologyVersion: score.methodologyVersion,
              inputHash: score.inputHash,
              vendor: ratingBody(score.result.vendor),
              supplier: ratingBody(score.result.supplier),
              components: Object.entries(score.result.components).map(([id, r]) => ({ component: { id, name: names.get(id) ?? "" }, rating: ratingBody(r) })),
            }
          : null,
        risk: card.risk.components.map((c) => ({ component: { id: c.componentId, name: c.componentName }, inherent: c.inherent.level, residual: c.residual })),
      },
    };
  },
});

// ---------------------------------------------------------------------------------------------
// Lifecycle moves

export const closeAssessmentOp = defineOperation({
  method: "POST",
  path: "/assessments/{assessmentId}/close",
  operationId: "closeAssessment",
  tag: TAG,
  summary: "Close (withdraw) an assessment",
  description:
    "Ends the assessment from any state but closed, as the assessment page's Close does: vendor links show it closed and vendor sessions end. Closing a closed assessment is refused with 409 (the page treats a second click as done; an API client is told).",
  action: "assessment:manage",
  scope: "write",
  params: assessmentParams,
  response: assessmentDetail,
  async handler({ app, actor, params }) {
    const current = await getAssessmentForStaff(app.db, params.assessmentId);
    if (!current) throw notFoundError("No assessment has this id.");
    const move = transition(current.assessment.status, "close");
    if (!move.ok) throw stateError(move.reason, { status: current.assessment.status });
    await closeAssessment(app, actor, params.assessmentId);
    return { body: await assessmentBody(app, params.assessmentId) };
  },
});

export const reopenAssessmentOp = defineOperation({
  method: "POST",
  path: "/assessments/{assessmentId}/reopen",
  operationId: "reopenAssessment",
  tag: TAG,
  summary: "Send a submitted assessment back to the vendor",
  description: "Only a submitted assessment can be reopened; any other state is refused with 409.",
  action: "assessment:manage",
  scope: "write",
  params: assessmentParams,
  response: assessmentDetail,
  async handler({ app, actor, params }) {
    await reopenAssessment(app, actor, params.assessmentId);
    return { body: await assessmentBody(app, params.assessmentId) };
  },
});

export const ASSESSMENT_OPERATIONS: ApiOperation[] = [
  issueAssessmentOp,
  listAssessmentsOp,
  getAssessmentOp,
  getAssessmentAnswersOp,
  getAssessmentScoresOp,
  closeAssessmentOp,
  reopenAssessmentOp,
] as unknown as ApiOperation[];
