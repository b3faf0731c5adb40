// The portfolio dashboard a risk owner opens every morning: each figure is one small aggregate in
// SQL (a fixed number of queries whatever the size of the portfolio), and each counts exactly the
// rows of the filtered list it links to.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { addDays, formatDate, type CalendarDate } from "../domain/calendar";
import { IN_FLIGHT_STATUSES, type InFlightStatus, type NeedsYouItem } from "../domain/dashboard";
import { daysInWords } from "../domain/deadlines/query";
import type { Principal } from "../domain/permissions";
import { assessmentListQuery, listAssessments } from "./assessment-queries.server";
import { listDeadlines } from "./deadlines.server";
import { findingListQuery, listFindings } from "./findings.server";
import { listReviewQueue } from "./review-queue.server";
import type { Severity } from "../domain/review/findings";
import { RISK_LEVELS, type RiskLevel } from "../domain/scoring/methodology";
import type { Grade } from "../domain/templates/definition";
import { componentRatingSetSql, currentMatrix } from "./ratings.server";
import { cachedForVersion, readVersion } from "./versioned-cache.server";

export interface InventoryCounts {
  suppliers: number;
  components: number;
  systems: number;
  dependencies: number;
}

export async function getInventoryCounts(db: Kysely<Database>): Promise<InventoryCounts> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("suppliers").select(eb.fn.countAll<string>().as("n")).where("archived_at", "is", null).as("suppliers"),
      eb.selectFrom("ai_components").select(eb.fn.countAll<string>().as("n")).where("archived_at", "is", null).as("components"),
      eb.selectFrom("ai_systems").select(eb.fn.countAll<string>().as("n")).where("archived_at", "is", null).as("systems"),
      eb.selectFrom("ai_system_dependencies").select(eb.fn.countAll<string>().as("n")).as("dependencies"),
    ])
    .executeTakeFirstOrThrow();
  return {
    suppliers: Number(row.suppliers),
    components: Number(row.components),
    systems: Number(row.systems),
    dependencies: Number(row.dependencies),
  };
}

/** Components in use by their current grade; `none` = not rated yet (the components list's grade=none). */
export type GradeDistribution = Record<Grade | "none", number>;

/** The same join the components list filters by grade with, so each bar counts what its link lists. */
export async function getGradeDistribution(db: Kysely<Database>, matrix?: Matrix): Promise<GradeDistribution> {
  matrix ??= await currentMatrix(db);
  const rows = await db
    .selectFrom("ai_components as c")
    .leftJoin(componentRatingSetSql(matrix).as("cr"), (join) => join.onRef("cr.ai_component_id", "=", "c.id"))
    .select(["cr.grade", (eb) => eb.fn.countAll<string>().as("n")])
    .where("c.archived_at", "is", null)
    .groupBy("cr.grade")
    .execute();
  const out: GradeDistribution = { A: 0, B: 0, C: 0, D: 0, E: 0, none: 0 };
  for (const r of rows) out[(r.grade ?? "none") as Grade | "none"] += Number(r.n);
  return out;
}

/**
 * Reassessment deadlines of the components in use (component_deadlines): overdue (before today),
 * and due within 30, 60 and 90 days from today (today included, cumulative: the 60 includes the 30),
 * matching /deadlines?window=overdue|30|60|90. `total` is every stored deadline, to tell "none yet".
 */
export interface DeadlineCounts {
  overdue: number;
  within30: number;
  within60: number;
  within90: number;
  total: number;
}

export async function getDeadlineCounts(db: Kysely<Database>, today: CalendarDate): Promise<DeadlineCounts> {
  const row = await db
    .selectFrom("component_deadlines as cd")
    .innerJoin("ai_components as c", "c.id", "cd.ai_component_id")
    .where("c.archived_at", "is", null)
    .select([
      sql<string>`count(*) FILTER (WHERE cd.due_on < ${today})`.as("overdue"),
      sql<string>`count(*) FILTER (WHERE cd.due_on >= ${today} AND cd.due_on <= ${addDays(today, 30)})`.as("within30"),
      sql<string>`count(*) FILTER (WHERE cd.due_on >= ${today} AND cd.due_on <= ${addDays(today, 60)})`.as("within60"),
      sql<string>`count(*) FILTER (WHERE cd.due_on >= ${today} AND cd.due_on <= ${addDays(today, 90)})`.as("within90"),
      sql<string>`count(*)`.as("total"),
    ])
    .executeTakeFirstOrThrow();
  return {
    overdue: Number(row.overdue),
    within30: Number(row.within30),
    within60: Number(row.within60),
    within90: Number(row.within90),
    total: Number(row.total),
  };
}

