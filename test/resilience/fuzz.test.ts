// Every route with an action, driven with malformed bodies (NUL bytes, invalid UTF-8 and lone
// surrogates, wrong content types, a 1 MB field, deep nesting, wrong types, missing fields), as
// the role that may use it: never a 500, and nothing written. The route list is read from
// app/routes, so a new action is fuzzed without anyone adding it here.
import fs from "node:fs";
import path from "node:path";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { seedDemoData } from "~/services/demo-seed.server";
import { createTemplate } from "~/services/template-versions.server";
import { addDays, utcDate } from "~/domain/reminders";
import { startTestServer, WebClient, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";

const ROUTES_DIR = path.resolve("app/routes");
const MB = 1024 * 1024;

/** Tables a malformed request must never change (sessions, tokens and rate-limit counters aside). */
const WATCHED_TABLES = [
  "users",
  "suppliers",
  "supplier_contacts",
  "ai_components",
  "ai_systems",
  "ai_system_dependencies",
  "csv_imports",
  "questionnaire_templates",
  "template_versions",
  "assessments",
  "assessment_components",
  "campaigns",
  "campaign_results",
  "access_grants",
  "answers",
  "answer_history",
  "evidence",
  "emails",
  "audit_events",
  "findings",
  "finding_events",
  "finding_evidence",
  "risk_acceptances",
  "api_tokens",
  "webhook_endpoints",
  "model_document_imports",
] as const;

interface ActionRoute {
  file: string;
  /** The URL to post to (index routes carry `?index`). */
  url: string;
  who: "admin" | "vendor" | "anonymous";
}

/** Remix flat-route file name to URL, with params filled from `params` (an unknown param fails the test: add it below). */
export function routeUrl(file: string, params: Record<string, string>): string {
  const segments = file.replace(/\.tsx?$/, "").split(".");
  const isIndex = segments.at(-1) === "_index";
  const parts = segments
    .filter((s) => !s.startsWith("_"))
    // A trailing underscore only opts the route out of its parent's layout (profile_.tokens → /profile/tokens).
    .map((s) => s.replace(/_$/, ""))
    .map((s) => {
      if (!s.startsWith("$")) return s;
      const value = params[s.slice(1)];
      if (value === undefined) throw new Error(`${file}: no test value for the param ${s}; add one to the fuzz test's params`);
      return encodeURIComponent(value);
    });
  return `/${parts.join("/")}${isIndex ? "?index" : ""}`;
}

function actionRoutes(params: Record<string, string>): ActionRoute[] {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter((file) => /\.tsx?$/.test(file))
    .filter((file) => /export\s+(async\s+function|const|function)\s+action\b/.test(fs.readFileSync(path.join(ROUTES_DIR, file), "utf8")))
    .map((file) => ({
      file,
      url: routeUrl(file, params),
      who: file.startsWith("_staff.") ? "admin" : file.startsWith("v.a.") ? "vendor" : "anonymous",
    }));
}

const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

function attributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? "");
  return attrs;
}

interface Field {
  name: string;
  value: string;
  /** Free text a person types (where a NUL or a bad character would go). */
  text: boolean;
}

/** Forms posting to the page itself (at most a few of different shapes), each as its named fields; a generic one where there is none. */
function postForms(html: string): Field[][] {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)]
    .filter((m) => /method="post"/i.test(m[1]!) && !/action="\/(logout|v\/a\/[^/"]+)"/.test(m[1]!))
    .map((m) => formFields(m[2]!));
  const shapes = new Map(forms.filter((f) => f.length).map((fields) => [fields.map((f) => f.name).join("&"), fields]));
  const chosen = [...shapes.values()].slice(0, 3);
  return chosen.length ? chosen : [formFields("")];
}

