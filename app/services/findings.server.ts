// Findings, staff side: raise one from an answer or the scorecard, the findings list across all
// vendors, one finding with its history, status moves (through findingTransition), edits of
// severity, owner and due date, and the panel of the assessment page. The vendor's side (responses
// and remediation evidence) is in finding-responses.server.ts; risk acceptances in
// risk-acceptances.server.ts. Every write runs in one transaction with its history entry and audit event.
import { sql, type Kysely, type Transaction } from "kysely";
import * as z from "zod";
import type { FindingsPanelData } from "../domain/review/review-views";
import type { Database } from "../../db/schema";
import { describeValue, findQuestion } from "../domain/answers";
import type { AssessmentStatus } from "../domain/assessment-lifecycle";
import { formatDate, today as todayOf, type CalendarDate } from "../domain/calendar";
import { invalidError, notFoundError, stateError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { baseListQuery, likePattern, optionalEnum, optionalUuidParam, PAGE_SIZE } from "../domain/list-query";
import { can, canSometimes, ROLES, type Principal } from "../domain/permissions";
import { findingDueDateProblem, type EditFindingInput, type RaiseFindingInput } from "../domain/review/finding-forms";
import {
  FINDING_SOURCES,
  FINDING_STATUSES,
  findingRaiseRefusal,
  findingTransition,
  isFindingOverdue,
  manualMoves,
  SEVERITIES,
  SEVERITY_LABELS,
  type FindingSource,
  type FindingStatus,
} from "../domain/review/findings";
import { findScope, questionScopes } from "../domain/review/question-scopes";
import { mayApprove } from "../domain/review/risk-acceptance";
import type { TemplateDefinition } from "../domain/templates/definition";
import { recordAudit, type Actor } from "./audit.server";
import { recordFindingEvent } from "./webhooks-outbox.server";
import type { AppContext } from "./context.server";
import { appendFindingEvent, insertFinding } from "./finding-records.server";
import {
  affectedSystems,
  approverOptions,
  endFindingAcceptances,
  findingAcceptances,
  findingComponentIds,
  type AcceptanceView,
} from "./risk-acceptances.server";
import { refreshFindingDeadlines } from "./deadlines.server";

/** Roles whose members may own a finding (those who can work on findings). */
const OWNER_ROLES = ROLES.filter((role) => canSometimes(role, "finding:write"));
const SEVERITY_ORDER = sql`array_position(ARRAY['low','medium','high','critical']::text[], f.severity)`;
const STATUS_ORDER = sql`array_position(ARRAY['open','remediating','risk_accepted','closed']::text[], f.status)`;

export interface PersonOption {
  id: string;
  name: string;
  email: string;
}

/** Active users who can own a finding, by name. */
export function findingOwnerOptions(db: Kysely<Database>): Promise<PersonOption[]> {
  return db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("disabled_at", "is", null)
    .where("role", "in", OWNER_ROLES)
    .orderBy(sql`lower(name)`)
    .orderBy("id")
    .execute();
}

async function ownerProblem(db: Kysely<Database>, ownerId: string): Promise<string | null> {
  const owner = await db.selectFrom("users").select(["role", "disabled_at", "name"]).where("id", "=", ownerId).executeTakeFirst();
  if (!owner) return "Choose who owns this finding from the list";
  if (owner.disabled_at) return `${owner.name} is disabled: choose someone else`;
  if (!OWNER_ROLES.includes(owner.role)) return `${owner.name} cannot work on findings (a viewer): choose someone else`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Raising

/** The assessment a finding is raised on, with its template and components (null when unknown). */
async function assessmentForFindings(db: Kysely<Database>, assessmentId: string) {
  if (!isUuid(assessmentId)) return null;
  const row = await db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["a.id", "a.status", "a.supplier_id", "s.name as supplier_name", "t.name as template_name", "v.definition"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!row) return null;
  const components = await db
    .selectFrom("assessment_components as ac")
    .innerJoin("ai_components as c", "c.id", "ac.ai_component_id")
    .select(["c.id", "c.name"])
    .where("ac.assessment_id", "=", assessmentId)
    .orderBy(sql`lower(c.name)`)
    .orderBy("c.id")
    .execute();
  return { ...row, definition: row.definition as TemplateDefinition, components };
}

/** Why (questionKey, componentId) is not an answer of this assessment, on its field; or null. */
function scopeProblem(definition: TemplateDefinition, componentIds: readonly string[], questionKey: string | null, componentId: string | null) {
  if (questionKey) {
    const found = findQuestion(definition, questionKey);
    if (!found) return { field: "questionKey", message: "That question is not part of this questionnaire." };
    if (!findScope(questionScopes(definition, componentIds), questionKey, componentId)) {
      return found.section.scope === "supplier"
        ? { field: "componentId", message: "This question is about the supplier as a whole, not about one component." }
        : { field: "componentId", message: "Choose one of the components in this assessment's scope: this question is asked per component." };
    }
    return null;
  }
  if (componentId && !componentIds.includes(componentId)) return { field: "componentId", message: "Choose one of the components in this assessment's scope." };
  return null;
}

/** Raises a finding on an assessment: from an answer (with a question) or from the scorecard. Returns its id. */
export async function raiseFinding(ctx: AppContext, actor: Actor, assessmentId: string, input: RaiseFindingInput, now = new Date()): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const assessment = await assessmentForFindings(trx, assessmentId);
    if (!assessment) throw notFoundError();
    const refusal = findingRaiseRefusal(assessment.status);
    if (refusal) throw stateError(refusal);
    const scope = scopeProblem(
      assessment.definition,
      assessment.components.map((c) => c.id),
      input.questionKey,
      input.componentId,
    );
    if (scope) throw invalidError(scope.field, scope.message);
    const owner = await ownerProblem(trx, input.ownerId);
    if (owner) throw invalidError("ownerId", owner);
    const due = findingDueDateProblem(input.dueDate, todayOf(now));
    if (due) throw invalidError("dueDate", due);
    const source: FindingSource = input.questionKey ? "answer" : "scorecard";
    const findingId = await insertFinding(
      trx,
      actor,
      {
        assessmentId: assessment.id,
        supplierId: assessment.supplier_id,
        componentId: input.componentId,
        questionKey: input.questionKey,
        source,
        title: input.title,
        description: input.description,
        severity: input.severity,
        ownerId: input.ownerId,
        dueDate: input.dueDate,
      },
      now,
    );
    await recordFindingEvent(ctx.queue, trx, "finding.opened", findingId, now);
    return findingId;
  });
}

