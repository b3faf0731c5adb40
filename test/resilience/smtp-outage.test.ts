// Issue 9, item 4: mail queued while the SMTP server is down (for longer than the six attempts a mail
// used to get) arrives, exactly once, when the server comes back; two workers never send one mail twice.
// Real SMTP server, real queue, real clock: only the retry window is shortened, by configuration.
import net, { type AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { SYSTEM_ACTOR } from "~/services/audit.server";
import { createMailTransport, deliverEmail, queueEmail, type DeliveryDeps } from "~/services/mail.server";
import { createQueue, enqueue, JOBS, startQueue } from "~/services/queue.server";
import { inviteUser } from "~/services/users.server";
import { startWorkers } from "~/jobs/workers.server";
import { mailRetryPolicy } from "~/domain/mail-retry";
import { eventually, startTestApp, type TestApp } from "../support/app";

function recordingSmtpServer(received: ParsedMail[], delayMs = 0): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => received.push(mail))
        .then(() => new Promise((resolve) => setTimeout(resolve, delayMs)))
        .then(() => callback(), callback);
    },
  });
}

async function listen(server: SMTPServer, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return (server.server.address() as AddressInfo).port;
}

async function closeSmtp(server: SMTPServer | undefined) {
  if (server?.server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A port nothing listens on (yet). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function recipients(received: ParsedMail[]): string[] {
  return received.flatMap((m) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ""))).sort();
}

describe("mail survives a long SMTP outage", () => {
  let app: TestApp;
  let smtp: SMTPServer | undefined;
  const received: ParsedMail[] = [];

  afterAll(async () => {
    await app?.stop();
    await closeSmtp(smtp);
  });

  it("retries past the old six attempts while the server is down, then delivers every mail exactly once", async () => {
    const port = await closedPort();
    // A 108-second window: the 30 s..30 min schedule shrinks in proportion (about 70 ms doubling to 2.25 s).
    app = await startTestApp({ worker: true, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_RETRY_HOURS: "0.03" } });
    const addresses = ["ana@outage.example", "ben@outage.example", "cho@outage.example", "dev@outage.example"];
    for (const [i, email] of addresses.entries()) await inviteUser(app.ctx, SYSTEM_ACTOR, { email, name: `Colleague ${i}`, role: "viewer" });

    const undelivered = () => app.ctx.db.selectFrom("emails").selectAll().where("to_address", "in", addresses).execute();
    // The server stays down until every mail has failed more often than the six attempts it used to get.
    const during = await eventually(async () => {
      const rows = await undelivered();
      return rows.length === 4 && rows.every((r) => r.attempts >= 7) && rows;
    }, 45_000);
    for (const row of during) {
      expect(row.status).toMatch(/^(retrying|sending)$/);
      expect(row.error).toMatch(/ECONNREFUSED/);
    }
    expect(during.some((r) => r.status === "retrying" && r.next_attempt_at !== null)).toBe(true);

    smtp = recordingSmtpServer(received);
    await listen(smtp, port);
    const sent = await eventually(async () => {
      const rows = await undelivered();
      return rows.every((r) => r.status === "sent") && rows;
    }, 30_000);
    expect(sent.every((r) => r.attempts >= 8 && r.html === null && r.text_body === null && r.error === null)).toBe(true);

    // Give any stray duplicate time to show up: there must be none.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(recipients(received)).toEqual(addresses);
  });
});

describe("one mail is sent once, however many workers", () => {
  let app: TestApp;
  let smtp: SMTPServer;
  const received: ParsedMail[] = [];
  let deps: DeliveryDeps;

  beforeAll(async () => {
    smtp = recordingSmtpServer(received, 300); // a slow server widens any race
    const port = await listen(smtp);
    app = await startTestApp({ worker: false, env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    deps = {
      db: app.ctx.db,
      queue: app.ctx.queue,
      transport: createMailTransport(app.ctx.config.smtpUrl),
      from: app.ctx.config.mailFrom,
      logger: app.ctx.logger,
      retry: mailRetryPolicy(24),
    };
  });
  afterAll(async () => {
    await app?.stop();
    await closeSmtp(smtp);
  });

  async function queueOne(to: string) {
    return app.ctx.db.transaction().execute((trx) =>
      queueEmail(app.ctx.queue, trx, to, "staff-invitation", {
        name: "Pat",
        invitedBy: "Assay",
        roleLabel: "Viewer / auditor",
        url: "http://localhost/login/t",
        daysValid: 7,
      }),
    );
  }

  it("lets one of several simultaneous deliveries of a mail send it; the others do nothing", async () => {
    const id = await queueOne("race@once.example");
    const outcomes = await Promise.all([deliverEmail(deps, id, 0), deliverEmail(deps, id, 0), deliverEmail(deps, id), deliverEmail(deps, id)]);
    expect(outcomes.filter((o) => o === "sent")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "skipped")).toHaveLength(3);
    // A retry of a job for a sent mail does nothing.
    expect(await deliverEmail(deps, id, 0)).toBe("skipped");
    expect(await deliverEmail(deps, id)).toBe("skipped");
    expect(recipients(received).filter((r) => r === "race@once.example")).toEqual(["race@once.example"]);
  });

  it("sends each mail once with two queue instances working the same database and every job delivered twice", async () => {
    const second = createQueue(app.database.pool);
    second.on("error", () => {});
    await startQueue(second);
    try {
      await startWorkers(app.ctx, deps.transport);
      await startWorkers({ ...app.ctx, queue: second }, deps.transport);
      const addresses = Array.from({ length: 8 }, (_, i) => `worker${i}@once.example`);
      const ids: string[] = [];
      for (const to of addresses) ids.push(await queueOne(to));
      // A redelivered job (pg-boss after a worker crash, or a duplicate) on the other instance.
      for (const emailId of ids) await enqueue(second, app.ctx.db, JOBS.sendEmail, { emailId, attempt: 0 });
      await eventually(async () => {
        const rows = await app.ctx.db.selectFrom("emails").select("status").where("id", "in", ids).execute();
        return rows.every((r) => r.status === "sent");
      }, 45_000);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(recipients(received).filter((r) => r.startsWith("worker"))).toEqual(addresses.sort());
    } finally {
      await second.stop({ graceful: false, wait: true, timeout: 5_000 });
    }
  });
});