/** The named fields of a form with plausible values, so a fuzzed body is otherwise close to valid. */
function formFields(html: string): Field[] {
  const fields = new Map<string, Field>();
  const add = (field: Field) => {
    if (field.name && !fields.has(field.name)) fields.set(field.name, field);
  };
  for (const m of html.matchAll(/<(input|select|textarea|button)\b([^>]*)>/g)) {
    const [, tag, rest] = m;
    const attrs = attributes(rest!);
    const name = attrs.name;
    if (!name) continue;
    if (tag === "select") {
      const after = html.slice(m.index! + m[0].length, html.indexOf("</select>", m.index!));
      const options = [...after.matchAll(/<option\b([^>]*)>/g)].map((o) => attributes(o[1]!));
      const chosen = options.find((o) => "selected" in o) ?? options.find((o) => o.value) ?? options[0];
      add({ name, value: chosen?.value ?? "", text: false });
    } else if (tag === "textarea") {
      const after = html.slice(m.index! + m[0].length, html.indexOf("</textarea>", m.index!));
      add({ name, value: decodeEntities(after) || "Fuzzed text", text: true });
    } else if (tag === "button") {
      if (attrs.value !== undefined) add({ name, value: attrs.value, text: false });
    } else {
      const type = (attrs.type ?? "text").toLowerCase();
      if (type === "file" || type === "submit") continue;
      if (type === "hidden" || type === "checkbox" || type === "radio") add({ name, value: attrs.value ?? "on", text: false });
      else if (type === "email") add({ name, value: attrs.value || "nobody.fuzz@example.com", text: true });
      else if (type === "date") add({ name, value: attrs.value || "2031-01-31", text: false });
      else if (type === "number") add({ name, value: attrs.value || "7", text: false });
      else add({ name, value: attrs.value || "Fuzzed", text: true });
    }
  }
  // Fields actions commonly read, for a route whose page shows no form.
  if (fields.size === 0)
    for (const name of ["intent", "name", "email", "json", "next"]) add({ name, value: name === "email" ? "nobody.fuzz@example.com" : "x", text: true });
  return [...fields.values()];
}

interface FuzzCase {
  name: string;
  body?: string | Uint8Array | FormData;
  contentType?: string;
}

/** Percent-encodes a field like a browser, but lets raw (already encoded) bytes through. */
const encode = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
/** A lone high surrogate as its (invalid) generalized UTF-8 bytes, percent-encoded. */
const LONE_SURROGATE_BYTES = "%ED%A0%80";

function deepCondition(depth: number): unknown {
  let condition: unknown = { question: "q1", equals: "yes" };
  for (let i = 0; i < depth; i++) condition = { all: [condition] };
  return condition;
}

function deepTemplateJson(depth: number): string {
  return JSON.stringify({
    format: "assay-template",
    formatVersion: 1,
    name: "Deep",
    definition: {
      title: "Deep",
      sections: [
        {
          key: "s1",
          title: "S",
          scope: "supplier",
          questions: [
            { key: "q1", prompt: "Q1?", type: "yes_no", required: true, weight: 1, domain: "governance", allowNa: false, refs: [] },
            {
              key: "q2",
              prompt: "Q2?",
              type: "yes_no",
              required: true,
              weight: 1,
              domain: "governance",
              allowNa: false,
              refs: [],
              showIf: deepCondition(depth),
            },
          ],
        },
      ],
    },
  });
}

