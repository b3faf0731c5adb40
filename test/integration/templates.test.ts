import http from "node:http";
import { sql } from "kysely";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import type { TemplateDefinition } from "~/domain/templates/definition";
import { definitionChecksum, validateDefinition } from "~/domain/templates/validate";
import { userActor, type Actor } from "~/services/audit.server";
import { AppError } from "~/domain/errors";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { getTemplate } from "~/services/template-queries.server";
import { createTemplate, DraftExistsError, newVersionFrom, publishVersion, saveDraft, STALE_DRAFT_MESSAGE } from "~/services/template-versions.server";
import { startTestServer, type TestServer, type WebClient } from "../support/server";
import { signIn } from "../support/sign-in";

const question = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  prompt: `Question ${key}?`,
  type: "yes_no",
  required: true,
  weight: 1,
  domain: "governance",
  allowNa: false,
  refs: ["ISO42001:A.10.3"],
  ...extra,
});

/** Two questions: the second shown only if the first is "yes", with a knock-out on its own answer. */
function onboarding(firstShowIf?: unknown): TemplateDefinition {
  return {
    title: "Vendor onboarding",
    sections: [
      {
        key: "basics",
        title: "Basics",
        scope: "supplier",
        questions: [
          question("has_policy", firstShowIf ? { showIf: firstShowIf } : {}),
          question("policy_reviewed", {
            showIf: { question: "has_policy", equals: "yes" },
            knockouts: [{ when: { question: "policy_reviewed", equals: "no" }, severity: "high", gradeCap: "C", message: "The AI policy was never reviewed" }],
          }),
          question("incident_contact", { type: "short_text", refs: ["ISO42001:A.8.4"] }),
        ],
      },
    ],
  } as TemplateDefinition;
}

