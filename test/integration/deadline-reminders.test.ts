// Deadline reminders, evidence renewal requests and the weekly digest through a real SMTP server
// (smtp-server in this process) with the queue workers on, over a test database (PGlite, or
// PostgreSQL with TEST_DATABASE_URL). At fixed moments: reminders at 60, 30 and 7 days before a
// component's deadline and when it is overdue, to the supplier's procurement owner and the risk
// owners of the dependent systems (not a disabled one), each once even when two sweeps run at
// once; an expiring certificate asks the vendor contact for the renewed one with a working magic
// link (or, with no open questionnaire, asks the primary contact to send it); a moved deadline
// earns its reminders again; the digest goes once a week, not when opted out or with nothing to say.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { sql } from "kysely";
import { SMTPServer } from "smtp-server";
import { addDays, today, type CalendarDate } from "~/domain/calendar";
import { deadlineReminderKind, weekOf } from "~/domain/deadlines/reminder-schedule";
import { inspectGrantToken } from "~/services/access-grants.server";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { runDeadlineReminderSweep, runWeeklyDigest, type DeadlineSweepResult } from "~/services/deadline-reminders.server";
import { JOBS } from "~/services/queue.server";
import { eventually, startTestApp, type TestApp } from "../support/app";
import { component, contact, setDeadline, supplier, system } from "../support/deadline-fixtures";
import { createUser } from "../support/factories";

const TOKEN_LINK = /http:\/\/localhost:3000\/v\/([A-Za-z0-9_-]{43})/;
const DAY = 86_400_000;
// A Monday morning.
const NOW = new Date("2031-03-10T09:00:00Z");
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const TODAY = today(NOW);

