// The organisation profile over HTTP: admins (only) set the buying organisation's name, logo, support
// contact and privacy notice; bad input is refused next to its field and writes nothing; the logo is
// served with its type, nosniff and an ETag; and vendors see the organisation in the invitation
// (delivered through a real SMTP server) and on the portal.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { addDays, today } from "~/domain/calendar";
import type { Role } from "~/domain/permissions";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { createStaffSession } from "~/services/sessions.server";
import { eventually } from "../support/app";
import { createUser } from "../support/factories";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

const VALID = {
  name: "Northwind Health",
  supportName: "Dana Ortiz",
  supportEmail: "Vendor-Risk@northwind.example",
  privacyUrl: "https://northwind.example/privacy",
};

describe("organisation profile", () => {
  let server: TestServer;
  let smtp: SMTPServer;
  const received: ParsedMail[] = [];
  let admin: WebClient;
  let adminId: string;

  async function clientFor(role: Role): Promise<{ client: WebClient; id: string }> {
    const user = await createUser(server.app.ctx.db, role);
    const { token } = await server.app.ctx.db.transaction().execute((trx) => createStaffSession(trx, user.id, { ip: null, userAgent: "test" }));
    const client = new WebClient(server.baseUrl);
    client.cookies.set("assay_session", token);
    return { client, id: user.id };
  }

  /** Posts the profile form as a browser does: multipart, with an optional logo file. */
  function postProfile(client: WebClient, fields: Record<string, string>, logo?: { name: string; bytes: Buffer; type?: string }) {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    body.append("logo", new Blob([new Uint8Array(logo?.bytes ?? [])], { type: logo?.type ?? "application/octet-stream" }), logo?.name ?? "");
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return fetch(new URL("/admin/organisation", server.baseUrl), { method: "POST", redirect: "manual", body, headers: { cookie, origin: server.baseUrl } });
  }

  const profileRow = () => server.app.ctx.db.selectFrom("organisation_profile").selectAll().executeTakeFirst();

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => received.push(mail))
          .then(() => callback(), callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    server = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "Assay <assay@example.com>" } });
    ({ client: admin, id: adminId } = await clientFor("admin"));
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  async function inviteVendor(email: string) {
    const builtin = await ensureBuiltinTemplate(server.app.ctx.db);
    const version = await server.app.ctx.db
      .selectFrom("template_versions")
      .select("id")
      .where("template_id", "=", builtin.templateId)
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const supplier = await server.app.ctx.db
      .insertInto("suppliers")
      .values({ name: `Acme AI ${email}`, status: "active" })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    const contact = await server.app.ctx.db
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Vera Vendor", email, is_primary: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    await issueAssessment(server.app.ctx, userActor({ id: adminId, email: "admin@example.com" }), {
      supplierId: supplier.id,
      templateVersionId: version.id,
      componentIds: [],
      contactIds: [contact.id],
      dueDate: addDays(today(), 20),
      message: null,
    });
    const mail = await eventually(async () => received.find((m) => JSON.stringify(m.to).includes(email)));
    return { mail, supplierName: supplier.name };
  }

  it("names no buyer while the profile is unset: neutral words, never Assay", async () => {
    const { mail } = await inviteVendor("before.profile@vendor.example");
    expect(mail.text).toContain("The buying organisation has asked you to answer the questionnaire");
    expect(mail.text).not.toMatch(/Assay has asked/);
    expect(mail.text).not.toContain("Questions? Contact");
  });

  it("refuses everyone but admins, before reading the form", async () => {
    for (const role of ["procurement", "risk_owner", "viewer"] as const) {
      const { client } = await clientFor(role);
      expect((await client.get("/admin/organisation")).status).toBe(403);
      expect((await postProfile(client, VALID)).status).toBe(403);
    }
    expect(await profileRow()).toBeUndefined();
    const page = await (await admin.get("/admin/users")).text();
    expect(page).toContain('href="/admin/organisation"');
  });

  it("refuses bad text fields with a message next to each, and writes nothing", async () => {
    const response = await postProfile(admin, {
      name: "Northwind Health",
      supportName: "",
      supportEmail: "not-an-email",
      privacyUrl: "http://northwind.example/privacy",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter a valid email address, like privacy@example.com");
    expect(html).toContain("Enter the full address of the privacy notice, starting with https://");
    expect(html).toMatch(/id="supportEmail-error"/);
    expect(html).toMatch(/id="privacyUrl-error"/);
    // The typed values come back.
    expect(html).toContain('value="Northwind Health"');

    const notAUrl = await postProfile(admin, { ...VALID, privacyUrl: "privacy notice" });
    expect(notAUrl.status).toBe(400);
    expect(await notAUrl.text()).toContain("starting with https://");
    const script = await postProfile(admin, { ...VALID, privacyUrl: "javascript:alert(1)" });
    expect(script.status).toBe(400);
    expect(await profileRow()).toBeUndefined();
  });

  it("refuses a fake PNG, an SVG (however named) and an oversized logo, with the reason by the field, and writes nothing", async () => {
    const cases: Array<[{ name: string; bytes: Buffer }, string]> = [
      [{ name: "logo.png", bytes: Buffer.from("this is text, not an image") }, "its content is not a PNG image"],
      [{ name: "logo.svg", bytes: SVG }, "SVG logos are not accepted"],
      [{ name: "logo.png", bytes: SVG }, "SVG logos are not accepted"],
      [{ name: "logo.gif", bytes: Buffer.from("GIF89a....") }, "Files of type .gif are not accepted as a logo"],
      [{ name: "big.png", bytes: Buffer.concat([PNG, Buffer.alloc(600 * 1024)]) }, "The logo is larger than 512 KB"],
    ];
    for (const [logo, message] of cases) {
      const response = await postProfile(admin, VALID, logo);
      expect([400, 413]).toContain(response.status);
      const html = await response.text();
      expect(html).toContain(message);
      expect(html).toMatch(/id="logo-error"/);
    }
    expect(await profileRow()).toBeUndefined();
  });

  it("saves the profile for an admin, audits each changed field, and serves the logo with nosniff and an ETag", async () => {
    const saved = await postProfile(admin, VALID, { name: "northwind.png", bytes: PNG, type: "image/png" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/admin/organisation?saved=1");
    const row = await profileRow();
    expect(row).toMatchObject({ name: "Northwind Health", support_name: "Dana Ortiz", support_email: "vendor-risk@northwind.example", logo_type: "image/png" });
    expect(row?.privacy_url).toBe("https://northwind.example/privacy");

    const event = await server.app.ctx.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "organisation.update")
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    const changes = (event.details as { changes: Record<string, { from: unknown; to: unknown }> }).changes;
    expect(changes.name).toEqual({ from: null, to: "Northwind Health" });
    expect(changes.support_email).toEqual({ from: null, to: "vendor-risk@northwind.example" });
    expect(changes.logo_hash?.to).toBe(row?.logo_hash);

    const page = await (await admin.get("/admin/organisation?saved=1")).text();
    expect(page).toContain("Saved. Vendors see the new profile");
    expect(page).toContain('value="Northwind Health"');

    // Saving the same again changes nothing and records nothing.
    const again = await postProfile(admin, VALID);
    expect(again.headers.get("location")).toBe("/admin/organisation?unchanged=1");

    const anonymous = new WebClient(server.baseUrl);
    const logo = await anonymous.get(`/organisation/logo?v=${row!.logo_hash!.slice(0, 16)}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get("content-type")).toBe("image/png");
    expect(logo.headers.get("x-content-type-options")).toBe("nosniff");
    expect(logo.headers.get("cache-control")).toContain("max-age");
    const etag = logo.headers.get("etag");
    expect(etag).toBe(`"${row!.logo_hash}"`);
    expect(Buffer.from(await logo.arrayBuffer()).equals(PNG)).toBe(true);
    const revalidated = await anonymous.get("/organisation/logo", { "if-none-match": etag! });
    expect(revalidated.status).toBe(304);
  });

  it("names the organisation and its support contact in the invitation (through SMTP) and on the vendor's link page", async () => {
    const { mail, supplierName } = await inviteVendor("after.profile@vendor.example");
    expect(mail.subject).toContain("Northwind Health");
    expect(mail.text).toContain("Northwind Health has asked you to answer the questionnaire");
    expect(mail.text).toContain("Questions? Contact Dana Ortiz (vendor-risk@northwind.example).");
    expect(mail.html).toContain('href="https://northwind.example/privacy"');

    const link = /http:\/\/127\.0\.0\.1:\d+(\/v\/[A-Za-z0-9_-]+)/.exec(mail.text ?? "")?.[1];
    expect(link).toBeDefined();
    const html = await (await new WebClient(server.baseUrl).get(link!)).text();
    expect(html).toContain(`Northwind Health asks ${supplierName} about the AI it supplies`);
    expect(html).toMatch(/<img[^>]+src="\/organisation\/logo\?v=[0-9a-f]{16}"/);
    expect(html).toContain("Questions? Contact Dana Ortiz");
    expect(html).toContain('href="mailto:vendor-risk@northwind.example"');
    expect(html).toContain('href="https://northwind.example/privacy"');
    expect(html).toContain("Team");
    expect(html).not.toContain("ask us to invite them");
  });
});
