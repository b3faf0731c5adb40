// The questionnaires sent about one supplier or one AI component, for the inventory pages: status,
// due date, how far the vendor has got, and the latest grade (of the component, on its page).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { isOpen, type AssessmentStatus } from "../domain/assessment-lifecycle";
import { assessmentProgress } from "../domain/assessment-progress";
import { today as todayOf } from "../domain/calendar";
import type { Grade, TemplateDefinition } from "../domain/templates/definition";

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
  const versionIds = [...new Set(rows.map((r) => r.template_version_id))];

  const [inScope, answers, versions, scores] = await Promise.all([
    db.selectFrom("assessment_components").select(["assessment_id", "ai_component_id"]).where("assessment_id", "in", ids).execute(),
    db
      .selectFrom("answers")
      .select(["assessment_id", "question_key", "ai_component_id", "value", "is_na", "comment"])
      .where("assessment_id", "in", ids)
      .execute(),
    db.selectFrom("template_versions").select(["id", "definition"]).where("id", "in", versionIds).execute(),
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

  const definitions = new Map(versions.map((v) => [v.id, v.definition as TemplateDefinition]));
  const latest = new Map<string, { grade: Grade | null; overall: number | null }>();
  for (const s of scores)
    if (!latest.has(s.assessment_id)) latest.set(s.assessment_id, { grade: s.grade, overall: s.overall === null ? null : Number(s.overall) });

  return {
    total,
    today,
    rows: rows.map((r) => {
      const progress = assessmentProgress(
        definitions.get(r.template_version_id)!,
        inScope.filter((c) => c.assessment_id === r.id).map((c) => c.ai_component_id),
        answers
          .filter((a) => a.assessment_id === r.id)
          .map((a) => ({ questionKey: a.question_key, componentId: a.ai_component_id, value: a.value, isNa: a.is_na, comment: a.comment })),
      );
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