export interface QuestionContext {
  key: string;
  prompt: string;
  sectionTitle: string;
  componentId: string | null;
  componentName: string | null;
  answer: string;
  comment: string | null;
}

/**
 * What the "raise a finding" page shows: the assessment, its components, the owners to choose
 * from, and (from an answer) the question with its answer for context. Null for an unknown assessment.
 */
export async function newFindingPage(db: Kysely<Database>, assessmentId: string, wanted: { questionKey: string | null; componentId: string | null }) {
  const assessment = await assessmentForFindings(db, assessmentId);
  if (!assessment) return null;
  const componentIds = assessment.components.map((c) => c.id);
  let question: QuestionContext | null = null;
  let questionProblem: string | null = null;
  if (wanted.questionKey) {
    const problem = scopeProblem(assessment.definition, componentIds, wanted.questionKey, wanted.componentId);
    const found = findQuestion(assessment.definition, wanted.questionKey);
    if (problem || !found) {
      questionProblem = `${problem?.message ?? "That question is not part of this questionnaire."} The finding below is not tied to an answer.`;
    } else {
      const answer = await db
        .selectFrom("answers")
        .select(["value", "is_na", "comment"])
        .where("assessment_id", "=", assessment.id)
        .where("question_key", "=", wanted.questionKey)
        .where(wanted.componentId ? sql<boolean>`ai_component_id = ${wanted.componentId}` : sql<boolean>`ai_component_id IS NULL`)
        .executeTakeFirst();
      question = {
        key: found.question.key,
        prompt: found.question.prompt,
        sectionTitle: found.section.title,
        componentId: wanted.componentId,
        componentName: assessment.components.find((c) => c.id === wanted.componentId)?.name ?? null,
        answer: answer ? describeValue(found.question, answer.value, answer.is_na) : "Not answered",
        comment: answer?.comment ?? null,
      };
    }
  }
  return {
    assessment: {
      id: assessment.id,
      status: assessment.status as AssessmentStatus,
      supplierName: assessment.supplier_name,
      templateName: assessment.template_name,
    },
    components: assessment.components,
    question,
    questionProblem,
    owners: await findingOwnerOptions(db),
    raiseRefusal: findingRaiseRefusal(assessment.status),
  };
}

