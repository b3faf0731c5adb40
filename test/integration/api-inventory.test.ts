import { sql } from "kysely";
import { createUser } from "../support/factories";
import { api, personalTokenFor, type TokenFor } from "../support/api";
import { startTestServer, type TestServer } from "../support/server";

// The inventory over the REST API, against the real server: CRUD, cursor pages, filters, ETags,
// idempotent creates, and bad input refused with a problem and nothing written.
describe("REST API: inventory", () => {
  let server: TestServer;
  let writer: TokenFor;
  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    writer = await personalTokenFor(server.app.ctx, "procurement");
  });
  afterAll(async () => server?.stop());

  const count = async (table: "suppliers" | "ai_components" | "ai_systems" | "supplier_contacts" | "ai_system_dependencies") =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(server.app.ctx.db)).rows[0]!.n);

  it("creates, reads and updates a supplier, with an ETag and a Location", async () => {
    const created = await api(server.baseUrl, writer.token, "POST", "/suppliers", {
      name: "Acme Models GmbH",
      country: "Germany",
      status: "active",
      website: "https://acme.example",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Acme Models GmbH", country: "DE", status: "active", legalName: null });
    expect(created.headers.get("location")).toBe(`${server.baseUrl}/api/v1/suppliers/${created.body.id}`);
    const read = await api(server.baseUrl, writer.token, "GET", `/suppliers/${created.body.id}`);
    expect(read.status).toBe(200);
    const etag = read.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((await api(server.baseUrl, writer.token, "GET", `/suppliers/${created.body.id}`, undefined, { "if-none-match": etag })).status).toBe(304);

    const updated = await api(
      server.baseUrl,
      writer.token,
      "PATCH",
      `/suppliers/${created.body.id}`,
      { legalName: "Acme Models GmbH & Co. KG" },
      { "if-match": etag },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ legalName: "Acme Models GmbH & Co. KG", country: "DE", status: "active" });
    expect(updated.headers.get("etag")).not.toBe(etag);

    // The first ETag is stale now: 409, and nothing changes.
    const stale = await api(server.baseUrl, writer.token, "PATCH", `/suppliers/${created.body.id}`, { legalName: "Overwritten" }, { "if-match": etag });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(stale.body.type).toBe("urn:assay:problem:stale");
    expect((await api(server.baseUrl, writer.token, "GET", `/suppliers/${created.body.id}`)).body.legalName).toBe("Acme Models GmbH & Co. KG");
  });

  it("walks every supplier exactly once through cursor pages, and filters like the list", async () => {
    for (let i = 0; i < 23; i += 1) {
      const r = await api(server.baseUrl, writer.token, "POST", "/suppliers", {
        name: `Paged ${String(i).padStart(2, "0")} ${i % 2 ? "odd" : "even"}`,
        status: i % 3 ? "active" : "prospective",
      });
      expect(r.status).toBe(201);
    }
    const total = await count("suppliers");
    const seen: string[] = [];
    let next: string | null = `${server.baseUrl}/api/v1/suppliers?limit=7`;
    let pages = 0;
    while (next) {
      const response = await fetch(next, { headers: { authorization: `Bearer ${writer.token}` } });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { data: Array<{ id: string }>; next: string | null };
      expect(page.data.length).toBeLessThanOrEqual(7);
      seen.push(...page.data.map((s) => s.id));
      next = page.next;
      pages += 1;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 7));

    const filtered = await api(server.baseUrl, writer.token, "GET", "/suppliers?q=odd&status=active&limit=200");
    expect(filtered.status).toBe(200);
    expect(filtered.body.data.length).toBeGreaterThan(0);
    for (const s of filtered.body.data) {
      expect(s.name).toContain("odd");
      expect(s.status).toBe("active");
    }
  });

  it("refuses bad query parameters with a problem naming the parameter", async () => {
    for (const query of ["limit=0", "limit=201", "limit=abc", "status=nope", "cursor=%%%", "cursor=bm9wZQ", "unknown=1"]) {
      const result = await api(server.baseUrl, writer.token, "GET", `/suppliers?${query}`);
      expect({ query, status: result.status }).toEqual({ query, status: 400 });
      expect(result.body.errors[0].parameter).toBe(query.split("=")[0]);
    }
  });

  it("makes one row for a retried create with the same Idempotency-Key, including two at once", async () => {
    const before = await count("suppliers");
    const body = { name: `Idempotent ${Date.now()}` };
    const first = await api(server.baseUrl, writer.token, "POST", "/suppliers", body, { "idempotency-key": "create-1" });
    const again = await api(server.baseUrl, writer.token, "POST", "/suppliers", body, { "idempotency-key": "create-1" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await count("suppliers")).toBe(before + 1);

    const different = await api(server.baseUrl, writer.token, "POST", "/suppliers", { name: "Something else" }, { "idempotency-key": "create-1" });
    expect(different.status).toBe(422);
    expect(different.body.errors[0].header).toBe("Idempotency-Key");
    expect(await count("suppliers")).toBe(before + 1);

    const concurrent = { name: `Concurrent ${Date.now()}` };
    const results = await Promise.all(
      [0, 1, 2].map(() => api(server.baseUrl, writer.token, "POST", "/suppliers", concurrent, { "idempotency-key": "create-2" })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    for (const s of statuses) expect([201, 409]).toContain(s);
    expect(await count("suppliers")).toBe(before + 2);
  });

  it("refuses a body over 1 MB (10 MB sent) with 413 and writes nothing", async () => {
    const before = await count("suppliers");
    const huge = JSON.stringify({ name: "Huge", notes: "x".repeat(10 * 1024 * 1024) });
    const result = await api(server.baseUrl, writer.token, "POST", "/suppliers", huge).catch((error: unknown) => ({ status: -1, error }));
    expect(result.status).toBe(413);
    expect(await count("suppliers")).toBe(before);
  });

  it("refuses a wrong shape, an unknown field, a NUL byte, broken JSON and a non-JSON body, writing nothing", async () => {
    const before = await count("suppliers");
    const unknown = await api(server.baseUrl, writer.token, "POST", "/suppliers", { name: "Extra Ltd", favouriteColour: "blue" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: "/favouriteColour" })]);

    const wrongType = await api(server.baseUrl, writer.token, "POST", "/suppliers", { name: 42, status: "bogus" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(["/name", "/status"]);

    const emptyName = await api(server.baseUrl, writer.token, "POST", "/suppliers", { name: "   " });
    expect(emptyName.status).toBe(400);
    expect(emptyName.body.errors[0]).toMatchObject({ pointer: "/name", message: "Enter the supplier's name" });

    const nul = await api(server.baseUrl, writer.token, "POST", "/suppliers", '{"name":"Bad\\u0000Name"}');
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0].pointer).toBe("/name");

    const broken = await api(server.baseUrl, writer.token, "POST", "/suppliers", '{"name":');
    expect(broken.status).toBe(400);
    expect(broken.body.type).toBe("urn:assay:problem:malformed-json");

    const form = await api(server.baseUrl, writer.token, "POST", "/suppliers", "name=Form", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);

    const duplicate = await api(server.baseUrl, writer.token, "POST", "/suppliers", { name: "Acme Models GmbH" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors[0].pointer).toBe("/name");
    expect(await count("suppliers")).toBe(before);
  });

  it("handles contacts, components, systems and dependencies; risk owners write only their own systems", async () => {
    const supplier = (await api(server.baseUrl, writer.token, "POST", "/suppliers", { name: `Deps Supplier ${Date.now()}` })).body;
    const contact = await api(server.baseUrl, writer.token, "POST", `/suppliers/${supplier.id}/contacts`, {
      name: "Ada",
      email: "ADA@example.com",
      isPrimary: true,
    });
    expect(contact.status).toBe(201);
    expect(contact.body).toMatchObject({ email: "ada@example.com", isPrimary: true });
    const contactEtag = contact.headers.get("etag")!;
    expect(
      (await api(server.baseUrl, writer.token, "PATCH", `/suppliers/${supplier.id}/contacts/${contact.body.id}`, { title: "CTO" }, { "if-match": contactEtag }))
        .body.title,
    ).toBe("CTO");
    expect((await api(server.baseUrl, writer.token, "GET", `/suppliers/${supplier.id}/contacts`)).body.data).toHaveLength(1);

    const component = await api(server.baseUrl, writer.token, "POST", "/components", {
      supplierId: supplier.id,
      kind: "hosted_api",
      name: "Acme LLM",
      updateCadence: "interval",
      updateIntervalDays: 90,
    });
    expect(component.status).toBe(201);
    expect(component.body).toMatchObject({ updateIntervalDays: 90, isGpai: false });
    const badInterval = await api(server.baseUrl, writer.token, "POST", "/components", {
      supplierId: supplier.id,
      kind: "hosted_api",
      name: "No Interval",
      updateCadence: "interval",
    });
    expect(badInterval.status).toBe(400);
    expect(badInterval.body.errors[0].pointer).toBe("/updateIntervalDays");
    const listed = await api(server.baseUrl, writer.token, "GET", `/components?supplier=${supplier.id}`);
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([component.body.id]);

    const owner = await personalTokenFor(server.app.ctx, "risk_owner");
    const otherOwner = await createUser(server.app.ctx.db, "risk_owner");
    const before = await count("ai_systems");
    const notMine = await api(server.baseUrl, owner.token, "POST", "/systems", {
      name: "Not mine",
      ownerId: otherOwner.id,
      criticality: "high",
      euAiActClass: "high_risk",
      lifecycle: "planned",
    });
    expect(notMine.status).toBe(403);
    expect(await count("ai_systems")).toBe(before);
    const mine = await api(server.baseUrl, owner.token, "POST", "/systems", {
      name: `Mine ${Date.now()}`,
      ownerId: owner.userId,
      criticality: "high",
      euAiActClass: "high_risk",
      lifecycle: "planned",
    });
    expect(mine.status).toBe(201);
    const dependency = await api(server.baseUrl, owner.token, "POST", `/systems/${mine.body.id}/dependencies`, {
      componentId: component.body.id,
      dataCategories: ["personal"],
    });
    expect(dependency.status).toBe(201);
    expect((await api(server.baseUrl, owner.token, "GET", `/systems/${mine.body.id}/dependencies`)).body.data).toHaveLength(1);
    // Procurement may not write systems at all (as on the pages).
    expect((await api(server.baseUrl, writer.token, "DELETE", `/systems/${mine.body.id}/dependencies/${dependency.body.id}`)).status).toBe(403);
    expect((await api(server.baseUrl, owner.token, "DELETE", `/systems/${mine.body.id}/dependencies/${dependency.body.id}`)).status).toBe(204);
    expect(await count("ai_system_dependencies")).toBe(0);

    // Another risk owner's system is not theirs to change.
    const other = await personalTokenFor(server.app.ctx, "risk_owner");
    const refused = await api(server.baseUrl, other.token, "PATCH", `/systems/${mine.body.id}`, { purpose: "Hijack" });
    expect(refused.status).toBe(403);
    expect((await api(server.baseUrl, other.token, "GET", `/systems/${mine.body.id}`)).body.purpose).toBeNull();
  });

  it("reads the audit trail in pages by sequence", async () => {
    const auditor = await personalTokenFor(server.app.ctx, "viewer");
    const first = await api(server.baseUrl, auditor.token, "GET", "/audit-events?limit=5&action=supplier.create");
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(5);
    const seqs = first.body.data.map((e: { seq: number }) => e.seq);
    expect([...seqs].sort((a: number, b: number) => a - b)).toEqual(seqs);
    const second = await fetch(first.body.next, { headers: { authorization: `Bearer ${auditor.token}` } }).then((r) => r.json());
    expect(second.data[0].seq).toBeGreaterThan(seqs[4]);
    expect(second.data.every((e: { action: string }) => e.action === "supplier.create")).toBe(true);
  });
});
