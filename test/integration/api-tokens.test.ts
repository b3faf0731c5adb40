import express from "express";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { createApiRouter } from "../../app/http/api/router.server";
import { revokeApiToken } from "../../app/services/api-tokens.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { api, personalTokenFor, serviceTokenFor } from "../support/api";
import { startTestServer, type TestServer } from "../support/server";
import { createUser } from "../support/factories";
import { signIn } from "../support/sign-in";

// API tokens over real HTTP: who gets in, with what, and what is kept of the secret.
describe("REST API tokens", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  const expectProblem = (result: { status: number; headers: Headers; body: any }, status: number) => {
    expect(result.status).toBe(status);
    expect(result.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ status, type: expect.stringMatching(/^urn:assay:problem:/), title: expect.any(String), detail: expect.any(String) });
  };

  it("answers a call without a token 401 with WWW-Authenticate: Bearer", async () => {
    const result = await api(server.baseUrl, null, "GET", "/suppliers");
    expectProblem(result, 401);
    expect(result.headers.get("www-authenticate")).toMatch(/^Bearer realm="Assay API"/);
  });

  it("refuses malformed tokens and tokens with a wrong prefix before any lookup", async () => {
    const { token } = await personalTokenFor(server.app.ctx, "viewer");
    for (const bad of ["not-a-token", `assay_xyz_${token.slice(10)}`, `${token}x`, token.slice(0, -1), `Basic ${token}`]) {
      const result = await fetch(`${server.baseUrl}/api/v1/suppliers`, { headers: { authorization: bad.startsWith("Basic") ? bad : `Bearer ${bad}` } });
      expect(result.status).toBe(401);
      expect(result.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
    // A personal secret presented as a service token is simply unknown.
    const swapped = await api(server.baseUrl, token.replace("assay_pat_", "assay_sat_"), "GET", "/suppliers");
    expectProblem(swapped, 401);
  });

  it("lets a valid token in and marks it used, at most once a minute", async () => {
    const { token, tokenId } = await personalTokenFor(server.app.ctx, "viewer");
    const ok = await api(server.baseUrl, token, "GET", "/suppliers");
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ data: expect.any(Array), next: null });
    const first = await server.app.ctx.db.selectFrom("api_tokens").select("last_used_at").where("id", "=", tokenId).executeTakeFirstOrThrow();
    expect(first.last_used_at).toBeInstanceOf(Date);
    await api(server.baseUrl, token, "GET", "/suppliers");
    const second = await server.app.ctx.db.selectFrom("api_tokens").select("last_used_at").where("id", "=", tokenId).executeTakeFirstOrThrow();
    expect(second.last_used_at?.getTime()).toBe(first.last_used_at?.getTime());
  });

  it("stores only the SHA-256 of the token, and a prefix for lists", async () => {
    const { token, tokenId } = await personalTokenFor(server.app.ctx, "viewer");
    expect(token).toMatch(/^assay_pat_[A-Za-z0-9_-]{43}$/);
    const row = await server.app.ctx.db.selectFrom("api_tokens").selectAll().where("id", "=", tokenId).executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token.slice(10));
    expect(token.startsWith(row.prefix)).toBe(true);
    expect(row.prefix.length).toBeLessThan(20);
  });

  it("refuses a revoked or expired token with 401", async () => {
    const revoked = await personalTokenFor(server.app.ctx, "viewer");
    await revokeApiToken(server.app.ctx, SYSTEM_ACTOR, revoked.tokenId);
    const r1 = await api(server.baseUrl, revoked.token, "GET", "/suppliers");
    expectProblem(r1, 401);
    expect(r1.body.detail).toMatch(/revoked/);

    const expired = await personalTokenFor(server.app.ctx, "viewer", { expires: new Date(Date.now() + 60_000) });
    await server.app.ctx.db
      .updateTable("api_tokens")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", expired.tokenId)
      .execute();
    const r2 = await api(server.baseUrl, expired.token, "GET", "/suppliers");
    expectProblem(r2, 401);
    expect(r2.body.detail).toMatch(/expired/);
  });

  it("stops a personal token when its user is disabled", async () => {
    const { token, userId } = await personalTokenFor(server.app.ctx, "procurement");
    await server.app.ctx.db.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", userId).execute();
    expectProblem(await api(server.baseUrl, token, "GET", "/suppliers"), 401);
  });

  it("refuses a write with a read-only token (403, insufficient scope) and writes nothing", async () => {
    const { token } = await personalTokenFor(server.app.ctx, "procurement", { scopes: "read" });
    const before = await countSuppliers();
    const result = await api(server.baseUrl, token, "POST", "/suppliers", { name: "Scope Test Ltd" });
    expectProblem(result, 403);
    expect(result.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(await countSuppliers()).toBe(before);
  });

  it("refuses what the token owner's role may not do (403), exactly like the pages", async () => {
    const { token } = await personalTokenFor(server.app.ctx, "viewer");
    const before = await countSuppliers();
    const result = await api(server.baseUrl, token, "POST", "/suppliers", { name: "Viewer Write Ltd" });
    expectProblem(result, 403);
    expect(result.body.detail).toMatch(/Viewer/);
    expect(await countSuppliers()).toBe(before);
  });

  it("lets a service token act with the role the admin chose", async () => {
    const writer = await serviceTokenFor(server.app.ctx, "procurement");
    expect(writer.token).toMatch(/^assay_sat_/);
    const created = await api(server.baseUrl, writer.token, "POST", "/suppliers", { name: `Service Made ${Date.now()}` });
    expect(created.status).toBe(201);
    const event = await server.app.ctx.db
      .selectFrom("audit_events")
      .select(["actor_id", "actor_type", "action"])
      .where("entity_id", "=", created.body.id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_id: writer.userId, actor_type: "user", action: "supplier.create" });
    const reader = await serviceTokenFor(server.app.ctx, "viewer");
    expectProblem(await api(server.baseUrl, reader.token, "POST", "/suppliers", { name: "Nope Ltd" }), 403);
  });

  it("never accepts the session cookie in place of a token", async () => {
    const result = await fetch(`${server.baseUrl}/api/v1/suppliers`, { headers: { cookie: "__session=anything" } });
    expect(result.status).toBe(401);
  });

  it("rate-limits per token in the database, shared by every instance (429 + Retry-After)", async () => {
    const { token } = await personalTokenFor(server.app.ctx, "viewer");
    // Two independent routers (two "instances") over the same database, limit 3 per minute.
    const instances = await Promise.all([0, 1].map(() => startInstance()));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await api(instances[i % 2]!.url, token, "GET", "/suppliers")).status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3)).toEqual([429, 429]);
      const refused = await api(instances[0]!.url, token, "GET", "/suppliers");
      expectProblem(refused, 429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      // Another token is not affected.
      const other = await personalTokenFor(server.app.ctx, "viewer");
      expect((await api(instances[0]!.url, other.token, "GET", "/suppliers")).status).toBe(200);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });

  it("creates a personal token on /profile/tokens, shows it once, lists its prefix, and revokes it (forms without JS)", async () => {
    const user = await createUser(server.app.ctx.db, "procurement");
    const client = await signIn(server, user.email);
    const refused = await client.post("/profile/tokens", { intent: "create", name: "", scopes: "read write", expires: "" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Give the token a name");
    const badDate = await client.post("/profile/tokens", { intent: "create", name: "Old", scopes: "read", expires: "2001-01-01" });
    expect(badDate.status).toBe(400);
    expect(await badDate.text()).toContain("must be in the future");
    expect(await tokenCount(user.id)).toBe(0);

    const created = await client.post("/profile/tokens", { intent: "create", name: "GRC sync", scopes: "read write", expires: "" });
    expect(created.status).toBe(200);
    const html = await created.text();
    const token = /assay_pat_[A-Za-z0-9_-]{43}/.exec(html)?.[0];
    expect(token).toBeDefined();
    expect((await api(server.baseUrl, token!, "POST", "/suppliers", { name: `Made by PAT ${Date.now()}` })).status).toBe(201);

    const list = await (await client.get("/profile/tokens")).text();
    expect(list).not.toContain(token!);
    expect(list).toContain(token!.slice(0, 14));
    expect(list).toContain("GRC sync");

    const row = await server.app.ctx.db.selectFrom("api_tokens").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    // Someone else's token cannot be revoked from your profile.
    const other = await personalTokenFor(server.app.ctx, "viewer");
    expect((await client.post("/profile/tokens", { intent: "revoke", tokenId: other.tokenId })).status).toBe(404);
    expect((await api(server.baseUrl, other.token, "GET", "/suppliers")).status).toBe(200);

    const revoked = await client.post("/profile/tokens", { intent: "revoke", tokenId: row.id });
    expect(revoked.status).toBe(302);
    expect((await api(server.baseUrl, token!, "GET", "/suppliers")).status).toBe(401);
    const events = await server.app.ctx.db.selectFrom("audit_events").select("action").where("entity_id", "=", row.id).orderBy("seq").execute();
    expect(events.map((e) => e.action)).toEqual(["api_token.create", "api_token.revoke"]);
  });

  it("lets only admins create service tokens and revoke anyone's token on /admin/api-tokens", async () => {
    const procurement = await createUser(server.app.ctx.db, "procurement");
    const nonAdmin = await signIn(server, procurement.email);
    expect((await nonAdmin.get("/admin/api-tokens")).status).toBe(403);
    expect((await nonAdmin.post("/admin/api-tokens", { intent: "create", name: "x", scopes: "read", expires: "", role: "admin" })).status).toBe(403);

    const admin = await createUser(server.app.ctx.db, "admin");
    const client = await signIn(server, admin.email);
    const created = await client.post("/admin/api-tokens", { intent: "create", name: "Reporting", scopes: "read", expires: "", role: "viewer" });
    expect(created.status).toBe(200);
    const token = /assay_sat_[A-Za-z0-9_-]{43}/.exec(await created.text())?.[0];
    expect(token).toBeDefined();
    expect((await api(server.baseUrl, token!, "GET", "/suppliers")).status).toBe(200);
    expect((await api(server.baseUrl, token!, "POST", "/suppliers", { name: "No Ltd" })).status).toBe(403);

    const someone = await personalTokenFor(server.app.ctx, "risk_owner");
    const page = await (await client.get("/admin/api-tokens")).text();
    expect(page).toContain("Reporting (service)");
    expect(page).not.toContain(token!);
    expect((await client.post("/admin/api-tokens", { intent: "revoke", tokenId: someone.tokenId })).status).toBe(302);
    expect((await api(server.baseUrl, someone.token, "GET", "/suppliers")).status).toBe(401);
  });

  async function tokenCount(userId: string) {
    const row = await server.app.ctx.db
      .selectFrom("api_tokens")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function countSuppliers() {
    const row = await sql<{ n: string }>`SELECT count(*) AS n FROM suppliers`.execute(server.app.ctx.db);
    return Number(row.rows[0]!.n);
  }

  async function startInstance() {
    const app = express();
    app.use("/api/v1", createApiRouter(server.app.ctx, { rateLimit: { limit: 3, windowSeconds: 60 } }));
    const listener = http.createServer(app);
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`,
      close: () => new Promise<void>((resolve) => listener.close(() => resolve())),
    };
  }
});
