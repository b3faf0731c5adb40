// Current ratings and residual risk of AI components and suppliers, computed on read so they never
// go stale: SQL fragments the lists filter and sort by, the values for the rows a page shows, and
// the Rating panels with their trend over cycles. The rules: docs/decisions/0012.
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../../db/schema";
import type { GradeFilter } from "../domain/list-query";
import { residualRisk, supplierResidual, type Rollup } from "../domain/risk/residual";
import { RISK_LEVELS, type Methodology, type RiskLevel } from "../domain/scoring/methodology";
import type { Grade } from "../domain/templates/definition";
import { inherentRiskByComponent } from "./component-dependents.server";
import { currentMethodology } from "./scores-methodology.server";

type Matrix = Methodology["riskMatrix"];

// A score counts once the vendor has submitted: not while the questionnaire is (again) with the vendor.
const UNSUBMITTED = sql`('sent', 'in_progress')`;
const LEVELS = sql`ARRAY['low','medium','high','critical']::text[]`;

/** The latest counting score_components row of the component `componentId` (a column reference), for a LATERAL join. */
export function componentCurrentSql(componentId: string) {
  return sql<{ score_id: string; assessment_id: string; grade: Grade | null; overall: number | null; computed_at: Date }>`(
    SELECT sc.score_id, sc.assessment_id, sc.grade, sc.overall, sc.computed_at
    FROM score_components sc JOIN assessments a ON a.id = sc.assessment_id
    WHERE sc.ai_component_id = ${sql.ref(componentId)} AND a.status NOT IN ${UNSUBMITTED}
    ORDER BY sc.computed_at DESC, sc.score_id DESC LIMIT 1)`;
}

/** The latest counting vendor score of the supplier `supplierId` (a column reference), for a LATERAL join. */
export function supplierCurrentSql(supplierId: string) {
  return sql<{ score_id: string; assessment_id: string; grade: Grade | null; overall: number | null; computed_at: Date }>`(
    SELECT sc.id AS score_id, sc.assessment_id, sc.grade, sc.overall, sc.computed_at
    FROM scores sc JOIN assessments a ON a.id = sc.assessment_id
    WHERE sc.supplier_id = ${sql.ref(supplierId)} AND a.status NOT IN ${UNSUBMITTED}
    ORDER BY sc.computed_at DESC, sc.id DESC LIMIT 1)`;
}

// Inherent risk per dependency as a rank 0 (low) … 3 (critical): app/domain/risk/inherent.ts in SQL
// (a test checks they agree on every criticality × EU AI Act class × data shared). Live dependencies
// only: systems neither archived nor retired.
const CRITICALITY_RANK = sql`(array_position(${LEVELS}, sys.criticality) - 1)`;
const DEPENDENCIES = sql`ai_system_dependencies d
  JOIN ai_systems sys ON sys.id = d.ai_system_id
  CROSS JOIN LATERAL (SELECT CASE sys.eu_ai_act_class
    WHEN 'prohibited' THEN 3
    WHEN 'high_risk' THEN LEAST(3, GREATEST(${CRITICALITY_RANK} + 1, 2))
    ELSE ${CRITICALITY_RANK} END AS r) e`;
const LIVE = sql`sys.archived_at IS NULL AND sys.lifecycle <> 'retired'`;
const DEPENDENCY_RANK = sql`CASE
  WHEN 'special_category' = ANY(d.data_categories) THEN LEAST(3, GREATEST(e.r + 1, 2))
  WHEN d.data_categories && ARRAY['personal','confidential']::text[] THEN GREATEST(e.r, 1)
  ELSE e.r END`;

/** A component's inherent risk rank (the worst live dependency; 0 with none), correlated to `componentId`. */
export function inherentRankSql(componentId: string): RawBuilder<number> {
  return sql<number>`COALESCE((SELECT max(${DEPENDENCY_RANK}) FROM ${DEPENDENCIES} WHERE d.ai_component_id = ${sql.ref(componentId)} AND ${LIVE}), 0)`;
}

/** Residual risk (low … critical, null when unrated) of a component with grade `grade`, through the matrix. */
export function residualSql(matrix: Matrix, componentId: string, grade: string): RawBuilder<RiskLevel | null> {
  return sql<RiskLevel | null>`(CASE WHEN ${sql.ref(grade)} IS NULL THEN NULL
    ELSE ${JSON.stringify(matrix)}::jsonb -> (${LEVELS})[${inherentRankSql(componentId)} + 1] ->> ${sql.ref(grade)} END)`;
}