// ---------------------------------------------------------------------------------------------
// The assessment page's panel

export async function findingsPanelData(db: Kysely<Database>, assessmentId: string, viewer: Principal, now = new Date()): Promise<FindingsPanelData | null> {
  if (!isUuid(assessmentId)) return null;
  const assessment = await db
    .selectFrom("assessments as a")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .select(["a.id", "a.status", "v.definition"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!assessment) return null;
  const definition = assessment.definition as TemplateDefinition;
  const today = todayOf(now);
  const rows = await db
    .selectFrom("findings as f")
    .leftJoin("users as o", "o.id", "f.owner_id")
    .leftJoin("ai_components as c", "c.id", "f.ai_component_id")
    .select([
      "f.id",
      "f.title",
      "f.severity",
      "f.status",
      "f.due_date",
      "f.source",
      "f.question_key",
      "f.vendor_responded_at",
      "o.name as owner_name",
      "c.name as component_name",
    ])
    .where("f.assessment_id", "=", assessmentId)
    .orderBy(STATUS_ORDER)
    .orderBy(SEVERITY_ORDER, "desc")
    .orderBy("f.due_date", (ob) => ob.asc().nullsLast())
    .orderBy("f.created_at")
    .orderBy("f.id")
    .execute();
  const writer = can(viewer, "finding:write");
  const refusal = findingRaiseRefusal(assessment.status);
  return {
    findings: rows.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      status: r.status,
      dueDate: r.due_date,
      overdue: isFindingOverdue(r.status, r.due_date, today),
      ownerName: r.owner_name,
      source: r.source,
      questionKey: r.question_key,
      questionPrompt: r.question_key ? (findQuestion(definition, r.question_key)?.question.prompt ?? null) : null,
      componentName: r.component_name,
      vendorRespondedAt: r.vendor_responded_at ? r.vendor_responded_at.toISOString() : null,
    })),
    canRaise: writer && refusal === null,
    raiseRefusal: writer ? refusal : null,
    today,
  };
}

// ---------------------------------------------------------------------------------------------
// The list across all vendors

export const FINDING_STATUS_FILTERS = ["active", ...FINDING_STATUSES] as const;
export const FINDING_SORTS = ["due", "severity", "status", "supplier", "created", "title"] as const;

export const findingListQuery = baseListQuery.extend({
  status: optionalEnum(FINDING_STATUS_FILTERS),
  severity: optionalEnum(SEVERITIES),
  supplier: optionalUuidParam,
  owner: z
    .union([z.enum(["me", "none"]), z.uuid()])
    .optional()
    .catch(undefined),
  overdue: z.enum(["yes"]).optional().catch(undefined),
  source: optionalEnum(FINDING_SOURCES),
  sort: z.enum(FINDING_SORTS).catch("due").default("due"),
});
export type FindingListQuery = z.output<typeof findingListQuery>;