describe("deadline reminders through a real SMTP server", () => {
  let smtp: SMTPServer;
  let app: TestApp;
  const received: ParsedMail[] = [];
  const db = () => app.ctx.db;
  const people: Record<string, { id: string; email: string; name: string }> = {};
  const ids: Record<string, string> = {};

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

    for (const [key, role, name] of [
      ["pat", "procurement", "Pat Buyer"],
      ["rita", "risk_owner", "Rita Owner"],
      ["dora", "risk_owner", "Dora Disabled"],
      ["ada", "admin", "Ada Admin"],
      ["olga", "procurement", "Olga Optout"],
      ["vic", "viewer", "Vic Viewer"],
    ] as const) {
      people[key] = await createUser(db(), role, { name, email: `${key}@buyer.example` });
    }
    await db().updateTable("users").set({ disabled_at: NOW }).where("id", "=", people.dora!.id).execute();
    await db().updateTable("users").set({ digest_opt_out: true }).where("id", "=", people.olga!.id).execute();

    // Acme's Chat API: a cadence deadline 60 days out; Rita's two systems and Dora's depend on it.
    const acme = await supplier(db(), "Acme AI", people.pat!.id);
    const chat = await component(db(), acme.id, "Chat API");
    await system(db(), "Claims triage", people.rita!.id, [chat.id]);
    await system(db(), "Fraud scoring", people.rita!.id, [chat.id]);
    await system(db(), "Old pilot", people.dora!.id, [chat.id]);
    // Vision Co: an open questionnaire with Vera's grant; its certificate expires in 20 days.
    const visionCo = await supplier(db(), "Vision Co", people.pat!.id);
    const vision = await component(db(), visionCo.id, "Vision API");
    const vera = await contact(db(), visionCo.id, "Vera Vendor", "vera@vision.example");
    const builtin = await ensureBuiltinTemplate(db());
    const version = await db()
      .selectFrom("template_versions")
      .select("id")
      .where("template_id", "=", builtin.templateId)
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const issued = await issueAssessment(
      app.ctx,
      userActor(people.pat!),
      { supplierId: visionCo.id, templateVersionId: version.id, componentIds: [vision.id], contactIds: [vera.id], dueDate: addDays(TODAY, 40), message: null },
      NOW,
    );
    // Sky Co: no owner, nobody depends on it, no questionnaire; its audit report lapses in 5 days.
    const sky = await supplier(db(), "Sky Co", null);
    const skyModel = await component(db(), sky.id, "Sky Model");
    await contact(db(), sky.id, "Sam Sky", "sam@sky.example");
    // Olga's supplier: due in 10 days, but Olga opted out of the digest.
    const olgaCo = await supplier(db(), "Olga Co", people.olga!.id);
    const olgaModel = await component(db(), olgaCo.id, "Olga Model");

    await setDeadline(db(), chat.id, addDays(TODAY, 60), [{ kind: "cadence", text: "High inherent risk: review every 12 months; last review 9 May 2030" }]);
    await setDeadline(db(), vision.id, addDays(TODAY, 20), [{ kind: "evidence", text: "ISO/IEC 42001 certificate expires 30 Mar 2031" }]);
    await setDeadline(db(), skyModel.id, addDays(TODAY, 5), [{ kind: "evidence", text: "SOC 2 Type II report expires 15 Mar 2031" }]);
    await setDeadline(db(), olgaModel.id, addDays(TODAY, 10), [{ kind: "cadence", text: "Critical inherent risk: review every 6 months" }]);
    Object.assign(ids, { chat: chat.id, vision: vision.id, sky: skyModel.id, assessment: issued.assessmentId, grant: issued.grantIds[0]! });
    await eventually(async () => received.find((m) => m.subject?.startsWith("Due-diligence questionnaire")));
  });
  afterAll(async () => {
    await app?.stop();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  const mailsTo = (address: string) => received.filter((m) => JSON.stringify(m.to ?? "").includes(address));
  const unfinishedMailJobs = async () =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${JOBS.sendEmail} AND state IN ('created', 'retry', 'active')`.execute(
        db(),
      )
    ).rows[0]!.n;
  const allDelivered = () => eventually(async () => (await unfinishedMailJobs()) === 0);
  /** Two sweeps at once (two workers); what they sent together. */
  async function twoSweeps(moment: Date) {
    const results: DeadlineSweepResult[] = await Promise.all([runDeadlineReminderSweep(app.ctx, moment), runDeadlineReminderSweep(app.ctx, moment)]);
    const sent: Record<string, number> = {};
    for (const result of results) for (const [kind, n] of Object.entries(result.sent)) sent[kind] = (sent[kind] ?? 0) + (n ?? 0);
    return sent;
  }

  it("knows which reminder is due when", () => {
    const due = "2031-05-09" as CalendarDate;
    expect(deadlineReminderKind(due, "2031-02-01" as CalendarDate)).toBeNull();
    expect(deadlineReminderKind(due, "2031-03-10" as CalendarDate)).toBe("due_60");
    expect(deadlineReminderKind(due, "2031-04-20" as CalendarDate)).toBe("due_30");
    expect(deadlineReminderKind(due, "2031-05-09" as CalendarDate)).toBe("due_7");
    expect(deadlineReminderKind(due, "2031-05-10" as CalendarDate)).toBe("overdue");
    expect(weekOf("2031-03-10" as CalendarDate)).toBe("2031-03-10");
    expect(weekOf("2031-03-16" as CalendarDate)).toBe("2031-03-10");
    expect(weekOf("2031-03-17" as CalendarDate)).toBe("2031-03-17");
  });

  it("reminds the owners at 60, 30 and 7 days and when overdue, each once, even with two sweeps at once", async () => {
    // Now: Chat API 60 days out (Pat, Rita); Vision API 20 days (Pat); Olga Model 10 days (Olga);
    // the two expiring certificates (Vera, Sam; Sky Model has no staff to tell).
    expect(await twoSweeps(NOW)).toEqual({ due_60: 2, due_30: 2, evidence_request: 2 });
    expect(await twoSweeps(NOW)).toEqual({});
    expect(await twoSweeps(at(30))).toEqual({ due_30: 2, overdue: 2 });
    expect(await twoSweeps(at(53))).toEqual({ due_7: 2 });
    expect(await twoSweeps(at(61))).toEqual({ overdue: 2 });
    expect(await twoSweeps(at(61))).toEqual({});
    await allDelivered();

    const chatSubjects = (address: string) =>
      mailsTo(address)
        .map((m) => m.subject ?? "")
        .filter((s) => s.includes("Chat API"))
        .sort();
    const dueDate = "9 May 2031";
    for (const who of ["pat", "rita"]) {
      // Mail jobs run in parallel: the order of arrival is not the order of sending.
      expect(chatSubjects(`${who}@buyer.example`)).toEqual(
        [
          `Reassess Chat API (Acme AI) by ${dueDate}: 60 days left`,
          `Reassess Chat API (Acme AI) by ${dueDate}: 30 days left`,
          `Reassess Chat API (Acme AI) by ${dueDate}: 7 days left`,
          `Overdue: reassess Chat API (Acme AI), due ${dueDate}`,
        ].sort(),
      );
    }
    const ritaMail = mailsTo("rita@buyer.example").find((m) => m.subject?.includes("Chat API"))!;
    expect(ritaMail.text).toContain("High inherent risk: review every 12 months; last review 9 May 2030");
    expect(ritaMail.text).toContain("risk owner of Claims triage, which depends on it and the risk owner of Fraud scoring");
    expect(ritaMail.text).toContain(`http://localhost:3000/components/${ids.chat}`);
    expect(mailsTo("pat@buyer.example").find((m) => m.subject?.includes("Chat API"))!.text).toContain("procurement owner of Acme AI");
    expect(mailsTo("dora@buyer.example")).toEqual([]);
    expect(
      mailsTo("pat@buyer.example")
        .filter((m) => m.subject?.includes("Vision API"))
        .map((m) => m.subject),
    ).toEqual(["Reassess Vision API (Vision Co) by 30 Mar 2031: 20 days left", "Overdue: reassess Vision API (Vision Co), due 30 Mar 2031"]);
    const rows = await db().selectFrom("deadline_reminders_sent").select(["recipient", "kind", "email_id"]).where("ai_component_id", "=", ids.chat!).execute();
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.email_id)).toBe(true);
  });

  it("asks the vendor for the renewed certificate with a working link, or asks the primary contact without one", async () => {
    const request = mailsTo("vera@vision.example").find((m) => m.subject?.startsWith("Please upload your renewed certificate"));
    expect(request?.subject).toBe("Please upload your renewed certificate for Vision API (Vision Co)");
    expect(request!.text).toContain("ISO/IEC 42001 certificate expires 30 Mar 2031");
    const token = TOKEN_LINK.exec(request!.text ?? "")?.[1];
    expect(token).toBeDefined();
    expect(request!.html).toContain(`href="http://localhost:3000/v/${token}"`);
    expect(await inspectGrantToken(db(), token!, NOW)).toMatchObject({ state: "valid", assessmentId: ids.assessment, grantId: ids.grant });
    expect(mailsTo("vera@vision.example").filter((m) => m.subject?.startsWith("Please upload"))).toHaveLength(1);

    const sam = mailsTo("sam@sky.example");
    expect(sam.map((m) => m.subject)).toEqual(["Please upload your renewed certificate for Sky Model (Sky Co)"]);
    expect(sam[0]!.text).toContain("SOC 2 Type II report expires 15 Mar 2031");
    expect(sam[0]!.text).not.toMatch(TOKEN_LINK);
    expect(sam[0]!.text).toContain("your contact in our procurement team");
  });

  it("reminds again when the deadline moves", async () => {
    const moment = at(62);
    await setDeadline(db(), ids.chat!, addDays(today(moment), 25), [{ kind: "change", text: "New model version reported" }]);
    expect(await twoSweeps(moment)).toEqual({ due_30: 2 });
    expect(await twoSweeps(moment)).toEqual({});
  });

  it("sends the weekly digest once a week, not when opted out or with nothing to say", async () => {
    // Monday 10 March: Pat (Vision API due in 20 days) and Ada (admin: every deadline) get one;
    // Rita's only deadline is further than 30 days now; Olga opted out; Vic owns nothing.
    await setDeadline(db(), ids.chat!, addDays(TODAY, 60), [{ kind: "cadence", text: "High inherent risk: review every 12 months" }]);
    const [first, second] = await Promise.all([runWeeklyDigest(app.ctx, NOW), runWeeklyDigest(app.ctx, NOW)]);
    expect(first!.sent + second!.sent).toBe(2);
    expect((await runWeeklyDigest(app.ctx, at(2))).sent).toBe(0); // Wednesday, same week
    await allDelivered();
    const digests = received.filter((m) => m.subject?.startsWith("Reassessments for the week of"));
    expect(digests.map((m) => (m.to && "text" in m.to ? m.to.text : "")).sort()).toEqual(["ada@buyer.example", "pat@buyer.example"]);
    const pat = digests.find((m) => JSON.stringify(m.to).includes("pat@"))!;
    expect(pat.subject).toBe("Reassessments for the week of 10 Mar 2031: 0 overdue, 1 due in the next 30 days");
    expect(pat.text).toContain("Vision API (Vision Co)");
    expect(pat.text).toContain("ISO/IEC 42001 certificate expires 30 Mar 2031");
    expect(pat.text).toContain("http://localhost:3000/profile");
    const ada = digests.find((m) => JSON.stringify(m.to).includes("ada@"))!;
    expect(ada.subject).toBe("Reassessments for the week of 10 Mar 2031: 0 overdue, 3 due in the next 30 days");
    expect(await db().selectFrom("digests_sent").select(["user_id", "week_of"]).execute()).toHaveLength(2);

    // The next Monday: a new week; Olga still opted out.
    const next = await runWeeklyDigest(app.ctx, at(7));
    expect(next).toEqual({ weekOf: "2031-03-17", sent: 2 });
    expect((await runWeeklyDigest(app.ctx, at(7))).sent).toBe(0);
    await allDelivered();
    expect(mailsTo("olga@buyer.example").filter((m) => m.subject?.startsWith("Reassessments"))).toEqual([]);
    expect(mailsTo("vic@buyer.example")).toEqual([]);
  });
});
