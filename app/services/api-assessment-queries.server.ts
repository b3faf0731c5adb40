// Keyset-paged reads for the REST API (/api/v1) over assessments, findings, change notices and
// deadlines, with the same filters as their list pages. The pages page by offset (decision 0006);
// an API client walks a whole list while rows are added, so each page here starts strictly after
// the last row of the previous one (an opaque cursor holding that row's sort key). Every order ends
// with the id, so the key is unique and no row is returned twice or skipped.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { OPEN_STATUSES, type AssessmentStatus } from "../domain/assessment-lifecycle";
import { addDays, calendarDate, today as todayOf } from "../domain/calendar";
import type { DeadlineGroup, DeadlineWindow } from "../domain/deadlines/query";
import type { ChangeKind } from "../domain/deadlines/next-reassessment";
import { AppError, notFoundError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { likePattern } from "../domain/list-query";
import { isFindingOverdue, type FindingSource, type FindingStatus, type Severity } from "../domain/review/findings";
import type { RiskLevel } from "../domain/scoring/methodology";
import type { Actor } from "./audit.server";
import { listDeadlines, type DeadlineGroupRow } from "./deadlines.server";

export const API_DEFAULT_LIMIT = 50;
export const API_MAX_LIMIT = 200;

/** Named as a query parameter in the problem reply. */
const badCursor = () =>
  new AppError("invalid", "This cursor is not one this list gave out: start again without it.", { field: "cursor", details: { place: "query" } });

// ---------------------------------------------------------------------------------------------
// Cursors: base64url of a JSON array (the last row's sort key), opaque to clients.

type KeyPart = string | number | null;

export function encodeCursor(key: readonly KeyPart[]): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** The key a cursor holds, checked against its expected shape; a tampered or foreign cursor is a 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined | null, shape: ReadonlyArray<"string" | "number" | "nullable-string">): KeyPart[] | null {
  if (cursor === undefined || cursor === null || cursor === "") return null;
  const refuse = badCursor;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(key) || key.length !== shape.length) throw refuse();
  shape.forEach((kind, i) => {
    const part: unknown = key[i];
    const ok =
      kind === "number"
        ? typeof part === "number" && Number.isFinite(part)
        : kind === "string"
          ? typeof part === "string" && part.length <= 1000
          : part === null || (typeof part === "string" && part.length <= 1000);
    if (!ok) throw refuse();
  });
  return key as KeyPart[];
}

