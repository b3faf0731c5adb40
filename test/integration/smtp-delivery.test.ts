import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { requestSignInLink } from "~/services/sign-in.server";
import { inviteUser } from "~/services/users.server";
import { SYSTEM_ACTOR } from "~/services/audit.server";
import { eventually, startTestApp, type TestApp } from "../support/app";
import { createUser } from "../support/factories";

describe("mail through a real SMTP server", () => {
  let smtp: SMTPServer;
  let app: TestApp;
  const received: ParsedMail[] = [];

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
    app = await startTestApp({ worker: true, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "Assay <assay@example.com>" } });
  });
  afterAll(async () => {
    await app?.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it("delivers a sign-in link by SMTP, in HTML and plain text, and then forgets the body", async () => {
    const user = await createUser(app.ctx.db, "risk_owner", { name: "Rita Risk" });
    await requestSignInLink(app.ctx, user.email, "127.0.0.1");
    const mail = await eventually(async () => received.find((m) => m.to && JSON.stringify(m.to).includes(user.email)));
    expect(mail.subject).toBe("Your Assay sign-in link");
    expect(mail.from?.text).toContain("assay@example.com");
    expect(mail.text).toContain("Hello Rita Risk");
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/login\/[A-Za-z0-9_-]{43}/);
    expect(mail.html).toMatch(/href="http:\/\/localhost:3000\/login\/[A-Za-z0-9_-]{43}"/);

    const row = await eventually(async () =>
      app.ctx.db.selectFrom("emails").selectAll().where("to_address", "=", user.email).where("status", "=", "sent").executeTakeFirst(),
    );
    expect(row.html).toBeNull();
    expect(row.text_body).toBeNull();
  });

  it("sends the invitation an admin creates", async () => {
    await inviteUser(app.ctx, SYSTEM_ACTOR, { email: "new.colleague@example.com", name: "New Colleague", role: "viewer" });
    const mail = await eventually(async () => received.find((m) => JSON.stringify(m.to).includes("new.colleague@example.com")));
    expect(mail.subject).toBe("Assay invited you to Assay");
    expect(mail.text).toContain("as Viewer / auditor");
    expect(mail.text).toContain("expires in 7 days");
  });
});