function formCases(fields: Field[]): FuzzCase[] {
  const URLENCODED = "application/x-www-form-urlencoded";
  const pairs = (map: (f: Field) => string) => fields.map((f): [string, string] => [f.name, map(f)]);
  const multipart = (map: (f: Field) => string) => {
    const form = new FormData();
    for (const f of fields) form.append(f.name, map(f));
    return form;
  };
  const asObject = Object.fromEntries(fields.map((f) => [f.name, f.value]));
  // The text fields are spoiled, or every field where there are none: a case must never leave the
  // page's own (valid) request as it was.
  const spoil = (f: Field) => f.text || !fields.some((g) => g.text);
  const spoiled = (bad: string) => (f: Field) => (spoil(f) ? `${f.value}${bad}` : f.value);
  return [
    { name: "NUL in text fields", body: encode(pairs(spoiled("\u0000"))), contentType: URLENCODED },
    { name: "NUL in every field", body: encode(pairs((f) => `${f.value}\u0000`)), contentType: URLENCODED },
    { name: "NUL in text fields (multipart)", body: multipart(spoiled("\u0000")) },
    { name: "NUL in every field (multipart)", body: multipart((f) => `${f.value}\u0000`) },
    {
      name: "lone surrogate (invalid UTF-8) in text fields",
      body: fields.map((f) => `${encodeURIComponent(f.name)}=${encodeURIComponent(f.value)}${spoil(f) ? LONE_SURROGATE_BYTES : ""}`).join("&"),
      contentType: URLENCODED,
    },
    {
      name: "invalid UTF-8 bytes in text fields (raw)",
      body: Buffer.concat(
        fields.flatMap((f, i) => [
          Buffer.from(`${i ? "&" : ""}${encodeURIComponent(f.name)}=${encodeURIComponent(f.value)}`),
          spoil(f) ? Buffer.from([0xc3, 0x28, 0xff]) : Buffer.alloc(0),
        ]),
      ),
      contentType: URLENCODED,
    },
    { name: "JSON body", body: JSON.stringify({ ...asObject, extra: "\ud800" }), contentType: "application/json" },
    { name: "text/plain body", body: fields.map((f) => `${f.name}=${f.value}`).join("\r\n"), contentType: "text/plain" },
    { name: "no content type", body: new TextEncoder().encode(encode(pairs((f) => f.value))) },
    { name: "no content type, no body" },
    { name: "unknown content type", body: encode(pairs((f) => f.value)), contentType: "application/x-fuzz" },
    { name: "multipart without a boundary", body: encode(pairs((f) => f.value)), contentType: "multipart/form-data" },
    { name: "1 MB field", body: encode(pairs((f) => (spoil(f) ? "A".repeat(MB) : f.value))), contentType: URLENCODED },
    {
      name: "deeply nested keys",
      body: encode([[`a${"[a]".repeat(5000)}`, "1"], ...pairs((f) => f.value).map(([k, v]): [string, string] => [`${k}${"[x]".repeat(50)}`, v])]),
      contentType: URLENCODED,
    },
    {
      name: "deep condition in a template",
      body: encode([
        ["intent", "import"],
        ["json", deepTemplateJson(2000)],
        ["name", "Deep"],
      ]),
      contentType: URLENCODED,
    },
    {
      name: "arrays for scalars",
      body: encode(
        fields.flatMap((f): Array<[string, string]> => [
          [f.name, `${f.value}-one`],
          [f.name, `${f.value}-two`],
        ]),
      ),
      contentType: URLENCODED,
    },
    { name: "objects for scalars", body: encode(pairs((f) => f.value).map(([k, v]): [string, string] => [`${k}[key]`, v])), contentType: URLENCODED },
    { name: "missing fields", body: "", contentType: URLENCODED },
    { name: "only unknown fields", body: encode([["zzz", "1"]]), contentType: URLENCODED },
  ];
}

