// Stored scores over a test database (PGlite, or PostgreSQL with TEST_DATABASE_URL): a submit
// stores its score in the same transaction, an old score is recomputed exactly (same hash, same
// result), and a new methodology version with "rescore all" rescores every scored assessment.
import { today, type CalendarDate } from "~/domain/calendar";
import { scoreAssessment } from "~/domain/scoring/engine";
import { scoringInputHash } from "~/domain/scoring/canonical";
import { DEFAULT_METHODOLOGY } from "~/domain/scoring/methodology";
import { reopenAssessment, submitAssessment } from "~/services/assessment-lifecycle.server";
import { userActor } from "~/services/audit.server";
import { currentMethodology, saveMethodology } from "~/services/scores-methodology.server";
import { latestRescoreRun, runRescore, startRescoreAll, SUPERSEDED } from "~/services/scores-rescore.server";
import { recomputeScore } from "~/services/scores-recompute.server";
import { latestScore, scoreNow, type StoredScoringInputs } from "~/services/scores.server";
import { eventually, startTestApp, type TestApp } from "../support/app";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden } from "../support/scored-assessment";
import { goldenDefinition } from "../unit/scoring-fixtures";

describe("stored scores", () => {
  let app: TestApp;
  let versionId: string;
  let admin: ReturnType<typeof userActor>;
  const db = () => app.ctx.db;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    admin = userActor(await createUser(db(), "admin"));
    versionId = await publishGolden(app.ctx, admin);
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function submitted(options: { incident?: "yes" | "no" } = {}) {
    const issued = await issueGolden(app.ctx, admin, versionId);
    await answerGolden(app.ctx, issued, options);
    await submitAssessment(app.ctx, issued.grant, issued.assessmentId);
    return issued;
  }

  it("a submit computes and stores the score, its inputs, hash and versions in the same transaction", async () => {
    const issued = await submitted();
    const rows = await db().selectFrom("scores").selectAll().where("assessment_id", "=", issued.assessmentId).execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      reason: "submit",
      methodology_version: 1,
      template_version_id: versionId,
      supplier_id: issued.supplierId,
      scoring_date: today(),
    });
    const inputs = row.inputs as StoredScoringInputs;
    expect(inputs.componentIds).toEqual([...issued.componentIds].sort());
    expect(inputs.answers).toHaveLength(14);
    expect(inputs.evidence).toHaveLength(3);
    // The stored result is exactly the engine's on the same input, and the hash is that input's.
    const input = { definition: goldenDefinition(), methodology: DEFAULT_METHODOLOGY, ...inputs, scoringDate: inputs.scoringDate as CalendarDate };
    expect(row.result).toEqual(JSON.parse(JSON.stringify(scoreAssessment(input))));
    expect(row.input_hash).toBe(await scoringInputHash(input));
    const [x, y] = issued.componentIds;
    expect(row.result.components[x]!.grade).toBe("B");
    expect(row.result.components[y]!.grade).toBe("E");
    expect(row).toMatchObject({ grade: "E", flag_count: 0, overall: row.result.vendor.overall });
    const components = await db().selectFrom("score_components").selectAll().where("score_id", "=", row.id).orderBy("grade").execute();
    expect(components.map((c) => [c.ai_component_id, c.grade])).toEqual([
      [x, "B"],
      [y, "E"],
    ]);
    // Explanations are stored whole: every question line with points and contribution.
    expect(row.result.components[x]!.explanation.questions.find((l) => l.questionKey === "c_controls")).toMatchObject({ points: 0.75, status: "scored" });
  });

  it("a refused submit stores no score; a knock-out is stored with its triggering answer", async () => {
    const issued = await issueGolden(app.ctx, admin, versionId);
    await expect(submitAssessment(app.ctx, issued.grant, issued.assessmentId)).rejects.toMatchObject({ kind: "state" });
    expect(await latestScore(db(), issued.assessmentId)).toBeNull();

    const knocked = await submitted({ incident: "no" });
    const row = (await latestScore(db(), knocked.assessmentId))!;
    expect(row.grade).toBe("E");
    expect(row.result.vendor.flags[0]).toMatchObject({ questionKey: "s_incident", answer: "no", gradeCap: "E", severity: "critical" });
    expect(row.result.vendor.explanation.grade.reason).toBeTruthy();
  });

  it("recomputes an old score exactly, after the answers and the methodology have changed", async () => {
    const issued = await submitted();
    const old = (await latestScore(db(), issued.assessmentId))!;
    // Afterwards: reopened, an answer changed, a new methodology version saved.
    await reopenAssessment(app.ctx, admin, issued.assessmentId);
    await db()
      .updateTable("answers")
      .set({ value: JSON.stringify("yes") })
      .where("assessment_id", "=", issued.assessmentId)
      .where("question_key", "=", "s_policy")
      .execute();
    const current = await currentMethodology(db());
    await saveMethodology(app.ctx, admin, { ...current, thresholds: { A: 95, B: 90, C: 80, D: 70 } });

    const again = await recomputeScore(db(), old.id);
    expect(again.identical).toBe(true);
    expect(again.inputHash).toBe(old.input_hash);
    expect(again.result).toEqual(old.result);

    // The hash is what proves it: a stored input changed behind its back no longer matches.
    const inputs = old.inputs as StoredScoringInputs;
    const tampered = { ...inputs, answers: inputs.answers.map((a) => (a.questionKey === "s_policy" ? { ...a, value: "yes" } : a)) };
    await db()
      .updateTable("scores")
      .set({ inputs: JSON.stringify(tampered) })
      .where("id", "=", old.id)
      .execute();
    const mismatch = await recomputeScore(db(), old.id);
    expect(mismatch.identical).toBe(false);
    expect(mismatch.inputHash).not.toBe(old.input_hash);
    await db()
      .updateTable("scores")
      .set({ inputs: JSON.stringify(inputs) })
      .where("id", "=", old.id)
      .execute();
    await expect(recomputeScore(db(), "not-a-uuid")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("scores on demand only after a submit", async () => {
    const open = await issueGolden(app.ctx, admin, versionId);
    await expect(scoreNow(app.ctx, admin, open.assessmentId)).rejects.toMatchObject({ kind: "state" });
    const issued = await submitted();
    const stored = await scoreNow(app.ctx, admin, issued.assessmentId);
    expect((await latestScore(db(), issued.assessmentId))!.id).toBe(stored.id);
    expect((await latestScore(db(), issued.assessmentId))!.reason).toBe("on_demand");
    const audit = await db()
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "score.compute")
      .where("entity_id", "=", issued.assessmentId)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("a new methodology version and 'rescore all' rescore every scored assessment, with progress", async () => {
    const a = await submitted();
    const b = await submitted({ incident: "no" });
    const before = (await latestScore(db(), a.assessmentId))!;
    const current = await currentMethodology(db());
    // Lower thresholds: component x (74.5) moves from B to A; the knock-out still caps b at E.
    const { methodology } = await saveMethodology(app.ctx, admin, { ...current, thresholds: { A: 60, B: 50, C: 40, D: 30 } });
    const runId = await startRescoreAll(app.ctx, admin);
    const run = await eventually(async () => {
      const r = await latestRescoreRun(db());
      return r && r.id === runId && !r.running ? r : null;
    }, 30_000);
    const scored = await db()
      .selectFrom("scores")
      .select((eb) => eb.fn.count<string>("assessment_id").distinct().as("n"))
      .where("computed_at", "<=", run.createdAt)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ methodologyVersion: methodology.version, failed: 0, stoppedReason: null });
    expect(run.done).toBe(Number(scored.n));
    expect(run.total).toBe(run.done);

    for (const issued of [a, b]) {
      const latest = (await latestScore(db(), issued.assessmentId))!;
      expect(latest).toMatchObject({ reason: "rescore", methodology_version: methodology.version, scoring_date: before.scoring_date });
      expect(latest.inputs).toEqual(
        (
          await db()
            .selectFrom("scores")
            .select("inputs")
            .where("assessment_id", "=", issued.assessmentId)
            .where("reason", "=", "submit")
            .executeTakeFirstOrThrow()
        ).inputs,
      );
      expect((await recomputeScore(db(), latest.id)).identical).toBe(true);
    }
    const rescored = (await latestScore(db(), a.assessmentId))!;
    expect(rescored.result.components[a.componentIds[0]]!.grade).toBe("A"); // 74.5 is an A at A ≥ 60
    expect((await latestScore(db(), b.assessmentId))!.grade).toBe("E"); // the knock-out still caps it

    // Run again: nothing new (each assessment is already on this version).
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom("scores")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const scores = await count();
    await db().updateTable("rescore_runs").set({ finished_at: null, last_assessment_id: null, done: 0 }).where("id", "=", runId).execute();
    await runRescore(app.ctx, runId);
    expect(await count()).toBe(scores);
  });

  it("a run for an older version stops when a newer one starts", async () => {
    await submitted();
    const v = (await currentMethodology(db())).version;
    const old = await db()
      .insertInto("rescore_runs")
      .values({ methodology_version: v, created_at: new Date(Date.now() - 60_000), total: 1, last_assessment_id: null, stopped_reason: null, started_by: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("rescore_runs")
      .values({
        methodology_version: v,
        created_at: new Date(),
        total: 0,
        last_assessment_id: null,
        stopped_reason: null,
        started_by: null,
        finished_at: new Date(),
      })
      .execute();
    await runRescore(app.ctx, old.id);
    const row = await db().selectFrom("rescore_runs").selectAll().where("id", "=", old.id).executeTakeFirstOrThrow();
    expect(row.stopped_reason).toBe(SUPERSEDED);
    expect(row.finished_at).not.toBeNull();
    expect(row.done).toBe(0);
  });
});
