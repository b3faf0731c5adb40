// The scale seed (npm run seed:scale) at a small size: every assessment status, answers only for
// questions that show given the others, scores the app can recompute exactly, and a second run
// that adds nothing.
import { sql } from "kysely";
import { ASSESSMENT_STATUSES } from "~/domain/assessment-lifecycle";
import { walkAssessment, type StoredAnswer } from "~/domain/question-visibility";
import { answerValueSchema } from "~/domain/answers";
import type { TemplateDefinition } from "~/domain/templates/definition";
import { scaleSeedSize, seedScale } from "~/services/scale-seed.server";
import { recomputeScore } from "~/services/scores-recompute.server";
import { createTestDatabase } from "../support/database";

const SUPPLIERS = 30;
const TABLES = [
  "suppliers",
  "ai_components",
  "assessments",
  "assessment_components",
  "access_grants",
  "assessment_reviewers",
  "answers",
  "answer_history",
  "evidence",
  "findings",
  "finding_events",
  "change_notices",
  "scores",
  "score_components",
  "component_deadlines",
] as const;

describe("scale seed", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(database.db);
      counts[table] = Number(row.rows[0]!.n);
    }
    return counts;
  }

  it("seeds assessments in every status, with answers that respect the template's conditions, and a second run adds nothing", async () => {
    const db = database.db;
    const steps = new Set<string>();
    const first = await seedScale(db, { suppliers: SUPPLIERS, onProgress: (p) => steps.add(p.step) });
    expect([...steps]).toEqual(expect.arrayContaining(["inventory", "answers", "scores", "deadlines"]));
    const size = scaleSeedSize(SUPPLIERS);
    expect(first.inserted.assessments).toBe(size.assessments);
    expect(first.inserted.answers).toBeGreaterThan(size.assessments * 50);

    const statuses = await db
      .selectFrom("assessments")
      .select(["status"])
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .groupBy("status")
      .execute();
    expect(statuses.map((s) => s.status).sort()).toEqual([...ASSESSMENT_STATUSES].sort());

    // Every assessment: answers only for visible questions, values valid for their question; sent ones empty, answered ones complete-ish.
    const assessments = await db.selectFrom("assessments").select(["id", "status", "template_version_id", "decision", "submitted_at"]).execute();
    const version = await db
      .selectFrom("template_versions")
      .select("definition")
      .where("id", "=", assessments[0]!.template_version_id)
      .executeTakeFirstOrThrow();
    const definition = version.definition as TemplateDefinition;
    let checked = 0;
    for (const a of assessments) {
      const componentIds = (await db.selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", a.id).execute()).map(
        (c) => c.ai_component_id,
      );
      expect(componentIds.length).toBeGreaterThanOrEqual(1);
      const answers: StoredAnswer[] = (
        await db.selectFrom("answers").select(["question_key", "ai_component_id", "value", "is_na"]).where("assessment_id", "=", a.id).execute()
      ).map((r) => ({ questionKey: r.question_key, componentId: r.ai_component_id, value: r.value, isNa: r.is_na }));
      if (a.status === "sent") expect(answers).toEqual([]);
      else expect(answers.length).toBeGreaterThan(0);
      const walked = walkAssessment(definition, componentIds, answers);
      for (const section of walked) {
        for (const item of section.items) {
          if (!item.answer) continue;
          // A stored answer for a question its conditions hide would be data the app never writes.
          expect({ key: item.question.key, visible: item.visible }).toEqual({ key: item.question.key, visible: true });
          if (!item.answer.isNa) {
            const valid = answerValueSchema(item.question).safeParse(item.answer.value).success;
            expect({ key: item.question.key, value: item.answer.value, valid }).toEqual({ key: item.question.key, value: item.answer.value, valid: true });
          }
          checked += 1;
        }
      }
      if (a.status === "decided" || a.status === "expired") expect(a.decision).not.toBeNull();
    }
    expect(checked).toBe(first.inserted.answers);

    // File answers point at evidence rows with expiry dates, some already past.
    const evidence = await db.selectFrom("evidence").select(["valid_until"]).execute();
    expect(evidence.length).toBe(first.inserted.evidence);
    const todayText = new Date().toISOString().slice(0, 10);
    expect(evidence.some((e) => e.valid_until && String(e.valid_until) < todayText)).toBe(true);
    expect(evidence.some((e) => e.valid_until && String(e.valid_until) > todayText)).toBe(true);
    expect(first.inserted.findings).toBeGreaterThan(0);
    expect(first.inserted["change notices"]).toBeGreaterThan(0);

    // Scores as the app stores them: one per answered assessment, and the app's recomputation agrees exactly.
    const answered = assessments.filter((a) => a.submitted_at !== null).length;
    expect(first.inserted.scores).toBe(answered);
    const someScores = await db.selectFrom("scores").select("id").orderBy("id").limit(3).execute();
    for (const s of someScores) expect((await recomputeScore(db, s.id)).identical).toBe(true);

    // History: one revision per answer. Deadlines: one per component.
    const before = await rowCounts();
    expect(before.answer_history).toBe(before.answers);
    expect(before.component_deadlines).toBeGreaterThan(0);

    const again = await seedScale(db, { suppliers: SUPPLIERS });
    expect(Object.values(again.inserted).every((n) => n === 0)).toBe(true);
    expect(await rowCounts()).toEqual(before);
  });
});
