import { STATUS_LABELS } from "../../app/domain/assessment-lifecycle";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { startTestServer, type TestServer, type WebClient } from "../support/server";
import { signIn } from "../support/sign-in";

describe("inventory pages list their questionnaires and send new ones pre-filled", () => {
  let server: TestServer;
  let procurement: WebClient;
  let viewer: WebClient;
  const db = () => server.app.ctx.db;

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    procurement = await signIn(server, "procurement@example.com");
    viewer = await signIn(server, "auditor@example.com");
  });
  afterAll(async () => server?.stop());

  /** A demo assessment with a component in scope. */
  async function assessed() {
    return db()
      .selectFrom("assessments as a")
      .innerJoin("assessment_components as ac", "ac.assessment_id", "a.id")
      .innerJoin("ai_components as c", "c.id", "ac.ai_component_id")
      .select(["a.id", "a.status", "a.supplier_id", "c.id as component_id", "c.name as component_name"])
      .orderBy("a.created_at")
      .orderBy("a.id")
      .orderBy("c.id")
      .executeTakeFirstOrThrow();
  }

  it("shows the supplier's questionnaires with status, due date, progress and grade, each linking to it", async () => {
    const a = await assessed();
    const count = (
      await db().selectFrom("assessments").select(db().fn.countAll<string>().as("n")).where("supplier_id", "=", a.supplier_id).executeTakeFirstOrThrow()
    ).n;
    const html = await (await procurement.get(`/suppliers/${a.supplier_id}`)).text();
    expect(html).toMatch(new RegExp(`Questionnaires \\((<!-- -->)?${count}(<!-- -->)?\\)`));
    expect(html).toContain(`href="/assessments/${a.id}"`);
    expect(html).toContain(STATUS_LABELS[a.status]);
    expect(html).toMatch(/of (<!-- -->)?\d+(<!-- -->)? required/);
    expect(html).toContain(`href="/assessments/new?supplierId=${a.supplier_id}"`);
    expect(html).toContain("Send questionnaire");

    const scored = await db()
      .selectFrom("scores")
      .select(["assessment_id", "grade", "supplier_id"])
      .orderBy("computed_at", "desc")
      .orderBy("id", "desc")
      .executeTakeFirst();
    if (scored) {
      const page = await (await procurement.get(`/suppliers/${scored.supplier_id}`)).text();
      expect(page).toContain(`href="/assessments/${scored.assessment_id}/scorecard"`);
      expect(page).toMatch(scored.grade ? new RegExp(`Grade (<!-- -->)?${scored.grade}`) : /No grade/);
    }
  });

  it("shows a component's questionnaires and sends a new one about that component", async () => {
    const a = await assessed();
    const html = await (await procurement.get(`/components/${a.component_id}`)).text();
    expect(html).toContain(`href="/assessments/${a.id}"`);
    expect(html).toContain(`href="/assessments/new?supplierId=${a.supplier_id}&amp;componentId=${a.component_id}"`);
  });

  it("offers Send questionnaire only to those who may issue one, and says so when nothing was sent", async () => {
    const a = await assessed();
    const asViewer = await (await viewer.get(`/suppliers/${a.supplier_id}`)).text();
    expect(asViewer).toContain(`href="/assessments/${a.id}"`);
    expect(asViewer).not.toContain("Send questionnaire");

    const quiet = await db()
      .selectFrom("suppliers as s")
      .select(["s.id", "s.name"])
      .where((eb) => eb.not(eb.exists(eb.selectFrom("assessments as a").select("a.id").whereRef("a.supplier_id", "=", "s.id"))))
      .orderBy("s.name")
      .executeTakeFirstOrThrow();
    const empty = await (await procurement.get(`/suppliers/${quiet.id}`)).text();
    expect(empty).toMatch(/Questionnaires \((<!-- -->)?0(<!-- -->)?\)/);
    expect(empty).toContain("No questionnaire has been sent about");
    expect(empty).toContain("Send the first one");
  });

  it("opens the issue form pre-filled from the link, ticking only the component it came from, and ignores junk", async () => {
    const a = await assessed();
    const supplier = await db().selectFrom("suppliers").select(["name", "status"]).where("id", "=", a.supplier_id).executeTakeFirstOrThrow();
    const others = await db()
      .selectFrom("ai_components")
      .select("id")
      .where("supplier_id", "=", a.supplier_id)
      .where("archived_at", "is", null)
      .where("id", "!=", a.component_id)
      .execute();
    const form = await (await procurement.get(`/assessments/new?supplierId=${a.supplier_id}&componentId=${a.component_id}`)).text();
    expect(form).toContain(`<strong>${supplier.name}</strong>`);
    expect(form).toMatch(new RegExp(`<input type="checkbox" id="componentIds-${a.component_id}"[^>]*checked`));
    for (const o of others) expect(form).not.toMatch(new RegExp(`<input type="checkbox" id="componentIds-${o.id}"[^>]*checked`));

    for (const junk of ["supplierId=not-a-uuid&componentId=%27%3B--", "supplierId=00000000-0000-4000-8000-000000000000", "componentId=zzz"]) {
      const response = await procurement.get(`/assessments/new?${junk}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Find a supplier by name");
    }
    expect((await viewer.get(`/assessments/new?supplierId=${a.supplier_id}`)).status).toBe(403);
  });
});
