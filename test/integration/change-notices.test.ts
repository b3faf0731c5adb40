// Vendor change notices end to end on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL):
// the standing "report a change" link in the invitation lands on the change-report page (and only
// there: any other `next` lands on the overview); a vendor report emails the owners of the dependent
// systems, is audited and marks the component "changed since last review"; refusals write nothing;
// staff record one on the vendor's behalf; the link of a submitted questionnaire still reports a
// change; a decided review marks the notices reviewed.
import { addDays, addMonths, formatDate, today } from "~/domain/calendar";
import { CHANGE_MESSAGES } from "~/domain/deadlines/change-notice-form";
import { decideAssessment, startReview, submitAssessment } from "~/services/assessment-lifecycle.server";
import { userActor } from "~/services/audit.server";
import { htmlOf, staffMember, type StaffMember } from "../support/findings";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, WebClient, type TestServer } from "../support/server";

describe("change notices", () => {
  let server: TestServer;
  let admin: StaffMember;
  let pat: StaffMember; // procurement: may record a change (component:write)
  let rita: StaffMember; // owns two systems that depend on component X
  let viewer: StaffMember;
  let a: Issued;
  let other: Issued; // another supplier's questionnaire
  let x: string;
  let outOfScope: string; // a component of a's supplier not in a's questionnaire
  let token: string;
  let vendor: WebClient;
  const db = () => server.app.ctx.db;

  async function counts() {
    const n = async (table: "change_notices" | "emails" | "audit_events") =>
      Number((await db().selectFrom(table).select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    return { notices: await n("change_notices"), emails: await n("emails"), audit: await n("audit_events") };
  }

  const report = (over: Record<string, string> = {}) =>
    vendor.post(`/v/a/${a.assessmentId}/changes`, {
      componentId: x,
      kind: "model_version",
      occurredOn: addDays(today(), -2),
      description: "Vision API moves from model 2.0 to 2.1 (new backbone).",
      ...over,
    });

  beforeAll(async () => {
    server = await startTestServer();
    admin = await staffMember(server, "admin", "Ada Admin");
    pat = await staffMember(server, "procurement", "Pat Procurement");
    rita = await staffMember(server, "risk_owner", "Rita Owner");
    viewer = await staffMember(server, "viewer", "Vic Viewer");
    const disabled = await staffMember(server, "risk_owner", "Dora Disabled");
    await db().updateTable("users").set({ disabled_at: new Date() }).where("id", "=", disabled.id).execute();
    const versionId = await publishGolden(server.app.ctx, userActor(admin));
    a = await issueGolden(server.app.ctx, userActor(admin), versionId);
    other = await issueGolden(server.app.ctx, userActor(admin), versionId);
    x = a.componentIds[0];
    outOfScope = (
      await db()
        .insertInto("ai_components")
        .values({ supplier_id: a.supplierId, kind: "hosted_api", name: "Unscoped speech model", update_cadence: "unknown" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const system = async (name: string, ownerId: string) =>
      (
        await db()
          .insertInto("ai_systems")
          .values({ name, owner_id: ownerId, criticality: "high", eu_ai_act_class: "high_risk", lifecycle: "in_production" })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    for (const id of [await system("Credit scoring", rita.id), await system("Fraud triage", rita.id), await system("Old claims bot", disabled.id)]) {
      await db()
        .insertInto("ai_system_dependencies")
        .values({ ai_system_id: id, ai_component_id: x, data_categories: ["personal"] })
        .execute();
    }
    const mail = await db()
      .selectFrom("emails")
      .select(["text_body", "html"])
      .where("to_address", "=", a.grant.email)
      .where("template", "=", "assessment-invitation")
      .executeTakeFirstOrThrow();
    token = /\/v\/([A-Za-z0-9_-]{43})/.exec(mail.text_body ?? "")![1]!;
    vendor = new WebClient(server.baseUrl);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("the invitation carries a 'report a change' link that lands on the change-report page, and no other destination", async () => {
    const mail = await db()
      .selectFrom("emails")
      .select(["text_body", "html"])
      .where("to_address", "=", a.grant.email)
      .where("template", "=", "assessment-invitation")
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain("Report a change to an AI component");
    expect(mail.text_body).toContain(`${server.baseUrl}/v/${token}?next=changes`);
    expect(mail.html).toContain(`href="${server.baseUrl}/v/${token}?next=changes"`);

    const page = await vendor.get(`/v/${token}?next=changes`);
    expect(page.status).toBe(200);
    expect(await htmlOf(page)).toContain("Report a change to an AI component of");

    // A junk destination: the ordinary page, and the exchange lands on the overview.
    const junk = new WebClient(server.baseUrl);
    expect(await htmlOf(await junk.get(`/v/${token}?next=https://evil.example/`))).toContain("Open the questionnaire");
    for (const next of ["https://evil.example/", "//evil.example", "/login", "changes/../../x", "CHANGES"]) {
      const response = await junk.post(`/v/${token}`, { next });
      expect(response.status, next).toBe(302);
      expect(response.headers.get("location"), next).toBe(`/v/a/${a.assessmentId}`);
    }

    const exchanged = await vendor.post(`/v/${token}`, { next: "changes" });
    expect(exchanged.status).toBe(302);
    expect(exchanged.headers.get("location")).toBe(`/v/a/${a.assessmentId}/changes`);
    const changes = await htmlOf(await vendor.get(`/v/a/${a.assessmentId}/changes`));
    expect(changes).toContain("<h1>Report a change to an AI component</h1>");
    // Only this questionnaire's components are offered.
    expect(changes).toContain(`value="${x}"`);
    expect(changes).not.toContain(`value="${outOfScope}"`);
    expect(changes).not.toContain(`value="${other.componentIds[0]}"`);
    // The portal's navigation links to it.
    expect(await htmlOf(await vendor.get(`/v/a/${a.assessmentId}`))).toContain(`href="/v/a/${a.assessmentId}/changes"`);
  });

  it("refuses a future or unparseable date, another supplier's or an unscoped component, an unknown kind, an empty description; nothing is written", async () => {
    const cases: Array<[string, Record<string, string>, string, string]> = [
      ["tomorrow", { occurredOn: addDays(today(), 1) }, "occurredOn", CHANGE_MESSAGES.dateFuture],
      ["no such day", { occurredOn: "2026-02-30" }, "occurredOn", CHANGE_MESSAGES.dateFormat],
      ["not a date", { occurredOn: "last week" }, "occurredOn", CHANGE_MESSAGES.dateFormat],
      ["no date", { occurredOn: "" }, "occurredOn", CHANGE_MESSAGES.dateRequired],
      ["another supplier's component", { componentId: other.componentIds[0] }, "componentId", CHANGE_MESSAGES.componentOutOfScope],
      ["a component outside the scope", { componentId: outOfScope }, "componentId", CHANGE_MESSAGES.componentOutOfScope],
      ["not a component", { componentId: "x" }, "componentId", CHANGE_MESSAGES.component],
      ["an unknown kind", { kind: "rebrand" }, "kind", CHANGE_MESSAGES.kind],
      ["an empty description", { description: "   " }, "description", CHANGE_MESSAGES.descriptionRequired],
      ["a too long description", { description: "x".repeat(4001) }, "description", CHANGE_MESSAGES.descriptionTooLong],
    ];
    for (const [label, over, field, message] of cases) {
      const before = await counts();
      const response = await report(over);
      expect(response.status, label).toBe(400);
      expect(await htmlOf(response), label).toContain(`id="change-${field}-error">${message}</p>`);
      expect(await counts(), label).toEqual(before);
    }
  });

  it("a vendor's report emails each owner of a dependent system once, is audited, and marks the component changed since last review", async () => {
    expect(await htmlOf(await admin.client.get(`/components/${x}`))).not.toContain("Changed since last review");
    const before = await counts();
    const occurredOn = addDays(today(), -2);
    const response = await report({ occurredOn });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/v/a/${a.assessmentId}/changes?reported=1`);

    const notice = await db().selectFrom("change_notices").selectAll().where("ai_component_id", "=", x).executeTakeFirstOrThrow();
    expect(notice).toMatchObject({
      supplier_id: a.supplierId,
      kind: "model_version",
      reported_by_grant_id: a.grant.id,
      reported_by_user_id: null,
      reviewed_at: null,
    });

    const mails = await db().selectFrom("emails").select(["to_address", "subject", "text_body"]).where("template", "=", "change-notice").execute();
    expect(mails.map((m) => m.to_address)).toEqual([rita.email]); // once, though she owns two dependent systems; not the disabled owner
    expect(mails[0]!.subject).toContain("new model version");
    expect(mails[0]!.text_body).toContain(formatDate(occurredOn));
    expect(mails[0]!.text_body).toContain("changed since last review");
    expect(mails[0]!.text_body).toContain("Credit scoring, Fraud triage");

    const audit = await db().selectFrom("audit_events").select(["action", "actor_type", "entity_id"]).where("action", "=", "change_notice.create").execute();
    expect(audit).toEqual([{ action: "change_notice.create", actor_type: "vendor", entity_id: x }]);
    expect(await counts()).toEqual({ notices: before.notices + 1, emails: before.emails + 1, audit: before.audit + 1 });

    const component = await htmlOf(await rita.client.get(`/components/${x}`));
    expect(component).toContain("Changed since last review");
    expect(component).toContain("Vision API moves from model 2.0 to 2.1");
    expect(component).toContain("Not yet reviewed");
    const vendorPage = await htmlOf(await vendor.get(`/v/a/${a.assessmentId}/changes?reported=1`));
    expect(vendorPage).toContain("your report was recorded");
    expect(vendorPage).toContain("Vision API moves from model 2.0 to 2.1");
  });

  it("staff record a change on the vendor's behalf; a viewer may not", async () => {
    const y = a.componentIds[1];
    expect((await viewer.client.get(`/components/${y}/changes/new`)).status).toBe(403);
    const before = await counts();
    const refused = await pat.client.post(`/components/${y}/changes/new`, { kind: "incident", occurredOn: addDays(today(), 3), description: "Outage" });
    expect(refused.status).toBe(400);
    expect(await htmlOf(refused)).toContain(CHANGE_MESSAGES.dateFuture);
    expect(await counts()).toEqual(before);

    const form = await htmlOf(await pat.client.get(`/components/${y}/changes/new`));
    expect(form).toContain("Record a change to");
    const response = await pat.client.post(`/components/${y}/changes/new`, {
      componentId: other.componentIds[0], // ignored: the page's component is the one recorded
      kind: "subprocessor",
      occurredOn: today(),
      description: "Moved hosting to a new sub-processor (told us by phone).",
    });
    expect(response.status).toBe(302);
    const notice = await db().selectFrom("change_notices").selectAll().where("reported_by_user_id", "=", pat.id).executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ ai_component_id: y, supplier_id: a.supplierId, kind: "subprocessor", reported_by_grant_id: null });
    const page = await htmlOf(await pat.client.get(`/components/${y}`));
    expect(page).toContain("Changed since last review");
    expect(page).toContain("Moved hosting to a new sub-processor");
    // Nobody depends on y: no email.
    expect(await db().selectFrom("emails").select("id").where("template", "=", "change-notice").execute()).toHaveLength(1);
  });

  it("the link of a submitted questionnaire still reports a change; a decided review marks the notices reviewed", async () => {
    await answerGolden(server.app.ctx, a);
    await submitAssessment(server.app.ctx, a.grant, a.assessmentId);
    const fresh = new WebClient(server.baseUrl);
    const submittedPage = await fresh.get(`/v/${token}`);
    expect(submittedPage.status).toBe(410);
    const html = await htmlOf(submittedPage);
    expect(html).toContain("This questionnaire has been submitted");
    expect(html).toContain('name="next" value="changes"');
    // The plain exchange is still refused; the change report is let through.
    expect((await fresh.post(`/v/${token}`, {})).status).toBe(410);
    const exchanged = await fresh.post(`/v/${token}`, { next: "changes" });
    expect(exchanged.status).toBe(302);
    expect(exchanged.headers.get("location")).toBe(`/v/a/${a.assessmentId}/changes`);
    const response = await fresh.post(`/v/a/${a.assessmentId}/changes`, {
      componentId: x,
      kind: "retrain",
      occurredOn: today(),
      description: "Monthly retrain on fresh data.",
    });
    expect(response.status).toBe(302);
    expect(await db().selectFrom("change_notices").select("id").where("reviewed_at", "is", null).execute()).toHaveLength(3);

    await startReview(server.app.ctx, userActor(admin), a.assessmentId);
    await decideAssessment(server.app.ctx, userActor(admin), a.assessmentId, {
      decision: "approved",
      rationale: "Fine.",
      validUntil: addMonths(today(), 12),
      conditions: [],
    });
    const rows = await db().selectFrom("change_notices").select(["reviewed_at", "reviewed_by_assessment_id"]).execute();
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toMatchObject({ reviewed_by_assessment_id: a.assessmentId, reviewed_at: expect.any(Date) });
    expect(await db().selectFrom("audit_events").select("action").where("action", "=", "change_notice.review").execute()).toHaveLength(1);
    const page = await htmlOf(await admin.client.get(`/components/${x}`));
    expect(page).not.toContain("Changed since last review");
    expect(page).toContain("Reviewed ");
  });
});
