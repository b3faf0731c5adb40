import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { GRAPH_LIMITS } from "../../app/services/graph.server";
import { startTestServer, WebClient, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";

// The dependency graph page over real HTTP, on the seeded inventory.
describe("the dependency graph page", () => {
  let server: TestServer;
  let admin: WebClient;
  const ids = { systems: new Map<string, string>(), components: new Map<string, string>(), suppliers: new Map<string, string>() };

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    const db = server.app.ctx.db;
    for (const r of await db.selectFrom("ai_systems").select(["id", "name"]).execute()) ids.systems.set(r.name, r.id);
    for (const r of await db.selectFrom("ai_components").select(["id", "name"]).execute()) ids.components.set(r.name, r.id);
    for (const r of await db.selectFrom("suppliers").select(["id", "name"]).execute()) ids.suppliers.set(r.name, r.id);
    admin = await signIn(server, "admin@example.com");
  });
  afterAll(async () => server?.stop());

  const id = (map: Map<string, string>, name: string) => {
    const found = map.get(name);
    if (!found) throw new Error(`not seeded: ${name}`);
    return found;
  };
  const svgOf = (html: string) => /<svg[^>]*data-testid="graph-svg"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
  const tableOf = (html: string) => /<table data-testid="graph-table"[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
  const nodeLinks = (svg: string) => [...svg.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);

  it("sends a signed-out visitor to sign in, then back to the graph", async () => {
    const response = await new WebClient(server.baseUrl).get("/graph?supplier=abc");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?next=%2Fgraph%3Fsupplier%3Dabc");
  });

  it("draws systems, components and suppliers as links, with a legend and an equivalent table", async () => {
    const response = await admin.get("/graph");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<link rel="stylesheet" href="/styles/graph.css"/>');
    expect(html).not.toMatch(/\sstyle="/); // the CSP forbids inline styles

    const svg = svgOf(html);
    expect(svg).toMatch(/role="group"/);
    expect(svg).toMatch(/aria-labelledby="graph-heading"/);
    for (const name of [
      "Credit Decisioning Engine",
      "Customer Support Assistant",
      "Document Intake OCR Pipeline",
      "Call-Centre QA Analytics",
      "Internal Code Assistant",
    ]) {
      expect(svg).toContain(`href="/ai-systems/${id(ids.systems, name)}"`);
      expect(svg).toContain(name);
    }
    for (const name of ["Lumen Chat API", "Parolex Transcribe", "Crediqor Affordability Score", "Openmoor Coder 14B"]) {
      expect(svg).toContain(`href="/components/${id(ids.components, name)}"`);
      expect(svg).toContain(name);
    }
    for (const name of ["Lumenreach AI", "Sehfeld Vision", "Parolex Speech", "Openmoor Models", "Crediqor Analytics", "Tagwell Data"]) {
      expect(svg).toContain(`href="/suppliers/${id(ids.suppliers, name)}"`);
    }
    // Components nobody depends on are not drawn.
    expect(svg).not.toContain("Sehfeld ID Document Check");
    expect(svg).not.toContain("Openmoor 8B Instruct");
    // 5 systems + 9 used components + 6 suppliers, each a named link.
    expect(nodeLinks(svg)).toHaveLength(20);
    expect(svg.match(/<a [^>]*aria-label="[^"]+"/g)).toHaveLength(20);
    expect(svg).toContain('aria-label="Credit Decisioning Engine (AI system, critical criticality)"');
    // Edges are coloured by the most sensitive data category shared.
    expect(svg).toContain("graph-edge--special_category"); // call-centre QA -> transcription
    expect(svg).toContain("graph-edge--personal");
    expect(svg).toContain("graph-edge--confidential"); // code assistant -> self-hosted model
    expect(svg).toContain("graph-edge--internal"); // code assistant -> eval harness
    expect(svg).toContain("graph-node--critical");
    expect(html).toContain("Most sensitive data shared");

    const table = tableOf(html);
    expect(table).toMatch(/<th scope="col">System<\/th><th scope="col">Component<\/th><th scope="col">Supplier<\/th><th scope="col">Data shared<\/th>/);
    expect(table.match(/<tr>/g)).toHaveLength(1 + 11); // header + one row per seeded dependency
    expect(table).toContain("Special-category personal data, Personal data");
    expect(table).toContain(`href="/components/${id(ids.components, "Tagwell Eval Harness")}"`);

    const css = await admin.get("/styles/graph.css");
    expect(css.status).toBe(200);
    expect(await css.text()).toContain(".graph-node:focus-visible");
  });

  it("filters by supplier: its components and the systems depending on them only", async () => {
    const response = await admin.get(`/graph?supplier=${id(ids.suppliers, "Parolex Speech")}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const svg = svgOf(html);
    expect(svg).toContain("Call-Centre QA Analytics");
    expect(svg).toContain("Parolex Transcribe");
    expect(svg).toContain("Parolex Speaker Diarisation");
    expect(svg).not.toContain("Lumen Chat API");
    expect(svg).not.toContain("Credit Decisioning Engine");
    expect(nodeLinks(svg)).toHaveLength(4);
    expect(tableOf(html).match(/<tr>/g)).toHaveLength(1 + 2);
    expect(html).toMatch(new RegExp(`<option value="${id(ids.suppliers, "Parolex Speech")}" selected="">Parolex Speech</option>`));
    expect(html).toContain("Show the whole graph");
  });

  it("filters by system: its components and their suppliers only", async () => {
    const html = await (await admin.get(`/graph?system=${id(ids.systems, "Customer Support Assistant")}`)).text();
    const svg = svgOf(html);
    expect(svg).toContain("Customer Support Assistant");
    expect(svg).toContain("Lumen Chat API");
    expect(svg).toContain("Lumen Embeddings API");
    expect(svg).toContain(`/suppliers/${id(ids.suppliers, "Lumenreach AI")}`);
    expect(svg).not.toContain("Call-Centre QA Analytics");
    expect(svg).not.toContain("Parolex");
    expect(nodeLinks(svg)).toHaveLength(4);
  });

  it("explains a malformed filter on the page instead of failing, and shows the whole graph", async () => {
    const response = await admin.get("/graph?supplier=not-a-uuid");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("The supplier in the address is not a valid id");
    expect(nodeLinks(svgOf(html))).toHaveLength(20);

    const injection = await admin.get(`/graph?system=${encodeURIComponent("1' OR '1'='1")}`);
    expect(injection.status).toBe(400);
    expect(await injection.text()).toContain("The system in the address is not a valid id");

    const both = await admin.get(`/graph?supplier=${id(ids.suppliers, "Parolex Speech")}&system=${id(ids.systems, "Customer Support Assistant")}`);
    expect(both.status).toBe(400);
    expect(await both.text()).toContain("not both at once");

    const blank = await admin.get("/graph?supplier=&system=");
    expect(blank.status).toBe(200);
    expect(nodeLinks(svgOf(await blank.text()))).toHaveLength(20);
  });

  it("shows an empty state for an unknown id", async () => {
    for (const param of ["supplier", "system"]) {
      const response = await admin.get(`/graph?${param}=${randomUUID()}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('data-testid="graph-empty"');
      expect(html).toContain("with that id");
      expect(svgOf(html)).toBe("");
    }
  });

  it("lets a viewer see it, and lists only suppliers and systems with dependencies in the filters", async () => {
    const viewer = await signIn(server, "auditor@example.com");
    const response = await viewer.get("/graph");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(svgOf(html)).toContain("Credit Decisioning Engine");
    const supplierSelect = /<select[^>]*name="supplier"[\s\S]*?<\/select>/.exec(html)?.[0] ?? "";
    expect(supplierSelect.match(/<option /g)).toHaveLength(1 + 6);
    const systemSelect = /<select[^>]*name="system"[\s\S]*?<\/select>/.exec(html)?.[0] ?? "";
    expect(systemSelect.match(/<option /g)).toHaveLength(1 + 5);
  });

  it("ignores archived suppliers, components and systems", async () => {
    const db = server.app.ctx.db;
    const tagwell = id(ids.suppliers, "Tagwell Data");
    await db.updateTable("suppliers").set({ archived_at: new Date() }).where("id", "=", tagwell).execute();
    try {
      const html = await (await admin.get("/graph")).text();
      const svg = svgOf(html);
      expect(svg).not.toContain("Tagwell");
      expect(svg).toContain("Internal Code Assistant"); // still depends on Openmoor Coder 14B
      expect(html).not.toContain(`<option value="${tagwell}"`);
      const filtered = await admin.get(`/graph?supplier=${tagwell}`);
      expect(await filtered.text()).toContain("with that id");
    } finally {
      await db.updateTable("suppliers").set({ archived_at: null }).where("id", "=", tagwell).execute();
    }
  });

  it("caps a large graph, drawing the most critical systems first and asking to filter", async () => {
    const db = server.app.ctx.db;
    const chat = id(ids.components, "Lumen Chat API");
    const extra = Array.from({ length: 160 }, (_, i) => ({
      name: `Bulk Low System ${String(i).padStart(3, "0")}`,
      criticality: "low" as const,
      eu_ai_act_class: "minimal_risk" as const,
      lifecycle: "planned" as const,
    }));
    const inserted = await db.insertInto("ai_systems").values(extra).returning("id").execute();
    await db
      .insertInto("ai_system_dependencies")
      .values(inserted.map((s) => ({ ai_system_id: s.id, ai_component_id: chat, data_categories: ["internal" as const] })))
      .execute();
    try {
      const response = await admin.get("/graph");
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('data-testid="graph-truncated"');
      expect(html).toContain("more than the 150 that can be drawn at once");
      const svg = svgOf(html);
      const links = nodeLinks(svg);
      expect(links.length).toBeLessThanOrEqual(GRAPH_LIMITS.maxNodes);
      expect(links.length).toBeGreaterThan(100);
      expect(svg).toContain("Credit Decisioning Engine"); // critical comes first
      // 15 nodes for the critical, high and medium systems, then low ones by name, one node each.
      expect(svg).toContain("Bulk Low System 134");
      expect(svg).not.toContain("Bulk Low System 135");
      expect(svg).not.toContain("Internal Code Assistant");

      // A filter shows everything connected, within the cap.
      const one = await (await admin.get(`/graph?system=${inserted[159]!.id}`)).text();
      expect(svgOf(one)).toContain("Bulk Low System 159");
      expect(one).not.toContain('data-testid="graph-truncated"');
    } finally {
      await db
        .deleteFrom("ai_systems")
        .where(
          "id",
          "in",
          inserted.map((s) => s.id),
        )
        .execute();
    }
  });

  it("says when there are no dependencies, and points to AI systems", async () => {
    const db = server.app.ctx.db;
    await db.updateTable("ai_systems").set({ archived_at: new Date() }).where("archived_at", "is", null).execute();
    try {
      const response = await admin.get("/graph");
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("There are no dependencies yet");
      expect(html).toContain('<a href="/ai-systems">AI systems</a>');
      expect(svgOf(html)).toBe("");
    } finally {
      await sql`UPDATE ai_systems SET archived_at = NULL`.execute(db);
    }
  });
});
