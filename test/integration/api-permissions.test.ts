// Every REST API operation × every staff role, over real HTTP: the API lets a token do exactly what
// its owner's role may do on the pages, no more. The table below names, for each operation, the
// permission the corresponding PAGE checks (its loader or action) and how to call it with real rows.
// Expected: allowed when `canSometimes(role, pageAction)`, and then the call succeeds (2xx); else a
// 403 problem and nothing written. An operation that declares another action than its page fails
// here twice: the declared action differs from the table's, and some role gets the wrong answer.
// A new operation without a row here fails the "every operation is in the table" test.
import { ROLES, canSometimes, type Action, type Role } from "../../app/domain/permissions";
import { API_OPERATIONS } from "../../app/http/api/registry";
import { api, personalTokenFor, type ApiResult } from "../support/api";
import { etagOf } from "../../app/http/api/etag";
import {
  apiWorld,
  changeNoticeBody,
  componentBody,
  contactBody,
  dependencyOf,
  freshAssessment,
  issueBody,
  systemBody,
  systemOwnedBy,
  templateFile,
  type ApiWorld,
} from "../support/api-fixtures";
import { startTestServer, type TestServer } from "../support/server";

interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Env {
  server: TestServer;
  adminToken: string;
  /** The user behind the risk_owner token: systems written in the table are theirs, so the "own" grant applies. */
  riskOwnerId: string;
}

interface Row {
  /** The permission the page doing the same thing checks. */
  pageAction: Action;
  call(world: ApiWorld, env: Env): Promise<Call>;
}

/** The current ETag of a resource, read with the admin token. */
async function etagFor(env: Env, path: string): Promise<Record<string, string>> {
  const read = await api(env.server.baseUrl, env.adminToken, "GET", path);
  expect(read.status, `GET ${path}: ${JSON.stringify(read.body)}`).toBe(200);
  return { "if-match": read.headers.get("etag") ?? "" };
}

