// The assessment side of the REST API over real HTTP: issuing does what the page does (the same
// rows, the same invitation email), a retried issue with one Idempotency-Key issues once, a move
// the lifecycle refuses is a 409 problem, answers and scores read back, cursor pages visit every
// assessment once while others are issued, and the list filters hold.
import { addDays, today } from "../../app/domain/calendar";
import { issueAssessment } from "../../app/services/assessment-issue.server";
import { closeAssessment } from "../../app/services/assessment-lifecycle.server";
import { createPersonalToken } from "../../app/services/api-tokens.server";
import { userActor } from "../../app/services/audit.server";
import { api, personalTokenFor } from "../support/api";
import { apiWorld, freshAssessment, issueBody, type ApiWorld } from "../support/api-fixtures";
import { staffMember } from "../support/findings";
import { startTestServer, type TestServer } from "../support/server";

describe("REST API: assessments", () => {
  let server: TestServer;
  let world: ApiWorld;
  let procurement: string;
  let viewer: string;

  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    world = await apiWorld(server.app.ctx);
    procurement = (await personalTokenFor(server.app.ctx, "procurement")).token;
    viewer = (await personalTokenFor(server.app.ctx, "viewer")).token;
  }, 120_000);
  afterAll(async () => server?.stop());

  const db = () => server.app.ctx.db;

  /** What issuing wrote for one assessment, without ids and times: the rows and the emails. */
  async function footprint(assessmentId: string) {
    const a = await db().selectFrom("assessments").selectAll().where("id", "=", assessmentId).executeTakeFirstOrThrow();
    const components = await db().selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", assessmentId).execute();
    const grants = await db()
      .selectFrom("access_grants")
      .select(["contact_id", "email", "name", "expires_at"])
      .where("assessment_id", "=", assessmentId)
      .execute();
    const answers = await db()
      .selectFrom("answers")
      .select(["question_key", "ai_component_id", "prefilled"])
      .where("assessment_id", "=", assessmentId)
      .execute();
    const audit = await db().selectFrom("audit_events").select(["action", "actor_id"]).where("entity_id", "=", assessmentId).orderBy("seq").execute();
    const emails = await db()
      .selectFrom("emails")
      .select(["to_address", "template", "subject"])
      .where(
        "to_address",
        "in",
        grants.map((g) => g.email),
      )
      .where("text_body", "like", "%/v/%")
      .orderBy("created_at", "desc")
      .limit(grants.length)
      .execute();
    return {
      assessment: {
        status: a.status,
        due_date: a.due_date,
        message: a.message,
        issued_by: a.issued_by,
        supplier_id: a.supplier_id,
        template_version_id: a.template_version_id,
      },
      components: components.map((c) => c.ai_component_id).sort(),
      grants: grants.map((g) => ({ contact: g.contact_id, email: g.email, name: g.name, expires: g.expires_at.toISOString() })),
      answers: answers.map((x) => `${x.question_key}:${x.ai_component_id}:${x.prefilled}`).sort(),
      audit: audit.map((e) => `${e.action}:${e.actor_id}`),
      emails,
    };
  }

  it("issues like the page: the same rows, audit events and invitation email", async () => {
    const member = await staffMember(server, "procurement");
    const { token } = await createPersonalToken(server.app.ctx, userActor(member), member.id, { name: "issue", scopes: "read write", expires: null });
    const body = issueBody(world, 21);

    const page = await member.client.post("/assessments/new", {
      supplierId: body.supplierId,
      templateVersionId: body.templateVersionId,
      componentIds: body.componentIds[0]!,
      contactIds: body.contactIds[0]!,
      dueDate: body.dueDate,
      message: body.message,
    });
    expect(page.status).toBe(302);
    const pageId = /\/assessments\/([0-9a-f-]{36})/.exec(page.headers.get("location") ?? "")![1]!;

    const viaApi = await api(server.baseUrl, token, "POST", "/assessments", body);
    expect(viaApi.status).toBe(201);
    expect(viaApi.headers.get("location")).toBe(`${server.baseUrl}/api/v1/assessments/${viaApi.body.id}`);
    expect(viaApi.body).toMatchObject({
      status: "sent",
      dueDate: body.dueDate,
      message: body.message,
      supplier: { id: body.supplierId },
      template: { versionId: world.versionId },
      components: [{ id: body.componentIds[0] }],
      contacts: [{ email: world.issued.grant.email }],
    });

    const fromPage = await footprint(pageId);
    const fromApi = await footprint(viaApi.body.id);
    expect(fromApi).toEqual(fromPage);
    expect(fromApi.audit).toEqual([`assessment.issue:${member.id}`, `assessment.grant:${member.id}`]);
    expect(fromApi.emails).toHaveLength(1);
    expect(fromApi.emails[0]!.to_address).toBe(world.issued.grant.email);
    // The audit trail says it came through the API.
    const label = await db().selectFrom("audit_events").select("actor_label").where("entity_id", "=", viaApi.body.id).executeTakeFirstOrThrow();
    expect(label.actor_label).toBe(`${member.email} (API)`);
  });

  it("issues once for a retried request with the same Idempotency-Key", async () => {
    const body = issueBody(world, 40);
    const before = await db()
      .selectFrom("assessments")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const headers = { "idempotency-key": "issue-retry-0001" };
    const first = await api(server.baseUrl, procurement, "POST", "/assessments", body, headers);
    const second = await api(server.baseUrl, procurement, "POST", "/assessments", body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body.id).toBe(first.body.id);
    const after = await db()
      .selectFrom("assessments")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    const grants = await db().selectFrom("access_grants").select("id").where("assessment_id", "=", first.body.id).execute();
    expect(grants).toHaveLength(1);
  });

  it("refuses a bad issue with a problem naming the field, and writes nothing", async () => {
    const before = await db()
      .selectFrom("assessments")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const otherContact = await db().selectFrom("supplier_contacts").select("id").where("supplier_id", "<>", world.issued.supplierId).executeTakeFirst();
    const wrongContact = await api(server.baseUrl, procurement, "POST", "/assessments", {
      ...issueBody(world),
      contactIds: [otherContact?.id ?? crypto.randomUUID()],
    });
    expect(wrongContact.status).toBe(400);
    expect(wrongContact.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(wrongContact.body.errors).toEqual([{ pointer: "/contactIds", message: "Choose among this supplier's contacts" }]);

    const past = await api(server.baseUrl, procurement, "POST", "/assessments", { ...issueBody(world), dueDate: addDays(today(), -1) });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([{ pointer: "/dueDate", message: "Choose a due date after today" }]);

    const unknownField = await api(server.baseUrl, procurement, "POST", "/assessments", { ...issueBody(world), reminder: true });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body.errors)).toContain("reminder");

    const after = await db()
      .selectFrom("assessments")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("closes an open assessment, and answers 409 with a problem when it is already closed", async () => {
    const issued = await freshAssessment(world);
    const closed = await api(server.baseUrl, procurement, "POST", `/assessments/${issued.assessmentId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id: issued.assessmentId, status: "closed", closedAt: expect.any(String) });
    const audit = await db()
      .selectFrom("audit_events")
      .select("action")
      .where("entity_id", "=", issued.assessmentId)
      .where("action", "=", "assessment.close")
      .execute();
    expect(audit).toHaveLength(1);

    const again = await api(server.baseUrl, procurement, "POST", `/assessments/${issued.assessmentId}/close`);
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 409, detail: "This questionnaire is closed." });
    const auditAfter = await db()
      .selectFrom("audit_events")
      .select("action")
      .where("entity_id", "=", issued.assessmentId)
      .where("action", "=", "assessment.close")
      .execute();
    expect(auditAfter).toHaveLength(1);

    const reopen = await api(server.baseUrl, procurement, "POST", `/assessments/${issued.assessmentId}/reopen`);
    expect(reopen.status).toBe(409);
    expect(reopen.body.detail).toBe("This questionnaire is closed.");

    const unknown = await api(server.baseUrl, procurement, "POST", `/assessments/${crypto.randomUUID()}/close`);
    expect(unknown.status).toBe(404);
  });

  it("reads back answers, scores and the (absent) decision of a submitted assessment", async () => {
    const issued = await freshAssessment(world, { submitted: true });
    const answers = await api(server.baseUrl, viewer, "GET", `/assessments/${issued.assessmentId}/answers`);
    expect(answers.status).toBe(200);
    expect(answers.body.status).toBe("submitted");
    expect(answers.body.items).toHaveLength(14);
    const [x, y] = issued.componentIds;
    expect(answers.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ questionKey: "c_notice_days", componentId: x, value: 14, notApplicable: false }),
        expect.objectContaining({ questionKey: "c_bias", componentId: y, value: null, notApplicable: true }),
        expect.objectContaining({
          questionKey: "s_notes",
          componentId: null,
          value: "We keep notes.",
          question: expect.objectContaining({ prompt: expect.any(String) }),
        }),
      ]),
    );

    const scores = await api(server.baseUrl, viewer, "GET", `/assessments/${issued.assessmentId}/scores`);
    expect(scores.status).toBe(200);
    const stored = await db().selectFrom("scores").selectAll().where("assessment_id", "=", issued.assessmentId).orderBy("id", "desc").executeTakeFirstOrThrow();
    const result = stored.result as any;
    expect(scores.body.score).toMatchObject({
      id: stored.id,
      vendor: { overall: result.vendor.overall, grade: result.vendor.grade, confidence: result.vendor.confidence },
      supplier: { grade: result.supplier.grade },
    });
    expect(scores.body.score.components.map((c: any) => c.component.id).sort()).toEqual([x, y].sort());

    const decision = await api(server.baseUrl, viewer, "GET", `/assessments/${issued.assessmentId}/decision`);
    expect(decision.body).toEqual({ assessmentId: issued.assessmentId, status: "submitted", decision: null });

    const notScored = await api(server.baseUrl, viewer, "GET", `/assessments/${world.issued.assessmentId}/scores`);
    expect(notScored.body.score).toBeNull();
  });

  it("walks every assessment exactly once through cursor pages, while more are issued", async () => {
    // Thirty more to one supplier, a few seconds apart in creation order.
    for (let i = 0; i < 30; i++) {
      await issueAssessment(server.app.ctx, world.actor, {
        supplierId: world.issued.supplierId,
        templateVersionId: world.versionId,
        componentIds: [],
        contactIds: [world.contactId],
        dueDate: addDays(today(), 10 + i),
        message: null,
      });
    }
    const all = await db().selectFrom("assessments").select("id").execute();
    const seen: string[] = [];
    let next: string | null = `${server.baseUrl}/api/v1/assessments?limit=7`;
    let pages = 0;
    while (next) {
      const response = await fetch(next, { headers: { authorization: `Bearer ${viewer}` } });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { data: Array<{ id: string }>; next: string | null };
      expect(page.data.length).toBeLessThanOrEqual(7);
      seen.push(...page.data.map((a) => a.id));
      next = page.next;
      pages += 1;
      if (pages === 2) await freshAssessment(world); // issued mid-walk: newer than the cursor, not in this walk
      expect(pages).toBeLessThan(50);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(all.map((a) => a.id).sort());
    expect(next).toBeNull();
  });

  it("filters like the list page, and refuses a bad cursor or an unknown parameter", async () => {
    const toClose = await freshAssessment(world);
    await closeAssessment(server.app.ctx, world.actor, toClose.assessmentId);
    const closed = await api(server.baseUrl, viewer, "GET", "/assessments?status=closed&limit=200");
    expect(closed.status).toBe(200);
    expect(closed.body.data.length).toBeGreaterThan(0);
    expect(closed.body.data.every((a: any) => a.status === "closed")).toBe(true);
    expect(closed.body.data.map((a: any) => a.id)).toContain(toClose.assessmentId);

    const ofSupplier = await api(server.baseUrl, viewer, "GET", `/assessments?supplier=${toClose.supplierId}`);
    expect(ofSupplier.body.data.map((a: any) => a.id)).toEqual([toClose.assessmentId]);

    const open = await api(server.baseUrl, viewer, "GET", `/assessments?status=open&supplier=${toClose.supplierId}`);
    expect(open.body.data).toEqual([]);

    const byName = await api(server.baseUrl, viewer, "GET", `/assessments?q=${encodeURIComponent(toClose.supplierName)}`);
    expect(byName.body.data.map((a: any) => a.id)).toEqual([toClose.assessmentId]);

    // Overdue: an open one whose due date has passed.
    const late = await freshAssessment(world);
    await db()
      .updateTable("assessments")
      .set({ due_date: addDays(today(), -3) })
      .where("id", "=", late.assessmentId)
      .execute();
    const overdue = await api(server.baseUrl, viewer, "GET", "/assessments?overdue=true&limit=200");
    expect(overdue.body.data.map((a: any) => a.id)).toEqual([late.assessmentId]);
    expect(overdue.body.data[0].overdue).toBe(true);

    const badCursor = await api(server.baseUrl, viewer, "GET", "/assessments?cursor=bm90LWEtY3Vyc29y");
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors).toEqual([expect.objectContaining({ parameter: "cursor" })]);

    const unknown = await api(server.baseUrl, viewer, "GET", "/assessments?colour=red");
    expect(unknown.status).toBe(400);
    const badStatus = await api(server.baseUrl, viewer, "GET", "/assessments?status=finished");
    expect(badStatus.status).toBe(400);
    expect(JSON.stringify(badStatus.body.errors)).toContain("status");
  });
});