export async function listFindings(db: Kysely<Database>, query: FindingListQuery, viewer: Principal, now = new Date()) {
  const today = todayOf(now);
  let base = db.selectFrom("findings as f").innerJoin("suppliers as s", "s.id", "f.supplier_id");
  if (query.status === "active") base = base.where("f.status", "in", ["open", "remediating"]);
  else if (query.status) base = base.where("f.status", "=", query.status);
  if (query.severity) base = base.where("f.severity", "=", query.severity);
  if (query.supplier) base = base.where("f.supplier_id", "=", query.supplier);
  if (query.owner === "me") base = base.where("f.owner_id", "=", viewer.id);
  else if (query.owner === "none") base = base.where("f.owner_id", "is", null);
  else if (query.owner) base = base.where("f.owner_id", "=", query.owner);
  if (query.overdue) base = base.where("f.status", "in", ["open", "remediating"]).where("f.due_date", "<", today);
  if (query.source) base = base.where("f.source", "=", query.source);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) => eb.or([eb("f.title", "ilike", pattern), eb("s.name", "ilike", pattern)]));
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const dir = query.dir;
  let rows = base
    .leftJoin("users as o", "o.id", "f.owner_id")
    .leftJoin("ai_components as c", "c.id", "f.ai_component_id")
    .select([
      "f.id",
      "f.title",
      "f.severity",
      "f.status",
      "f.due_date",
      "f.source",
      "f.created_at",
      "f.assessment_id",
      "f.supplier_id",
      "f.vendor_responded_at",
      "s.name as supplier_name",
      "o.name as owner_name",
      "c.name as component_name",
    ]);
  if (query.sort === "severity") rows = rows.orderBy(SEVERITY_ORDER, dir).orderBy("f.due_date", (ob) => ob.asc().nullsLast());
  else if (query.sort === "status") rows = rows.orderBy(STATUS_ORDER, dir).orderBy("f.due_date", (ob) => ob.asc().nullsLast());
  else if (query.sort === "supplier") rows = rows.orderBy(sql`lower(s.name)`, dir).orderBy("f.due_date", (ob) => ob.asc().nullsLast());
  else if (query.sort === "created") rows = rows.orderBy("f.created_at", dir === "asc" ? "desc" : "asc");
  else if (query.sort === "title") rows = rows.orderBy(sql`lower(f.title)`, dir);
  else rows = rows.orderBy("f.due_date", (ob) => (dir === "asc" ? ob.asc().nullsLast() : ob.desc().nullsLast())).orderBy(SEVERITY_ORDER, "desc");
  const result = await rows
    .orderBy("f.created_at")
    .orderBy("f.id")
    .limit(PAGE_SIZE)
    .offset((query.page - 1) * PAGE_SIZE)
    .execute();
  return {
    total,
    today,
    rows: result.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      status: r.status,
      dueDate: r.due_date,
      overdue: isFindingOverdue(r.status, r.due_date, today),
      source: r.source,
      createdAt: r.created_at.toISOString(),
      assessmentId: r.assessment_id,
      supplierId: r.supplier_id,
      supplierName: r.supplier_name,
      ownerName: r.owner_name,
      componentName: r.component_name,
      vendorRespondedAt: r.vendor_responded_at ? r.vendor_responded_at.toISOString() : null,
    })),
  };
}

/** The choices of the list's supplier and owner filters: only those that have findings. */
export async function findingFilterOptions(db: Kysely<Database>) {
  const [suppliers, owners] = await Promise.all([
    db
      .selectFrom("suppliers as s")
      .select(["s.id", "s.name"])
      .where((eb) => eb.exists(eb.selectFrom("findings as f").select("f.id").whereRef("f.supplier_id", "=", "s.id")))
      .orderBy(sql`lower(s.name)`)
      .orderBy("s.id")
      .limit(500)
      .execute(),
    db
      .selectFrom("users as u")
      .select(["u.id", "u.name"])
      .where((eb) => eb.exists(eb.selectFrom("findings as f").select("f.id").whereRef("f.owner_id", "=", "u.id")))
      .orderBy(sql`lower(u.name)`)
      .orderBy("u.id")
      .execute(),
  ]);
  return { suppliers, owners };
}

// ---------------------------------------------------------------------------------------------
// One finding

export interface FindingEventView {
  id: string;
  kind: string;
  fromStatus: FindingStatus | null;
  toStatus: FindingStatus | null;
  note: string | null;
  actorLabel: string;
  byVendor: boolean;
  at: string;
}

export interface FindingFileView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  createdAt: string;
}