const TABLE: Record<string, Row> = {
  // Suppliers (the supplier pages: /suppliers loader inventory:read; new/edit actions supplier:write).
  listSuppliers: { pageAction: "inventory:read", call: async () => ({ path: "/suppliers?limit=5" }) },
  getSupplier: { pageAction: "inventory:read", call: async (w) => ({ path: `/suppliers/${w.issued.supplierId}` }) },
  createSupplier: {
    pageAction: "supplier:write",
    call: async () => ({ path: "/suppliers", body: { name: `API supplier ${Math.random().toString(36).slice(2)}` } }),
  },
  updateSupplier: {
    pageAction: "supplier:write",
    async call(w, { server, adminToken }) {
      const read = await api(server.baseUrl, adminToken, "GET", `/suppliers/${w.issued.supplierId}`);
      return { path: `/suppliers/${w.issued.supplierId}`, body: { notes: `Checked ${Date.now()}` }, headers: { "if-match": read.headers.get("etag") ?? "" } };
    },
  },
  // Supplier contacts (the supplier page lists them, inventory:read; contacts/new and
  // contacts/$contactId actions supplier:write).
  listSupplierContacts: { pageAction: "inventory:read", call: async (w) => ({ path: `/suppliers/${w.issued.supplierId}/contacts` }) },
  createSupplierContact: { pageAction: "supplier:write", call: async (w) => ({ path: `/suppliers/${w.issued.supplierId}/contacts`, body: contactBody() }) },
  updateSupplierContact: {
    pageAction: "supplier:write",
    async call(w) {
      const row = await w.ctx.db.selectFrom("supplier_contacts").select(["id", "updated_at"]).where("id", "=", w.contactId).executeTakeFirstOrThrow();
      return {
        path: `/suppliers/${w.issued.supplierId}/contacts/${w.contactId}`,
        body: { title: `Head of sales ${Date.now()}` },
        headers: { "if-match": etagOf(row.id, row.updated_at) },
      };
    },
  },
  // AI components (/components and /components/$componentId loaders inventory:read;
  // suppliers/$supplierId/components/new and components/$componentId/edit actions component:write).
  listComponents: { pageAction: "inventory:read", call: async (w) => ({ path: `/components?supplier=${w.issued.supplierId}&limit=5` }) },
  getComponent: { pageAction: "inventory:read", call: async (w) => ({ path: `/components/${w.issued.componentIds[0]}` }) },
  createComponent: { pageAction: "component:write", call: async (w) => ({ path: "/components", body: componentBody(w) }) },
  updateComponent: {
    pageAction: "component:write",
    call: async (w, env) => ({
      path: `/components/${w.issued.componentIds[1]}`,
      body: { description: `Reviewed ${Date.now()}` },
      headers: await etagFor(env, `/components/${w.issued.componentIds[1]}`),
    }),
  },
  // Internal AI systems (/ai-systems and /ai-systems/$systemId loaders inventory:read;
  // ai-systems/new system:create; edit and the dependency pages system:write on the system's owner,
  // so the systems here belong to the risk owner calling; an admin may write any).
  listSystems: { pageAction: "inventory:read", call: async () => ({ path: "/systems?limit=5" }) },
  getSystem: { pageAction: "inventory:read", call: async (w, env) => ({ path: `/systems/${await systemOwnedBy(w, env.riskOwnerId)}` }) },
  createSystem: { pageAction: "system:create", call: async (_w, env) => ({ path: "/systems", body: systemBody(env.riskOwnerId) }) },
  updateSystem: {
    pageAction: "system:write",
    async call(w, env) {
      const id = await systemOwnedBy(w, env.riskOwnerId);
      return { path: `/systems/${id}`, body: { purpose: `Reviewed ${Date.now()}` }, headers: await etagFor(env, `/systems/${id}`) };
    },
  },
  listSystemDependencies: {
    pageAction: "inventory:read",
    async call(w, env) {
      const id = await systemOwnedBy(w, env.riskOwnerId);
      await dependencyOf(w, id);
      return { path: `/systems/${id}/dependencies` };
    },
  },
  createSystemDependency: {
    pageAction: "system:write",
    call: async (w, env) => ({
      path: `/systems/${await systemOwnedBy(w, env.riskOwnerId)}/dependencies`,
      body: { componentId: w.issued.componentIds[0], purpose: "Drafting replies", dataCategories: ["personal"] },
    }),
  },
  deleteSystemDependency: {
    pageAction: "system:write",
    async call(w, env) {
      const id = await systemOwnedBy(w, env.riskOwnerId);
      return { path: `/systems/${id}/dependencies/${await dependencyOf(w, id)}` };
    },
  },
  // Templates (/templates loader template:read; its import action template:write).
  listTemplates: { pageAction: "template:read", call: async () => ({ path: "/templates" }) },
  getTemplate: { pageAction: "template:read", call: async (w) => ({ path: `/templates/${w.templateId}` }) },
  getTemplateVersion: { pageAction: "template:read", call: async (w) => ({ path: `/templates/${w.templateId}/versions/${w.versionId}` }) },
  importTemplate: { pageAction: "template:write", call: async (w) => ({ path: "/templates", body: await templateFile(w) }) },
  // Assessments (/assessments/new assessment:issue; list, page, answers, scorecard assessment:read;
  // the page's close and reopen commands assessment:manage).
  issueAssessment: { pageAction: "assessment:issue", call: async (w) => ({ path: "/assessments", body: issueBody(w) }) },
  listAssessments: { pageAction: "assessment:read", call: async () => ({ path: "/assessments?status=open&limit=5" }) },
  getAssessment: { pageAction: "assessment:read", call: async (w) => ({ path: `/assessments/${w.issued.assessmentId}` }) },
  getAssessmentAnswers: { pageAction: "assessment:read", call: async (w) => ({ path: `/assessments/${w.issued.assessmentId}/answers` }) },
  getAssessmentScores: { pageAction: "assessment:read", call: async (w) => ({ path: `/assessments/${w.issued.assessmentId}/scores` }) },
  closeAssessment: { pageAction: "assessment:manage", call: async (w) => ({ path: `/assessments/${(await freshAssessment(w)).assessmentId}/close` }) },
  reopenAssessment: {
    pageAction: "assessment:manage",
    call: async (w) => ({ path: `/assessments/${(await freshAssessment(w, { submitted: true })).assessmentId}/reopen` }),
  },
  // Findings and decisions (/findings and /findings/:id loaders assessment:read; the decision as
  // the assessment page shows it, assessment:read).
  listFindings: { pageAction: "assessment:read", call: async () => ({ path: "/findings?status=active" }) },
  getFinding: { pageAction: "assessment:read", call: async (w) => ({ path: `/findings/${w.findingId}` }) },
  getAssessmentDecision: { pageAction: "assessment:read", call: async (w) => ({ path: `/assessments/${w.issued.assessmentId}/decision` }) },
  // Deadlines (/deadlines loader dashboard:read).
  listDeadlines: { pageAction: "dashboard:read", call: async () => ({ path: "/deadlines?group=supplier" }) },
  // Change notices (component page inventory:read; its "record a change" action component:write).
  listChangeNotices: { pageAction: "inventory:read", call: async (w) => ({ path: `/change-notices?supplier=${w.issued.supplierId}` }) },
  createChangeNotice: { pageAction: "component:write", call: async (w) => ({ path: "/change-notices", body: changeNoticeBody(w) }) },
  // Audit trail: no page lists it yet; audit:read is the permission for reading it (every staff role).
  listAuditEvents: { pageAction: "audit:read", call: async () => ({ path: "/audit-events?limit=5" }) },
};