/**
 * Every rated component's current grade and residual risk (rank 1 = low … 4 = critical), set-based
 * for the lists' filters and sorts: one pass over the scores and the dependencies, joined by id
 * (tens of thousands of correlated look-ups took seconds on PGlite).
 */
export function componentRatingSetSql(matrix: Matrix) {
  return sql<{ ai_component_id: string; grade: Grade | null; residual_rank: number | null }>`(
    SELECT cur.ai_component_id, cur.grade, array_position(${LEVELS}, ${residualCellSql(matrix, "ih.rank", "cur.grade")}) AS residual_rank
    FROM ${CURRENT_COMPONENT_SCORES} cur
    LEFT JOIN ${INHERENT_RANKS} ih ON ih.ai_component_id = cur.ai_component_id)`;
}

/** Every rated component's latest counting score_components row, set-based (componentCurrentSql for all). */
const CURRENT_COMPONENT_SCORES = sql`(
  SELECT DISTINCT ON (sc.ai_component_id) sc.ai_component_id, sc.grade, sc.overall, sc.assessment_id
  FROM score_components sc JOIN assessments a ON a.id = sc.assessment_id
  WHERE a.status NOT IN ${UNSUBMITTED}
  ORDER BY sc.ai_component_id, sc.computed_at DESC, sc.score_id DESC)`;

/** Every component with a live dependency and its inherent risk rank (inherentRankSql for all; none: 0). */
const INHERENT_RANKS = sql`(SELECT d.ai_component_id, max(${DEPENDENCY_RANK}) AS rank FROM ${DEPENDENCIES} WHERE ${LIVE} GROUP BY d.ai_component_id)`;

/** The matrix cell (low … critical) at inherent rank `rank` (null: 0) and grade `grade` (columns). */
const residualCellSql = (matrix: Matrix, rank: string, grade: string) =>
  sql<RiskLevel | null>`${JSON.stringify(matrix)}::jsonb -> (${LEVELS})[COALESCE(${sql.ref(rank)}, 0) + 1] ->> ${sql.ref(grade)}`;

/** Every supplier's current vendor grade (null when unrated), set-based. */
export function supplierGradeSetSql() {
  return sql<{ supplier_id: string; grade: Grade | null }>`(
    SELECT DISTINCT ON (sc.supplier_id) sc.supplier_id, sc.grade
    FROM scores sc JOIN assessments a ON a.id = sc.assessment_id
    WHERE a.status NOT IN ${UNSUBMITTED}
    ORDER BY sc.supplier_id, sc.computed_at DESC, sc.id DESC)`;
}

/** Every supplier's residual risk rank: the worst of its components in use, set-based. */
export function supplierResidualSetSql(matrix: Matrix) {
  return sql<{ supplier_id: string; residual_rank: number | null }>`(
    SELECT c.supplier_id, max(cr.residual_rank) AS residual_rank
    FROM ai_components c JOIN ${componentRatingSetSql(matrix)} cr ON cr.ai_component_id = c.id
    WHERE c.archived_at IS NULL
    GROUP BY c.supplier_id)`;
}

/** A supplier's residual risk as a rank 1 (low) … 4 (critical), null when none of its components in use is rated. */
export function supplierResidualRankSql(matrix: Matrix, supplierId: string): RawBuilder<number | null> {
  return sql<number | null>`(
    SELECT max(array_position(${LEVELS}, ${residualSql(matrix, "rc.ai_component_id", "rc.grade")}))
    FROM (SELECT c2.id AS ai_component_id, cur.grade FROM ai_components c2 CROSS JOIN LATERAL ${componentCurrentSql("c2.id")} cur
          WHERE c2.supplier_id = ${sql.ref(supplierId)} AND c2.archived_at IS NULL) rc)`;
}

export const levelOfRank = (rank: number | string | null): RiskLevel | null => (rank === null ? null : (RISK_LEVELS[Number(rank) - 1] ?? null));

/** The SQL condition for a grade filter on a grade column. */
export function gradeCondition(grade: GradeFilter, column: string): RawBuilder<boolean> {
  return grade === "none" ? sql<boolean>`${sql.ref(column)} IS NULL` : sql<boolean>`${sql.ref(column)} = ${grade}`;
}

