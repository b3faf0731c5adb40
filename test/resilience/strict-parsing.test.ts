// Lenient parsing used to write what it should refuse: a revision of "NaN" read as 0, "0x10" days
// stored as 16, a template file with invalid UTF-8 imported with replacement characters, a text/plain
// body read as a form, NUL in a field reaching PostgreSQL, "Origin: null" aborting Remix. Each is now
// refused with a 4xx and a message, and nothing is written.
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { seedDemoData } from "~/services/demo-seed.server";
import { addDays, utcDate } from "~/domain/reminders";
import { startTestServer, WebClient, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";

interface Definition {
  sections: Array<{ key: string; scope: string; questions: Array<{ key: string; type: string; showIf?: unknown }> }>;
}

const componentForm = (overrides: Record<string, string> = {}) => ({
  name: "Strict API",
  kind: "hosted_api",
  version: "",
  modelFamily: "",
  updateCadence: "interval",
  updateIntervalDays: "30",
  dataResidency: "",
  description: "",
  externalId: "",
  ...overrides,
});

const templateJson = (name: string) =>
  JSON.stringify({
    format: "assay-template",
    formatVersion: 1,
    name,
    definition: {
      title: name,
      sections: [
        {
          key: "s1",
          title: "S",
          scope: "supplier",
          questions: [{ key: "q1", prompt: "Q1?", type: "yes_no", required: true, weight: 1, domain: "governance", allowNa: false, refs: [] }],
        },
      ],
    },
  });

describe("strict parsing: refused, with a message, and nothing written", () => {
  let server: TestServer;
  let admin: WebClient;
  let vendor: WebClient;
  let assessmentId: string;
  let supplierId: string;
  let section: Definition["sections"][number];
  const db = () => server.app.ctx.db;
  const count = async (table: "ai_components" | "answers" | "questionnaire_templates" | "suppliers") =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const raw = (client: WebClient, pathname: string, body: BodyInit | undefined, headers: Record<string, string>) =>
    fetch(new URL(pathname, server.baseUrl), {
      method: "POST",
      redirect: "manual",
      body,
      headers: { origin: server.baseUrl, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "), ...headers },
    });

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(db());
    admin = await signIn(server, "admin@example.com");
    const me = await db().selectFrom("users").select(["id", "email"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
    const contact = await db().selectFrom("supplier_contacts").select(["id", "email", "supplier_id"]).orderBy("email").executeTakeFirstOrThrow();
    supplierId = contact.supplier_id;
    const component = await db().selectFrom("ai_components").select("id").where("supplier_id", "=", supplierId).executeTakeFirstOrThrow();
    const version = await db().selectFrom("template_versions").select(["id", "definition"]).where("status", "=", "published").executeTakeFirstOrThrow();
    section = (version.definition as Definition).sections.find((s) => s.scope === "supplier" && s.questions.some((q) => q.type === "yes_no" && !q.showIf))!;
    ({ assessmentId } = await issueAssessment(server.app.ctx, userActor(me), {
      supplierId,
      templateVersionId: version.id,
      componentIds: [component.id],
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    }));
    const mail = await db()
      .selectFrom("emails")
      .select("text_body")
      .where("to_address", "=", contact.email)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    vendor = new WebClient(server.baseUrl);
    expect((await vendor.post(`/v/${/\/v\/([A-Za-z0-9_-]{43})/.exec(mail.text_body ?? "")![1]}`, {})).status).toBe(302);
  }, 120_000);
  afterAll(async () => server?.stop());

  it("refuses a revision of NaN (or anything but digits) on the no-JavaScript section form, saving nothing", async () => {
    const question = section.questions.find((q) => q.type === "yes_no" && !q.showIf)!;
    const before = await count("answers");
    for (const rev of ["NaN", "", "1e0", "-1", "0x0", " 0"]) {
      const response = await vendor.post(`/v/a/${assessmentId}/s/${section.key}`, {
        [`rev.${question.key}`]: rev,
        [`orig.${question.key}`]: JSON.stringify({ value: null, isNa: false, comment: null }),
        [`answers.${question.key}`]: "yes",
      });
      expect(response.status, `revision ${JSON.stringify(rev)}`).toBe(400);
      expect(await response.text()).toContain("broken revision number");
    }
    expect(await count("answers")).toBe(before);
    const ok = await vendor.post(`/v/a/${assessmentId}/s/${section.key}`, {
      [`rev.${question.key}`]: "0",
      [`orig.${question.key}`]: JSON.stringify({ value: null, isNa: false, comment: null }),
      [`answers.${question.key}`]: "yes",
    });
    expect(ok.status).toBe(302);
    expect(await count("answers")).toBe(before + 1);
  });

  it("stores update intervals only when written as plain digits", async () => {
    const before = await count("ai_components");
    for (const days of ["0x10", "1e1", "+16", "16.0", "١٦", "Infinity"]) {
      const response = await admin.post(`/suppliers/${supplierId}/components/new`, componentForm({ name: `Strict ${days}`, updateIntervalDays: days }));
      expect(response.status, `updateIntervalDays=${JSON.stringify(days)}`).toBe(400);
      expect(await response.text()).toContain("Enter a whole number of days between 1 and 3650");
    }
    expect(await count("ai_components")).toBe(before);
    const ok = await admin.post(`/suppliers/${supplierId}/components/new`, componentForm({ name: "Strict sixteen", updateIntervalDays: "16" }));
    expect(ok.status).toBe(302);
    const stored = await db().selectFrom("ai_components").select("update_interval_days").where("name", "=", "Strict sixteen").executeTakeFirstOrThrow();
    expect(stored.update_interval_days).toBe(16);
  });

  it("refuses a template file that is not valid UTF-8, instead of importing replacement characters", async () => {
    const before = await count("questionnaire_templates");
    const bytes = new TextEncoder().encode(templateJson("Caf\u00e9 import"));
    const broken = new Uint8Array([...bytes.slice(0, 60), 0xff, 0xfe, ...bytes.slice(60)]);
    const form = new FormData();
    form.append("intent", "import");
    form.append("name", "");
    form.append("file", new Blob([broken], { type: "application/json" }), "template.json");
    const response = await raw(admin, "/templates?index", form, {});
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("not UTF-8 text");
    expect(await count("questionnaire_templates")).toBe(before);
  });

  it("answers /templates with 415 for a text/plain body, and imports nothing", async () => {
    const before = await count("questionnaire_templates");
    const response = await raw(admin, "/templates?index", `intent=import&json=${encodeURIComponent(templateJson("Plain"))}`, { "content-type": "text/plain" });
    expect(response.status).toBe(415);
    expect(await response.text()).toContain("This form must be sent as multipart/form-data or application/x-www-form-urlencoded");
    expect(await count("questionnaire_templates")).toBe(before);
  });

  it("refuses a template whose condition nests 1,500 deep, naming where", async () => {
    const deep = `${'{"all":['.repeat(1500)}{"question":"q1","equals":"yes"}${"]}".repeat(1500)}`;
    const json = templateJson("Deep").replace(
      '"refs":[]}',
      `"refs":[]},{"key":"q2","prompt":"Q2?","type":"yes_no","required":true,"weight":1,"domain":"governance","allowNa":false,"refs":[],"showIf":${deep}}`,
    );
    const before = await count("questionnaire_templates");
    const response = await admin.post("/templates?index", { intent: "import", name: "", json });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("definition.sections[0].questions[1].showIf");
    expect(html).toContain("more than 10 levels deep");
    expect(await count("questionnaire_templates")).toBe(before);
  });

  it("refuses NUL in a form field with a message for that field (multipart), and at the edge (urlencoded)", async () => {
    const before = await count("suppliers");
    const form = new FormData();
    for (const [k, v] of Object.entries({ name: "Nul\u0000 Corp", status: "active", legalName: "", website: "", country: "", notes: "", externalId: "" }))
      form.append(k, v);
    const multipart = await raw(admin, "/suppliers/new", form, {});
    expect(multipart.status).toBe(400);
    expect(await multipart.text()).toContain("contains characters that cannot be stored");
    const urlencoded = await admin.post("/suppliers/new", { name: "Nul\u0000 Corp", status: "active" });
    expect(urlencoded.status).toBe(400);
    expect(await urlencoded.text()).toContain('the field "name" contains a NUL character');
    const surrogate = await raw(admin, "/suppliers/new", "status=active&name=Half%ED%A0%80", { "content-type": "application/x-www-form-urlencoded" });
    expect(surrogate.status).toBe(400);
    expect(await count("suppliers")).toBe(before);
  });

  it("refuses NUL and lone surrogates in an answer sent to the JSON API, naming the path", async () => {
    const question = section.questions.find((q) => q.type === "short_text" || q.type === "long_text");
    const key = question?.key ?? section.questions[0]!.key;
    const before = await count("answers");
    const body = (extra: Record<string, unknown>) =>
      JSON.stringify({ questionKey: key, componentId: null, isNa: false, comment: null, baseRevision: 0, value: "ok", ...extra });
    for (const [extra, path] of [
      [{ value: "a\u0000b" }, "value"],
      [{ value: "a\ud800b" }, "value"],
      [{ comment: "\udc00" }, "comment"],
    ] as const) {
      const response = await raw(vendor, `/v/a/${assessmentId}/answers`, body(extra), { "content-type": "application/json" });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ status: "invalid", error: { path, message: expect.stringContaining("cannot be stored") } });
    }
    const text = await raw(vendor, `/v/a/${assessmentId}/answers`, body({}), { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    expect(await count("answers")).toBe(before);
  });

  it("answers 400, not 500, when text the database cannot hold gets past the form checks (the 22021 backstop)", async () => {
    // The team form reads its own fields (no shared parser): a NUL sent as multipart reaches PostgreSQL.
    const form = new FormData();
    form.append("name", "Nul\u0000 Colleague");
    form.append("email", "nul.colleague@vendor.example.com");
    form.append("sections", section.key);
    const response = await raw(vendor, `/v/a/${assessmentId}/team`, form, {});
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("This request contains characters that cannot be stored");
    const invited = await db().selectFrom("supplier_contacts").select("id").where("email", "=", "nul.colleague@vendor.example.com").executeTakeFirst();
    expect(invited).toBeUndefined();
  });

  it("refuses Origin: null even with a same-origin Referer, with a clean 403", async () => {
    const before = await count("suppliers");
    const response = await admin.post(
      "/suppliers/new",
      { name: "Null origin", status: "active" },
      { origin: "null", referer: `${server.baseUrl}/suppliers/new` },
    );
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).toContain("came from a page without an origin");
    expect(text).not.toMatch(/at .*\.js:\d+/);
    expect(await count("suppliers")).toBe(before);
  });
});
