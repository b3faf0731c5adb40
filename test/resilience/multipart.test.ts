// Multipart bodies used to go through Remix's parser, which answered 500 for ordinary file names
// holding `=` or `;`, for a CR/LF in a name and for any malformed body. Every multipart route now
// reads its body with one streaming reader: odd names are kept (sanitised) and shown, malformed or
// unexpected bodies are a 4xx with a message, and nothing is written.
import { randomBytes } from "node:crypto";
import { CSV_COLUMNS } from "~/domain/inventory-import/adapters";
import { addDays, utcDate } from "~/domain/reminders";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { issueLoginToken } from "~/services/sign-in.server";
import { createTemplate } from "~/services/template-versions.server";
import { createUser } from "../support/factories";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "latin1"), randomBytes(500), Buffer.from("\n%%EOF\n")]);
const BOUNDARY = "----AssayTestBoundary7MA4YWxkTrZu0gW";
const htmlOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "").replaceAll("&#x27;", "'").replaceAll("&quot;", '"');

type Part = { name?: string; fileName?: string; rawDisposition?: string; type?: string; body: string | Buffer };

/** A multipart body built byte by byte, so that what the test sends is exactly what it says. */
function multipart(parts: Part[], options: { boundary?: string; close?: boolean } = {}): Buffer {
  const boundary = options.boundary ?? BOUNDARY;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      part.rawDisposition ??
      ["form-data", part.name !== undefined ? `name="${part.name}"` : null, part.fileName !== undefined ? `filename="${part.fileName}"` : null]
        .filter(Boolean)
        .join("; ");
    const headers = [`Content-Disposition: ${disposition}`, part.type ? `Content-Type: ${part.type}` : null].filter(Boolean).join("\r\n");
    chunks.push(
      Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`, "utf8"),
      Buffer.isBuffer(part.body) ? part.body : Buffer.from(part.body, "utf8"),
      Buffer.from("\r\n"),
    );
  }
  if (options.close ?? true) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe("multipart bodies: odd file names are kept, malformed bodies are refused with a 4xx", () => {
  let server: TestServer;
  let baseUrl: string;
  let versionId: string;
  let admin: WebClient;
  let procurement: WebClient;
  const db = () => server.app.ctx.db;
  const cookieOf = (client: WebClient) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

  async function staffSession(role: "admin" | "procurement") {
    const user = await createUser(db(), role);
    const token = await db()
      .transaction()
      .execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    const client = new WebClient(baseUrl);
    expect((await client.post(`/login/${token}`, { next: "/" })).status).toBe(302);
    return { client, user };
  }

  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    baseUrl = server.baseUrl;
    const definition = {
      title: "Multipart questionnaire",
      sections: [
        {
          key: "docs",
          title: "Documents",
          scope: "supplier",
          questions: [
            { key: "policy", prompt: "Upload your AI policy.", type: "file", required: false, weight: 1, domain: "governance", allowNa: false, refs: [] },
          ],
        },
      ],
    };
    const template = await db()
      .insertInto("questionnaire_templates")
      .values({ name: "Multipart test questionnaire" })
      .returning("id")
      .executeTakeFirstOrThrow();
    versionId = (
      await db()
        .insertInto("template_versions")
        .values({
          template_id: template.id,
          version: 1,
          status: "published",
          definition: JSON.stringify(definition),
          checksum: "c".repeat(64),
          published_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    admin = (await staffSession("admin")).client;
    procurement = (await staffSession("procurement")).client;
  });

  afterAll(async () => {
    await server?.stop();
  });

  let counter = 0;
  /** A questionnaire sent to one contact, and that contact's session. */
  async function issued() {
    counter += 1;
    const slug = `m${counter}x${Date.now().toString(36)}`;
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name: `Multipart vendor ${slug}`, status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const contact = await db()
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: `Contact ${slug}`, email: `c.${slug}@vendor.example.com`, is_primary: true })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    const actor = await db().selectFrom("users").select(["id", "email"]).where("role", "=", "procurement").executeTakeFirstOrThrow();
    const { assessmentId } = await issueAssessment(server.app.ctx, userActor(actor), {
      supplierId: supplier.id,
      templateVersionId: versionId,
      componentIds: [],
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    });
    const mail = await db().selectFrom("emails").select("text_body").where("to_address", "=", contact.email).executeTakeFirstOrThrow();
    const token = /\/v\/([A-Za-z0-9_-]{43})/.exec(mail.text_body ?? "")![1]!;
    const vendor = new WebClient(baseUrl);
    expect((await vendor.post(`/v/${token}`, {})).status).toBe(302);
    return { assessmentId, vendor };
  }

  const evidencePath = (assessmentId: string) => `/v/a/${assessmentId}/evidence?question=policy`;
  const fields = [
    { name: "intent", body: "upload" },
    { name: "question", body: "policy" },
    { name: "component", body: "" },
  ];

  function post(client: WebClient, pathname: string, body: Buffer | FormData, contentType: string | null = `multipart/form-data; boundary=${BOUNDARY}`) {
    const headers: Record<string, string> = { origin: baseUrl, cookie: cookieOf(client) };
    if (contentType !== null && !(body instanceof FormData)) headers["content-type"] = contentType;
    return fetch(new URL(pathname, baseUrl), { method: "POST", redirect: "manual", body: body instanceof FormData ? body : new Uint8Array(body), headers });
  }

  async function counts() {
    const n = async (table: "evidence" | "answers" | "audit_events" | "csv_imports" | "questionnaire_templates" | "template_versions") =>
      Number((await db().selectFrom(table).select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    return {
      evidence: await n("evidence"),
      answers: await n("answers"),
      audit: await n("audit_events"),
      imports: await n("csv_imports"),
      templates: await n("questionnaire_templates"),
      versions: await n("template_versions"),
    };
  }

  it("stores and shows evidence whose file name holds `=`, `;`, CR/LF or any script, sanitised", async () => {
    const a = await issued();
    const viaFormData = async (fileName: string) => {
      const form = new FormData();
      for (const f of fields) form.append(f.name, f.body);
      form.append("file", new Blob([new Uint8Array(PDF)], { type: "application/pdf" }), fileName);
      return post(a.vendor, evidencePath(a.assessmentId), form);
    };
    const viaRaw = (part: Omit<Part, "body">) =>
      post(a.vendor, evidencePath(a.assessmentId), multipart([...fields, { ...part, body: PDF, type: "application/pdf" }]));

    const cases: Array<[string, () => Promise<Response>, string]> = [
      ["`=` and brackets", () => viaFormData("ISO 42001 (scope=EU).pdf"), "ISO 42001 (scope=EU).pdf"],
      ["`;`", () => viaFormData("report;v2.pdf"), "report;v2.pdf"],
      ["`=`, `;` and quotes in a hand-built header", () => viaRaw({ name: "file", fileName: "a=b; c=d; name=x.pdf" }), "a=b; c=d; name=x.pdf"],
      // Browsers (and fetch) send CR, LF and `"` in a file name as %0D, %0A and %22.
      ["CR/LF as a browser sends it", () => viaFormData("Q3\r\nreport.pdf"), "Q3report.pdf"],
      ["CR/LF escaped by hand", () => viaRaw({ name: "file", fileName: "line1%0D%0Aline2 %22final%22.pdf" }), "line1line2 final.pdf"],
      ["CR/LF in an RFC 5987 name", () => viaRaw({ rawDisposition: `form-data; name="file"; filename*=UTF-8''caf%C3%A9%0D%0Amenu.pdf` }), "cafémenu.pdf"],
      ["a raw, folded CR/LF", () => viaRaw({ name: "file", fileName: "weekly\r\n report.pdf" }), "weekly report.pdf"],
      ["unicode", () => viaFormData("Prüfbericht – 2025 ✓ 日本語.pdf"), "Prüfbericht – 2025 ✓ 日本語.pdf"],
      ["unicode sent raw", () => viaRaw({ name: "file", fileName: "Déclaration ünd 報告.pdf" }), "Déclaration ünd 報告.pdf"],
      ["a path and a right-to-left override", () => viaRaw({ name: "file", fileName: "C:\\Users\\me\\evil\u202Egnp.pdf" }), "evilgnp.pdf"],
      // Control characters cannot be raw in a header (that body is malformed, see below), but an RFC 5987 name can encode them.
      [
        "control characters, encoded",
        () => viaRaw({ rawDisposition: `form-data; name="file"; filename*=UTF-8''..%2F..%2Fbell%07%1B%5B31m%E2%80%AE.pdf%7F` }),
        "bell[31m.pdf",
      ],
    ];
    for (const [label, send, stored] of cases) {
      const response = await send();
      expect(response.status, `${label}: ${await response.clone().text()}`).toBe(302);
      const row = await db()
        .selectFrom("evidence")
        .select(["id", "file_name", "size_bytes"])
        .where("assessment_id", "=", a.assessmentId)
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(row.file_name, label).toBe(stored);
      expect(row.size_bytes, label).toBe(PDF.length);
      // Shown on the page (React escapes it), and served back under that name.
      const escaped = stored.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
      expect(await htmlOf(await a.vendor.get(evidencePath(a.assessmentId))), label).toContain(escaped);
      const download = await a.vendor.get(`/v/a/${a.assessmentId}/evidence/${row.id}`);
      expect(download.status, label).toBe(200);
      expect(download.headers.get("content-disposition"), label).toContain(`filename*=UTF-8''${encodeURIComponent(stored)}`);
      await download.arrayBuffer();
    }
    expect(await db().selectFrom("evidence").select("id").where("assessment_id", "=", a.assessmentId).execute()).toHaveLength(cases.length);
  });

  it("answers malformed or unexpected evidence bodies with a 4xx and a message, never 500, and writes nothing", async () => {
    const a = await issued();
    const path = evidencePath(a.assessmentId);
    const file = { name: "file", fileName: "policy.pdf", type: "application/pdf", body: PDF };
    const whole = multipart([...fields, file]);
    const cases: Array<[string, Buffer, string | null, number, string]> = [
      ["a truncated body", whole.subarray(0, whole.length - 200), undefined!, 400, "cut off"],
      ["no closing boundary", multipart([...fields, file], { close: false }), undefined!, 400, "cut off"],
      ["a missing boundary", whole, "multipart/form-data", 400, "no boundary"],
      ["an empty boundary", whole, "multipart/form-data; boundary=", 400, "could not be read"],
      ["a boundary that does not match", multipart([...fields, file], { boundary: "SomethingElse" }), undefined!, 400, "cut off"],
      ["garbage", randomBytes(4096), undefined!, 400, "could not be read"],
      ["an empty body", Buffer.alloc(0), undefined!, 400, "could not be read"],
      ["a part without a name", multipart([...fields, { rawDisposition: `form-data; filename="policy.pdf"`, body: PDF }]), undefined!, 400, "has no name"],
      ["two files where one is expected", multipart([...fields, file, { ...file, fileName: "second.pdf" }]), undefined!, 400, "at most 1 file"],
      ["a file in a text field", multipart([{ name: "question", fileName: "q.pdf", body: PDF }, file]), undefined!, 400, "file where none was expected"],
      ["a huge part header", multipart([...fields, { ...file, fileName: `${"x".repeat(20_000)}.pdf` }]), undefined!, 400, "header is malformed or too long"],
      ["a raw CR/LF that breaks the part header", multipart([...fields, { ...file, fileName: "line1\r\nline2.pdf" }]), undefined!, 400, "header is malformed"],
      ["a NUL in a part header", multipart([...fields, { ...file, fileName: "nul\u0000.pdf" }]), undefined!, 400, "header is malformed"],
      ["a malformed content type", whole, "multipart/form-data; boundary", 400, "could not be read"],
      ["JSON", Buffer.from(JSON.stringify({ intent: "upload" })), "application/json", 415, "multipart/form-data"],
      ["text/plain", Buffer.from("intent=upload"), "text/plain", 415, "multipart/form-data"],
      ["no content type", Buffer.from("intent=upload"), null, 415, "multipart/form-data"],
      ["too many fields", multipart(Array.from({ length: 200 }, (_, i) => ({ name: `f${i}`, body: "x" }))), undefined!, 400, "more fields"],
      ["a field over its limit", multipart([...fields, { name: "validUntil", body: "9".repeat(100_000) }, file]), undefined!, 413, "too long"],
    ];
    const before = await counts();
    for (const [label, body, contentType, status, message] of cases) {
      const response = contentType === undefined ? await post(a.vendor, path, body) : await post(a.vendor, path, body, contentType);
      const html = await htmlOf(response);
      expect(response.status, `${label}: ${html.slice(0, 300)}`).toBe(status);
      expect(html, label).toContain(message);
      expect(html, label).toContain('role="alert"');
    }
    // The fetcher path answers data with the same message.
    const viaFetcher = await post(a.vendor, `/v/a/${a.assessmentId}/evidence.data?via=fetcher`, multipart([...fields, file], { boundary: "Other" }));
    expect(viaFetcher.status).toBe(400);
    expect(await viaFetcher.text()).toContain("cut off");
    expect(await counts()).toEqual(before);
    // And the server still takes a good upload on the same kept-alive client.
    expect((await post(a.vendor, path, whole)).status).toBe(302);
  });

  it("answers malformed bodies to the CSV import, the template import and the template editor with a 4xx and their own messages", async () => {
    const { versionId: draftId, templateId } = await createTemplate(
      server.app.ctx,
      userActor(await db().selectFrom("users").select(["id", "email"]).where("role", "=", "admin").executeTakeFirstOrThrow()),
      {
        name: `Multipart draft ${Date.now()}`,
      },
    );
    const editPath = `/templates/${templateId}/versions/${draftId}/edit`;
    const before = await counts();
    const csvFields = [
      { name: "intent", body: "preview" },
      { name: "kind", body: "suppliers" },
    ];
    const csvFile = { name: "file", fileName: "suppliers (scope=EU);v2.csv", type: "text/csv", body: "external_id,name\n" };
    const jsonFile = { name: "file", fileName: "template (v=2);final.json", type: "application/json", body: "{" };
    const cases: Array<[string, WebClient, string, Buffer, string | null | undefined, number, string]> = [
      ["CSV: cut off", procurement, "/inventory/csv", multipart([...csvFields, csvFile], { close: false }), undefined, 400, "cut off"],
      ["CSV: no boundary", procurement, "/inventory/csv", multipart([...csvFields, csvFile]), "multipart/form-data", 400, "no boundary"],
      ["CSV: two files", procurement, "/inventory/csv", multipart([...csvFields, csvFile, csvFile]), undefined, 400, "at most 1 file"],
      ["CSV: garbage", procurement, "/inventory/csv", randomBytes(2048), undefined, 400, "could not be read"],
      ["CSV: JSON", procurement, "/inventory/csv", Buffer.from("{}"), "application/json", 415, "multipart/form-data"],
      ["import: cut off", admin, "/templates?index", multipart([{ name: "intent", body: "import" }, jsonFile], { close: false }), undefined, 400, "cut off"],
      [
        "import: part without a name",
        admin,
        "/templates?index",
        multipart([
          { name: "intent", body: "import" },
          { rawDisposition: "form-data", body: "x" },
        ]),
        undefined,
        400,
        "has no name",
      ],
      [
        "import: huge header",
        admin,
        "/templates?index",
        multipart([
          { name: "intent", body: "import" },
          { ...jsonFile, fileName: "y".repeat(20_000) },
        ]),
        undefined,
        400,
        "too long",
      ],
      ["import: text/plain", admin, "/templates?index", Buffer.from("intent=import&json={}"), "text/plain", 415, "multipart/form-data"],
      [
        "editor: cut off",
        admin,
        editPath,
        multipart(
          [
            { name: "intent", body: "save" },
            { name: "definition", body: "{}" },
          ],
          { close: false },
        ),
        undefined,
        400,
        "cut off",
      ],
      ["editor: boundary mismatch", admin, editPath, multipart([{ name: "definition", body: "{}" }], { boundary: "Nope" }), undefined, 400, "cut off"],
      ["editor: a file", admin, editPath, multipart([{ name: "intent", body: "save" }, jsonFile]), undefined, 400, "file where none was expected"],
      ["editor: JSON", admin, editPath, Buffer.from("{}"), "application/json", 415, "multipart/form-data"],
      ["editor: no content type", admin, editPath, Buffer.from("intent=save"), null, 415, "multipart/form-data"],
    ];
    for (const [label, client, pathname, body, contentType, status, message] of cases) {
      const response = contentType === undefined ? await post(client, pathname, body) : await post(client, pathname, body, contentType);
      const html = await htmlOf(response);
      expect(response.status, `${label}: ${html.slice(0, 300)}`).toBe(status);
      expect(html, label).toContain(message);
    }
    expect(await counts()).toEqual(before);

    // Odd names are fine here too: the CSV preview keeps the name, the import reads the file.
    const preview = await post(
      procurement,
      "/inventory/csv",
      multipart([...csvFields, { ...csvFile, body: `${CSV_COLUMNS.suppliers.join(",")}\nSUP-MP-1,Multipart Ltd,,,,active,,\n` }]),
    );
    const previewHtml = await htmlOf(preview);
    expect(preview.status, previewHtml.slice(0, 500)).toBe(200);
    expect(previewHtml).toContain("SUP-MP-1");
    expect(previewHtml).toContain("suppliers (scope=EU);v2.csv");
    // The editor still saves a well-formed post, multipart (as the page sends it) or URL-encoded.
    const draft = await db().selectFrom("template_versions").select(["definition", "updated_at"]).where("id", "=", draftId).executeTakeFirstOrThrow();
    const titled = (title: string) => JSON.stringify({ ...(draft.definition as Record<string, unknown>), title });
    const titleNow = async () =>
      ((await db().selectFrom("template_versions").select("definition").where("id", "=", draftId).executeTakeFirstOrThrow()).definition as { title: string })
        .title;
    const saved = await post(
      admin,
      editPath,
      multipart([
        { name: "intent", body: "save" },
        { name: "definition", body: titled("Saved (scope=EU); multipart") },
        { name: "expectedUpdatedAt", body: draft.updated_at.toISOString() },
      ]),
    );
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect(await titleNow()).toBe("Saved (scope=EU); multipart");
    const { updated_at } = await db().selectFrom("template_versions").select("updated_at").where("id", "=", draftId).executeTakeFirstOrThrow();
    const encoded = await admin.post(editPath, { intent: "save", definition: titled("Saved URL-encoded"), expectedUpdatedAt: updated_at.toISOString() });
    expect(encoded.status).toBe(200);
    expect(await titleNow()).toBe("Saved URL-encoded");

    const imported = await post(admin, "/templates?index", multipart([{ name: "intent", body: "import" }, { name: "name", body: "" }, jsonFile]));
    expect(imported.status).toBe(422);
    expect(await htmlOf(imported)).toContain("Not valid JSON");
  });
});