export interface SystemAtRisk {
  id: string;
  name: string;
  /** Why, in words, worst first. */
  reasons: string[];
  overdue: number;
  unreviewedNotices: number;
  residual: RiskLevel | null;
}

export interface SystemsAtRisk {
  count: number;
  top: SystemAtRisk[];
}

type Matrix = Awaited<ReturnType<typeof currentMatrix>>;

const LEVELS = sql`ARRAY['low','medium','high','critical']::text[]`;

/**
 * Live internal systems (neither archived nor retired) at risk through a dependency on a component
 * in use: its review has lapsed (the component's deadline is before today), it has a change notice
 * nobody has reviewed, or the residual risk of this use of it is high or critical. One query: the
 * count and the `limit` worst (overdue first, then residual risk, then notices).
 *
 * The residual risk of a dependency is the methodology's matrix at (this dependency's inherent
 * risk, the component's current grade); the inherent-risk rank below is the one of
 * app/services/ratings.server.ts (app/domain/risk/inherent.ts in SQL), repeated here because that
 * file keeps it private.
 */
export async function getSystemsAtRisk(db: Kysely<Database>, today: CalendarDate, options: { limit?: number; matrix?: Matrix } = {}): Promise<SystemsAtRisk> {
  const limit = options.limit ?? 5;
  const matrix = options.matrix ?? (await currentMatrix(db));
  const criticalityRank = sql`(array_position(${LEVELS}, sys.criticality) - 1)`;
  const result = await sql<{
    id: string;
    name: string;
    overdue: string;
    overdue_name: string | null;
    overdue_on: string | Date | null;
    overdue_reason: string | null;
    notices: string;
    notice_components: string;
    notice_name: string | null;
    residual_rank: number | null;
    residual_name: string | null;
    total: string;
  }>`
    WITH deps AS (
      SELECT sys.id AS system_id, sys.name AS system_name, c.name AS component_name,
        cd.due_on, cd.reason, COALESCE(n.n, 0) AS notices,
        array_position(${LEVELS}, ${JSON.stringify(matrix)}::jsonb -> (${LEVELS})[(CASE
          WHEN 'special_category' = ANY(d.data_categories) THEN LEAST(3, GREATEST(e.r + 1, 2))
          WHEN d.data_categories && ARRAY['personal','confidential']::text[] THEN GREATEST(e.r, 1)
          ELSE e.r END) + 1] ->> cr.grade) AS residual_rank
      FROM ai_system_dependencies d
        JOIN ai_systems sys ON sys.id = d.ai_system_id
        CROSS JOIN LATERAL (SELECT CASE sys.eu_ai_act_class
          WHEN 'prohibited' THEN 3
          WHEN 'high_risk' THEN LEAST(3, GREATEST(${criticalityRank} + 1, 2))
          ELSE ${criticalityRank} END AS r) e
        JOIN ai_components c ON c.id = d.ai_component_id AND c.archived_at IS NULL
        LEFT JOIN component_deadlines cd ON cd.ai_component_id = d.ai_component_id
        LEFT JOIN (SELECT ai_component_id, count(*) AS n FROM change_notices WHERE reviewed_at IS NULL GROUP BY ai_component_id) n
          ON n.ai_component_id = d.ai_component_id
        LEFT JOIN ${componentRatingSetSql(matrix)} cr ON cr.ai_component_id = d.ai_component_id
      WHERE sys.archived_at IS NULL AND sys.lifecycle <> 'retired'
    ), per_system AS (
      SELECT system_id AS id, system_name AS name,
        count(*) FILTER (WHERE due_on < ${today}) AS overdue,
        (array_agg(component_name ORDER BY due_on, component_name) FILTER (WHERE due_on < ${today}))[1] AS overdue_name,
        min(due_on) FILTER (WHERE due_on < ${today}) AS overdue_on,
        (array_agg(reason ORDER BY due_on, component_name) FILTER (WHERE due_on < ${today}))[1] AS overdue_reason,
        sum(notices) AS notices,
        count(*) FILTER (WHERE notices > 0) AS notice_components,
        (array_agg(component_name ORDER BY notices DESC, component_name) FILTER (WHERE notices > 0))[1] AS notice_name,
        max(residual_rank) AS residual_rank,
        (array_agg(component_name ORDER BY residual_rank DESC, component_name) FILTER (WHERE residual_rank >= 3))[1] AS residual_name
      FROM deps
      GROUP BY system_id, system_name
    )
    SELECT *, count(*) OVER () AS total FROM per_system
    WHERE overdue > 0 OR notices > 0 OR residual_rank >= 3
    ORDER BY overdue > 0 DESC, COALESCE(residual_rank, 0) DESC, notices DESC, overdue DESC, lower(name), id
    LIMIT ${limit}`.execute(db);
  const top = result.rows.map((r) => {
    const overdue = Number(r.overdue);
    const notices = Number(r.notices);
    const noticeComponents = Number(r.notice_components);
    const residual = r.residual_rank === null ? null : (RISK_LEVELS[Number(r.residual_rank) - 1] ?? null);
    const reasons: string[] = [];
    if (overdue > 0) {
      const more = overdue > 1 ? ` (and ${overdue - 1} more lapsed)` : "";
      const why = r.overdue_reason ? `: ${r.overdue_reason}` : "";
      reasons.push(`Review of ${r.overdue_name} overdue since ${formatDate(r.overdue_on!)}${why}${more}`);
    }
    if (residual === "high" || residual === "critical") reasons.push(`Residual risk ${residual} through ${r.residual_name}`);
    if (notices > 0) {
      const what = notices === 1 ? "1 unreviewed change notice" : `${notices} unreviewed change notices`;
      const where = noticeComponents > 1 ? `${r.notice_name} and ${noticeComponents - 1} more` : `${r.notice_name}`;
      reasons.push(`${what} on ${where}`);
    }
    return { id: r.id, name: r.name, reasons, overdue, unreviewedNotices: notices, residual };
  });
  return { count: result.rows.length > 0 ? Number(result.rows[0]!.total) : 0, top };
}

