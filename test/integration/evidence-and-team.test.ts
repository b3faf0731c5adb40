// Evidence uploads and the vendor's team, end to end on the real server (Express + the Remix build)
// over a test database (PGlite, or PostgreSQL with TEST_DATABASE_URL): content-checked uploads,
// hashes, answers, downloads and their headers, isolation between assessments (always a plain 404),
// delegation limited to sections, and the staff page.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { addDays, utcDate } from "~/domain/reminders";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { INVITES_PER_GRANT } from "~/services/delegations.server";
import { hitRateLimit } from "~/services/rate-limits.server";
import { issueLoginToken } from "~/services/sign-in.server";
import { createUser } from "../support/factories";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const PDF = Buffer.concat([
  Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "latin1"),
  randomBytes(2000),
  Buffer.from("\n%%EOF\n"),
]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const inDays = (n: number) => addDays(utcDate(new Date()), n);
const htmlOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "").replaceAll("&#x27;", "'").replaceAll("&quot;", '"');

describe("evidence uploads and the vendor's team", () => {
  let server: TestServer;
  let baseUrl: string;
  let versionId: string;
  let staff: WebClient;
  let staffEmail: string;
  const db = () => server.app.ctx.db;

  beforeAll(async () => {
    server = await startTestServer();
    baseUrl = server.baseUrl;
    const definition = {
      title: "Evidence questionnaire",
      sections: [
        {
          key: "org",
          title: "Organisation",
          scope: "supplier",
          questions: [
            {
              key: "has_policy",
              prompt: "Do you have an AI policy?",
              type: "yes_no",
              required: false,
              weight: 1,
              domain: "governance",
              allowNa: false,
              refs: [],
            },
            {
              key: "iso_cert",
              prompt: "Upload your ISO/IEC 42001 certificate.",
              type: "file",
              required: true,
              weight: 1,
              domain: "governance",
              allowNa: false,
              evidence: { request: "ISO/IEC 42001 certificate", requireValidUntil: true },
              refs: [],
            },
          ],
        },
        {
          key: "security",
          title: "Security",
          scope: "supplier",
          questions: [
            {
              key: "sub_list",
              prompt: "Upload your sub-processor list.",
              type: "file",
              required: false,
              weight: 1,
              domain: "security_privacy",
              allowNa: false,
              evidence: { request: "Sub-processor list", requireValidUntil: false },
              refs: [],
            },
          ],
        },
        {
          key: "model",
          title: "Model",
          scope: "component",
          questions: [
            { key: "model_card", prompt: "Upload the model card.", type: "file", required: false, weight: 1, domain: "transparency", allowNa: false, refs: [] },
          ],
        },
      ],
    };
    const template = await db().insertInto("questionnaire_templates").values({ name: "Evidence test questionnaire" }).returning("id").executeTakeFirstOrThrow();
    versionId = (
      await db()
        .insertInto("template_versions")
        .values({
          template_id: template.id,
          version: 1,
          status: "published",
          definition: JSON.stringify(definition),
          checksum: "b".repeat(64),
          published_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const user = await createUser(db(), "procurement", { name: "Pat Procurement" });
    staffEmail = user.email;
    const token = await db()
      .transaction()
      .execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    staff = new WebClient(baseUrl);
    expect((await staff.post(`/login/${token}`, { next: "/" })).status).toBe(302);
  });

  afterAll(async () => {
    await server?.stop();
  });

  // ---------------------------------------------------------------------------------------------
  // Helpers

  let counter = 0;
  /** A supplier with one contact and one component, sent the questionnaire; returns ids and the contact's session. */
  async function issued() {
    counter += 1;
    const slug = `e${counter}x${Date.now().toString(36)}`;
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name: `Evidence vendor ${slug}`, status: "active" })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    const contact = await db()
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: `Contact ${slug}`, email: `c.${slug}@vendor.example.com`, is_primary: true })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    const component = await db()
      .insertInto("ai_components")
      .values({ supplier_id: supplier.id, kind: "hosted_api", name: `API ${slug}`, update_cadence: "unknown" })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    const procurement = await db().selectFrom("users").select(["id", "email"]).where("role", "=", "procurement").executeTakeFirstOrThrow();
    const { assessmentId, grantIds } = await issueAssessment(server.app.ctx, userActor(procurement), {
      supplierId: supplier.id,
      templateVersionId: versionId,
      componentIds: [component.id],
      contactIds: [contact.id],
      dueDate: inDays(30),
      message: null,
    });
    const vendor = await openLink(await linkTokenFor(contact.email));
    return { assessmentId, grantId: grantIds[0]!, supplier, contact, component, vendor };
  }

  /** The /v/ token in the newest invitation to `email` (kept in the database: no SMTP here). */
  async function linkTokenFor(email: string) {
    const mail = await db()
      .selectFrom("emails")
      .select(["text_body", "html"])
      .where("to_address", "=", email)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    const token = /\/v\/([A-Za-z0-9_-]{43})/.exec(mail.text_body ?? "")?.[1];
    expect(token).toBeDefined();
    return token!;
  }

  async function openLink(token: string) {
    const vendor = new WebClient(baseUrl);
    const exchanged = await vendor.post(`/v/${token}`, {});
    expect(exchanged.status).toBe(302);
    expect(vendor.cookies.get("assay_vendor")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    return vendor;
  }

  const cookieOf = (client: WebClient) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

  /** A GET's response headers exactly as sent, one [name, value] per header line. */
  function rawHeadersOf(client: WebClient, pathname: string): Promise<Array<[string, string]>> {
    return new Promise((resolve, reject) => {
      const request = http.get(new URL(pathname, baseUrl), { headers: { cookie: cookieOf(client) } }, (response) => {
        const raw = response.rawHeaders;
        response.resume();
        response.on("end", () => resolve(Array.from({ length: raw.length / 2 }, (_, i) => [raw[2 * i]!, raw[2 * i + 1]!])));
      });
      request.on("error", reject);
    });
  }

  async function upload(
    client: WebClient,
    assessmentId: string,
    fields: Record<string, string>,
    file: { name: string; bytes: Uint8Array; type?: string } | null,
    path = `/v/a/${assessmentId}/evidence?${new URLSearchParams({ question: fields.question ?? "", ...(fields.component ? { component: fields.component } : {}) })}`,
  ) {
    const form = new FormData();
    form.append("intent", "upload");
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (file) form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
    return fetch(new URL(path, baseUrl), { method: "POST", redirect: "manual", body: form, headers: { origin: baseUrl, cookie: cookieOf(client) } });
  }

  async function counts() {
    const n = async (table: "evidence" | "answers" | "audit_events" | "access_grants" | "emails") =>
      Number((await db().selectFrom(table).select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    return {
      evidence: await n("evidence"),
      answers: await n("answers"),
      audit: await n("audit_events"),
      grants: await n("access_grants"),
      emails: await n("emails"),
    };
  }

  const answerOf = (assessmentId: string, questionKey: string) =>
    db()
      .selectFrom("answers")
      .select(["value", "revision", "updated_by_grant_id"])
      .where("assessment_id", "=", assessmentId)
      .where("question_key", "=", questionKey)
      .executeTakeFirst();

  // ---------------------------------------------------------------------------------------------

  it("stores a real PDF with its SHA-256, adds its id to the answer, audits without the bytes, and serves it back safely", async () => {
    const a = await issued();
    const page = await a.vendor.get(`/v/a/${a.assessmentId}/evidence?question=iso_cert`);
    expect(page.status).toBe(200);
    const html = await htmlOf(page);
    expect(html).toContain("Upload your ISO/IEC 42001 certificate.");
    expect(html).toMatch(/enctype="multipart\/form-data"/i);
    expect(html).toContain('name="validUntil"');
    expect(html).toContain(`href="/v/a/${a.assessmentId}/s/org"`);
    expect(html).not.toMatch(/style="/);

    const validUntil = inDays(365);
    const response = await upload(
      a.vendor,
      a.assessmentId,
      { question: "iso_cert", component: "", validUntil },
      { name: "ISO 42001 certificate.pdf", bytes: PDF, type: "image/png" },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/v/a/${a.assessmentId}/evidence?question=iso_cert&done=uploaded`);

    const stored = await db().selectFrom("evidence").selectAll().where("assessment_id", "=", a.assessmentId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      question_key: "iso_cert",
      ai_component_id: null,
      file_name: "ISO 42001 certificate.pdf",
      // From the content, not from what the browser declared.
      content_type: "application/pdf",
      size_bytes: PDF.length,
      sha256: sha256(PDF),
      valid_until: validUntil,
      uploaded_by_grant_id: a.grantId,
    });
    expect(Buffer.compare(stored.bytes, PDF)).toBe(0);
    expect(await answerOf(a.assessmentId, "iso_cert")).toEqual({ value: [stored.id], revision: 1, updated_by_grant_id: a.grantId });
    expect((await db().selectFrom("assessments").select("status").where("id", "=", a.assessmentId).executeTakeFirstOrThrow()).status).toBe("in_progress");

    const event = await db()
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "evidence.upload")
      .where("entity_id", "=", a.assessmentId)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_type: "vendor", actor_id: a.grantId, actor_label: a.contact.email });
    expect(event.details).toMatchObject({
      evidenceId: stored.id,
      sha256: sha256(PDF),
      sizeBytes: PDF.length,
      contentType: "application/pdf",
      questionKey: "iso_cert",
    });
    expect(JSON.stringify(event.details).length).toBeLessThan(1000);

    // The page lists it; a second file through the fetcher path answers data, and the answer holds both ids.
    expect(await htmlOf(await a.vendor.get(`/v/a/${a.assessmentId}/evidence?question=iso_cert&done=uploaded`))).toContain("ISO 42001 certificate.pdf");
    const second = await upload(
      a.vendor,
      a.assessmentId,
      { question: "iso_cert", component: "", validUntil },
      { name: "bridge-letter.pdf", bytes: PDF },
      `/v/a/${a.assessmentId}/evidence.data?via=fetcher`,
    );
    expect(second.status).toBe(200);
    expect(await second.text()).toContain("bridge-letter.pdf");
    const ids = (await db().selectFrom("evidence").select("id").where("assessment_id", "=", a.assessmentId).orderBy("created_at").execute()).map((r) => r.id);
    expect(ids).toHaveLength(2);
    expect(await answerOf(a.assessmentId, "iso_cert")).toMatchObject({ value: ids, revision: 2 });

    // A component question, for the component in scope.
    const card = await upload(
      a.vendor,
      a.assessmentId,
      { question: "model_card", component: a.component.id },
      { name: "card.json", bytes: Buffer.from('{"model":"x"}') },
    );
    expect(card.status).toBe(302);
    expect(
      (
        await db()
          .selectFrom("answers")
          .select("ai_component_id")
          .where("assessment_id", "=", a.assessmentId)
          .where("question_key", "=", "model_card")
          .executeTakeFirstOrThrow()
      ).ai_component_id,
    ).toBe(a.component.id);

    // Download: an attachment with the stored type, no sniffing, sandboxed.
    const download = await a.vendor.get(`/v/a/${a.assessmentId}/evidence/${stored.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="ISO 42001 certificate.pdf"/);
    // The route sets nosniff and a sandboxing policy itself; the edge's helmet defaults give way to them, so each is sent once.
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toBe("sandbox");
    expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), PDF)).toBe(0);

    // Staff download through their own route, and the download is audited (without the bytes).
    const staffDownload = await staff.get(`/assessments/${a.assessmentId}/evidence/${stored.id}`);
    expect(staffDownload.status).toBe(200);
    expect(staffDownload.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(sha256(new Uint8Array(await staffDownload.arrayBuffer()))).toBe(sha256(PDF));
    const downloaded = await db()
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "evidence.download")
      .where("entity_id", "=", a.assessmentId)
      .executeTakeFirstOrThrow();
    expect(downloaded).toMatchObject({ actor_type: "user", actor_label: staffEmail });
    expect(downloaded.details).toEqual({ evidenceId: stored.id, fileName: "ISO 42001 certificate.pdf", sha256: sha256(PDF), sizeBytes: PDF.length });

    // On the wire (raw headers, not a joined view of them): one policy and one nosniff, on both routes.
    for (const [client, path] of [
      [a.vendor, `/v/a/${a.assessmentId}/evidence/${stored.id}`],
      [staff, `/assessments/${a.assessmentId}/evidence/${stored.id}`],
    ] as const) {
      const raw = await rawHeadersOf(client, path);
      const named = (name: string) => raw.filter(([key]) => key.toLowerCase() === name);
      expect(named("content-security-policy"), path).toEqual([[expect.any(String), "sandbox"]]);
      expect(named("x-content-type-options"), path).toEqual([[expect.any(String), "nosniff"]]);
      expect(named("content-disposition"), path).toHaveLength(1);
    }

    // Removing takes the id out of the answer (a new revision) and is audited.
    const removed = await a.vendor.post(`/v/a/${a.assessmentId}/evidence`, { intent: "remove", evidenceId: ids[1]!, question: "iso_cert", component: "" });
    expect(removed.status).toBe(302);
    expect(await answerOf(a.assessmentId, "iso_cert")).toMatchObject({ value: [ids[0]], revision: 3 });
    expect(
      await db().selectFrom("audit_events").select("seq").where("action", "=", "evidence.remove").where("entity_id", "=", a.assessmentId).execute(),
    ).toHaveLength(1);

    // The overview list of every file, and the nav links of the layout.
    const all = await htmlOf(await a.vendor.get(`/v/a/${a.assessmentId}/evidence`));
    expect(all).toContain("ISO 42001 certificate.pdf");
    expect(all).toContain("card.json");
    expect(all).toContain(`href="/v/a/${a.assessmentId}/team"`);
  });

  it("refuses a lying file, an oversized one and a missing or past valid-until date, with a clear message and nothing written", async () => {
    const a = await issued();
    const before = await counts();
    const valid = inDays(100);
    const cases: Array<[Record<string, string>, { name: string; bytes: Uint8Array } | null, number, string]> = [
      [
        { question: "iso_cert", validUntil: valid },
        { name: "certificate.pdf", bytes: PNG },
        415,
        "This file says it is a PDF but its content is not a PDF (it looks like a PNG image). Nothing was saved.",
      ],
      [
        { question: "iso_cert", validUntil: valid },
        { name: "certificate.pdf", bytes: randomBytes(4096) },
        415,
        "This file says it is a PDF but its content is not a PDF",
      ],
      [
        { question: "iso_cert", validUntil: valid },
        { name: "setup.exe", bytes: Buffer.from("MZ\x90\0", "latin1") },
        415,
        "Files of type .exe are not accepted",
      ],
      [{ question: "iso_cert", validUntil: valid }, { name: "empty.pdf", bytes: new Uint8Array() }, 400, "This file is empty."],
      [{ question: "iso_cert", validUntil: valid }, null, 400, "Choose a file to upload."],
      [{ question: "iso_cert" }, { name: "certificate.pdf", bytes: PDF }, 400, "Enter the date until which this document is valid."],
      [{ question: "iso_cert", validUntil: utcDate(new Date()) }, { name: "certificate.pdf", bytes: PDF }, 400, "This document has expired"],
      [{ question: "iso_cert", validUntil: "2020-01-01" }, { name: "certificate.pdf", bytes: PDF }, 400, "This document has expired"],
      [{ question: "iso_cert", validUntil: "2027-02-30" }, { name: "certificate.pdf", bytes: PDF }, 400, "Enter the valid-until date as a date"],
      // Over 10 MB but under the edge's 11 MB: the form reader's file limit answers on the page.
      [
        { question: "sub_list" },
        { name: "huge.pdf", bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]) },
        413,
        "This file is larger than 10.0 MB, the most a file can be. Nothing was saved.",
      ],
    ];
    for (const [fields, file, status, message] of cases) {
      const response = await upload(a.vendor, a.assessmentId, { component: "", ...fields }, file);
      expect(response.status, message).toBe(status);
      const html = await htmlOf(response);
      expect(html, message).toContain(message);
      expect(html).toContain('role="alert"');
    }
    // A form posted without a file, as a browser sends it (an empty part): the message by the file input, not the browser's own.
    const noFile = await upload(a.vendor, a.assessmentId, { question: "iso_cert", component: "", validUntil: valid }, { name: "", bytes: new Uint8Array() });
    expect(noFile.status).toBe(400);
    const noFileHtml = await htmlOf(noFile);
    expect(noFileHtml).toMatch(/<p class="field__error" id="evidence-file-error" role="alert">Choose a file to upload\.<\/p>/);
    expect(noFileHtml).toMatch(/id="evidence-file"[^>]*aria-invalid="true"/);
    expect(noFileHtml).not.toMatch(/id="evidence-file"[^>]*required/);
    // Over the edge's limit: refused before anything reads the body.
    const tooLarge = await upload(
      a.vendor,
      a.assessmentId,
      { question: "sub_list", component: "" },
      { name: "huge.pdf", bytes: Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]) },
    );
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain("Nothing was saved");
    expect(await counts()).toEqual(before);
    expect(await answerOf(a.assessmentId, "iso_cert")).toBeUndefined();

    // A questionnaire no longer open takes no files.
    await db().updateTable("assessments").set({ status: "submitted", submitted_at: new Date() }).where("id", "=", a.assessmentId).execute();
    const closed = await upload(a.vendor, a.assessmentId, { question: "sub_list", component: "" }, { name: "list.csv", bytes: Buffer.from("a,b\n") });
    expect(closed.status).toBe(409);
    expect(await htmlOf(closed)).toContain("no longer open for answers");
    expect(await counts()).toEqual(before);
  });

  it("answers 404 for anything of another assessment, the same as for what does not exist, and writes nothing", async () => {
    const a = await issued();
    const b = await issued();
    expect((await upload(b.vendor, b.assessmentId, { question: "sub_list", component: "" }, { name: "b.txt", bytes: Buffer.from("B's file\n") })).status).toBe(
      302,
    );
    const bFile = await db().selectFrom("evidence").select("id").where("assessment_id", "=", b.assessmentId).executeTakeFirstOrThrow();
    const before = await counts();
    const missing = "00000000-0000-4000-8000-000000000000";
    const notFoundBody = await htmlOf(await a.vendor.get(`/v/a/${a.assessmentId}/evidence/${missing}`));

    const attempts: Array<[string, () => Promise<Response>]> = [
      ["B's file under A's id", () => a.vendor.get(`/v/a/${a.assessmentId}/evidence/${bFile.id}`)],
      ["B's file under B's id", () => a.vendor.get(`/v/a/${b.assessmentId}/evidence/${bFile.id}`)],
      ["B's upload page", () => a.vendor.get(`/v/a/${b.assessmentId}/evidence?question=sub_list`)],
      ["B's team page", () => a.vendor.get(`/v/a/${b.assessmentId}/team`)],
      ["upload into B", () => upload(a.vendor, b.assessmentId, { question: "sub_list", component: "" }, { name: "x.txt", bytes: Buffer.from("x") })],
      ["remove B's file from A", () => a.vendor.post(`/v/a/${a.assessmentId}/evidence`, { intent: "remove", evidenceId: bFile.id })],
      ["remove B's file in B", () => a.vendor.post(`/v/a/${b.assessmentId}/evidence`, { intent: "remove", evidenceId: bFile.id })],
      ["invite into B", () => a.vendor.post(`/v/a/${b.assessmentId}/team`, { name: "Eve", email: "eve@example.com" })],
      [
        "B's component in A",
        () => upload(a.vendor, a.assessmentId, { question: "model_card", component: b.component.id }, { name: "card.txt", bytes: Buffer.from("x") }),
      ],
      [
        "a component for a supplier question",
        () => upload(a.vendor, a.assessmentId, { question: "sub_list", component: a.component.id }, { name: "x.txt", bytes: Buffer.from("x") }),
      ],
      [
        "no component for a component question",
        () => upload(a.vendor, a.assessmentId, { question: "model_card", component: "" }, { name: "x.txt", bytes: Buffer.from("x") }),
      ],
      [
        "a question without files",
        () => upload(a.vendor, a.assessmentId, { question: "has_policy", component: "" }, { name: "x.txt", bytes: Buffer.from("x") }),
      ],
      ["an unknown question", () => upload(a.vendor, a.assessmentId, { question: "nope", component: "" }, { name: "x.txt", bytes: Buffer.from("x") })],
      ["a malformed id", () => a.vendor.get(`/v/a/${a.assessmentId}/evidence/not-a-uuid`)],
    ];
    for (const [what, attempt] of attempts) {
      const response = await attempt();
      expect(response.status, what).toBe(404);
      const body = await htmlOf(response);
      expect(body, what).not.toContain(b.supplier.name);
      expect(body, what).not.toContain("B's file");
    }
    // The same page whether the file exists elsewhere or not at all.
    expect(await htmlOf(await a.vendor.get(`/v/a/${a.assessmentId}/evidence/${bFile.id}`))).toBe(notFoundBody);

    // Staff: the file only under its own assessment.
    expect((await staff.get(`/assessments/${a.assessmentId}/evidence/${bFile.id}`)).status).toBe(404);
    expect((await staff.get(`/assessments/${b.assessmentId}/evidence/${bFile.id}`)).status).toBe(200);
    expect((await new WebClient(baseUrl).get(`/assessments/${b.assessmentId}/evidence/${bFile.id}`)).status).toBe(302);
    // The vendor cookie never reaches staff routes.
    expect(
      (await fetch(new URL(`/assessments/${b.assessmentId}/evidence/${bFile.id}`, baseUrl), { redirect: "manual", headers: { cookie: cookieOf(b.vendor) } }))
        .status,
    ).toBe(302);
    // Nothing written, but the one download staff were allowed (audited).
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    const downloads = await db()
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "evidence.download")
      .where("entity_id", "in", [a.assessmentId, b.assessmentId])
      .execute();
    expect(downloads.map((d) => (d.details as { evidenceId: string }).evidenceId)).toEqual([bFile.id]);
  });

  it("lets a contact invite a colleague limited to some sections; the team and the staff page show who has access", async () => {
    const a = await issued();
    const team = await htmlOf(await a.vendor.get(`/v/a/${a.assessmentId}/team`));
    expect(team).toContain("Who has access");
    expect(team).toContain(a.contact.email);
    expect(team).toContain("Invite a colleague");
    for (const title of ["Organisation", "Security", "Model"]) expect(team).toContain(title);

    const colleague = `colleague.${a.assessmentId.slice(0, 8)}@vendor.example.com`;
    const invited = await a.vendor.post(`/v/a/${a.assessmentId}/team`, { name: "Sam Security", email: ` ${colleague.toUpperCase()} `, sections: "security" });
    expect(invited.status).toBe(302);
    expect(invited.headers.get("location")).toBe(`/v/a/${a.assessmentId}/team?invited=${encodeURIComponent(colleague)}`);

    const grant = await db()
      .selectFrom("access_grants")
      .selectAll()
      .where("assessment_id", "=", a.assessmentId)
      .where("email", "=", colleague)
      .executeTakeFirstOrThrow();
    expect(grant).toMatchObject({ name: "Sam Security", invited_by_grant_id: a.grantId, sections: ["security"], contact_id: null, revoked_at: null });
    const mail = await db().selectFrom("emails").selectAll().where("to_address", "=", colleague).executeTakeFirstOrThrow();
    expect(mail.text_body).toMatch(new RegExp(`${baseUrl}/v/[A-Za-z0-9_-]{43}`));
    const event = await db()
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "grant.delegate")
      .where("entity_id", "=", a.assessmentId)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_type: "vendor", actor_id: a.grantId });
    expect(event.details).toMatchObject({ grantId: grant.id, invitedByGrantId: a.grantId, email: colleague, sections: ["security"] });

    const listed = await htmlOf(await a.vendor.get(`/v/a/${a.assessmentId}/team?invited=1`));
    expect(listed).toContain(colleague);
    expect(listed).toContain(`${a.contact.email.split("@")[0]}`);
    expect(listed).toMatch(/Security<\/td>/);

    // The same address again: a friendly message, nothing new.
    const before = await counts();
    const again = await a.vendor.post(`/v/a/${a.assessmentId}/team`, { name: "Sam again", email: colleague });
    expect(again.status).toBe(409);
    expect(await htmlOf(again)).toContain(`${colleague} already has access to this questionnaire`);
    const bad = await a.vendor.post(`/v/a/${a.assessmentId}/team`, { name: "", email: "not-an-email" });
    expect(bad.status).toBe(400);
    const badHtml = await htmlOf(bad);
    expect(badHtml).toContain("Enter your colleague's name");
    expect(badHtml).toContain("Enter an email address");
    expect(await counts()).toEqual(before);

    // The colleague's session is limited to the assigned section.
    const sam = await openLink(await linkTokenFor(colleague));
    expect(
      (
        await upload(
          sam,
          a.assessmentId,
          { question: "sub_list", component: "" },
          { name: "subprocessors.csv", bytes: Buffer.from("name,country\nHost Co,DE\n") },
        )
      ).status,
    ).toBe(302);
    expect((await upload(sam, a.assessmentId, { question: "iso_cert", component: "", validUntil: inDays(50) }, { name: "cert.pdf", bytes: PDF })).status).toBe(
      404,
    );
    expect((await sam.get(`/v/a/${a.assessmentId}/evidence?question=iso_cert`)).status).toBe(404);
    expect((await sam.get(`/v/a/${a.assessmentId}/evidence?question=sub_list`)).status).toBe(200);
    // A file of a section not assigned is not theirs to download either.
    expect(
      (await upload(a.vendor, a.assessmentId, { question: "iso_cert", component: "", validUntil: inDays(50) }, { name: "cert.pdf", bytes: PDF })).status,
    ).toBe(302);
    const cert = await db()
      .selectFrom("evidence")
      .select("id")
      .where("assessment_id", "=", a.assessmentId)
      .where("question_key", "=", "iso_cert")
      .executeTakeFirstOrThrow();
    expect((await sam.get(`/v/a/${a.assessmentId}/evidence/${cert.id}`)).status).toBe(404);
    expect((await a.vendor.get(`/v/a/${a.assessmentId}/evidence/${cert.id}`)).status).toBe(200);

    // They may only pass on sections they have themselves.
    const samTeam = await htmlOf(await sam.get(`/v/a/${a.assessmentId}/team`));
    expect(samTeam).toContain('value="security"');
    expect(samTeam).not.toContain('value="org"');
    const widened = await sam.post(`/v/a/${a.assessmentId}/team`, {
      name: "Olly",
      email: `olly.${a.assessmentId.slice(0, 8)}@vendor.example.com`,
      sections: "org",
    });
    expect(widened.status).toBe(400);
    expect(await htmlOf(widened)).toContain("Choose among the sections you can answer yourself.");
    // Nothing chosen: the colleague of a colleague gets the inviter's own sections.
    const olly = `olly2.${a.assessmentId.slice(0, 8)}@vendor.example.com`;
    expect((await sam.post(`/v/a/${a.assessmentId}/team`, { name: "Olly", email: olly })).status).toBe(302);
    expect((await db().selectFrom("access_grants").select("sections").where("email", "=", olly).executeTakeFirstOrThrow()).sections).toEqual(["security"]);

    // Rate limited per inviting grant.
    const samGrant = grant.id;
    for (let i = 0; i < INVITES_PER_GRANT.limit; i++) await hitRateLimit(db(), `grant-invite:${samGrant}`, INVITES_PER_GRANT);
    const limited = await sam.post(`/v/a/${a.assessmentId}/team`, { name: "Late", email: `late.${a.assessmentId.slice(0, 8)}@vendor.example.com` });
    expect(limited.status).toBe(429);
    expect(await htmlOf(limited)).toContain("many invitations");

    // Staff see the colleague, who invited them, their sections, and the evidence.
    const detail = await htmlOf(await staff.get(`/assessments/${a.assessmentId}`));
    expect(detail).toContain(colleague);
    expect(detail).toContain(`Invited by ${a.contact.email}`);
    expect(detail).toContain("Sections: security");
    expect(detail).toContain("Evidence files");
    expect(detail).toContain("subprocessors.csv");
    expect(detail).toContain("cert.pdf");
    expect(detail).toContain(sha256(PDF).slice(0, 12));
    expect(detail).toContain(`href="/assessments/${a.assessmentId}/evidence/${cert.id}"`);
  });
});
