import { sql } from "kysely";
import type { DatabaseHandle } from "../../db/connection";
import { today } from "../../app/domain/calendar";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { getDashboard } from "../../app/services/dashboard.server";
import { listDeadlines } from "../../app/services/deadlines.server";
import { assessmentListQuery, listAssessments } from "../../app/services/assessment-queries.server";
import { readVersion } from "../../app/services/versioned-cache.server";
import { listReviewQueue } from "../../app/services/review-queue.server";
import { createTestDatabase } from "../support/database";

// The dashboard's figures and the deadline list's rows are cached per portfolio version (migration
// 0019): every change they count moves the version in the writer's transaction, so the next view
// reads again; writes they do not count (an autosave, a sign-in) leave the cache alone.
describe("the portfolio cache behind the dashboard and the deadlines", () => {
  let handle: DatabaseHandle;
  const db = () => handle.db;
  const version = () => readVersion(db(), "portfolio_version");
  const day = today(new Date());

  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemoData(handle.db);
  });
  afterAll(async () => handle?.close());

  it("answers from the cache until a counted change, then shows it on the next view", async () => {
    const first = await getDashboard(db(), day);
    expect(await getDashboard(db(), day)).toBe(first); // the same object: not read again

    const supplier = await db().selectFrom("suppliers").select("id").where("archived_at", "is", null).orderBy("name").executeTakeFirstOrThrow();
    await db().updateTable("suppliers").set({ archived_at: new Date() }).where("id", "=", supplier.id).execute();
    const archived = await getDashboard(db(), day);
    expect(archived.counts.suppliers).toBe(first.counts.suppliers - 1);

    // An assessment moving status shows in the in-flight counts at once.
    const sent = await db().selectFrom("assessments").select("id").where("status", "=", "sent").executeTakeFirstOrThrow();
    await db().updateTable("assessments").set({ status: "in_progress" }).where("id", "=", sent.id).execute();
    const moved = await getDashboard(db(), day);
    expect(moved.assessments.sent).toBe(archived.assessments.sent - 1);
    expect(moved.assessments.in_progress).toBe(archived.assessments.in_progress + 1);
  });

  it("does not move the version for an autosave's writes or a sign-in", async () => {
    const before = await version();
    const a = await db().selectFrom("assessments").select("id").where("status", "=", "in_progress").executeTakeFirstOrThrow();
    // What every autosave does: mark the assessment started (no row matches once it is) and touch updated_at.
    await db().updateTable("assessments").set({ status: "in_progress", updated_at: new Date() }).where("id", "=", a.id).where("status", "=", "sent").execute();
    await db().updateTable("assessments").set({ updated_at: new Date() }).where("id", "=", a.id).execute();
    await db().updateTable("users").set({ last_sign_in_at: new Date() }).execute();
    expect(await version()).toBe(before);
    // A change that rolls back leaves it too.
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`UPDATE findings SET status = status`.execute(trx);
        throw new Error("roll back");
      })
      .catch(() => {});
    expect(await version()).toBe(before);
  });

  it("lists a deadline moved into the past as overdue on the next view", async () => {
    const filters = { group: "supplier" as const, window: "overdue" as const, page: 1 };
    const before = await listDeadlines(db(), filters);
    const row = await db()
      .selectFrom("component_deadlines as d")
      .innerJoin("ai_components as c", "c.id", "d.ai_component_id")
      .innerJoin("suppliers as s", "s.id", "c.supplier_id")
      .select(["d.ai_component_id", "s.name"])
      .where("c.archived_at", "is", null)
      .where("s.archived_at", "is", null)
      .where("d.due_on", ">=", day)
      .orderBy("s.name")
      .executeTakeFirstOrThrow();
    expect(before.rows.some((r) => r.first.id === row.ai_component_id)).toBe(false);
    await db().updateTable("component_deadlines").set({ due_on: "2020-01-01" }).where("ai_component_id", "=", row.ai_component_id).execute();
    const after = await listDeadlines(db(), filters);
    const group = after.rows.find((r) => r.name === row.name);
    expect(group?.first.id).toBe(row.ai_component_id);
    expect(group?.daysLeft).toBeLessThan(0);
  });

  it("keeps each listed assessment's progress until its answers change", async () => {
    const query = assessmentListQuery.parse({ status: "in_progress" });
    const progressOf = async (id: string) => (await listAssessments(db(), query)).rows.find((r) => r.id === id)?.progress;
    const listed = (await listAssessments(db(), query)).rows.find((r) => r.progress.requiredAnswered > 0)!;
    expect(listed).toBeDefined();
    expect(await progressOf(listed.id)).toEqual(listed.progress);

    // Its answers taken back: nothing counted on the next view.
    await db().deleteFrom("answers").where("assessment_id", "=", listed.id).execute();
    expect((await progressOf(listed.id))!.requiredAnswered).toBe(0);
  });

  it("shows a new review assignment in the reviewer's queue on the next view", async () => {
    const reviewer = await db().selectFrom("users").select(["id", "role"]).where("role", "=", "risk_owner").orderBy("email").executeTakeFirstOrThrow();
    const before = await listReviewQueue(db(), reviewer, { tab: "mine", page: 1 });
    const open = await db()
      .selectFrom("assessments as a")
      .select("a.id")
      .where("a.status", "in", ["submitted", "in_review", "resubmitted"])
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom("assessment_reviewers as r").select("r.user_id").whereRef("r.assessment_id", "=", "a.id").where("r.user_id", "=", reviewer.id),
          ),
        ),
      )
      .executeTakeFirstOrThrow();
    await db().insertInto("assessment_reviewers").values({ assessment_id: open.id, user_id: reviewer.id, assigned_by: reviewer.id }).execute();
    const after = await listReviewQueue(db(), reviewer, { tab: "mine", page: 1 });
    expect(after.counts.mine).toBe(before.counts.mine + 1);
    expect(after.rows.some((r) => r.id === open.id)).toBe(true);
  });
});
