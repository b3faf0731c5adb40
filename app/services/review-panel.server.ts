// The review panel of the staff assessment page (state, reviewers with the assign form, review
// due date, "start review", the decision once made) and the decision page's data. Dates leave as
// ISO strings, the shape the page's loader sends.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { isWithBuyer, reviewersRefusal, transition } from "../domain/assessment-lifecycle";
import { addDays, calendarDate, today as todayOf } from "../domain/calendar";
import { isUuid } from "../domain/ids";
import { can, type Principal } from "../domain/permissions";
import { DECISION_LABELS } from "../domain/review/decision";
import { defaultValidUntil, REVIEW_DAYS, reviewDueWords, validityMonths } from "../domain/review/review-dates";
import type { DecisionPageView, DecisionView, ReviewPanelView } from "../domain/review/review-views";
import type { RiskLevel } from "../domain/scoring/methodology";
import { inherentRiskByComponent } from "./component-dependents.server";
import { dependentSystemOwners, ownsText, reviewerCandidates, reviewersOf } from "./reviewers.server";
import { currentMethodology } from "./scores-methodology.server";

async function decisionOf(db: Kysely<Database>, assessmentId: string): Promise<DecisionView | null> {
  const row = await db
    .selectFrom("assessments as a")
    .leftJoin("users as u", "u.id", "a.decided_by")
    .select(["a.decision", "a.decision_rationale", "a.decided_at", "a.valid_until", "a.expired_at", "u.name as decided_by_name"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!row?.decision || !row.decided_at) return null;
  const conditions = await db
    .selectFrom("findings")
    .select(["id", "title", "severity", "due_date", "status"])
    .where("assessment_id", "=", assessmentId)
    .where("source", "=", "condition")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return {
    decision: row.decision,
    label: DECISION_LABELS[row.decision],
    rationale: row.decision_rationale ?? "",
    decidedByName: row.decided_by_name,
    decidedAt: row.decided_at.toISOString(),
    validUntil: row.valid_until,
    expiredAt: row.expired_at?.toISOString() ?? null,
    conditions: conditions.map((c) => ({ id: c.id, title: c.title, severity: c.severity, dueDate: c.due_date, status: c.status })),
  };
}

/** Null when the assessment does not exist. */
export async function reviewPanelData(db: Kysely<Database>, assessmentId: string, viewer: Principal, now = new Date()): Promise<ReviewPanelView | null> {
  if (!isUuid(assessmentId)) return null;
  const a = await db
    .selectFrom("assessments")
    .select(["id", "status", "submitted_at", "review_started_at", "review_due_date"])
    .where("id", "=", assessmentId)
    .executeTakeFirst();
  if (!a) return null;
  const today = todayOf(now);
  const assignRefusal = reviewersRefusal(a.status);
  const mayAssign = can(viewer, "review:assign") && assignRefusal === null;
  const [reviewers, candidates, owners, decision] = await Promise.all([
    reviewersOf(db, assessmentId),
    mayAssign ? reviewerCandidates(db, assessmentId) : Promise.resolve([]),
    dependentSystemOwners(db, assessmentId),
    decisionOf(db, assessmentId),
  ]);
  return {
    status: a.status,
    submittedAt: a.submitted_at?.toISOString() ?? null,
    reviewStartedAt: a.review_started_at?.toISOString() ?? null,
    reviewDueDate: a.review_due_date,
    due: a.review_due_date && isWithBuyer(a.status) ? reviewDueWords(calendarDate(a.review_due_date), today) : null,
    today,
    suggestedDueDate: a.review_due_date && a.review_due_date >= today ? a.review_due_date : addDays(today, REVIEW_DAYS),
    reviewers: reviewers.map((r) => ({ ...r, assignedAt: r.assignedAt.toISOString() })),
    candidates,
    systemOwners: owners.map((o) => ({ id: o.id, name: o.name, owns: ownsText(o) })),
    decision,
    can: {
      assign: mayAssign,
      start: can(viewer, "review:write") && transition(a.status, "start_review").ok,
      decide: can(viewer, "review:decide") && transition(a.status, "decide").ok,
    },
    assignRefusal,
  };
}

const RISK_WORDS: Record<RiskLevel, string> = { low: "low", medium: "medium", high: "high", critical: "critical" };

/** Null when the assessment does not exist. */
export async function decisionPageData(db: Kysely<Database>, assessmentId: string | undefined, now = new Date()): Promise<DecisionPageView | null> {
  if (!isUuid(assessmentId)) return null;
  const a = await db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["a.id", "a.status", "a.submitted_at", "s.name as supplier_name", "t.name as template_name", "v.version"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!a) return null;
  const today = todayOf(now);
  const components = await db.selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", assessmentId).execute();
  const inherent = await inherentRiskByComponent(
    db,
    components.map((c) => c.ai_component_id),
  );
  const levels = [...inherent.values()].filter((r) => r.dependencies.length > 0).map((r) => r.level);
  const methodology = await currentMethodology(db);
  const months = validityMonths(methodology.reassessmentMonths, levels);
  const worst = levels.length ? levels.reduce((w, l) => (methodology.reassessmentMonths[l] < methodology.reassessmentMonths[w] ? l : w)) : null;
  const move = transition(a.status, "decide");
  const openFindings = await db
    .selectFrom("findings")
    .select(["id", "title", "severity", "status", "due_date"])
    .where("assessment_id", "=", assessmentId)
    .where("status", "in", ["open", "remediating"])
    .orderBy(sql`CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`)
    .orderBy("created_at")
    .execute();
  return {
    assessment: {
      id: a.id,
      supplierName: a.supplier_name,
      templateName: a.template_name,
      version: a.version,
      status: a.status,
      submittedAt: a.submitted_at?.toISOString() ?? null,
    },
    refusal: move.ok ? null : move.reason,
    decision: await decisionOf(db, assessmentId),
    today,
    defaultValidUntil: defaultValidUntil(today, methodology.reassessmentMonths, levels),
    validityReason: worst
      ? `${months} months: the methodology's reassessment cadence for ${RISK_WORDS[worst]} inherent risk, the worst among the components in scope that internal systems depend on.`
      : `${months} months: no component in scope has a dependent internal system, so the default applies.`,
    openFindings: openFindings.map((f) => ({ id: f.id, title: f.title, severity: f.severity, status: f.status, dueDate: f.due_date })),
  };
}