describe("questionnaire templates", () => {
  let server: TestServer;
  let admin: WebClient;
  let viewer: WebClient;
  let procurement: WebClient;
  let adminActor: Actor;
  const db = () => server.app.ctx.db;
  const ctx = () => server.app.ctx;

  const counts = async () => ({
    templates: Number((await db().selectFrom("questionnaire_templates").select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n),
    versions: Number((await db().selectFrom("template_versions").select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n),
    events: Number(
      (await db().selectFrom("audit_events").select(db().fn.countAll<string>().as("n")).where("action", "like", "template.%").executeTakeFirstOrThrow()).n,
    ),
  });

  const templateIdFrom = (response: Response) => /^\/templates\/([0-9a-f-]{36})/.exec(response.headers.get("location") ?? "")?.[1];

  async function versionsOf(templateId: string) {
    return db().selectFrom("template_versions").selectAll().where("template_id", "=", templateId).orderBy("version").execute();
  }

  /** A multipart upload like a browser's file input. */
  async function upload(client: WebClient, pathname: string, fields: Record<string, string>, file?: { name: string; content: string }) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (file) form.append("file", new Blob([file.content], { type: "application/json" }), file.name);
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return fetch(new URL(pathname, server.baseUrl), { method: "POST", body: form, redirect: "manual", headers: { cookie, origin: server.baseUrl } });
  }

  /**
   * Posts a body the server refuses before reading it. fetch may see the connection reset while it is
   * still sending and lose the answer; node:http keeps the response that arrives first.
   */
  function postOversized(client: WebClient, pathname: string, body: Buffer, chunked = false): Promise<{ status: number; text: string }> {
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return new Promise((resolve, reject) => {
      const request = http.request(new URL(pathname, server.baseUrl), {
        method: "POST",
        headers: {
          cookie,
          origin: server.baseUrl,
          "content-type": "application/x-www-form-urlencoded",
          ...(chunked ? {} : { "content-length": String(body.length) }),
        },
      });
      request.on("response", (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        response.on("error", reject);
      });
      request.on("error", () => {}); // EPIPE/ECONNRESET after the early answer
      if (chunked) for (let i = 0; i < body.length; i += 256 * 1024) request.write(body.subarray(i, i + 256 * 1024));
      request.end(chunked ? undefined : body);
      request.setTimeout(60_000, () => reject(new Error("no answer to the oversized request")));
    });
  }

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    admin = await signIn(server, "admin@example.com");
    viewer = await signIn(server, "auditor@example.com");
    procurement = await signIn(server, "procurement@example.com");
    const user = await db().selectFrom("users").select(["id", "email"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
    adminActor = userActor(user);
  });
  afterAll(async () => server?.stop());

  it("installs the built-in template once, published as version 1 with a checksum and complete coverage", async () => {
    const builtin = await db().selectFrom("questionnaire_templates").selectAll().where("is_builtin", "=", true).execute();
    expect(builtin).toHaveLength(1);
    expect(builtin[0]!.name).toBe("AI supplier due diligence");
    const [v1, ...more] = await versionsOf(builtin[0]!.id);
    expect(more).toEqual([]);
    expect(v1).toMatchObject({ version: 1, status: "published", checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const check = validateDefinition(AI_SUPPLIER_DUE_DILIGENCE);
    expect(check.ok).toBe(true);
    if (check.ok) expect(v1!.checksum).toBe(await definitionChecksum(check.definition));
    expect(await definitionChecksum(v1!.definition)).toBe(v1!.checksum);

    expect(await ensureBuiltinTemplate(db())).toEqual({ created: false, templateId: builtin[0]!.id });
    expect(await db().selectFrom("questionnaire_templates").select("id").where("is_builtin", "=", true).execute()).toHaveLength(1);

    const list = await (await viewer.get("/templates")).text();
    expect(list).toContain("AI supplier due diligence");
    expect(list).toContain("Built-in");
    expect(list).not.toContain("Create template");

    const detail = await viewer.get(`/templates/${builtin[0]!.id}`);
    expect(detail.status).toBe(200);
    const detailHtml = await detail.text();
    expect(detailHtml).toContain("Published");
    expect(detailHtml).toContain(v1!.checksum!.slice(0, 12));
    expect(detailHtml).not.toContain(">Publish<");

    const coverage = await viewer.get(`/templates/${builtin[0]!.id}/coverage`);
    expect(coverage.status).toBe(200);
    const coverageHtml = await coverage.text();
    const total = /(\d+) of (\d+) controls covered/.exec(coverageHtml);
    expect(total).not.toBeNull();
    expect(total![1]).toBe(total![2]);
    expect(Number(total![2])).toBeGreaterThanOrEqual(40);
    expect(coverageHtml).toContain("17 of 17 controls covered");
    expect(coverageHtml).not.toContain("Not covered");
  });

  it("takes an admin from a new template to a published version, an export, an imported copy and a diff", async () => {
    const created = await admin.post("/templates?index", { intent: "create", name: "Vendor onboarding", description: "Short first check" });
    expect(created.status).toBe(302);
    const templateId = templateIdFrom(created)!;
    expect(templateId).toBeDefined();
    const [draft] = await versionsOf(templateId);
    expect(draft).toMatchObject({ version: 1, status: "draft", checksum: null });

    // A draft may hold cross-question problems; publishing refuses them, naming each path.
    const invalid = await saveDraft(ctx(), adminActor, draft!.id, onboarding({ question: "policy_reviewed", answered: true }));
    expect(invalid.ok).toBe(true);
    const refused = await admin.post(`/templates/${templateId}`, { intent: "publish", versionId: draft!.id });
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain("sections[0].questions[0].showIf");
    expect(refusedHtml).toContain("which comes later");
    expect((await versionsOf(templateId))[0]!.status).toBe("draft");

    // A bad shape is not saved at all.
    const badShape = await saveDraft(ctx(), adminActor, draft!.id, { ...onboarding(), colour: "red" });
    expect(badShape).toEqual({ ok: false, problems: [{ path: "colour", message: expect.any(String) }] });

    const saved = await saveDraft(ctx(), adminActor, draft!.id, onboarding(), invalid.ok ? invalid.updatedAt : undefined);
    expect(saved.ok).toBe(true);
    const published = await admin.post(`/templates/${templateId}`, { intent: "publish", versionId: draft!.id });
    expect(published.status).toBe(302);
    expect(published.headers.get("location")).toBe(`/templates/${templateId}?done=published&v=1`);
    const [v1] = await versionsOf(templateId);
    expect(v1).toMatchObject({ status: "published", checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(v1!.checksum).toBe(await definitionChecksum(onboarding()));

    // Immutable in the database itself, whoever writes the SQL.
    await expect(sql`UPDATE template_versions SET definition = '{"title":"forged","sections":[]}'::jsonb WHERE id = ${v1!.id}`.execute(db())).rejects.toThrow(
      /immutable/,
    );
    await expect(sql`UPDATE template_versions SET checksum = ${"0".repeat(64)} WHERE id = ${v1!.id}`.execute(db())).rejects.toThrow(/immutable/);
    await expect(sql`UPDATE template_versions SET status = 'draft', checksum = NULL, published_at = NULL WHERE id = ${v1!.id}`.execute(db())).rejects.toThrow();
    await expect(sql`DELETE FROM template_versions WHERE id = ${v1!.id}`.execute(db())).rejects.toThrow(/only drafts/);
    // …and by every service.
    await expect(saveDraft(ctx(), adminActor, v1!.id, onboarding())).rejects.toMatchObject({ kind: "state" });
    expect(await definitionChecksum((await versionsOf(templateId))[0]!.definition)).toBe(v1!.checksum);

    const exported = await viewer.get(`/templates/${templateId}/versions/${v1!.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toBe('attachment; filename="vendor-onboarding-v1.json"');
    expect(exported.headers.get("content-type")).toMatch(/^application\/json/);
    const json = await exported.text();
    const envelope = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(envelope)).toEqual(["format", "formatVersion", "name", "description", "definition"]);
    expect(envelope).toMatchObject({ format: "assay-template", formatVersion: 1, name: "Vendor onboarding", description: "Short first check" });
    expect(envelope.definition).toEqual(onboarding());

    // Import the file as a copy.
    const imported = await upload(admin, "/templates?index", { intent: "import", json: "", name: "" }, { name: "vendor-onboarding-v1.json", content: json });
    expect(imported.status).toBe(302);
    const copyId = templateIdFrom(imported)!;
    expect(copyId).not.toBe(templateId);
    const copy = await getTemplate(db(), copyId);
    expect(copy).toMatchObject({ name: "Vendor onboarding (copy)", description: "Short first check", is_builtin: false });
    const [copyV1] = await versionsOf(copyId);
    expect(copyV1).toMatchObject({ version: 1, status: "draft" });
    expect(copyV1!.definition).toEqual(onboarding());
    // The same file once more: another copy, not a clash.
    const again = await admin.post("/templates?index", { intent: "import", json, name: "" });
    expect(again.status).toBe(302);
    expect((await getTemplate(db(), templateIdFrom(again)))?.name).toBe("Vendor onboarding (copy 2)");

    expect((await admin.post(`/templates/${copyId}`, { intent: "publish", versionId: copyV1!.id })).status).toBe(302);
    const next = await admin.post(`/templates/${copyId}`, { intent: "new-version", versionId: copyV1!.id });
    expect(next.status).toBe(302);
    const [, copyV2] = await versionsOf(copyId);
    expect(copyV2).toMatchObject({ version: 2, status: "draft", based_on_version_id: copyV1!.id });
    expect(next.headers.get("location")).toBe(`/templates/${copyId}/versions/${copyV2!.id}/edit`);
    expect(copyV2!.definition).toEqual(copyV1!.definition);

    const changed = onboarding();
    changed.sections[0]!.questions[1]!.prompt = "Has the AI policy been reviewed in the last 12 months?";
    expect(await saveDraft(ctx(), adminActor, copyV2!.id, changed)).toMatchObject({ ok: true });

    const diff = await viewer.get(`/templates/${copyId}/diff?from=${copyV1!.id}&to=${copyV2!.id}`);
    expect(diff.status).toBe(200);
    const diffHtml = await diff.text();
    expect(diffHtml).toContain("Reworded (1)");
    expect(diffHtml).toContain("policy_reviewed");
    expect(diffHtml).toContain("Has the AI policy been reviewed in the last 12 months?");
    for (const kind of ["Added", "Removed", "Rescored", "Changed"]) expect(diffHtml).not.toContain(`${kind} (`);
    // Without parameters: the newest version against the one it came from.
    expect(await (await viewer.get(`/templates/${copyId}/diff`)).text()).toContain("Reworded (1)");
    expect(await (await viewer.get(`/templates/${copyId}/diff?from=${copyV1!.id}&to=${copyV1!.id}`)).text()).toContain("No differences");
    // A version of another template is not found here.
    expect((await viewer.get(`/templates/${copyId}/diff?from=${v1!.id}&to=${copyV2!.id}`)).status).toBe(404);

    const actions = await db().selectFrom("audit_events").select("action").where("entity_id", "in", [templateId, copyId]).orderBy("seq").execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(["template.create", "template.draft_save", "template.publish", "template.import", "template.new_version"]),
    );
    const publishEvent = await db()
      .selectFrom("audit_events")
      .select("details")
      .where("entity_id", "=", templateId)
      .where("action", "=", "template.publish")
      .executeTakeFirstOrThrow();
    expect(publishEvent.details).toMatchObject({ checksum: v1!.checksum, version: 1 });
  });

  it("refuses bad imports with the path of each problem, and writes nothing", async () => {
    const before = await counts();
    const good = { format: "assay-template", formatVersion: 1, name: "Bad one", definition: onboarding() };

    const notJson = await admin.post("/templates?index", { intent: "import", json: "{ this is not json", name: "" });
    expect(notJson.status).toBe(422);
    const notJsonHtml = await notJson.text();
    expect(notJsonHtml).toContain("(root)");
    expect(notJsonHtml).toContain("Not valid JSON");

    const withUnknown = structuredClone(good) as unknown as {
      definition: { sections: Array<{ questions: Array<Record<string, unknown>> }> };
      [k: string]: unknown;
    };
    withUnknown.definition.sections[0]!.questions[2]!.colour = "red";
    withUnknown.signedBy = "someone";
    const unknown = await upload(admin, "/templates?index", { intent: "import" }, { name: "bad.json", content: JSON.stringify(withUnknown) });
    expect(unknown.status).toBe(422);
    const unknownHtml = await unknown.text();
    expect(unknownHtml).toContain("definition.sections[0].questions[2].colour");
    expect(unknownHtml).toContain("signedBy");
    expect(unknownHtml).toContain("Unknown field");

    const badRef = structuredClone(good);
    badRef.definition.sections[0]!.questions[1]!.showIf = { question: "no_such_question", equals: "yes" };
    const reference = await admin.post("/templates?index", { intent: "import", json: JSON.stringify(badRef), name: "" });
    expect(reference.status).toBe(422);
    const referenceHtml = await reference.text();
    expect(referenceHtml).toContain("definition.sections[0].questions[1].showIf");
    expect(referenceHtml).toContain("unknown question");

    const huge = await postOversized(admin, "/templates?index", Buffer.from(`intent=import&name=&json=${"%20".repeat(7 * 1024 * 1024)}`));
    expect(huge.status).toBe(413);
    expect(huge.text).toContain("too large");
    // Without a Content-Length (chunked), the route itself stops reading past the limit.
    const chunked = await postOversized(admin, "/templates?index", Buffer.from(`intent=import&name=&json=${"%20".repeat(3 * 1024 * 1024)}`), true);
    expect(chunked.status).toBe(413);
    expect(chunked.text).toContain("larger than 5 MB");

    const empty = await upload(admin, "/templates?index", { intent: "import", json: "" });
    expect(empty.status).toBe(400);

    expect(await counts()).toEqual(before);
  });

  it("lets everyone on staff read templates and only admins change them", async () => {
    const before = await counts();
    const builtin = await db().selectFrom("questionnaire_templates").select("id").where("is_builtin", "=", true).executeTakeFirstOrThrow();
    const [v1] = await versionsOf(builtin.id);
    for (const client of [viewer, procurement]) {
      expect((await client.get("/templates")).status).toBe(200);
      expect((await client.get(`/templates/${builtin.id}/coverage?version=${v1!.id}`)).status).toBe(200);
      expect((await client.get(`/templates/${builtin.id}/versions/${v1!.id}/export`)).status).toBe(200);
      expect((await client.post("/templates?index", { intent: "create", name: "Not allowed" })).status).toBe(403);
      expect((await client.post("/templates?index", { intent: "import", json: "{}" })).status).toBe(403);
      expect((await client.post(`/templates/${builtin.id}`, { intent: "retire", versionId: v1!.id })).status).toBe(403);
      expect((await client.post(`/templates/${builtin.id}`, { intent: "new-version", versionId: v1!.id })).status).toBe(403);
    }
    expect(await counts()).toEqual(before);
    expect((await viewer.get(`/templates/${builtin.id}`)).status).toBe(200);

    const other = await createTemplate(ctx(), adminActor, { name: "Someone else's" });
    for (const path of [
      "/templates/00000000-0000-4000-8000-000000000000",
      "/templates/not-a-uuid",
      `/templates/${builtin.id}/coverage?version=${other.versionId}`,
      `/templates/${builtin.id}/versions/${other.versionId}/export`,
      `/templates/${other.templateId}/versions/not-a-uuid/export`,
      `/templates/${builtin.id}/diff?from=${v1!.id}&to=not-a-uuid`,
    ]) {
      expect((await viewer.get(path)).status, path).toBe(404);
    }
    expect((await admin.post(`/templates/${builtin.id}`, { intent: "publish", versionId: other.versionId })).status).toBe(404);
    expect((await versionsOf(other.templateId))[0]!.status).toBe("draft");
  });

  it("never overwrites a draft someone else saved, and keeps one draft per template", async () => {
    const { templateId, versionId } = await createTemplate(ctx(), adminActor, { name: "Concurrent edits" });
    const opened = (await versionsOf(templateId))[0]!.updated_at.toISOString();
    const first = await saveDraft(ctx(), adminActor, versionId, onboarding(), opened);
    expect(first.ok).toBe(true);
    // A second editor who opened the same draft earlier saves: refused, with a reason.
    const stale = saveDraft(ctx(), adminActor, versionId, { ...onboarding(), title: "Mine" }, opened);
    await expect(stale).rejects.toBeInstanceOf(AppError);
    await expect(saveDraft(ctx(), adminActor, versionId, { ...onboarding(), title: "Mine" }, opened)).rejects.toMatchObject({
      kind: "conflict",
      message: STALE_DRAFT_MESSAGE,
    });
    expect((await versionsOf(templateId))[0]!.definition.title).toBe("Vendor onboarding");
    // With the fresh stamp it goes through.
    if (first.ok) expect(await saveDraft(ctx(), adminActor, versionId, { ...onboarding(), title: "Mine" }, first.updatedAt)).toMatchObject({ ok: true });

    expect(await publishVersion(ctx(), adminActor, versionId)).toMatchObject({ ok: true });
    const v2 = await newVersionFrom(ctx(), adminActor, versionId);
    await expect(newVersionFrom(ctx(), adminActor, versionId)).rejects.toBeInstanceOf(DraftExistsError);
    await expect(
      sql`INSERT INTO template_versions (template_id, version, status, definition) VALUES (${templateId}, 9, 'draft', '{}'::jsonb)`.execute(db()),
    ).rejects.toThrow();

    const refused = await admin.post(`/templates/${templateId}`, { intent: "new-version", versionId });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain("already a draft");
    expect(html).toContain(`/templates/${templateId}/versions/${v2}/edit`);

    // Retiring is explicit and one-way.
    expect((await admin.post(`/templates/${templateId}`, { intent: "retire", versionId })).status).toBe(302);
    const retired = (await versionsOf(templateId))[0]!;
    expect(retired).toMatchObject({ status: "retired", retired_at: expect.any(Date) });
    await expect(sql`UPDATE template_versions SET status = 'published', retired_at = NULL WHERE id = ${versionId}`.execute(db())).rejects.toThrow(
      /not allowed/,
    );
    const page = await (await viewer.get(`/templates/${templateId}`)).text();
    expect(page).toContain("Retired");
  });
});