/** The vendor answers API takes JSON: malformed JSON of every kind. */
function jsonCases(questionKey: string): FuzzCase[] {
  const JSON_TYPE = "application/json";
  const valid = { questionKey, componentId: null, isNa: false, comment: null, baseRevision: 0 };
  return [
    { name: "NUL in a value", body: JSON.stringify({ ...valid, value: "abc\u0000def" }), contentType: JSON_TYPE },
    { name: "lone surrogate in a value", body: JSON.stringify({ ...valid, value: "abc\ud800def" }), contentType: JSON_TYPE },
    { name: "low surrogate in a value", body: JSON.stringify({ ...valid, value: "\udc00" }), contentType: JSON_TYPE },
    { name: "NUL in a comment", body: JSON.stringify({ ...valid, value: "fine", comment: "a\u0000" }), contentType: JSON_TYPE },
    { name: "lone surrogate in a comment", body: JSON.stringify({ ...valid, value: "fine", comment: "\ud83d" }), contentType: JSON_TYPE },
    { name: "NUL in the question key", body: JSON.stringify({ ...valid, questionKey: `${questionKey}\u0000`, value: "x" }), contentType: JSON_TYPE },
    {
      name: "invalid UTF-8 bytes",
      body: Buffer.concat([
        Buffer.from(`{"questionKey":"${questionKey}","componentId":null,"isNa":false,"comment":null,"baseRevision":0,"value":"`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]),
      contentType: JSON_TYPE,
    },
    {
      name: "deeply nested value",
      body: `{"questionKey":"${questionKey}","componentId":null,"isNa":false,"comment":null,"baseRevision":0,"value":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
      contentType: JSON_TYPE,
    },
    { name: "object for the value", body: JSON.stringify({ ...valid, value: { a: 1 } }), contentType: JSON_TYPE },
    { name: "array for the key", body: JSON.stringify({ ...valid, questionKey: [questionKey], value: "x" }), contentType: JSON_TYPE },
    { name: "string revision", body: JSON.stringify({ ...valid, value: "x", baseRevision: "0" }), contentType: JSON_TYPE },
    { name: "NaN revision", body: JSON.stringify({ ...valid, value: "x" }).replace('"baseRevision":0', '"baseRevision":NaN'), contentType: JSON_TYPE },
    { name: "missing fields", body: "{}", contentType: JSON_TYPE },
    { name: "a 1 MB value", body: JSON.stringify({ ...valid, value: "A".repeat(MB) }), contentType: JSON_TYPE },
    { name: "form-encoded body", body: `questionKey=${questionKey}&value=x`, contentType: "application/x-www-form-urlencoded" },
    { name: "text/plain body", body: JSON.stringify({ ...valid, value: "x" }), contentType: "text/plain" },
    { name: "no content type", body: new TextEncoder().encode(JSON.stringify({ ...valid, value: "x" })) },
  ];
}

async function send(server: TestServer, client: WebClient, url: string, fuzz: FuzzCase) {
  const headers: Record<string, string> = { origin: server.baseUrl, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
  if (fuzz.contentType) headers["content-type"] = fuzz.contentType;
  const response = await fetch(new URL(url, server.baseUrl), { method: "POST", redirect: "manual", headers, body: fuzz.body as BodyInit | undefined }).catch(
    (error: unknown) => ({ status: 0, text: async () => String(error) }) as const,
  );
  const text = await response.text().catch(() => "");
  return { status: response.status, text };
}

async function mapLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

describe("fuzzing every action with malformed bodies", () => {
  let server: TestServer;
  let admin: WebClient;
  let vendor: WebClient;
  let params: Record<string, string>;
  let questionKey: string;

  const db = () => server.app.ctx.db;
  async function counts(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of WATCHED_TABLES) {
      const row = await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      result[table] = Number(row.n);
    }
    return result;
  }

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(db());
    admin = await signIn(server, "admin@example.com");
    const adminUser = await db().selectFrom("users").select(["id", "email"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();

    const contact = await db().selectFrom("supplier_contacts").select(["id", "email", "supplier_id"]).orderBy("email").executeTakeFirstOrThrow();
    const component = await db().selectFrom("ai_components").select("id").where("supplier_id", "=", contact.supplier_id).executeTakeFirstOrThrow();
    const version = await db()
      .selectFrom("template_versions")
      .select(["id", "template_id", "definition"])
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const { assessmentId } = await issueAssessment(server.app.ctx, userActor(adminUser), {
      supplierId: contact.supplier_id,
      templateVersionId: version.id,
      componentIds: [component.id],
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    });
    const draft = await createTemplate(server.app.ctx, userActor(adminUser), { name: "Fuzz target", description: null });
    const dependency = await db().selectFrom("ai_system_dependencies").select(["id", "ai_system_id"]).orderBy("id").executeTakeFirstOrThrow();

    const definition = version.definition as { sections: Array<{ key: string; scope: string; questions: Array<{ key: string; type: string }> }> };
    const section = definition.sections.find((s) => s.scope === "supplier")!;
    questionKey = section.questions.find((q) => q.type === "short_text" || q.type === "long_text")?.key ?? section.questions[0]!.key;

    const mail = await db()
      .selectFrom("emails")
      .select("text_body")
      .where("to_address", "=", contact.email)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    const token = /\/v\/([A-Za-z0-9_-]{43})/.exec(mail.text_body ?? "")![1]!;
    vendor = new WebClient(server.baseUrl);
    expect((await vendor.post(`/v/${token}`, {})).status).toBe(302);

    params = {
      systemId: dependency.ai_system_id,
      dependencyId: dependency.id,
      assessmentId,
      componentId: component.id,
      supplierId: contact.supplier_id,
      contactId: contact.id,
      templateId: draft.templateId,
      versionId: draft.versionId,
      sectionKey: section.key,
      // Magic-link routes get a well-formed token that was never issued.
      token: "A".repeat(43),
      campaignId: "00000000-0000-4000-8000-000000000000",
      evidenceId: "00000000-0000-4000-8000-000000000000",
      findingId: "00000000-0000-4000-8000-000000000000",
      endpointId: "00000000-0000-4000-8000-000000000000",
      kind: "suppliers",
      id: "00000000-0000-4000-8000-000000000000",
    };
  }, 180_000);
  afterAll(async () => server?.stop());

  it("finds the actions in app/routes", () => {
    const routes = actionRoutes(params);
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.map((r) => r.url)).toContain(`/v/a/${params.assessmentId}/answers`);
    expect(routes.map((r) => r.url)).toContain(`/suppliers/${params.supplierId}?index`);
  });

  it("never answers 500 and writes nothing", async () => {
    const routes = actionRoutes(params);
    const clientFor = (route: ActionRoute) => (route.who === "admin" ? admin : route.who === "vendor" ? vendor : new WebClient(server.baseUrl));
    // Sign-out actions last, so they cannot end the sessions the others use.
    const signsOut = (route: ActionRoute) => /^(logout|v\.a\.\$assessmentId)\.tsx$/.test(route.file);
    const plans = await Promise.all(
      routes.map(async (route) => {
        const client = clientFor(route);
        if (route.file === "v.a.$assessmentId.answers.tsx") return { route, client, cases: jsonCases(questionKey) };
        const page = await client.get(route.url.replace(/\?index$/, ""));
        const html = page.status === 200 ? await page.text() : "";
        return { route, client, cases: postForms(html).flatMap((fields) => formCases(fields)) };
      }),
    );

    const before = await counts();
    const failures: string[] = [];
    const accepted: string[] = [];
    let sent = 0;
    const run = async (plan: (typeof plans)[number]) => {
      for (const fuzz of plan.cases) {
        const { status, text } = await send(server, plan.client, plan.route.url, fuzz);
        sent += 1;
        const label = `${plan.route.file} «${fuzz.name}» → ${status}`;
        if (status >= 500 || status === 0)
          failures.push(
            `${label}: ${text
              .replace(/<[^>]*>/g, " ")
              .replace(/\s+/g, " ")
              .slice(0, 160)}`,
          );
        else if (status < 400) accepted.push(label);
      }
    };
    const started = Date.now();
    await mapLimit(
      plans.filter((p) => !signsOut(p.route)),
      4,
      run,
    );
    for (const plan of plans.filter((p) => signsOut(p.route))) await run(plan);
    const after = await counts();

    const changed = WATCHED_TABLES.filter((t) => after[t] !== before[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`);
    expect(failures, `${failures.length} of ${sent} requests failed with a 5xx or no answer:\n${failures.join("\n")}`).toEqual([]);
    expect(changed, `malformed requests wrote rows; requests answered below 400:\n${accepted.join("\n")}`).toEqual([]);
    expect(sent).toBeGreaterThan(400);
    expect(Date.now() - started).toBeLessThan(120_000);
  }, 240_000);
});
