// Reassessment deadlines on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL): every
// change that moves a deadline moves it at once (a shorter cadence in the methodology, a finding's
// due date, an expiring certificate uploaded by the vendor, a change notice); the sweep is
// idempotent and catches the passage of time; /deadlines groups by internal system (exposure, the
// reason in words), filters, exports CSV and ignores junk parameters.
import { parse } from "csv-parse/sync";
import { addDays, addMonths, calendarDate, today } from "~/domain/calendar";
import { issueAssessment } from "~/services/assessment-issue.server";
import { addDependency, createSystem } from "~/services/ai-systems.server";
import { userActor } from "~/services/audit.server";
import { listDeadlines, refreshAllDeadlines, refreshComponentDeadlines } from "~/services/deadlines.server";
import { seedDemoData } from "~/services/demo-seed.server";
import { uploadEvidence } from "~/services/evidence.server";
import { insertFinding } from "~/services/finding-records.server";
import { currentMethodology, saveMethodology } from "~/services/scores-methodology.server";
import { createTestDatabase } from "../support/database";
import { createUser } from "../support/factories";
import { issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, type TestServer, type WebClient } from "../support/server";
import { signIn } from "../support/sign-in";

const textOf = (html: string) => html.replace(/<!-- -->/g, "");

describe("reassessment deadlines", () => {
  let server: TestServer;
  let staff: WebClient;
  let admin: Awaited<ReturnType<typeof createUser>>;
  let issued: Issued;
  let systemId: string;
  const db = () => server.app.ctx.db;
  const ctx = () => server.app.ctx;
  const day = today();
  const decidedOn = addDays(day, -30);

  const deadlineOf = async (componentId: string) =>
    db().selectFrom("component_deadlines").select(["due_on", "reason_kind", "reason"]).where("ai_component_id", "=", componentId).executeTakeFirst();

  beforeAll(async () => {
    server = await startTestServer();
    admin = await createUser(db(), "admin", { name: "Ada Admin" });
    staff = await signIn(server, admin.email);
    const versionId = await publishGolden(ctx(), userActor(admin));
    issued = await issueGolden(ctx(), userActor(admin), versionId, `Deadline Vendor ${Date.now()}`);
    // A decision 30 days ago on both components (the review workflow itself is tested elsewhere).
    await db()
      .updateTable("assessments")
      .set({
        status: "decided",
        decision: "approved",
        decision_rationale: "Meets our bar.",
        submitted_at: new Date(`${addDays(decidedOn, -5)}T10:00:00Z`),
        decided_at: new Date(`${decidedOn}T10:00:00Z`),
        valid_until: addDays(day, 300),
      })
      .where("id", "=", issued.assessmentId)
      .execute();
    systemId = await createSystem(ctx(), userActor(admin), {
      name: "Credit model v3",
      purpose: null,
      ownerId: admin.id,
      businessUnit: null,
      criticality: "critical",
      euAiActClass: "limited_risk",
      lifecycle: "in_production",
      externalId: null,
    });
    await addDependency(ctx(), userActor(admin), systemId, { componentId: issued.componentIds[0], purpose: null, dataCategories: [], since: null });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("a new dependency computes the deadline at once: the cadence for its inherent risk, in words", async () => {
    const [x] = issued.componentIds;
    // addDependency refreshed x in its transaction: critical → every 6 months from the last review.
    expect(await deadlineOf(x)).toMatchObject({ due_on: addMonths(decidedOn, 6), reason_kind: "cadence" });
    expect((await deadlineOf(x))!.reason).toMatch(/^Critical inherent risk: review every 6 months; last review \d+ \w+ \d{4}$/);
  });

  it("shortening the cadence in the methodology moves the deadline at once", async () => {
    const [x] = issued.componentIds;
    const current = await currentMethodology(db());
    await saveMethodology(ctx(), userActor(admin), { ...current, reassessmentMonths: { ...current.reassessmentMonths, critical: 3 } });
    expect(await deadlineOf(x)).toMatchObject({ due_on: addMonths(decidedOn, 3), reason_kind: "cadence" });
    expect((await deadlineOf(x))!.reason).toContain("review every 3 months");
  });

  it("a finding's due date moves the deadline at once", async () => {
    const [x] = issued.componentIds;
    await db()
      .transaction()
      .execute((trx) =>
        insertFinding(trx, userActor(admin), {
          assessmentId: issued.assessmentId,
          supplierId: issued.supplierId,
          componentId: x,
          source: "condition",
          title: "Publish a bias test",
          severity: "high",
          dueDate: addDays(day, 20),
        }),
      );
    expect(await deadlineOf(x)).toMatchObject({ due_on: addDays(day, 20), reason_kind: "finding" });
    expect((await deadlineOf(x))!.reason).toContain('Finding "Publish a bias test" due');
  });

  it("an expiring certificate uploaded by the vendor moves the deadline at once (expiry minus the lead time)", async () => {
    const [x, y] = issued.componentIds;
    const contact = await db().selectFrom("supplier_contacts").select("id").where("supplier_id", "=", issued.supplierId).executeTakeFirstOrThrow();
    const again = await issueAssessment(ctx(), userActor(admin), {
      supplierId: issued.supplierId,
      templateVersionId: (await db().selectFrom("assessments").select("template_version_id").where("id", "=", issued.assessmentId).executeTakeFirstOrThrow())
        .template_version_id,
      componentIds: [x, y],
      contactIds: [contact.id],
      dueDate: addDays(day, 30),
      message: null,
    });
    const grant = await db().selectFrom("access_grants").select(["id", "email", "sections"]).where("id", "=", again.grantIds[0]!).executeTakeFirstOrThrow();
    const expires = addDays(day, 45);
    await uploadEvidence(ctx(), grant, {
      assessmentId: again.assessmentId,
      questionKey: "c_model_card",
      componentId: x,
      fileName: "ISO-IEC-42001-certificate.pdf",
      bytes: new Uint8Array(Buffer.from("%PDF-1.4 certificate")),
      validUntil: expires,
    });
    expect(await deadlineOf(x)).toMatchObject({ due_on: addDays(expires, -30), reason_kind: "evidence" });
    expect((await deadlineOf(x))!.reason).toMatch(/^ISO-IEC-42001-certificate\.pdf expires \d+ \w+ \d{4}$/);
  });

  it("a change notice moves the deadline at once (critical: within 30 days)", async () => {
    const [x] = issued.componentIds;
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto("change_notices")
          .values({
            ai_component_id: x,
            supplier_id: issued.supplierId,
            kind: "model_version",
            occurred_on: addDays(day, -25),
            description: "Version 4 of the model",
            reported_label: "Sam Vendor",
          })
          .execute();
        await refreshComponentDeadlines(trx, [x]);
      });
    expect(await deadlineOf(x)).toMatchObject({ due_on: addDays(day, 5), reason_kind: "change" });
    expect((await deadlineOf(x))!.reason).toContain("Vendor reported a new model version on");
  });

  it("a vendor's declared continuous learning (the built-in template's answer) shortens the cycle, in words", async () => {
    const [, y] = issued.componentIds;
    const before = await deadlineOf(y!);
    expect(before?.reason_kind).not.toBe("declared_cadence");
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto("answers")
          .values({ assessment_id: issued.assessmentId, question_key: "chg_retraining_cadence", ai_component_id: y!, value: JSON.stringify("continuous") })
          .execute();
        await refreshComponentDeadlines(trx, [y!]);
      });
    expect(await deadlineOf(y!)).toMatchObject({ due_on: addMonths(decidedOn, 3), reason_kind: "declared_cadence" });
    expect((await deadlineOf(y!))!.reason).toMatch(
      /^Declared continuous learning \(behaviour can change without a new version\): review every 3 months; last review /,
    );
  });

  it("the sweep is idempotent and catches the passage of time", async () => {
    const never = await db()
      .insertInto("ai_components")
      .values({ supplier_id: issued.supplierId, kind: "hosted_api", name: "Never reviewed API", update_cadence: "unknown" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const now = new Date();
    await refreshAllDeadlines(db(), now);
    const snapshot = await db()
      .selectFrom("component_deadlines")
      .select(["ai_component_id", "due_on", "reason", "reasons"])
      .orderBy("ai_component_id")
      .execute();
    await refreshAllDeadlines(db(), now);
    expect(
      await db().selectFrom("component_deadlines").select(["ai_component_id", "due_on", "reason", "reasons"]).orderBy("ai_component_id").execute(),
    ).toEqual(snapshot);
    expect(await deadlineOf(never.id)).toMatchObject({ due_on: day, reason: "Never reviewed" });
    // Ten days later, with nothing else changed: a never-reviewed component is due on the sweep's day.
    const later = new Date(now.getTime() + 10 * 86_400_000);
    await refreshAllDeadlines(db(), later);
    expect(await deadlineOf(never.id)).toMatchObject({ due_on: calendarDate(later) });
    // Archived: its row goes.
    await db().updateTable("ai_components").set({ archived_at: new Date() }).where("id", "=", never.id).execute();
    await refreshAllDeadlines(db(), now);
    expect(await deadlineOf(never.id)).toBeUndefined();
  });

  it("/deadlines by internal system shows the exposure with its reason in words; filters narrow it; junk parameters are ignored", async () => {
    const page = await staff.get("/deadlines?group=system");
    expect(page.status).toBe(200);
    const html = textOf(await page.text());
    expect(html).toContain("Credit model v3");
    expect(html).toContain("Vendor reported a new model version on");
    expect(html).toContain("In 5 days");
    expect(html).toContain('role="img"');
    expect(html).toContain(`/assessments/${issued.assessmentId}/reassess`);

    const bySupplier = textOf(await (await staff.get("/deadlines?group=supplier&owner=&risk=&window=30")).text());
    expect(bySupplier).toContain(issued.supplierName);

    expect(textOf(await (await staff.get("/deadlines?group=system&risk=low")).text())).toContain("No deadline matches these filters.");
    expect(textOf(await (await staff.get("/deadlines?group=system&window=overdue")).text())).toContain("No deadline matches these filters.");
    expect(textOf(await (await staff.get("/deadlines?group=system&owner=me&risk=critical&window=30")).text())).toContain("Credit model v3");

    for (const junk of ["group=planet&owner=nobody&risk=huge&window=7&page=-3", "window=%00&page=99999999999", "owner=00000000-0000-0000-0000-000000000000"]) {
      const res = await staff.get(`/deadlines?${junk}`);
      expect(res.status, junk).toBe(200);
    }
  });

  it("/deadlines.csv exports the same rows with the same filters", async () => {
    const res = await staff.get("/deadlines.csv?group=system&window=30");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ group: "system", name: "Credit model v3", due_on: addDays(day, 5), status: "In 5 days", inherent_risk: "critical" });
    expect(rows[0]!.reason).toContain("Vendor reported a new model version");
    const none = parse(await (await staff.get("/deadlines.csv?group=system&window=overdue&risk=bogus")).text(), { columns: true }) as unknown[];
    expect(none).toHaveLength(0);
  });

  it("the issue form pre-ticks the components named in ?components=", async () => {
    const [x, y] = issued.componentIds;
    const html = await (await staff.get(`/assessments/new?supplier=${issued.supplierId}&components=${x},not-an-id`)).text();
    const box = (id: string) => new RegExp(`<input[^>]*id="componentIds-${id}"[^>]*>`).exec(html)?.[0] ?? "";
    expect(box(x)).toContain("checked");
    expect(box(y)).not.toContain("checked");
    expect(box(y)).toContain(`value="${y}"`);
  });
});

describe("reassessment deadlines on the demo data", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 60_000);
  afterAll(async () => database?.close());

  it("the seed leaves a deadline on every live component and an exposure, with its reason, on every internal system that depends on one", async () => {
    await seedDemoData(database.db);
    const live = await database.db.selectFrom("ai_components").select("id").where("archived_at", "is", null).execute();
    const stored = await database.db.selectFrom("component_deadlines").select(["ai_component_id", "reason"]).execute();
    expect(stored.map((r) => r.ai_component_id).sort()).toEqual(live.map((c) => c.id).sort());
    const list = await listDeadlines(database.db, { group: "system", window: "all", page: 1 });
    expect(list.rows.length).toBeGreaterThan(0);
    for (const row of list.rows) expect(row.first.reason.length).toBeGreaterThan(5);
  });
});
