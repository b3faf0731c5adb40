import { seedDemoData } from "../../app/services/demo-seed.server";
import { startTestServer, type TestServer, type WebClient } from "../support/server";
import { signIn } from "../support/sign-in";

const MISSING = "00000000-0000-4000-8000-000000000000";

const systemForm = (overrides: Record<string, string> = {}) => ({
  name: "Fraud Triage Assistant",
  purpose: "Ranks flagged transactions for the fraud team",
  ownerId: "",
  businessUnit: "Payments",
  criticality: "high",
  euAiActClass: "limited_risk",
  lifecycle: "planned",
  externalId: "",
  ...overrides,
});

/** A form post with repeated fields (checkbox groups), which WebClient.post cannot send. */
async function postEntries(client: WebClient, pathname: string, entries: Array<[string, string]>) {
  const response = await fetch(new URL(pathname, client.baseUrl), {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams(entries),
    headers: {
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      "content-type": "application/x-www-form-urlencoded",
      origin: client.baseUrl,
    },
  });
  return response;
}

/** The system names of a list page's table, in order. */
function listedNames(html: string): string[] {
  return [...html.matchAll(/<a [^>]*href="\/ai-systems\/[0-9a-f-]{36}"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!);
}

describe("internal AI systems and their dependencies over HTTP", () => {
  let server: TestServer;
  let admin: WebClient;
  let rafael: WebClient; // risk owner of Credit Decisioning Engine, Document Intake OCR Pipeline, Internal Code Assistant
  let procurement: WebClient;
  let viewer: WebClient;
  const db = () => server.app.ctx.db;
  const userId = async (email: string) => (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const systemId = async (name: string) => (await db().selectFrom("ai_systems").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
  const componentId = async (externalId: string) =>
    await db().selectFrom("ai_components").select(["id", "supplier_id"]).where("external_id", "=", externalId).executeTakeFirstOrThrow();
  const count = async (table: "ai_systems" | "ai_system_dependencies") =>
    Number((await db().selectFrom(table).select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const auditActions = async (entityId: string) =>
    (await db().selectFrom("audit_events").select("action").where("entity_id", "=", entityId).orderBy("seq").execute()).map((a) => a.action);

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    admin = await signIn(server, "admin@example.com");
    rafael = await signIn(server, "risk.owner@example.com");
    await signIn(server, "model.owner@example.com"); // the risk owner has signed in once (a real user, not only a row)
    procurement = await signIn(server, "procurement@example.com");
    viewer = await signIn(server, "auditor@example.com");
  });
  afterAll(async () => server?.stop());

  it("shows the system's exposure: each vendor component's grade, the residual risk of this use, and the worst in words", async () => {
    // Seeded: Call-Centre QA Analytics (high criticality) shares special-category data with Parolex
    // Transcribe, whose submitted assessment is knocked out to grade D: critical inherent risk x D.
    const response = await viewer.get(`/ai-systems/${await systemId("Call-Centre QA Analytics")}`);
    expect(response.status).toBe(200);
    const html = (await response.text()).replace(/<!-- -->/g, "");
    const exposure = html.match(/data-testid="system-exposure"[^>]*>([\s\S]*?)<\/p>/)?.[1]?.replace(/<[^>]+>/g, "") ?? "";
    expect(exposure).toContain("Residual risk critical");
    expect(exposure).toContain("Call-Centre QA Analytics depends on one component rated D with critical inherent risk: residual risk critical");
    expect(html).toContain("Grade D");
    expect(html).toContain("Residual risk of this use");
  });

  it("lists the systems with search, filters, sorting and an add button only for those who may add", async () => {
    const all = await viewer.get("/ai-systems");
    expect(all.status).toBe(200);
    const html = await all.text();
    expect(listedNames(html)).toEqual([
      "Call-Centre QA Analytics",
      "Credit Decisioning Engine",
      "Customer Support Assistant",
      "Document Intake OCR Pipeline",
      "Internal Code Assistant",
    ]);
    expect(html).toContain("1–5 of 5 AI systems");
    expect(html).toContain("Built on general-purpose AI");
    expect(html).toContain("Mina Model-Owner");
    expect(html).toMatch(/<th[^>]*aria-sort="ascending"[^>]*>/);
    expect(html).not.toContain("Add an AI system");
    expect(await (await procurement.get("/ai-systems")).text()).not.toContain("Add an AI system");
    expect(await (await rafael.get("/ai-systems")).text()).toContain("Add an AI system");
    expect(await (await admin.get("/ai-systems")).text()).toContain("Add an AI system");

    const mine = await userId("model.owner@example.com");
    expect(listedNames(await (await viewer.get(`/ai-systems?owner=${mine}`)).text())).toEqual(["Call-Centre QA Analytics", "Customer Support Assistant"]);
    expect(listedNames(await (await viewer.get("/ai-systems?criticality=critical")).text())).toEqual(["Credit Decisioning Engine"]);
    expect(listedNames(await (await viewer.get("/ai-systems?euClass=gpai_based")).text())).toEqual(["Customer Support Assistant", "Internal Code Assistant"]);
    expect(listedNames(await (await viewer.get("/ai-systems?lifecycle=planned")).text())).toEqual(["Internal Code Assistant"]);
    expect(listedNames(await (await viewer.get("/ai-systems?q=ocr")).text())).toEqual(["Document Intake OCR Pipeline"]);
    expect(listedNames(await (await viewer.get("/ai-systems?q=customer+service")).text())).toEqual(["Call-Centre QA Analytics", "Customer Support Assistant"]);

    const byCriticality = listedNames(await (await viewer.get("/ai-systems?sort=criticality")).text());
    expect(byCriticality[0]).toBe("Credit Decisioning Engine");
    expect(byCriticality.at(-1)).toBe("Internal Code Assistant");
    const desc = await (await viewer.get("/ai-systems?sort=name&dir=desc")).text();
    expect(listedNames(desc)[0]).toBe("Internal Code Assistant");
    expect(desc).toMatch(/<th[^>]*aria-sort="descending"/);
    expect(listedNames(await (await viewer.get("/ai-systems?sort=owner")).text()).slice(0, 2)).toEqual([
      "Call-Centre QA Analytics",
      "Customer Support Assistant",
    ]);

    const none = await (await viewer.get("/ai-systems?q=zzzz-nothing")).text();
    expect(none).toContain("No AI system matches these filters.");
    expect(none).toContain("Clear the filters");
  });

  it("keeps list URLs working whatever the parameters, and pages through many systems", async () => {
    for (const query of [
      "page=-5",
      "page=999999",
      "sort=evil",
      "dir=sideways",
      "criticality=extreme",
      "euClass=x",
      "lifecycle=%00",
      "owner=not-a-uuid",
      "q=%25%5F%5C",
      `q=${"x".repeat(500)}`,
    ]) {
      const response = await viewer.get(`/ai-systems?${query}`);
      expect(response.status, query).toBe(200);
    }
    expect(await (await viewer.get("/ai-systems?page=5000")).text()).toContain("There is nothing on this page.");

    const owner = await userId("risk.owner@example.com");
    await db()
      .insertInto("ai_systems")
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          name: `Bulk pager ${String(i + 1).padStart(2, "0")}`,
          owner_id: owner,
          criticality: "low" as const,
          eu_ai_act_class: "minimal_risk" as const,
          lifecycle: "retired" as const,
        })),
      )
      .execute();
    try {
      const first = await (await viewer.get("/ai-systems?q=bulk+pager")).text();
      expect(first).toContain("1–25 of 30 AI systems");
      expect(first).toContain('rel="next"');
      const second = await (await viewer.get("/ai-systems?q=bulk+pager&page=2")).text();
      expect(second).toContain("26–30 of 30 AI systems");
      expect(listedNames(second)).toEqual(["Bulk pager 26", "Bulk pager 27", "Bulk pager 28", "Bulk pager 29", "Bulk pager 30"]);
    } finally {
      await db().deleteFrom("ai_systems").where("name", "like", "Bulk pager %").execute();
    }
  });

  it("creates a system; explains bad input next to the fields and writes nothing; answers a duplicate name kindly", async () => {
    const mina_ = await userId("model.owner@example.com");
    const created = await admin.post("/ai-systems/new", systemForm({ ownerId: mina_ }));
    expect(created.status).toBe(302);
    const id = created.headers.get("location")!.split("/").pop()!;
    const row = await db().selectFrom("ai_systems").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: "Fraud Triage Assistant",
      owner_id: mina_,
      business_unit: "Payments",
      criticality: "high",
      eu_ai_act_class: "limited_risk",
      external_id: null,
    });
    expect(await auditActions(id)).toEqual(["ai_system.create"]);
    const page = await (await viewer.get(`/ai-systems/${id}`)).text();
    expect(page).toContain("Fraud Triage Assistant");
    expect(page).toContain("No vendor components linked yet.");

    const before = await count("ai_systems");
    const bad = await rafael.post(
      "/ai-systems/new",
      systemForm({ name: "  ", criticality: "bogus", euAiActClass: "", ownerId: "not-a-uuid", externalId: "bad id!", businessUnit: "Kept Unit" }),
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Enter the system&#x27;s name");
    expect(html).toContain("Choose a criticality");
    expect(html).toContain("Choose an EU AI Act class");
    expect(html).toContain("Choose an owner from the list");
    expect(html).toContain("Use letters, digits and . _ : / - only");
    expect(html).toMatch(/id="criticality"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="criticality"/);
    expect(html).toContain('value="Kept Unit"'); // what was typed comes back
    expect(await count("ai_systems")).toBe(before);

    const dup = await admin.post("/ai-systems/new", systemForm({ name: "credit DECISIONING engine", ownerId: mina_ }));
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain("Another AI system already has this name");
    expect(await count("ai_systems")).toBe(before);
  });

  it("lets a risk owner add only systems they own", async () => {
    const me = await userId("risk.owner@example.com");
    const other = await userId("model.owner@example.com");
    const form = await (await rafael.get("/ai-systems/new")).text();
    expect(form).toMatch(new RegExp(`<option value="${me}" selected="">Rafael Risk</option>`));
    expect(form).not.toContain(`value="${other}"`);

    const before = await count("ai_systems");
    const refused = await rafael.post("/ai-systems/new", systemForm({ name: "Sneaky Handover", ownerId: other }));
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain("You can only add systems that you own yourself");
    expect(html).toMatch(/id="ownerId"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="ownerId"/);
    expect(await count("ai_systems")).toBe(before);

    const ok = await rafael.post("/ai-systems/new", systemForm({ name: "Rafael's Forecaster", ownerId: me }));
    expect(ok.status).toBe(302);
    const row = await db().selectFrom("ai_systems").select("owner_id").where("name", "=", "Rafael's Forecaster").executeTakeFirstOrThrow();
    expect(row.owner_id).toBe(me);
  });

  it("refuses create to procurement and viewers", async () => {
    const before = await count("ai_systems");
    for (const client of [procurement, viewer]) {
      expect((await client.get("/ai-systems/new")).status).toBe(403);
      expect((await client.post("/ai-systems/new", systemForm({ name: "Not Allowed" }))).status).toBe(403);
    }
    expect(await count("ai_systems")).toBe(before);
  });

  it("lets a risk owner edit their own systems, and nobody else's", async () => {
    const own = await systemId("Document Intake OCR Pipeline");
    const others = await systemId("Customer Support Assistant");
    const me = await userId("risk.owner@example.com");
    const mina_ = await userId("model.owner@example.com");

    const editPage = await rafael.get(`/ai-systems/${own}/edit`);
    expect(editPage.status).toBe(200);
    expect(await editPage.text()).toContain('value="Document Intake OCR Pipeline"');
    expect((await rafael.get(`/ai-systems/${others}/edit`)).status).toBe(403);
    expect((await rafael.post(`/ai-systems/${others}/edit`, systemForm({ name: "Hijacked", ownerId: me }))).status).toBe(403);
    expect((await rafael.post(`/ai-systems/${others}`, { intent: "archive" })).status).toBe(403);
    expect((await rafael.get(`/ai-systems/${others}/dependencies/new`)).status).toBe(403);
    expect((await rafael.post(`/ai-systems/${others}/dependencies/new`, { componentId: (await componentId("CMP-007")).id })).status).toBe(403);
    const othersDep = await db().selectFrom("ai_system_dependencies").select("id").where("ai_system_id", "=", others).executeTakeFirstOrThrow();
    expect((await rafael.get(`/ai-systems/${others}/dependencies/${othersDep.id}`)).status).toBe(403);
    expect((await rafael.post(`/ai-systems/${others}/dependencies/${othersDep.id}`, { intent: "remove" })).status).toBe(403);
    expect((await rafael.post(`/ai-systems/${others}`, { intent: "remove-dependency", dependencyId: othersDep.id })).status).toBe(403);
    for (const client of [procurement, viewer]) {
      expect((await client.get(`/ai-systems/${own}/edit`)).status).toBe(403);
      expect((await client.post(`/ai-systems/${own}/edit`, systemForm({ name: "Nope", ownerId: me }))).status).toBe(403);
    }
    const othersRow = await db().selectFrom("ai_systems").select(["name", "archived_at"]).where("id", "=", others).executeTakeFirstOrThrow();
    expect(othersRow).toEqual({ name: "Customer Support Assistant", archived_at: null });
    expect(await db().selectFrom("ai_system_dependencies").select("id").where("id", "=", othersDep.id).executeTakeFirst()).toBeDefined();

    // Readers see the page without the write controls.
    const asViewer = await (await viewer.get(`/ai-systems/${own}`)).text();
    expect(asViewer).toContain("Sehfeld Document OCR API");
    expect(asViewer).not.toContain("Add a dependency");
    expect(asViewer).not.toContain(`/ai-systems/${own}/edit`);

    // Handing the system over is an admin's call.
    const handover = await rafael.post(
      `/ai-systems/${own}/edit`,
      systemForm({ name: "Document Intake OCR Pipeline", ownerId: mina_, criticality: "medium", euAiActClass: "minimal_risk", lifecycle: "in_production" }),
    );
    expect(handover.status).toBe(403);
    expect(await handover.text()).toContain("Only an admin can hand this system over");

    const saved = await rafael.post(
      `/ai-systems/${own}/edit`,
      systemForm({
        name: "Document Intake OCR Pipeline",
        ownerId: me,
        businessUnit: "Back Office",
        criticality: "high",
        euAiActClass: "minimal_risk",
        lifecycle: "in_production",
      }),
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/ai-systems/${own}`);
    const update = await db()
      .selectFrom("audit_events")
      .select(["details", "actor_label"])
      .where("entity_id", "=", own)
      .where("action", "=", "ai_system.update")
      .executeTakeFirstOrThrow();
    expect(update.actor_label).toBe("risk.owner@example.com");
    expect(update.details).toMatchObject({
      changes: { business_unit: { from: "Operations", to: "Back Office" }, criticality: { from: "medium", to: "high" } },
    });

    // An admin edits anyone's system, and may reassign it.
    expect((await admin.get(`/ai-systems/${others}/edit`)).status).toBe(200);
  });

  it("adds a dependency that shows on the system, supplier and component pages; refuses duplicates; edits and removes it", async () => {
    const system = await systemId("Internal Code Assistant");
    const instruct = await componentId("CMP-007"); // Openmoor 8B Instruct
    const coder = await componentId("CMP-008"); // Openmoor Coder 14B, already linked

    const picker = await rafael.get(`/ai-systems/${system}/dependencies/new?q=openmoor`);
    expect(picker.status).toBe(200);
    const pickerHtml = await picker.text();
    expect(pickerHtml).toContain("Openmoor 8B Instruct");
    expect(pickerHtml).toMatch(new RegExp(`<input type="radio" id="componentId-${coder.id}"[^>]*disabled=""`));
    expect(pickerHtml).toContain("Already linked");
    expect(pickerHtml).not.toContain("Lumen Chat API"); // only the matches, never the whole table
    expect(pickerHtml.match(/type="radio"/g)).toHaveLength(2);
    const preselected = await (await rafael.get(`/ai-systems/${system}/dependencies/new?component=${instruct.id}`)).text();
    expect(preselected).toMatch(new RegExp(`id="componentId-${instruct.id}"[^>]*checked=""`));
    expect((await rafael.get(`/ai-systems/${system}/dependencies/new?q=${"%25".repeat(300)}&component=junk`)).status).toBe(200);

    const before = await count("ai_system_dependencies");
    const missing = await postEntries(rafael, `/ai-systems/${system}/dependencies/new`, [
      ["purpose", "x"],
      ["since", "2025-13-45"],
      ["dataCategories", "none"],
      ["dataCategories", "personal"],
    ]);
    expect(missing.status).toBe(400);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain("Choose a component");
    expect(missingHtml).toContain("Enter a date as YYYY-MM-DD");
    expect(missingHtml).toContain("cannot be combined with other categories");
    expect(await count("ai_system_dependencies")).toBe(before);

    const added = await postEntries(rafael, `/ai-systems/${system}/dependencies/new?q=openmoor`, [
      ["componentId", instruct.id],
      ["purpose", "Drafts pull-request summaries"],
      ["dataCategories", "internal"],
      ["dataCategories", "confidential"],
      ["since", "2026-01-15"],
    ]);
    expect(added.status).toBe(302);
    expect(added.headers.get("location")).toBe(`/ai-systems/${system}`);
    const edge = await db()
      .selectFrom("ai_system_dependencies")
      .selectAll()
      .where("ai_system_id", "=", system)
      .where("ai_component_id", "=", instruct.id)
      .executeTakeFirstOrThrow();
    expect(edge).toMatchObject({ purpose: "Drafts pull-request summaries", data_categories: ["internal", "confidential"], since: "2026-01-15" });
    expect(await auditActions(edge.id)).toEqual(["ai_system_dependency.create"]);

    const systemPage = await (await viewer.get(`/ai-systems/${system}`)).text();
    expect(systemPage).toContain("Openmoor 8B Instruct");
    expect(systemPage).toContain("Drafts pull-request summaries");
    expect(systemPage).toContain("3 vendor components from 2 suppliers");
    expect(systemPage).toContain(`/suppliers/${instruct.supplier_id}`);
    expect(systemPage).toContain(`/components/${instruct.id}`);

    const supplierPage = await (await viewer.get(`/suppliers/${instruct.supplier_id}`)).text();
    expect(supplierPage).toMatch(
      /Our systems that depend on (<!-- -->)?Openmoor 8B Instruct<\/caption>[\s\S]*?Internal Code Assistant<\/a><\/td><td>Rafael Risk/,
    );
    const componentPage = await viewer.get(`/components/${instruct.id}`);
    if (componentPage.status !== 404) {
      expect(componentPage.status).toBe(200);
      const componentHtml = await componentPage.text();
      expect(componentHtml).toContain("Internal Code Assistant");
    }

    const dup = await postEntries(rafael, `/ai-systems/${system}/dependencies/new`, [
      ["componentId", instruct.id],
      ["purpose", "again"],
    ]);
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain("This system already depends on that component");
    expect(await count("ai_system_dependencies")).toBe(before + 1);

    // Edit the edge.
    const editPage = await rafael.get(`/ai-systems/${system}/dependencies/${edge.id}`);
    expect(editPage.status).toBe(200);
    const editHtml = await editPage.text();
    expect(editHtml).toContain("Drafts pull-request summaries");
    expect(editHtml).toMatch(/value="confidential"[^>]*checked=""|checked=""[^>]*value="confidential"/);
    const edited = await postEntries(rafael, `/ai-systems/${system}/dependencies/${edge.id}`, [
      ["purpose", "Summarises pull requests"],
      ["dataCategories", "internal"],
      ["since", ""],
    ]);
    expect(edited.status).toBe(302);
    const after = await db().selectFrom("ai_system_dependencies").selectAll().where("id", "=", edge.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ purpose: "Summarises pull requests", data_categories: ["internal"], since: null });
    const badEdit = await postEntries(rafael, `/ai-systems/${system}/dependencies/${edge.id}`, [
      ["purpose", "x"],
      ["dataCategories", "secret"],
    ]);
    expect(badEdit.status).toBe(400);
    expect(await badEdit.text()).toContain("Use only:");

    // Remove it from the system page.
    const removed = await rafael.post(`/ai-systems/${system}`, { intent: "remove-dependency", dependencyId: edge.id });
    expect(removed.status).toBe(302);
    expect(await db().selectFrom("ai_system_dependencies").select("id").where("id", "=", edge.id).executeTakeFirst()).toBeUndefined();
    expect(await auditActions(edge.id)).toEqual(["ai_system_dependency.create", "ai_system_dependency.update", "ai_system_dependency.delete"]);
    expect(await (await viewer.get(`/ai-systems/${system}`)).text()).toContain("2 vendor components from 2 suppliers");
    expect((await rafael.get(`/ai-systems/${system}/dependencies/${edge.id}`)).status).toBe(404);

    // Removing what is not (or no longer) one of this system's dependencies is a 404, never a success.
    const otherSystem = await systemId("Document Intake OCR Pipeline");
    const foreign = await db().selectFrom("ai_system_dependencies").select("id").where("ai_system_id", "=", otherSystem).executeTakeFirstOrThrow();
    const dependenciesBefore = await count("ai_system_dependencies");
    const auditBefore = await db().selectFrom("audit_events").select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    for (const dependencyId of [edge.id, "5f0c1d0e-8a5b-4c1e-9d3f-2b7a6e4c9a10", foreign.id]) {
      expect((await rafael.post(`/ai-systems/${system}`, { intent: "remove-dependency", dependencyId })).status).toBe(404);
    }
    expect((await rafael.post(`/ai-systems/${system}/dependencies/${foreign.id}`, { intent: "remove" })).status).toBe(404);
    expect(await count("ai_system_dependencies")).toBe(dependenciesBefore);
    expect(await db().selectFrom("ai_system_dependencies").select("id").where("id", "=", foreign.id).executeTakeFirst()).toBeDefined();
    expect(await db().selectFrom("audit_events").select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).toEqual(auditBefore);

    // And from the dependency's own page.
    const readded = await rafael.post(`/ai-systems/${system}/dependencies/new`, { componentId: instruct.id, purpose: "" });
    expect(readded.status).toBe(302);
    const edge2 = await db()
      .selectFrom("ai_system_dependencies")
      .select("id")
      .where("ai_system_id", "=", system)
      .where("ai_component_id", "=", instruct.id)
      .executeTakeFirstOrThrow();
    expect((await rafael.post(`/ai-systems/${system}/dependencies/${edge2.id}`, { intent: "remove" })).status).toBe(302);
    expect(await auditActions(edge2.id)).toEqual(["ai_system_dependency.create", "ai_system_dependency.delete"]);
  });

  it("archives a system: banner, no dependency changes until restored", async () => {
    const system = await systemId("Credit Decisioning Engine");
    const component = await componentId("CMP-001");
    expect((await rafael.post(`/ai-systems/${system}`, { intent: "archive" })).status).toBe(302);
    const page = await (await rafael.get(`/ai-systems/${system}`)).text();
    expect(page).toContain("This AI system was archived");
    expect(page).not.toContain("Add a dependency");
    expect(listedNames(await (await viewer.get("/ai-systems")).text())).not.toContain("Credit Decisioning Engine");

    expect(await (await rafael.get(`/ai-systems/${system}/dependencies/new`)).text()).toContain("Restore it from its page");
    const refused = await rafael.post(`/ai-systems/${system}/dependencies/new`, { componentId: component.id });
    expect(refused.status).toBe(409);
    const dep = await db().selectFrom("ai_system_dependencies").select("id").where("ai_system_id", "=", system).executeTakeFirstOrThrow();
    expect((await rafael.post(`/ai-systems/${system}`, { intent: "remove-dependency", dependencyId: dep.id })).status).toBe(409);
    expect((await rafael.post(`/ai-systems/${system}/dependencies/${dep.id}`, { intent: "remove" })).status).toBe(409);
    expect(await db().selectFrom("ai_system_dependencies").select("id").where("id", "=", dep.id).executeTakeFirst()).toBeDefined();

    expect((await rafael.post(`/ai-systems/${system}`, { intent: "restore" })).status).toBe(302);
    expect(await (await rafael.get(`/ai-systems/${system}`)).text()).toContain("Add a dependency");
    expect(await auditActions(system)).toEqual(expect.arrayContaining(["ai_system.archive", "ai_system.restore"]));
  });

  it("answers unknown and malformed ids with a 404 page", async () => {
    const system = await systemId("Internal Code Assistant");
    const otherDep = await db()
      .selectFrom("ai_system_dependencies")
      .select("id")
      .where("ai_system_id", "=", await systemId("Customer Support Assistant"))
      .executeTakeFirstOrThrow();
    const notFound = await viewer.get(`/ai-systems/${MISSING}`);
    expect(notFound.status).toBe(404);
    expect(await notFound.text()).toContain("Page not found");
    for (const path of [
      "/ai-systems/not-a-uuid",
      "/ai-systems/' OR 1=1 --",
      `/ai-systems/${MISSING}/edit`,
      `/ai-systems/${MISSING}/dependencies/new`,
      `/ai-systems/${system}/dependencies/${MISSING}`,
      `/ai-systems/${system}/dependencies/not-a-uuid`,
      `/ai-systems/${system}/dependencies/${otherDep.id}`, // another system's edge
    ]) {
      expect((await admin.get(path)).status, path).toBe(404);
    }
    expect((await admin.post(`/ai-systems/${MISSING}/edit`, systemForm())).status).toBe(404);
    expect((await admin.post(`/ai-systems/${MISSING}`, { intent: "archive" })).status).toBe(404);
    expect((await admin.post(`/ai-systems/${system}/dependencies/${MISSING}`, { purpose: "x" })).status).toBe(404);
    expect((await admin.post(`/ai-systems/${system}`, { intent: "remove-dependency", dependencyId: "junk" })).status).toBe(400);
  });
});