/** Everything the staff page of a finding shows, with what the viewer may do. Null when unknown. */
export async function getFindingForStaff(db: Kysely<Database>, findingId: string | undefined, viewer: Principal, now = new Date()) {
  if (!isUuid(findingId)) return null;
  const f = await db
    .selectFrom("findings as f")
    .innerJoin("suppliers as s", "s.id", "f.supplier_id")
    .leftJoin("assessments as a", "a.id", "f.assessment_id")
    .leftJoin("template_versions as v", "v.id", "a.template_version_id")
    .leftJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .leftJoin("ai_components as c", "c.id", "f.ai_component_id")
    .leftJoin("users as o", "o.id", "f.owner_id")
    .leftJoin("users as cr", "cr.id", "f.created_by")
    .selectAll("f")
    .select([
      "s.name as supplier_name",
      "t.name as template_name",
      "v.definition",
      "c.name as component_name",
      "o.name as owner_name",
      "o.email as owner_email",
      "cr.name as created_by_name",
    ])
    .where("f.id", "=", findingId)
    .executeTakeFirst();
  if (!f) return null;
  const today = todayOf(now);
  const [events, files, acceptances, owners, systems] = await Promise.all([
    db
      .selectFrom("finding_events")
      .select(["id", "kind", "from_status", "to_status", "note", "actor_type", "actor_label", "at"])
      .where("finding_id", "=", f.id)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("finding_evidence as e")
      .leftJoin("access_grants as g", "g.id", "e.uploaded_by_grant_id")
      .leftJoin("users as u", "u.id", "e.uploaded_by_user_id")
      .select(["e.id", "e.file_name", "e.content_type", "e.size_bytes", "e.sha256", "e.created_at", "g.email as grant_email", "u.email as user_email"])
      .where("e.finding_id", "=", f.id)
      .orderBy("e.created_at")
      .orderBy("e.id")
      .execute(),
    findingAcceptances(db, f.id, now),
    findingOwnerOptions(db),
    findingComponentIds(db, f).then((ids) => affectedSystems(db, ids)),
  ]);
  const ownerIds = systems.map((s) => s.ownerId);
  const question = f.question_key && f.definition ? findQuestion(f.definition as TemplateDefinition, f.question_key) : null;
  const writer = can(viewer, "finding:write");
  const acceptor = mayApprove(viewer, ownerIds);
  return {
    finding: {
      id: f.id,
      title: f.title,
      description: f.description,
      severity: f.severity,
      status: f.status,
      source: f.source,
      dueDate: f.due_date,
      overdue: isFindingOverdue(f.status, f.due_date, today),
      ownerId: f.owner_id,
      ownerName: f.owner_name,
      ownerEmail: f.owner_email,
      createdByName: f.created_by_name,
      createdAt: f.created_at.toISOString(),
      updatedAt: f.updated_at.toISOString(),
      closedAt: f.closed_at ? f.closed_at.toISOString() : null,
      assessmentId: f.assessment_id,
      templateName: f.template_name,
      supplierId: f.supplier_id,
      supplierName: f.supplier_name,
      componentId: f.ai_component_id,
      componentName: f.component_name,
      questionKey: f.question_key,
      questionPrompt: question?.question.prompt ?? null,
      sectionTitle: question?.section.title ?? null,
      vendorResponse: f.vendor_response,
      vendorRespondedAt: f.vendor_responded_at ? f.vendor_responded_at.toISOString() : null,
    },
    events: events.map((e): FindingEventView => ({
      id: String(e.id),
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
      actorLabel: e.actor_label,
      byVendor: e.actor_type === "vendor",
      at: e.at.toISOString(),
    })),
    files: files.map((e): FindingFileView => ({
      id: e.id,
      fileName: e.file_name,
      contentType: e.content_type,
      sizeBytes: e.size_bytes,
      sha256: e.sha256,
      uploadedBy: e.grant_email ?? e.user_email ?? null,
      createdAt: e.created_at.toISOString(),
    })),
    acceptances,
    activeAcceptances: acceptances.filter((a: AcceptanceView) => a.active),
    affectedSystems: systems,
    owners,
    approvers: acceptor ? await approverOptions(db, ownerIds) : [],
    today,
    can: {
      write: writer,
      moves: writer ? manualMoves(f.status) : [],
      accept: acceptor && findingTransition(f.status, "accept_risk").ok,
      revoke: acceptor,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Changing a finding

async function lockFinding(trx: Transaction<Database>, findingId: string) {
  if (!isUuid(findingId)) throw notFoundError();
  const finding = await trx
    .selectFrom("findings")
    .select(["id", "status", "severity", "owner_id", "due_date"])
    .where("id", "=", findingId)
    .forUpdate()
    .executeTakeFirst();
  if (!finding) throw notFoundError();
  return finding;
}

/** A status move by hand (start remediation, close, reopen), refused in words when the status does not allow it. */
export async function moveFinding(
  ctx: AppContext,
  actor: Actor,
  findingId: string,
  event: "start_remediation" | "close" | "reopen",
  note: string | null,
  now = new Date(),
): Promise<FindingStatus> {
  return ctx.db.transaction().execute(async (trx) => {
    const finding = await lockFinding(trx, findingId);
    const move = findingTransition(finding.status, event);
    if (!move.ok) throw stateError(move.reason);
    await trx
      .updateTable("findings")
      .set({ status: move.to, closed_at: move.to === "closed" ? now : null, updated_at: now })
      .where("id", "=", finding.id)
      .execute();
    const ended = await endFindingAcceptances(trx, actor, finding.id, finding.status, now);
    const endedNote = ended ? `The risk acceptance that held it ended.` : null;
    await appendFindingEvent(
      trx,
      actor,
      finding.id,
      { kind: "status", fromStatus: finding.status, toStatus: move.to, note: [note, endedNote].filter(Boolean).join(" ") || null },
      now,
    );
    await recordAudit(trx, actor, {
      action: "finding.status",
      entityType: "finding",
      entityId: finding.id,
      details: { from: finding.status, to: move.to, event, endedAcceptances: ended },
    });
    if (move.to === "closed") await recordFindingEvent(ctx.queue, trx, "finding.closed", finding.id, now);
    await refreshFindingDeadlines(trx, [finding.id], now);
    return move.to;
  });
}

/** Changes severity, owner and due date; records what changed. Returns whether anything did. */
export async function editFinding(ctx: AppContext, actor: Actor, findingId: string, input: EditFindingInput, now = new Date()): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const finding = await lockFinding(trx, findingId);
    const changes: string[] = [];
    const details: Record<string, { from: unknown; to: unknown }> = {};
    if (input.severity !== finding.severity) {
      changes.push(`Severity: ${SEVERITY_LABELS[finding.severity]} → ${SEVERITY_LABELS[input.severity]}`);
      details.severity = { from: finding.severity, to: input.severity };
    }
    if (input.ownerId !== finding.owner_id) {
      const problem = await ownerProblem(trx, input.ownerId);
      if (problem) throw invalidError("ownerId", problem);
      const names = await trx
        .selectFrom("users")
        .select(["id", "name"])
        .where("id", "in", [input.ownerId, ...(finding.owner_id ? [finding.owner_id] : [])])
        .execute();
      const nameOf = (id: string | null) => (id ? (names.find((n) => n.id === id)?.name ?? "someone") : "nobody");
      changes.push(`Owner: ${nameOf(finding.owner_id)} → ${nameOf(input.ownerId)}`);
      details.owner = { from: finding.owner_id, to: input.ownerId };
    }
    if (input.dueDate !== finding.due_date) {
      const problem = findingDueDateProblem(input.dueDate, todayOf(now) as CalendarDate);
      if (problem) throw invalidError("dueDate", problem);
      changes.push(`Due date: ${finding.due_date ? formatDate(finding.due_date) : "none"} → ${formatDate(input.dueDate)}`);
      details.dueDate = { from: finding.due_date, to: input.dueDate };
    }
    if (changes.length === 0) return false;
    await trx
      .updateTable("findings")
      .set({ severity: input.severity, owner_id: input.ownerId, due_date: input.dueDate, updated_at: now })
      .where("id", "=", finding.id)
      .execute();
    await appendFindingEvent(trx, actor, finding.id, { kind: "edited", note: changes.join("; ") }, now);
    await recordAudit(trx, actor, { action: "finding.update", entityType: "finding", entityId: finding.id, details: { changes: details } });
    await refreshFindingDeadlines(trx, [finding.id], now);
    return true;
  });
}