/** The methodology's risk matrix the lists and pages judge residual risk by: the current one. */
export async function currentMatrix(db: Kysely<Database>): Promise<Matrix> {
  return (await currentMethodology(db)).riskMatrix;
}

export interface RatingCell {
  grade: Grade | null;
  overall: number | null;
  assessmentId: string | null;
  residual: RiskLevel | null;
}

const noRating: RatingCell = { grade: null, overall: null, assessmentId: null, residual: null };

/** A component's rating row (current score, inherent rank, residual) as the pages use it. */
function componentCell(r: {
  grade: Grade | null;
  overall: number | null;
  assessment_id: string | null;
  inherent_rank: number | string;
  residual: RiskLevel | null;
}): RatingCell & { inherent: RiskLevel } {
  return {
    grade: r.grade ?? null,
    overall: r.overall ?? null,
    assessmentId: r.assessment_id ?? null,
    residual: r.residual,
    inherent: RISK_LEVELS[Number(r.inherent_rank)] ?? "low",
  };
}

/** The current rating and residual risk of the given components (the rows a page shows), by id. */
export async function componentRatingsFor(db: Kysely<Database>, ids: readonly string[], matrix?: Matrix) {
  const out = new Map<string, RatingCell & { inherent: RiskLevel }>();
  if (ids.length === 0) return out;
  const m = matrix ?? (await currentMatrix(db));
  const rows = await db
    .selectFrom("ai_components as c")
    .leftJoinLateral(componentCurrentSql("c.id").as("cur"), (join) => join.onTrue())
    .select([
      "c.id",
      "cur.grade",
      "cur.overall",
      "cur.assessment_id",
      inherentRankSql("c.id").as("inherent_rank"),
      residualSql(m, "c.id", "cur.grade").as("residual"),
    ])
    .where("c.id", "in", ids)
    .execute();
  for (const r of rows) out.set(r.id, componentCell(r));
  return out;
}

/**
 * componentRatingsFor for every component in use, set-based: one pass over the scores and one over
 * the dependencies (for a portfolio-wide list, an IN list of every id made each look-up correlated).
 */
export async function allComponentRatings(db: Kysely<Database>, matrix?: Matrix) {
  const m = matrix ?? (await currentMatrix(db));
  const rows = await sql<{
    id: string;
    grade: Grade | null;
    overall: number | null;
    assessment_id: string | null;
    inherent_rank: number;
    residual: RiskLevel | null;
  }>`
    SELECT c.id, cur.grade, cur.overall, cur.assessment_id, COALESCE(ih.rank, 0) AS inherent_rank,
      CASE WHEN cur.grade IS NULL THEN NULL ELSE ${residualCellSql(m, "ih.rank", "cur.grade")} END AS residual
    FROM ai_components c
    LEFT JOIN ${CURRENT_COMPONENT_SCORES} cur ON cur.ai_component_id = c.id
    LEFT JOIN ${INHERENT_RANKS} ih ON ih.ai_component_id = c.id
    WHERE c.archived_at IS NULL`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, componentCell(r)]));
}

/** The current vendor rating and residual risk of the given suppliers (the rows a page shows), by id. */
export async function supplierRatingsFor(db: Kysely<Database>, ids: readonly string[], matrix?: Matrix) {
  const out = new Map<string, RatingCell>();
  if (ids.length === 0) return out;
  const m = matrix ?? (await currentMatrix(db));
  const rows = await db
    .selectFrom("suppliers as s")
    .leftJoinLateral(supplierCurrentSql("s.id").as("cur"), (join) => join.onTrue())
    .select(["s.id", "cur.grade", "cur.overall", "cur.assessment_id", supplierResidualRankSql(m, "s.id").as("residual_rank")])
    .where("s.id", "in", ids)
    .execute();
  for (const r of rows) {
    out.set(r.id, { grade: r.grade ?? null, overall: r.overall ?? null, assessmentId: r.assessment_id ?? null, residual: levelOfRank(r.residual_rank) });
  }
  return out;
}

export const ratingOf = (map: Map<string, RatingCell>, id: string): RatingCell => map.get(id) ?? noRating;

/** One cycle of the trend: an assessment's latest score. */
export interface TrendPoint {
  assessmentId: string;
  grade: Grade | null;
  overall: number | null;
  scoringDate: string;
}