/** Open findings (open or remediating: the findings list's status=active) by severity. */
export async function getOpenFindingsBySeverity(db: Kysely<Database>): Promise<Record<Severity, number>> {
  const rows = await db
    .selectFrom("findings")
    .select(["severity", (eb) => eb.fn.countAll<string>().as("n")])
    .where("status", "in", ["open", "remediating"])
    .groupBy("severity")
    .execute();
  const out: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const r of rows) out[r.severity] = Number(r.n);
  return out;
}

export async function getAssessmentsInFlight(db: Kysely<Database>): Promise<Record<InFlightStatus, number>> {
  const rows = await db
    .selectFrom("assessments")
    .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
    .where("status", "in", IN_FLIGHT_STATUSES)
    .groupBy("status")
    .execute();
  const out = Object.fromEntries(IN_FLIGHT_STATUSES.map((s) => [s, 0])) as Record<InFlightStatus, number>;
  for (const r of rows) out[r.status as InFlightStatus] = Number(r.n);
  return out;
}

export interface Dashboard {
  counts: InventoryCounts;
  grades: GradeDistribution;
  deadlines: DeadlineCounts;
  systemsAtRisk: SystemsAtRisk;
  findings: Record<Severity, number>;
  assessments: Record<InFlightStatus, number>;
}

/**
 * Everything the dashboard shows: a fixed handful of aggregate queries, run side by side, once per
 * portfolio version and day (migration 0019, decision 0034): a view reads one row until something
 * the figures count changes.
 */
export async function getDashboard(db: Kysely<Database>, today: CalendarDate): Promise<Dashboard> {
  const version = await readVersion(db, "portfolio_version");
  return cachedForVersion(db, "portfolio_version", version, `dashboard:${today}`, () => computeDashboard(db, today));
}