/** A timestamp as sortable text with microseconds (a JS Date keeps milliseconds only, and would skip rows). */
const exactTime = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function timeKey(part: KeyPart | undefined): string {
  if (typeof part !== "string" || !ISO_MICROS.test(part)) throw badCursor();
  return part;
}
function idKey(part: KeyPart | undefined): string {
  if (typeof part !== "string" || !isUuid(part)) throw badCursor();
  return part;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => KeyPart[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

// ---------------------------------------------------------------------------------------------
// The actor of an API call: the token's user, as the audit trail names people.

export async function apiActor(db: Kysely<Database>, userId: string): Promise<Actor & { email: string; name: string; id: string }> {
  const user = await db.selectFrom("users").select(["id", "email", "name"]).where("id", "=", userId).executeTakeFirst();
  if (!user) throw new AppError("forbidden", "The token's user no longer exists.");
  return { type: "user", id: user.id, label: user.email, email: user.email, name: user.name };
}

// ---------------------------------------------------------------------------------------------
// Assessments: the filters of /assessments, newest issued first.

export interface ApiAssessmentFilters {
  status?: AssessmentStatus | "open";
  due?: "7" | "14" | "30";
  overdue?: boolean;
  supplier?: string;
  campaign?: string;
  template?: string;
  /** A user id, or "none" (the caller resolves "me"). */
  owner?: string;
  q?: string;
}

const ownerIdSql = sql<string | null>`coalesce(s.procurement_owner_id, a.issued_by)`;

export async function listAssessmentsPage(
  db: Kysely<Database>,
  filters: ApiAssessmentFilters,
  paging: { cursor?: string | null; limit: number },
  now = new Date(),
) {
  const today = todayOf(now);
  const after = decodeCursor(paging.cursor, ["string", "string"]);
  let q = db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .leftJoin("users as o", (join) => join.on("o.id", "=", ownerIdSql))
    .select([
      "a.id",
      "a.status",
      "a.due_date",
      "a.supplier_id",
      "s.name as supplier_name",
      "t.id as template_id",
      "t.name as template_name",
      "v.version",
      "a.template_version_id",
      "a.campaign_id",
      "o.id as owner_id",
      "o.name as owner_name",
      "a.created_at",
      "a.submitted_at",
      "a.closed_at",
      "a.decision",
      "a.decided_at",
      exactTime("a.created_at").as("created_key"),
    ]);
  if (filters.owner === "none") q = q.where(ownerIdSql, "is", null);
  else if (filters.owner) q = q.where(ownerIdSql, "=", filters.owner);
  if (filters.status === "open") q = q.where("a.status", "in", OPEN_STATUSES);
  else if (filters.status) q = q.where("a.status", "=", filters.status);
  if (filters.overdue) q = q.where("a.status", "in", OPEN_STATUSES).where("a.due_date", "<", today);
  if (filters.due) {
    q = q
      .where("a.status", "in", OPEN_STATUSES)
      .where("a.due_date", ">=", today)
      .where("a.due_date", "<=", addDays(today, Number(filters.due)));
  }
  if (filters.supplier) q = q.where("a.supplier_id", "=", filters.supplier);
  if (filters.campaign) q = q.where("a.campaign_id", "=", filters.campaign);
  if (filters.template) q = q.where("v.template_id", "=", filters.template);
  if (filters.q) q = q.where("s.name", "ilike", likePattern(filters.q));
  if (after) {
    const at = timeKey(after[0]);
    const id = idKey(after[1]);
    q = q.where(sql<boolean>`(a.created_at, a.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await q
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(paging.limit + 1)
    .execute();
  const page = pageOf(rows, paging.limit, (r) => [r.created_key, r.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      status: r.status,
      dueDate: calendarDate(r.due_date),
      overdue: (OPEN_STATUSES as readonly string[]).includes(r.status) && calendarDate(r.due_date) < today,
      supplier: { id: r.supplier_id, name: r.supplier_name },
      template: { id: r.template_id, name: r.template_name, version: r.version, versionId: r.template_version_id },
      campaignId: r.campaign_id,
      owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? "" } : null,
      decision: r.decision,
      issuedAt: r.created_at.toISOString(),
      submittedAt: r.submitted_at?.toISOString() ?? null,
      decidedAt: r.decided_at?.toISOString() ?? null,
      closedAt: r.closed_at?.toISOString() ?? null,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Findings: the filters of /findings, newest first.

export interface ApiFindingFilters {
  status?: FindingStatus | "active";
  severity?: Severity;
  source?: FindingSource;
  supplier?: string;
  assessment?: string;
  /** A user id, or "none". */
  owner?: string;
  overdue?: boolean;
  q?: string;
}

export async function listFindingsPage(db: Kysely<Database>, filters: ApiFindingFilters, paging: { cursor?: string | null; limit: number }, now = new Date()) {
  const today = todayOf(now);
  const after = decodeCursor(paging.cursor, ["string", "string"]);
  let q = db
    .selectFrom("findings as f")
    .innerJoin("suppliers as s", "s.id", "f.supplier_id")
    .leftJoin("users as o", "o.id", "f.owner_id")
    .leftJoin("ai_components as c", "c.id", "f.ai_component_id")
    .select([
      "f.id",
      "f.title",
      "f.severity",
      "f.status",
      "f.source",
      "f.due_date",
      "f.assessment_id",
      "f.supplier_id",
      "s.name as supplier_name",
      "f.ai_component_id",
      "c.name as component_name",
      "f.question_key",
      "f.owner_id",
      "o.name as owner_name",
      "f.created_at",
      "f.closed_at",
      "f.vendor_responded_at",
      exactTime("f.created_at").as("created_key"),
    ]);
  if (filters.status === "active") q = q.where("f.status", "in", ["open", "remediating"]);
  else if (filters.status) q = q.where("f.status", "=", filters.status);
  if (filters.severity) q = q.where("f.severity", "=", filters.severity);
  if (filters.source) q = q.where("f.source", "=", filters.source);
  if (filters.supplier) q = q.where("f.supplier_id", "=", filters.supplier);
  if (filters.assessment) q = q.where("f.assessment_id", "=", filters.assessment);
  if (filters.owner === "none") q = q.where("f.owner_id", "is", null);
  else if (filters.owner) q = q.where("f.owner_id", "=", filters.owner);
  if (filters.overdue) q = q.where("f.status", "in", ["open", "remediating"]).where("f.due_date", "<", today);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    q = q.where((eb) => eb.or([eb("f.title", "ilike", pattern), eb("s.name", "ilike", pattern)]));
  }
  if (after) {
    const at = timeKey(after[0]);
    const id = idKey(after[1]);
    q = q.where(sql<boolean>`(f.created_at, f.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await q
    .orderBy("f.created_at", "desc")
    .orderBy("f.id", "desc")
    .limit(paging.limit + 1)
    .execute();
  const page = pageOf(rows, paging.limit, (r) => [r.created_key, r.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      status: r.status,
      source: r.source,
      dueDate: r.due_date ? calendarDate(r.due_date) : null,
      overdue: isFindingOverdue(r.status, r.due_date, today),
      assessmentId: r.assessment_id,
      supplier: { id: r.supplier_id, name: r.supplier_name },
      component: r.ai_component_id ? { id: r.ai_component_id, name: r.component_name ?? "" } : null,
      questionKey: r.question_key,
      owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? "" } : null,
      createdAt: r.created_at.toISOString(),
      closedAt: r.closed_at?.toISOString() ?? null,
      vendorRespondedAt: r.vendor_responded_at?.toISOString() ?? null,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Change notices: of a component or a supplier (or all), newest recorded first.

export interface ApiChangeNoticeFilters {
  component?: string;
  supplier?: string;
  kind?: ChangeKind;
  reviewed?: boolean;
}

export async function listChangeNoticesPage(db: Kysely<Database>, filters: ApiChangeNoticeFilters, paging: { cursor?: string | null; limit: number }) {
  const after = decodeCursor(paging.cursor, ["string", "string"]);
  let q = db
    .selectFrom("change_notices as n")
    .innerJoin("ai_components as c", "c.id", "n.ai_component_id")
    .innerJoin("suppliers as s", "s.id", "n.supplier_id")
    .select([
      "n.id",
      "n.ai_component_id",
      "c.name as component_name",
      "c.version as component_version",
      "n.supplier_id",
      "s.name as supplier_name",
      "n.kind",
      "n.occurred_on",
      "n.description",
      "n.reported_label",
      "n.reported_by_user_id",
      "n.reported_by_grant_id",
      "n.created_at",
      "n.reviewed_at",
      "n.reviewed_by_assessment_id",
      exactTime("n.created_at").as("created_key"),
    ]);
  if (filters.component) q = q.where("n.ai_component_id", "=", filters.component);
  if (filters.supplier) q = q.where("n.supplier_id", "=", filters.supplier);
  if (filters.kind) q = q.where("n.kind", "=", filters.kind);
  if (filters.reviewed === true) q = q.where("n.reviewed_at", "is not", null);
  else if (filters.reviewed === false) q = q.where("n.reviewed_at", "is", null);
  if (after) {
    const at = timeKey(after[0]);
    const id = idKey(after[1]);
    q = q.where(sql<boolean>`(n.created_at, n.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await q
    .orderBy("n.created_at", "desc")
    .orderBy("n.id", "desc")
    .limit(paging.limit + 1)
    .execute();
  const page = pageOf(rows, paging.limit, (r) => [r.created_key, r.id]);
  return { nextCursor: page.nextCursor, items: page.items.map(changeNoticeView) };
}

type NoticeRow = {
  id: string;
  ai_component_id: string;
  component_name: string;
  component_version: string | null;
  supplier_id: string;
  supplier_name: string;
  kind: ChangeKind;
  occurred_on: string;
  description: string;
  reported_label: string;
  reported_by_user_id: string | null;
  reported_by_grant_id: string | null;
  created_at: Date;
  reviewed_at: Date | null;
  reviewed_by_assessment_id: string | null;
};

function changeNoticeView(r: NoticeRow) {
  return {
    id: r.id,
    component: { id: r.ai_component_id, name: r.component_name, version: r.component_version },
    supplier: { id: r.supplier_id, name: r.supplier_name },
    kind: r.kind,
    occurredOn: calendarDate(r.occurred_on),
    description: r.description,
    reportedBy: { label: r.reported_label, by: r.reported_by_grant_id ? ("vendor" as const) : ("staff" as const), userId: r.reported_by_user_id },
    createdAt: r.created_at.toISOString(),
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    reviewedByAssessmentId: r.reviewed_by_assessment_id,
  };
}

export type ApiChangeNotice = ReturnType<typeof changeNoticeView>;

/** One notice in the API's shape (after a create). */
export async function getChangeNotice(db: Kysely<Database>, id: string): Promise<ApiChangeNotice> {
  if (!isUuid(id)) throw notFoundError();
  const row = await db
    .selectFrom("change_notices as n")
    .innerJoin("ai_components as c", "c.id", "n.ai_component_id")
    .innerJoin("suppliers as s", "s.id", "n.supplier_id")
    .select([
      "n.id",
      "n.ai_component_id",
      "c.name as component_name",
      "c.version as component_version",
      "n.supplier_id",
      "s.name as supplier_name",
      "n.kind",
      "n.occurred_on",
      "n.description",
      "n.reported_label",
      "n.reported_by_user_id",
      "n.reported_by_grant_id",
      "n.created_at",
      "n.reviewed_at",
      "n.reviewed_by_assessment_id",
    ])
    .where("n.id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFoundError();
  return changeNoticeView(row);
}

// ---------------------------------------------------------------------------------------------
// Deadlines: the /deadlines groups (computed whole by the deadlines service), paged by their sort key.

export interface ApiDeadlineFilters {
  group: DeadlineGroup;
  owner?: string;
  risk?: RiskLevel;
  window: DeadlineWindow;
}

const RISK_RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };
type DeadlineKey = [number, number, string, string];
const deadlineKey = (g: DeadlineGroupRow): DeadlineKey => [g.daysLeft, -RISK_RANK[g.residual ?? "low"], g.name, g.id];
function compareKeys(a: DeadlineKey, b: DeadlineKey): number {
  return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]) || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0);
}

export async function listDeadlinesPage(
  db: Kysely<Database>,
  filters: ApiDeadlineFilters,
  paging: { cursor?: string | null; limit: number },
  now = new Date(),
) {
  const after = decodeCursor(paging.cursor, ["number", "number", "string", "string"]) as DeadlineKey | null;
  if (after) idKey(after[3]);
  const list = await listDeadlines(db, { ...filters, page: 1 }, now, null);
  const sorted = [...list.rows].sort((a, b) => compareKeys(deadlineKey(a), deadlineKey(b)));
  const rest = after ? sorted.filter((g) => compareKeys(deadlineKey(g), after) > 0) : sorted;
  const page = pageOf(rest, paging.limit, deadlineKey);
  return {
    today: list.today,
    total: list.total,
    nextCursor: page.nextCursor,
    items: page.items.map((g) => ({
      kind: g.kind,
      id: g.id,
      name: g.name,
      ownerName: g.ownerName,
      dueOn: g.dueOn,
      daysLeft: g.daysLeft,
      residual: g.residual,
      components: g.components.map((c) => ({
        id: c.id,
        name: c.name,
        supplierId: c.supplierId,
        supplierName: c.supplierName,
        dueOn: c.dueOn,
        reasonKind: c.reasonKind,
        reason: c.reason,
        inherent: c.inherent,
        residual: c.residual,
        decidedAssessmentId: c.decidedAssessmentId,
      })),
    })),
  };
}
