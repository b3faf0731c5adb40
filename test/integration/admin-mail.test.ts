// /admin/mail over HTTP: admins (only) see undelivered mail without its body, "Retry now" delivers a
// failed mail once (audited, no JavaScript needed), and the staff layout warns admins while mail fails.
import net, { type AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { Role } from "~/domain/permissions";
import { SYSTEM_ACTOR } from "~/services/audit.server";
import { createStaffSession } from "~/services/sessions.server";
import { inviteUser } from "~/services/users.server";
import { eventually } from "../support/app";
import { createUser } from "../support/factories";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const BANNER = "Mail delivery is failing";

describe("/admin/mail", () => {
  let server: TestServer;
  let smtpPort: number;
  let smtp: SMTPServer | undefined;
  const received: ParsedMail[] = [];
  let admin: WebClient;
  let viewer: WebClient;
  let procurement: WebClient;

  async function clientFor(role: Role): Promise<WebClient> {
    const user = await createUser(server.app.ctx.db, role);
    const { token } = await server.app.ctx.db.transaction().execute((trx) => createStaffSession(trx, user.id, { ip: null, userAgent: "test" }));
    const client = new WebClient(server.baseUrl);
    client.cookies.set("assay_session", token);
    return client;
  }

  beforeAll(async () => {
    // The SMTP server is down at first; a window of 3.6 s makes "failed for good" come quickly.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    smtpPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    server = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_RETRY_HOURS: "0.001" } });
    admin = await clientFor("admin");
    viewer = await clientFor("viewer");
    procurement = await clientFor("procurement");
  });
  afterAll(async () => {
    await server?.stop();
    if (smtp?.server.listening) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
  });

  let failedId: string;

  it("lists a mail that failed for good to admins, without its body, and refuses everyone else", async () => {
    await inviteUser(server.app.ctx, SYSTEM_ACTOR, { email: "lost.invite@example.com", name: "Lost Invite", role: "viewer" });
    const failed = await eventually(
      () =>
        server.app.ctx.db
          .selectFrom("emails")
          .selectAll()
          .where("to_address", "=", "lost.invite@example.com")
          .where("status", "=", "failed")
          .executeTakeFirst(),
      30_000,
    );
    failedId = failed.id;
    expect(failed.attempts).toBeGreaterThan(1);
    expect(failed.text_body).toMatch(/\/login\/[A-Za-z0-9_-]{43}/); // kept, to be retried…

    const page = await admin.get("/admin/mail");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("lost.invite@example.com");
    expect(html).toContain("Assay invited you to Assay");
    expect(html).toContain("staff-invitation");
    expect(html).toContain("Failed");
    expect(html).toContain("ECONNREFUSED");
    expect(html).toContain("Retry now");
    expect(html).not.toMatch(/\/login\/[A-Za-z0-9_-]{43}/); // …but never shown

    expect((await viewer.get("/admin/mail")).status).toBe(403);
    expect((await procurement.get("/admin/mail")).status).toBe(403);
    expect((await procurement.post("/admin/mail", { intent: "retry", emailId: failedId, page: "1" })).status).toBe(403);
    expect(await server.app.ctx.db.selectFrom("emails").select("status").where("id", "=", failedId).executeTakeFirstOrThrow()).toEqual({ status: "failed" });
  });

  it("warns admins on every staff page while mail is failing, linking to /admin/mail; nobody else", async () => {
    const home = await (await admin.get("/suppliers")).text();
    expect(home).toContain(BANNER);
    expect(home).toContain('href="/admin/mail"');
    expect(await (await viewer.get("/suppliers")).text()).not.toContain(BANNER);
    expect(await (await procurement.get("/suppliers")).text()).not.toContain(BANNER);
  });

  it("also warns about mail still being retried more than 15 minutes after it was queued", async () => {
    const { id } = await server.app.ctx.db
      .insertInto("emails")
      .values({
        to_address: "slow@example.com",
        subject: "Slow",
        template: "sign-in",
        html: "<p>x</p>",
        text_body: "x",
        status: "retrying",
        attempts: 9,
        error: "connect ECONNREFUSED",
        created_at: new Date(Date.now() - 20 * 60_000),
        next_attempt_at: new Date(Date.now() + 60 * 60_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    try {
      const html = await (await admin.get("/")).text();
      expect(html).toContain("1 mail has waited more than 15 minutes");
      expect(html).toContain("1 mail could not be delivered");
    } finally {
      await server.app.ctx.db.deleteFrom("emails").where("id", "=", id).execute();
    }
  });

  it("delivers a failed mail once on Retry now (a plain form post), audits it, and lowers the banner", async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => received.push(mail))
          .then(() => callback(), callback);
      },
    });
    await new Promise<void>((resolve) => smtp!.listen(smtpPort, "127.0.0.1", resolve));

    const retried = await admin.post("/admin/mail", { intent: "retry", emailId: failedId, page: "1" });
    expect(retried.status).toBe(302);
    expect(retried.headers.get("location")).toBe("/admin/mail?retried=1");
    const sent = await eventually(() =>
      server.app.ctx.db.selectFrom("emails").selectAll().where("id", "=", failedId).where("status", "=", "sent").executeTakeFirst(),
    );
    expect(sent.text_body).toBeNull();
    const arrived = received.filter((m) => JSON.stringify(m.to).includes("lost.invite@example.com"));
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.subject).toBe("Assay invited you to Assay");

    const audit = await server.app.ctx.db.selectFrom("audit_events").selectAll().where("action", "=", "email.retry").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity_type: "email", entity_id: failedId, actor_type: "user" });
    expect(audit.details).toMatchObject({ to: "lost.invite@example.com", previousStatus: "failed" });

    const after = await (await admin.get("/admin/mail?retried=1")).text();
    expect(after).toContain("A new attempt was queued");
    expect(after).toContain("All mail has been delivered.");
    expect(after).not.toContain(BANNER);

    // A mail that was sent is never sent again.
    const again = await admin.post("/admin/mail", { intent: "retry", emailId: failedId, page: "1" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("That mail has already been sent.");
    expect((await admin.post("/admin/mail", { intent: "retry", emailId: "7d9f2c4e-8a1b-4c3d-9e5f-6a7b8c9d0e1f", page: "1" })).status).toBe(404);
    expect((await admin.post("/admin/mail", { intent: "retry", emailId: "not-a-uuid" })).status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(received.filter((m) => JSON.stringify(m.to).includes("lost.invite@example.com"))).toHaveLength(1);
  });
});