async function computeDashboard(db: Kysely<Database>, today: CalendarDate): Promise<Dashboard> {
  const matrix = await currentMatrix(db);
  const [counts, grades, deadlines, systemsAtRisk, findings, assessments] = await Promise.all([
    getInventoryCounts(db),
    getGradeDistribution(db, matrix),
    getDeadlineCounts(db, today),
    getSystemsAtRisk(db, today, { matrix }),
    getOpenFindingsBySeverity(db),
    getAssessmentsInFlight(db),
  ]);
  return { counts, grades, deadlines, systemsAtRisk, findings, assessments };
}

// ---------------------------------------------------------------------------------------------
// What needs the signed-in user: each item is the first page of a list they can open (the reviews,
// findings, deadlines and assessments services' own queries, filtered to them), so its count is
// what the link shows.

const SHOWN = 3;

export async function getWhatNeedsYou(db: Kysely<Database>, user: Principal, now = new Date()): Promise<NeedsYouItem[]> {
  const [reviews, findings, lateFindings, deadlines, lateDeadlines, questionnaires] = await Promise.all([
    listReviewQueue(db, user, { tab: "mine", page: 1 }, now),
    listFindings(db, findingListQuery.parse({ owner: "me", status: "active" }), user, now),
    listFindings(db, findingListQuery.parse({ owner: "me", overdue: "yes" }), user, now),
    listDeadlines(db, { group: "system", owner: user.id, window: "30", page: 1 }, now, SHOWN),
    listDeadlines(db, { group: "system", owner: user.id, window: "overdue", page: 1 }, now, SHOWN),
    listAssessments(db, assessmentListQuery.parse({ overdue: "yes", owner: "me" }), user, now),
  ]);
  const systems = (list: typeof deadlines) =>
    list.rows.map((g) => ({
      href: `/ai-systems/${g.id}`,
      label: g.name,
      note: `${g.first.name}: ${daysInWords(g.daysLeft)}`,
      overdue: g.daysLeft < 0,
    }));
  const items: NeedsYouItem[] = [
    {
      key: "my-reviews",
      title: "Reviews assigned to you",
      count: reviews.counts.mine,
      href: "/reviews?tab=mine",
      overdue: null,
      entries: reviews.rows.slice(0, SHOWN).map((r) => ({
        href: `/assessments/${r.id}`,
        label: r.supplierName,
        note: r.due?.text ?? null,
        overdue: Boolean(r.due?.overdue),
      })),
    },
    {
      key: "overdue-reviews",
      title: "Reviews overdue (anyone's)",
      count: reviews.counts.overdue,
      href: "/reviews?tab=overdue",
      overdue: null,
      entries: [],
    },
    {
      key: "my-findings",
      title: "Open findings you own",
      count: findings.total,
      href: "/findings?owner=me&status=active",
      overdue: lateFindings.total ? { count: lateFindings.total, href: "/findings?owner=me&overdue=yes" } : null,
      entries: findings.rows.slice(0, SHOWN).map((f) => ({
        href: `/findings/${f.id}`,
        label: f.title,
        note: f.dueDate ? `${f.overdue ? "Overdue, was due" : "Due"} ${formatDate(f.dueDate)}` : "No due date",
        overdue: f.overdue,
      })),
    },
    {
      key: "my-deadlines",
      title: "Your systems: reassessments due within 30 days",
      count: deadlines.total,
      href: "/deadlines?group=system&owner=me&window=30",
      overdue: lateDeadlines.total ? { count: lateDeadlines.total, href: "/deadlines?group=system&owner=me&window=overdue" } : null,
      entries: [...systems(lateDeadlines), ...systems(deadlines)].slice(0, SHOWN),
    },
    {
      key: "my-overdue-questionnaires",
      title: "Your questionnaires overdue at the vendor",
      count: questionnaires.total,
      href: "/assessments?overdue=yes&owner=me",
      overdue: null,
      entries: questionnaires.rows.slice(0, SHOWN).map((a) => ({
        href: `/assessments/${a.id}`,
        label: a.supplier_name,
        note: `Was due ${formatDate(a.due_date)} · ${a.progress.requiredAnswered} of ${a.progress.required} required answered`,
        overdue: true,
      })),
    },
  ];
  return items.filter((i) => i.count > 0 || (i.overdue?.count ?? 0) > 0);
}
