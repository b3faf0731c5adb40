// The reminder sweep's mail through a real SMTP server (smtp-server in this process), with the
// queue workers on, over a test database (PGlite, or PostgreSQL with TEST_DATABASE_URL): an
// assessment issued due in 3 days gets its "due tomorrow" reminder with a fresh, working /v/ link
// at a fixed moment, and sweeping again sends nothing more (checked once every mail job has run).
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { sql } from "kysely";
import { SMTPServer } from "smtp-server";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { addDays, today } from "~/domain/calendar";
import { reminderMoment } from "~/domain/reminders";
import { JOBS } from "~/services/queue.server";
import { inspectGrantToken } from "~/services/access-grants.server";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { runReminderSweep } from "~/services/reminders.server";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { eventually, startTestApp, type TestApp } from "../support/app";

const TOKEN_LINK = /http:\/\/localhost:3000\/v\/([A-Za-z0-9_-]{43})/;
const HOUR = 3_600_000;
// Fixed moments: issued on the morning of 10 March 2031, due 3 days later (13 March).
const ISSUED_AT = new Date("2031-03-10T09:00:00Z");
const DUE = addDays(today(ISSUED_AT), 3);
// The morning before the due date: the one-day reminder is due (the 7- and 3-day moments came
// before the contact got access, so the invitation stood in for them).
const SWEEP_AT = new Date(reminderMoment(DUE, 1).getTime() + 8 * HOUR);

describe("reminder mail through a real SMTP server", () => {
  let smtp: SMTPServer;
  let app: TestApp;
  const received: ParsedMail[] = [];
  const db = () => app.ctx.db;

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
    // Without the demo assessments: by 2031 its open ones are overdue, and this sweep is about one questionnaire.
    await seedDemoData(db(), { assessments: false });
  });
  afterAll(async () => {
    await app?.stop();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  const mailsTo = (address: string) => received.filter((m) => JSON.stringify(m.to ?? "").includes(address));
  /** Mail jobs not yet done: a job completes only after the SMTP server has accepted (and stored) its message. */
  const unfinishedMailJobs = async () =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${JOBS.sendEmail} AND state IN ('created', 'retry', 'active')`.execute(
        db(),
      )
    ).rows[0]!.n;

  it("mails the due reminder with a working /v/ link, once", async () => {
    expect(DUE).toBe("2031-03-13");
    const procurement = await db().selectFrom("users").select(["id", "email"]).where("email", "=", "procurement@example.com").executeTakeFirstOrThrow();
    const supplier = await db()
      .selectFrom("suppliers as s")
      .innerJoin("supplier_contacts as c", "c.supplier_id", "s.id")
      .select(["s.id", "s.name", "c.id as contactId", "c.email as contactEmail"])
      .where("s.status", "in", ["active", "prospective"])
      .where("s.archived_at", "is", null)
      .where("c.is_primary", "=", true)
      .orderBy("s.name")
      .executeTakeFirstOrThrow();
    const components = await db().selectFrom("ai_components").select("id").where("supplier_id", "=", supplier.id).where("archived_at", "is", null).execute();
    const builtin = await ensureBuiltinTemplate(db());
    const version = await db()
      .selectFrom("template_versions")
      .select("id")
      .where("template_id", "=", builtin.templateId)
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();

    const { assessmentId, grantIds } = await issueAssessment(
      app.ctx,
      userActor(procurement),
      {
        supplierId: supplier.id,
        templateVersionId: version.id,
        componentIds: components.map((c) => c.id),
        contactIds: [supplier.contactId],
        dueDate: DUE,
        message: null,
      },
      ISSUED_AT,
    );
    expect(grantIds).toHaveLength(1);
    const invitation = await eventually(async () => mailsTo(supplier.contactEmail).find((m) => /due-diligence questionnaire for/i.test(m.subject ?? "")));
    const invitationToken = TOKEN_LINK.exec(invitation.text ?? "")?.[1];
    expect(invitationToken).toBeDefined();
    expect(await inspectGrantToken(db(), invitationToken!, SWEEP_AT)).toMatchObject({ state: "valid", assessmentId });
    expect(mailsTo(supplier.contactEmail)).toHaveLength(1);

    // Right after issuing nothing is due: the invitation said it all.
    expect((await runReminderSweep(app.ctx, new Date(ISSUED_AT.getTime() + HOUR))).sent).toEqual({});

    // The morning before the due date: one reminder, through SMTP.
    const first = await runReminderSweep(app.ctx, SWEEP_AT);
    expect(first.sent).toEqual({ due_1: 1 });
    const reminder = await eventually(async () => mailsTo(supplier.contactEmail).find((m) => m.subject?.startsWith("Reminder:")));
    expect(reminder.subject).toBe(`Reminder: the questionnaire for ${supplier.name} is due tomorrow`);
    expect(reminder.from?.text).toContain("assay@example.com");
    const token = TOKEN_LINK.exec(reminder.text ?? "")?.[1];
    expect(token).toBeDefined();
    expect(reminder.html).toContain(`href="http://localhost:3000/v/${token}"`);
    expect(await inspectGrantToken(db(), token!, SWEEP_AT)).toMatchObject({
      state: "valid",
      assessmentId,
      grantId: grantIds[0],
      email: supplier.contactEmail,
      dueDate: DUE,
    });
    // The reminder's link replaces the invitation's.
    expect(await inspectGrantToken(db(), invitationToken!, SWEEP_AT)).toEqual({ state: "invalid" });

    const row = await eventually(() =>
      db()
        .selectFrom("emails")
        .select(["status", "text_body"])
        .where("to_address", "=", supplier.contactEmail)
        .where("template", "=", "assessment-reminder")
        .where("status", "=", "sent")
        .executeTakeFirst(),
    );
    expect(row.text_body).toBeNull();
    expect(await db().selectFrom("reminders_sent").select(["grant_id", "kind", "recipient"]).where("assessment_id", "=", assessmentId).execute()).toEqual([
      { grant_id: grantIds[0], kind: "due_1", recipient: supplier.contactEmail },
    ]);

    // Sweeping again (at the same moment, and an hour later) sends nothing more.
    expect((await runReminderSweep(app.ctx, SWEEP_AT)).sent).toEqual({});
    expect((await runReminderSweep(app.ctx, new Date(SWEEP_AT.getTime() + HOUR))).sent).toEqual({});
    // Every mail job has run (none waiting, retrying or running): what the SMTP server holds is all that was sent.
    await eventually(async () => (await unfinishedMailJobs()) === 0);
    expect(mailsTo(supplier.contactEmail)).toHaveLength(2);
    expect(received).toHaveLength(2);
    expect(await db().selectFrom("emails").select("id").where("template", "=", "assessment-reminder").execute()).toHaveLength(1);
    expect(await db().selectFrom("emails").select("id").where("status", "=", "queued").execute()).toEqual([]);
    // The link still works: nothing rotated it again.
    expect(await inspectGrantToken(db(), token!, SWEEP_AT)).toMatchObject({ state: "valid", assessmentId });
  });
});
