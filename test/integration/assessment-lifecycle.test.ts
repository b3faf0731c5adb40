// The assessment moves the services make (start, submit, reopen, close) go through the lifecycle's
// transition table, over a test database (PGlite, or PostgreSQL with TEST_DATABASE_URL): a refused
// move is an AppError of kind "state" with the lifecycle's reason, and nothing changes.
import { addDays, today } from "~/domain/calendar";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { issueAssessment } from "~/services/assessment-issue.server";
import { closeAssessment, markStarted, reopenAssessment, submitAssessment } from "~/services/assessment-lifecycle.server";
import { assessmentExists } from "~/services/assessment-queries.server";
import { userActor } from "~/services/audit.server";
import { startTestApp, type TestApp } from "../support/app";
import { createUser } from "../support/factories";

describe("assessment lifecycle in the services", () => {
  let app: TestApp;
  let versionId: string;
  let actor: ReturnType<typeof userActor>;
  const db = () => app.ctx.db;
  let n = 0;

  beforeAll(async () => {
    app = await startTestApp();
    actor = userActor(await createUser(db(), "procurement"));
    const builtin = await ensureBuiltinTemplate(db());
    versionId = (
      await db()
        .selectFrom("template_versions")
        .select("id")
        .where("template_id", "=", builtin.templateId)
        .where("status", "=", "published")
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function issue() {
    n += 1;
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name: `Lifecycle supplier ${n} ${Date.now()}`, status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const contact = await db()
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Vera Vendor", email: `vera${n}.${Date.now()}@vendor.example`, is_primary: true })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    const { assessmentId, grantIds } = await issueAssessment(app.ctx, actor, {
      supplierId: supplier.id,
      templateVersionId: versionId,
      componentIds: [],
      contactIds: [contact.id],
      dueDate: addDays(today(), 20),
      message: null,
    });
    return { assessmentId, grant: { id: grantIds[0]!, email: contact.email } };
  }

  const statusOf = async (id: string) => (await db().selectFrom("assessments").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
  /** Puts an assessment in a state directly (with the timestamps the table's checks ask for). */
  const setStatus = (id: string, status: "sent" | "in_progress" | "submitted" | "closed") =>
    db()
      .updateTable("assessments")
      .set({ status, submitted_at: status === "submitted" ? new Date() : null, closed_at: status === "closed" ? new Date() : null })
      .where("id", "=", id)
      .execute();

  it("starts only a sent assessment", async () => {
    const { assessmentId } = await issue();
    await db()
      .transaction()
      .execute((trx) => markStarted(trx, assessmentId));
    expect(await statusOf(assessmentId)).toBe("in_progress");
    for (const status of ["submitted", "closed"] as const) {
      await setStatus(assessmentId, status);
      await db()
        .transaction()
        .execute((trx) => markStarted(trx, assessmentId));
      expect(await statusOf(assessmentId)).toBe(status);
    }
  });

  it("reopens only a submitted assessment, refusing otherwise with the lifecycle's reason", async () => {
    const { assessmentId } = await issue();
    await expect(reopenAssessment(app.ctx, actor, assessmentId)).rejects.toMatchObject({
      kind: "state",
      message: "Only a submitted questionnaire can be reopened.",
    });
    expect(await statusOf(assessmentId)).toBe("sent");
    await setStatus(assessmentId, "submitted");
    await reopenAssessment(app.ctx, actor, assessmentId);
    expect(await statusOf(assessmentId)).toBe("in_progress");
    await closeAssessment(app.ctx, actor, assessmentId);
    await expect(reopenAssessment(app.ctx, actor, assessmentId)).rejects.toMatchObject({ kind: "state", message: "This questionnaire is closed." });
  });

  it("closes from any state once; closing again changes nothing", async () => {
    const { assessmentId } = await issue();
    await closeAssessment(app.ctx, actor, assessmentId);
    const first = await db().selectFrom("assessments").select(["status", "closed_at"]).where("id", "=", assessmentId).executeTakeFirstOrThrow();
    expect(first.status).toBe("closed");
    await closeAssessment(app.ctx, actor, assessmentId);
    expect(await db().selectFrom("assessments").select(["status", "closed_at"]).where("id", "=", assessmentId).executeTakeFirstOrThrow()).toEqual(first);
    expect(
      await db().selectFrom("audit_events").select("seq").where("entity_id", "=", assessmentId).where("action", "=", "assessment.close").execute(),
    ).toHaveLength(1);
  });

  it("refuses a submit that is not open for answers, and an unknown assessment is not found", async () => {
    const { assessmentId, grant } = await issue();
    await setStatus(assessmentId, "submitted");
    await expect(submitAssessment(app.ctx, grant, assessmentId)).rejects.toMatchObject({
      kind: "state",
      message: "This questionnaire has been submitted and is not open for answers.",
    });
    await setStatus(assessmentId, "closed");
    await expect(submitAssessment(app.ctx, grant, assessmentId)).rejects.toMatchObject({ kind: "state", message: "This questionnaire is closed." });
    expect(await statusOf(assessmentId)).toBe("closed");
    await expect(reopenAssessment(app.ctx, actor, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ kind: "not_found" });
    expect(await assessmentExists(db(), assessmentId)).toBe(true);
    expect(await assessmentExists(db(), "00000000-0000-4000-8000-000000000000")).toBe(false);
    expect(await assessmentExists(db(), "not-a-uuid")).toBe(false);
  });
});