export interface RatingPanelData {
  current: (TrendPoint & { methodologyVersion: number }) | null;
  residual: { level: RiskLevel | null; reason: string };
  /** Oldest first. */
  trend: TrendPoint[];
}

/** The Rating panel of a component page: current grade, residual risk with its reason, trend per assessment. */
export async function componentRatingPanel(db: Kysely<Database>, componentId: string): Promise<RatingPanelData> {
  const rows = await db
    .selectFrom("score_components as sc")
    .innerJoin("assessments as a", "a.id", "sc.assessment_id")
    .innerJoin("scores as s", "s.id", "sc.score_id")
    .select(["sc.assessment_id", "sc.grade", "sc.overall", "sc.computed_at", "s.scoring_date", "s.methodology_version"])
    .where("sc.ai_component_id", "=", componentId)
    .where("a.status", "not in", ["sent", "in_progress"])
    .orderBy("sc.computed_at", "asc")
    .orderBy("sc.score_id", "asc")
    .execute();
  const trend = latestPerAssessment(rows);
  const current = trend.at(-1) ?? null;
  if (!current) return { current: null, residual: { level: null, reason: "Not rated yet: no residual risk to show." }, trend };
  const inherent = (await inherentRiskByComponent(db, [componentId])).get(componentId)!;
  const level = residualRisk(await currentMatrix(db), inherent.level, current.grade);
  const reason =
    level === null
      ? `No grade (nothing scorable was answered): no residual risk. Inherent risk: ${inherent.reason}`
      : `Grade ${current.grade} with ${inherent.level} inherent risk: residual risk ${level}. Inherent risk: ${inherent.reason}`;
  return { current, residual: { level, reason }, trend };
}

/** The Rating panel of a supplier page: the vendor rating, the worst residual risk of its components in use, trend. */
export async function supplierRatingPanel(db: Kysely<Database>, supplier: { id: string; name: string }): Promise<RatingPanelData> {
  const rows = await db
    .selectFrom("scores as s")
    .innerJoin("assessments as a", "a.id", "s.assessment_id")
    .select(["s.assessment_id", "s.grade", "s.overall", "s.computed_at", "s.scoring_date", "s.methodology_version"])
    .where("s.supplier_id", "=", supplier.id)
    .where("a.status", "not in", ["sent", "in_progress"])
    .orderBy("s.computed_at", "asc")
    .orderBy("s.id", "asc")
    .execute();
  const trend = latestPerAssessment(rows);
  const current = trend.at(-1) ?? null;
  if (!current) return { current: null, residual: { level: null, reason: "Not rated yet: no residual risk to show." }, trend };
  return { current, residual: await supplierRollup(db, supplier), trend };
}

async function supplierRollup(db: Kysely<Database>, supplier: { id: string; name: string }): Promise<Rollup> {
  const components = await db
    .selectFrom("ai_components as c")
    .leftJoinLateral(componentCurrentSql("c.id").as("cur"), (join) => join.onTrue())
    .select(["c.id", "c.name", "cur.grade"])
    .where("c.supplier_id", "=", supplier.id)
    .where("c.archived_at", "is", null)
    .orderBy(sql`lower(c.name)`)
    .execute();
  const inherent = await inherentRiskByComponent(
    db,
    components.map((c) => c.id),
  );
  const items = components.map((c) => ({ componentId: c.id, componentName: c.name, inherent: inherent.get(c.id)!.level, grade: c.grade ?? null }));
  return supplierResidual(supplier.name, items, await currentMatrix(db));
}

/** Scores in time order → one point per assessment (its latest score), ordered by that score's time. */
function latestPerAssessment(
  rows: ReadonlyArray<{
    assessment_id: string;
    grade: Grade | null;
    overall: number | null;
    computed_at: Date;
    scoring_date: string;
    methodology_version: number;
  }>,
) {
  const byAssessment = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    byAssessment.delete(row.assessment_id); // re-inserted last: the map keeps the order of each assessment's latest score
    byAssessment.set(row.assessment_id, row);
  }
  return [...byAssessment.values()].map((r) => ({
    assessmentId: r.assessment_id,
    grade: r.grade,
    overall: r.overall,
    scoringDate: String(r.scoring_date),
    methodologyVersion: r.methodology_version,
  }));
}
