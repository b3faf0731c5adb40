// The demo seed's reviews: a seeded submitted assessment is taken into review by its reviewer,
// findings are raised from its answers, and a decision (with its conditions as findings) is
// recorded — the rows and audit events the review's own services write, dated in the past, but no
// mail: a new user opens Reviews, Findings and the scorecards and sees a review at each stage.
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { SeedReview } from "../../db/seed-data";
import { transition, type AssessmentEvent, type AssessmentStatus } from "../domain/assessment-lifecycle";
import { addDays, addMonths, today } from "../domain/calendar";
import { recordAudit, userActor } from "./audit.server";
import { insertFinding } from "./finding-records.server";

const DAY_MS = 86_400_000;

function move(from: AssessmentStatus, event: AssessmentEvent): AssessmentStatus {
  const next = transition(from, event);
  if (!next.ok) throw new Error(`Seed data: ${next.reason}`);
  return next.to;
}

export async function seedDemoReview(
  trx: Transaction<Database>,
  assessment: { id: string; supplierId: string; status: AssessmentStatus },
  review: SeedReview,
  userIds: ReadonlyMap<string, string>,
  now: Date,
): Promise<void> {
  const reviewerId = userIds.get(review.reviewerKey);
  if (!reviewerId) return;
  const reviewer = await trx.selectFrom("users").select(["id", "email"]).where("id", "=", reviewerId).executeTakeFirstOrThrow();
  const actor = userActor(reviewer);
  const startedAt = new Date(now.getTime() - review.startedDaysAgo * DAY_MS);
  const inReview = move(assessment.status, "start_review");
  await trx.insertInto("assessment_reviewers").values({ assessment_id: assessment.id, user_id: reviewer.id, assigned_at: startedAt }).execute();
  await trx
    .updateTable("assessments")
    .set({ status: inReview, review_started_at: startedAt, review_due_date: addDays(today(startedAt), 10), updated_at: startedAt })
    .where("id", "=", assessment.id)
    .execute();
  await recordAudit(trx, actor, {
    action: "review.assign",
    entityType: "assessment",
    entityId: assessment.id,
    details: { userId: reviewer.id, demoSeed: true },
  });
  await recordAudit(trx, actor, { action: "review.start", entityType: "assessment", entityId: assessment.id, details: { demoSeed: true } });

  for (const f of review.findings ?? []) {
    await insertFinding(
      trx,
      actor,
      {
        assessmentId: assessment.id,
        supplierId: assessment.supplierId,
        questionKey: f.questionKey,
        source: "answer",
        title: f.title,
        description: f.description,
        severity: f.severity,
        ownerId: reviewer.id,
        dueDate: addDays(today(now), f.dueInDays),
      },
      startedAt,
    );
  }

  const d = review.decision;
  if (!d) return;
  const decidedAt = new Date(now.getTime() - d.decidedDaysAgo * DAY_MS);
  const decided = move(inReview, "decide");
  for (const c of d.conditions ?? []) {
    await insertFinding(
      trx,
      actor,
      {
        assessmentId: assessment.id,
        supplierId: assessment.supplierId,
        source: "condition",
        title: c.title,
        severity: c.severity,
        ownerId: reviewer.id,
        dueDate: addDays(today(now), c.dueInDays),
      },
      decidedAt,
    );
  }
  const validUntil = addMonths(today(decidedAt), d.validMonths);
  await trx
    .updateTable("assessments")
    .set({
      status: decided,
      decision: d.decision,
      decision_rationale: d.rationale,
      decided_by: reviewer.id,
      decided_at: decidedAt,
      valid_until: validUntil,
      updated_at: decidedAt,
    })
    .where("id", "=", assessment.id)
    .execute();
  await recordAudit(trx, actor, {
    action: "review.decide",
    entityType: "assessment",
    entityId: assessment.id,
    details: { decision: d.decision, validUntil, conditions: d.conditions?.length ?? 0, demoSeed: true },
  });
}

/**
 * After its approval, Lumenreach reports a new model version of its chat API: an unreviewed change
 * notice, so the component shows "changed since last review" and its deadline moves. Written as the
 * vendor's report writes it (the primary contact's grant), without mail.
 */
export async function seedDemoChangeNotice(trx: Transaction<Database>, now: Date): Promise<void> {
  const row = await trx
    .selectFrom("ai_components as c")
    .innerJoin("assessment_components as ac", "ac.ai_component_id", "c.id")
    .innerJoin("access_grants as g", "g.assessment_id", "ac.assessment_id")
    .select(["c.id", "c.supplier_id", "g.id as grantId", "g.email", "g.name", "ac.assessment_id"])
    .where("c.external_id", "=", "CMP-001")
    .where("c.archived_at", "is", null)
    .executeTakeFirst();
  if (!row) return;
  const notice = await trx
    .insertInto("change_notices")
    .values({
      ai_component_id: row.id,
      supplier_id: row.supplier_id,
      kind: "model_version",
      occurred_on: addDays(today(now), -2),
      description:
        "Lumen-4.5 replaces Lumen-4 behind the chat API: a larger context window and a new safety fine-tune. The 2025-06 snapshot is retired in 60 days.",
      reported_by_grant_id: row.grantId,
      reported_label: `${row.name} (${row.email})`,
      created_at: new Date(now.getTime() - 2 * DAY_MS),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(
    trx,
    { type: "vendor", id: row.grantId, label: row.email },
    { action: "change_notice.create", entityType: "ai_component", entityId: row.id, details: { noticeId: notice.id, kind: "model_version", demoSeed: true } },
  );
}
