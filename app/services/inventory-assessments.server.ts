// The questionnaires sent about one supplier or one AI component, for the inventory pages: status,
// due date, how far the vendor has got, and the latest grade (of the component, on its page).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { isOpen, type AssessmentStatus } from "../domain/assessment-lifecycle";
import { today as todayOf } from "../domain/calendar";
import type { Grade } from "../domain/templates/definition";
import { listProgress } from "./assessment-queries.server";

/** How many an inventory page lists (newest first); the rest are on /assessments. */
export const INVENTORY_ASSESSMENTS_SHOWN = 20;

export interface InventoryAssessment {
  id: string;
  status: AssessmentStatus;
  dueDate: string;
  issuedAt: Date;
  templateName: string;
  version: number;
  open: boolean;
  /** Required questions answered, 0-100. */
  percent: number;
  requiredAnswered: number;
  required: number;
  /** The latest stored score: the component's on a component page, else the vendor's. */
  grade: Grade | null;
  overall: number | null;
  scored: boolean;
}

export interface InventoryAssessments {
  rows: InventoryAssessment[];
  total: number;
  today: string;
}

type Scope = { supplierId: string } | { componentId: string };

export async function inventoryAssessments(db: Kysely<Database>, scope: Scope, now = new Date()): Promise<InventoryAssessments> {
  let base = db.selectFrom("assessments as a");
  if ("supplierId" in scope) base = base.where("a.supplier_id", "=", scope.supplierId);
  else
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom("assessment_components as ac")
          .select("ac.assessment_id")
          .whereRef("ac.assessment_id", "=", "a.id")
          .where("ac.ai_component_id", "=", scope.componentId),
      ),
    );
  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const today = todayOf(now);
  if (total === 0) return { rows: [], total, today };

  const rows = await base
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["a.id", "a.status", "a.due_date", "a.created_at", "a.template_version_id", "t.name as template_name", "v.version"])
    .orderBy("a.created_at", "desc")
    .orderBy("a.id")
    .limit(INVENTORY_ASSESSMENTS_SHOWN)
    .execute();
  const ids = rows.map((r) => r.id);

  const [progressBy, scores] = await Promise.all([
    listProgress(db, rows),
    "componentId" in scope
      ? db
          .selectFrom("score_components")
          .select(["assessment_id", "grade", "overall", "computed_at"])
          .where("assessment_id", "in", ids)
          .where("ai_component_id", "=", scope.componentId)
          .orderBy("computed_at", "desc")
          .execute()
      : db
          .selectFrom("scores")
          .select(["assessment_id", "grade", "overall", "computed_at"])
          .where("assessment_id", "in", ids)
          .orderBy("computed_at", "desc")
          .orderBy("id", "desc")
          .execute(),
  ]);

  const latest = new Map<string, { grade: Grade | null; overall: number | null }>();
  for (const s of scores)
    if (!latest.has(s.assessment_id)) latest.set(s.assessment_id, { grade: s.grade, overall: s.overall === null ? null : Number(s.overall) });

  return {
    total,
    today,
    rows: rows.map((r) => {
      const progress = progressBy.get(r.id)!;
      const score = latest.get(r.id);
      return {
        id: r.id,
        status: r.status,
        dueDate: r.due_date,
        issuedAt: r.created_at,
        templateName: r.template_name,
        version: r.version,
        open: isOpen(r.status),
        percent: progress.percent,
        requiredAnswered: progress.requiredAnswered,
        required: progress.required,
        grade: score?.grade ?? null,
        overall: score?.overall ?? null,
        scored: score !== undefined,
      };
    }),
  };
}
