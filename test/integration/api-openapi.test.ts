import { createConfig, lintFromString } from "@redocly/openapi-core";
import { buildOpenApiDocument } from "../../app/http/api/openapi.server";
import { API_OPERATIONS } from "../../app/http/api/registry";
import { startTestServer, type TestServer } from "../support/server";

// The OpenAPI document: served without a token, lints clean with Redocly's recommended rules, and
// matches the router both ways (every operation documented, every documented operation served).
describe("the OpenAPI document", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ worker: false });
  });
  afterAll(async () => server?.stop());

  it("is served at /api/v1/openapi.json without a token", async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers[0].url).toBe(`${server.baseUrl}/api/v1`);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.components.schemas.Problem).toBeDefined();
  });

  it("lints with zero errors and zero warnings under Redocly's recommended ruleset", async () => {
    const document = buildOpenApiDocument(API_OPERATIONS, { serverUrl: "https://assay.example.org/api/v1" });
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: "openapi.json", config });
    const described = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(described.filter((p) => p.startsWith("error"))).toEqual([]);
    expect(described).toEqual([]);
  });

  it("documents every operation the router serves, and the router serves every documented one", async () => {
    const document = await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json();
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const registered = API_OPERATIONS.map((op) => `${op.method} ${op.path}`);
    expect([...documented].sort()).toEqual([...registered].sort());
    // Each documented operation answers as an operation (401 for want of a token), not as "no such route" (404).
    const sample = "00000000-0000-4000-8000-000000000000";
    for (const entry of documented) {
      const [method, path] = entry.split(" ") as [string, string];
      const url = `${server.baseUrl}/api/v1${path.replace(/\{[^}]+\}/g, sample)}`;
      const response = await fetch(url, { method });
      expect({ entry, status: response.status }).toEqual({ entry, status: 401 });
    }
    // And an address nobody documented is a 404 problem.
    const unknown = await fetch(`${server.baseUrl}/api/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/application\/problem\+json/);
  });
});