const WRITTEN_TABLES = [
  "audit_events",
  "suppliers",
  "supplier_contacts",
  "ai_components",
  "ai_systems",
  "ai_system_dependencies",
  "questionnaire_templates",
  "assessments",
  "change_notices",
  "emails",
  "findings",
] as const;

describe("REST API permissions: every operation × every role matches the pages", () => {
  let server: TestServer;
  let world: ApiWorld;
  let adminToken: string;
  let env: Env;
  const tokens = new Map<Role, string>();
  const readOnly = new Map<Role, string>();

  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    world = await apiWorld(server.app.ctx);
    let riskOwnerId = "";
    for (const role of ROLES) {
      const created = await personalTokenFor(server.app.ctx, role);
      tokens.set(role, created.token);
      if (role === "risk_owner") riskOwnerId = created.userId;
      readOnly.set(role, (await personalTokenFor(server.app.ctx, role, { scopes: "read" })).token);
    }
    adminToken = tokens.get("admin")!;
    env = { server, adminToken, riskOwnerId };
  }, 120_000);
  afterAll(async () => server?.stop());

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of WRITTEN_TABLES) {
      const row = await server.app.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  }

  async function send(op: (typeof API_OPERATIONS)[number], token: string, call: Call): Promise<ApiResult> {
    return api(server.baseUrl, token, op.method, call.path, call.body, call.headers ?? {});
  }

  function expectRefused(result: ApiResult, what: string) {
    expect(result.status, `${what}: ${JSON.stringify(result.body)}`).toBe(403);
    expect(result.headers.get("content-type"), what).toMatch(/^application\/problem\+json/);
    expect(result.body, what).toMatchObject({ status: 403, title: expect.any(String), detail: expect.any(String) });
  }

  it("has a row for every operation, naming the permission its page checks", () => {
    const missing = API_OPERATIONS.map((op) => op.operationId).filter((id) => !(id in TABLE));
    expect(missing, "operations without a row in the permission table").toEqual([]);
    for (const op of API_OPERATIONS) expect(`${op.operationId}: ${op.action}`).toBe(`${op.operationId}: ${TABLE[op.operationId]!.pageAction}`);
    // And the scope follows the method: reads need "read", everything else "write".
    for (const op of API_OPERATIONS) expect(`${op.operationId}: ${op.scope}`).toBe(`${op.operationId}: ${op.method === "GET" ? "read" : "write"}`);
  });

  for (const op of API_OPERATIONS) {
    for (const role of ROLES) {
      it(`${op.method} ${op.path} as ${role}`, async () => {
        const row = TABLE[op.operationId];
        if (!row) throw new Error(`no row for ${op.operationId}`);
        const call = await row.call(world, env);
        const what = `${op.operationId} as ${role}`;
        const before = await counts();
        const result = await send(op, tokens.get(role)!, call);
        if (canSometimes(role, row.pageAction)) {
          expect(result.status, `${what} should be allowed: ${JSON.stringify(result.body)}`).toBeGreaterThanOrEqual(200);
          expect(result.status, `${what} should be allowed: ${JSON.stringify(result.body)}`).toBeLessThan(300);
        } else {
          expectRefused(result, what);
          expect(await counts(), `${what}: nothing written`).toEqual(before);
        }
      });
    }
  }

  for (const op of API_OPERATIONS.filter((o) => o.scope === "write")) {
    it(`${op.method} ${op.path} with a read-only token is refused, whatever the role`, async () => {
      for (const role of ["admin", "procurement"] as const) {
        const call = await TABLE[op.operationId]!.call(world, env);
        const before = await counts();
        const result = await send(op, readOnly.get(role)!, call);
        expectRefused(result, `${op.operationId} read-only ${role}`);
        expect(result.headers.get("www-authenticate")).toContain("insufficient_scope");
        expect(await counts()).toEqual(before);
      }
    });
  }

  it("a risk owner may not write a system owned by someone else: 403 problem, nothing changes", async () => {
    const token = tokens.get("risk_owner")!;
    const systemId = await systemOwnedBy(world, world.adminId);
    const dependencyId = await dependencyOf(world, systemId);
    const systemRow = () => server.app.ctx.db.selectFrom("ai_systems").selectAll().where("id", "=", systemId).executeTakeFirstOrThrow();
    const system = await systemRow();
    const before = await counts();
    const headers = await etagFor(env, `/systems/${systemId}`);

    const update = await api(server.baseUrl, token, "PATCH", `/systems/${systemId}`, { purpose: "Taken over" }, headers);
    expectRefused(update, "updateSystem of another owner's system");
    const handOver = await api(server.baseUrl, token, "PATCH", `/systems/${systemId}`, { ownerId: env.riskOwnerId }, headers);
    expectRefused(handOver, "taking over another owner's system");
    const add = await api(server.baseUrl, token, "POST", `/systems/${systemId}/dependencies`, { componentId: world.issued.componentIds[1] });
    expectRefused(add, "createSystemDependency on another owner's system");
    const remove = await api(server.baseUrl, token, "DELETE", `/systems/${systemId}/dependencies/${dependencyId}`);
    expectRefused(remove, "deleteSystemDependency on another owner's system");

    expect(await systemRow()).toEqual(system);
    expect(await counts()).toEqual(before);
    // And the same risk owner may not hand their own system to someone else.
    const own = await systemOwnedBy(world, env.riskOwnerId);
    const giveAway = await api(server.baseUrl, token, "PATCH", `/systems/${own}`, { ownerId: world.adminId }, await etagFor(env, `/systems/${own}`));
    expectRefused(giveAway, "handing one's own system to another owner");
    expect((await server.app.ctx.db.selectFrom("ai_systems").select("owner_id").where("id", "=", own).executeTakeFirstOrThrow()).owner_id).toBe(
      env.riskOwnerId,
    );
  });
});
