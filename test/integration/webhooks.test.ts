// Webhooks end to end on a real database with a real HTTP receiver (on 127.0.0.1, so the tests that
// deliver turn the private-targets setting on): each event type arrives once, signed; retries over
// (injected) hours; redirects not followed; timeouts retried, not hung; auto-disable mails the admins;
// manual redelivery; a rolled-back change emits nothing; private and plain-http targets refused.
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { addDays, today } from "~/domain/calendar";
import type { SignedHeaders } from "~/domain/webhooks/signing";
import { verify } from "~/domain/webhooks/signing";
import { SUBSCRIBABLE_EVENT_TYPES } from "~/domain/webhooks/events";
import { decideAssessment, startReview, submitAssessment } from "~/services/assessment-lifecycle.server";
import { userActor } from "~/services/audit.server";
import { recordChangeNotice } from "~/services/change-notices.server";
import { runDeadlineReminderSweep } from "~/services/deadline-reminders.server";
import { moveFinding, raiseFinding } from "~/services/findings.server";
import { createEndpoint, redeliver, sendTestPing, setAllowPrivateTargets, setEndpointEnabled } from "~/services/webhook-endpoints.server";
import { deliverDueWebhooks, deliverWebhook } from "~/services/webhook-delivery.server";
import { recordWebhookEvent } from "~/services/webhooks-outbox.server";
import { startWorkers } from "~/jobs/workers.server";
import { eventually, startTestApp, type TestApp } from "../support/app";
import { component, setDeadline } from "../support/deadline-fixtures";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden } from "../support/scored-assessment";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe("webhooks", () => {
  let app: TestApp;
  let admin: { id: string; email: string; name: string };
  let receiver: http.Server;
  let base: string;
  const received: Received[] = [];
  let flakyFailures = 0;
  const secrets = new Map<string, string>();

  const actor = () => userActor(admin);
  const ctx = () => app.ctx;
  const on = (path: string) => received.filter((r) => r.path === path);

  async function endpoint(path: string, eventTypes: readonly string[] = SUBSCRIBABLE_EVENT_TYPES) {
    const created = await createEndpoint(ctx(), actor(), { url: `${base}${path}`, description: path, eventTypes: eventTypes as never });
    secrets.set(path, created.secret);
    return created;
  }

  /** Delivers everything due, moving the clock forward an hour each round (retries are at most 8 h apart, jittered). */
  async function drain(rounds = 1, start = new Date()) {
    for (let i = 0; i < rounds; i++) await deliverDueWebhooks(ctx(), { now: new Date(start.getTime() + i * 9 * 3600_000), random: 0.5 });
  }

  function signatureValid(r: Received): boolean {
    const secret = secrets.get(r.path)!;
    const headers = r.headers as unknown as SignedHeaders;
    return verify(secret, headers, r.body, new Date(Number(headers["webhook-timestamp"]) * 1000));
  }

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createUser(app.ctx.db, "admin", { email: "hook.admin@example.com", name: "Hook Admin" });
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const path = req.url ?? "/";
        received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        if (path === "/slow") return; // never answers
        if (path === "/redirect") return res.writeHead(302, { location: `${base}/ok` }).end();
        if (path === "/fail") return res.writeHead(500).end("receiver broken");
        if (path === "/flaky" && flakyFailures++ < 3) return res.writeHead(503).end("try later");
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
    await app?.stop();
  });

  it("refuses private, loopback and link-local targets by default, and plain http in production", async () => {
    const attempts: Array<[string, RegExp]> = [
      [`${base}/ok`, /127\.0\.0\.1 is a loopback address/],
      ["http://10.1.2.3/hook", /10\.1\.2\.3 is a private address/],
      ["http://169.254.169.254/latest/meta-data", /link-local/],
      ["http://[::1]:8080/hook", /::1 is a loopback address/],
      ["http://localhost:9/hook", /localhost resolves to .* loopback/],
      ["http://[::ffff:10.0.0.1]/hook", /10\.0\.0\.1 is a private address/],
    ];
    for (const [url, message] of attempts) {
      await expect(createEndpoint(ctx(), actor(), { url, description: "", eventTypes: ["finding.opened"] }), url).rejects.toMatchObject({
        kind: "invalid",
        field: "url",
        message: expect.stringMatching(message),
      });
    }
    const production = { ...ctx(), config: { ...ctx().config, env: "production" as const } };
    await expect(
      createEndpoint(production, actor(), { url: "http://hooks.example.com/x", description: "", eventTypes: ["finding.opened"] }),
    ).rejects.toMatchObject({
      field: "url",
      message: expect.stringMatching(/must use https/),
    });
    expect(await ctx().db.selectFrom("webhook_endpoints").select("id").execute()).toHaveLength(0);
  });

  it("delivers each event type once, signed with the endpoint's secret, from the services where it happens", async () => {
    await setAllowPrivateTargets(ctx(), actor(), true);
    const all = await endpoint("/ok");
    const versionId = await publishGolden(ctx(), actor());
    const issued = await issueGolden(ctx(), actor(), versionId);
    await answerGolden(ctx(), issued);
    await submitAssessment(ctx(), issued.grant, issued.assessmentId);
    const findingId = await raiseFinding(ctx(), actor(), issued.assessmentId, {
      title: "No model card",
      description: null,
      severity: "medium",
      ownerId: admin.id,
      dueDate: addDays(today(), 30),
      componentId: null,
      questionKey: null,
    } as never);
    await moveFinding(ctx(), actor(), findingId, "close", "Fixed.");
    await startReview(ctx(), actor(), issued.assessmentId);
    await decideAssessment(ctx(), actor(), issued.assessmentId, {
      decision: "approved",
      rationale: "Fine.",
      validUntil: addDays(today(), 365),
      conditions: [],
    });
    await recordChangeNotice(
      ctx(),
      { type: "user", id: admin.id, email: admin.email, name: admin.name },
      { componentId: issued.componentIds[0], kind: "retrain", occurredOn: today(), description: "Monthly retrain." },
    );
    // Deadlines: one approaching, one overdue; the sweep twice emits each once.
    const soon = await component(ctx().db, issued.supplierId, "Soon model");
    const late = await component(ctx().db, issued.supplierId, "Late model");
    await setDeadline(ctx().db, soon.id, addDays(today(), 5), [{ kind: "cadence", text: "Yearly review" }]);
    await setDeadline(ctx().db, late.id, addDays(today(), -2), [{ kind: "cadence", text: "Yearly review" }]);
    await runDeadlineReminderSweep(ctx());
    await runDeadlineReminderSweep(ctx());

    const events = await ctx().db.selectFrom("webhook_events").select(["id", "type", "payload"]).execute();
    await drain(1);
    const got = on("/ok");
    expect(got.length).toBe(events.length);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(got.length); // each event once
    for (const r of got) {
      expect(signatureValid(r), r.body).toBe(true);
      expect(JSON.parse(r.body).id).toBe(r.headers["webhook-id"]);
      expect(r.headers["content-type"]).toBe("application/json");
    }
    const types = new Set(got.map((r) => JSON.parse(r.body).type as string));
    expect([...types].sort()).toEqual([...SUBSCRIBABLE_EVENT_TYPES].sort());
    const byType = (type: string) => got.map((r) => JSON.parse(r.body)).filter((b) => b.type === type);
    expect(byType("assessment.issued")).toEqual([
      expect.objectContaining({ version: 1, data: expect.objectContaining({ assessmentId: issued.assessmentId }) }),
    ]);
    expect(byType("finding.closed")).toEqual([expect.objectContaining({ data: expect.objectContaining({ findingId }) })]);
    expect(byType("deadline.approaching").filter((b) => b.data.componentId === soon.id)).toHaveLength(1);
    expect(byType("deadline.overdue").filter((b) => b.data.componentId === late.id)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ daysOverdue: 2, dueOn: addDays(today(), -2) }) }),
    ]);
    const log = await ctx().db.selectFrom("webhook_deliveries").select(["status", "last_status_code", "attempts"]).where("endpoint_id", "=", all.id).execute();
    expect(log.every((d) => d.status === "delivered" && d.last_status_code === 204 && d.attempts === 1)).toBe(true);
    await setEndpointEnabled(ctx(), actor(), all.id, false);
  });

  it("keeps trying a receiver that fails three times (over hours, by the schedule) until it succeeds", async () => {
    const flaky = await endpoint("/flaky", ["webhook.ping" as never, "finding.opened"]);
    await sendTestPing(ctx(), actor(), flaky.id);
    const start = new Date();
    // Due immediately; then not again until the backoff has passed.
    expect(await deliverDueWebhooks(ctx(), { now: start, random: 0.5 })).toEqual(["retrying"]);
    expect(await deliverDueWebhooks(ctx(), { now: new Date(start.getTime() + 10_000), random: 0.5 })).toEqual([]);
    await drain(4, new Date(start.getTime() + 3600_000));
    const got = on("/flaky");
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(got.every(signatureValid)).toBe(true);
    const d = await ctx().db.selectFrom("webhook_deliveries").selectAll().where("endpoint_id", "=", flaky.id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ status: "delivered", attempts: 4, last_status_code: 204, last_error: null });
    const e = await ctx().db.selectFrom("webhook_endpoints").select(["consecutive_failures", "enabled"]).where("id", "=", flaky.id).executeTakeFirstOrThrow();
    expect(e).toEqual({ consecutive_failures: 0, enabled: true });
    await setEndpointEnabled(ctx(), actor(), flaky.id, false);
  });

  it("does not follow a redirect: the 3xx is a failed attempt in the log", async () => {
    const redirecting = await endpoint("/redirect", ["finding.opened"]);
    const before = on("/ok").length;
    await sendTestPing(ctx(), actor(), redirecting.id);
    await drain(1);
    const d = await ctx().db.selectFrom("webhook_deliveries").selectAll().where("endpoint_id", "=", redirecting.id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ status: "pending", attempts: 1, last_status_code: 302, last_error: expect.stringMatching(/not followed/) });
    expect(on("/ok").length).toBe(before);
    await setEndpointEnabled(ctx(), actor(), redirecting.id, false);
  });

  it("gives up on a receiver that does not answer within the timeout and retries later, without hanging", async () => {
    const slow = await endpoint("/slow", ["finding.opened"]);
    await sendTestPing(ctx(), actor(), slow.id);
    const d = await ctx().db.selectFrom("webhook_deliveries").select("id").where("endpoint_id", "=", slow.id).executeTakeFirstOrThrow();
    const started = Date.now();
    expect(await deliverWebhook(ctx(), d.id, 0, { timeoutMs: 500 })).toBe("retrying");
    expect(Date.now() - started).toBeLessThan(5_000);
    const row = await ctx().db.selectFrom("webhook_deliveries").selectAll().where("id", "=", d.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_status_code: null, last_error: expect.stringMatching(/No response within/) });
    expect(row.next_attempt_at!.getTime()).toBeGreaterThan(Date.now());
    await setEndpointEnabled(ctx(), actor(), slow.id, false);
  });

  it("disables an endpoint after N failures in a row and mails the admins; a disabled endpoint gets nothing", async () => {
    const failing = await endpoint("/fail", ["finding.opened"]);
    for (let i = 0; i < 3; i++) await sendTestPing(ctx(), actor(), failing.id);
    await deliverDueWebhooks(ctx(), { autoDisableAfter: 3, random: 0.5 });
    const e = await ctx().db.selectFrom("webhook_endpoints").selectAll().where("id", "=", failing.id).executeTakeFirstOrThrow();
    expect(e).toMatchObject({
      enabled: false,
      consecutive_failures: 3,
      disabled_reason: expect.stringMatching(/after 3 failed deliveries.*HTTP 500: receiver broken/),
    });
    const mail = await ctx().db.selectFrom("emails").select(["to_address", "subject", "text_body"]).where("template", "=", "webhook-disabled").execute();
    expect(mail).toEqual([expect.objectContaining({ to_address: admin.email, subject: "A webhook endpoint was disabled after 3 failed deliveries" })]);
    expect(mail[0]!.text_body).toContain(`/admin/webhooks/${failing.id}`);
    expect(await ctx().db.selectFrom("audit_events").select("action").where("action", "=", "webhook.auto_disable").execute()).toHaveLength(1);
    const count = on("/fail").length;
    await drain(3);
    expect(on("/fail").length).toBe(count);
    await expect(sendTestPing(ctx(), actor(), failing.id)).rejects.toMatchObject({ kind: "state" });
  });

  it("redelivers a delivery by hand, with the same event id, audited", async () => {
    const again = await endpoint("/again", ["finding.opened"]);
    await sendTestPing(ctx(), actor(), again.id);
    await drain(1);
    const d = await ctx().db.selectFrom("webhook_deliveries").select(["id", "event_id"]).where("endpoint_id", "=", again.id).executeTakeFirstOrThrow();
    await redeliver(ctx(), actor(), again.id, d.id);
    await drain(1);
    const got = on("/again");
    expect(got).toHaveLength(2);
    expect(got.map((r) => r.headers["webhook-id"])).toEqual([d.event_id, d.event_id]);
    expect(await ctx().db.selectFrom("webhook_deliveries").select(["status", "attempts"]).where("id", "=", d.id).executeTakeFirstOrThrow()).toEqual({
      status: "delivered",
      attempts: 2,
    });
    expect(await ctx().db.selectFrom("audit_events").select("action").where("action", "=", "webhook.redeliver").execute()).toHaveLength(1);
  });

  it("sends one attempt once when two workers race for it (claim before send)", async () => {
    const race = await endpoint("/race", ["finding.opened"]);
    await sendTestPing(ctx(), actor(), race.id);
    const d = await ctx().db.selectFrom("webhook_deliveries").select("id").where("endpoint_id", "=", race.id).executeTakeFirstOrThrow();
    const outcomes = await Promise.all([deliverWebhook(ctx(), d.id, 0), deliverWebhook(ctx(), d.id, 0), deliverWebhook(ctx(), d.id)]);
    expect(outcomes.sort()).toEqual(["delivered", "skipped", "skipped"]);
    expect(on("/race")).toHaveLength(1);
    await setEndpointEnabled(ctx(), actor(), race.id, false);
  });

  it("emits nothing when the change's transaction rolls back: no event, no delivery, no job", async () => {
    const listening = await endpoint("/rollback", ["change_notice.filed"]);
    const jobs = async () =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'webhooks.deliver'`.execute(ctx().db)).rows[0]!.n);
    const events = await ctx().db.selectFrom("webhook_events").select("id").execute();
    const before = await jobs();
    const componentId = (await ctx().db.selectFrom("ai_components").select(["id", "supplier_id"]).executeTakeFirstOrThrow()) as {
      id: string;
      supplier_id: string;
    };
    await expect(
      ctx()
        .db.transaction()
        .execute(async (trx) => {
          await recordWebhookEvent(ctx().queue, trx, {
            type: "change_notice.filed",
            data: { noticeId: componentId.id, componentId: componentId.id, supplierId: componentId.supplier_id, kind: "retrain", occurredOn: today() },
          });
          throw new Error("the change failed");
        }),
    ).rejects.toThrow("the change failed");
    // And a service whose change is refused inside its transaction (a component of another supplier's assessment).
    await expect(
      recordChangeNotice(
        ctx(),
        { type: "user", id: admin.id, email: admin.email, name: admin.name },
        { componentId: "00000000-0000-4000-8000-000000000000", kind: "retrain", occurredOn: today(), description: "Nope." },
      ),
    ).rejects.toBeTruthy();
    expect(await ctx().db.selectFrom("webhook_events").select("id").execute()).toHaveLength(events.length);
    expect(await ctx().db.selectFrom("webhook_deliveries").select("id").where("endpoint_id", "=", listening.id).execute()).toHaveLength(0);
    expect(await jobs()).toBe(before);
    await drain(1);
    expect(on("/rollback")).toHaveLength(0);
  });

  it("refuses, at delivery time, a target that became private (the setting turned off) and records why", async () => {
    const later = await endpoint("/later", ["finding.opened"]);
    await setAllowPrivateTargets(ctx(), actor(), false);
    try {
      await sendTestPing(ctx(), actor(), later.id);
      await drain(1);
      const d = await ctx().db.selectFrom("webhook_deliveries").selectAll().where("endpoint_id", "=", later.id).executeTakeFirstOrThrow();
      expect(d).toMatchObject({ status: "pending", attempts: 1, last_error: expect.stringMatching(/^Refused: 127\.0\.0\.1 is a loopback address/) });
      expect(on("/later")).toHaveLength(0);
    } finally {
      await setAllowPrivateTargets(ctx(), actor(), true);
      await setEndpointEnabled(ctx(), actor(), later.id, false);
    }
  });

  it("delivers through the queue worker, without anyone driving it", async () => {
    await startWorkers(ctx(), null);
    const queued = await endpoint("/queued", ["finding.opened"]);
    await sendTestPing(ctx(), actor(), queued.id);
    const got = await eventually(async () => on("/queued")[0], 20_000);
    expect(signatureValid(got)).toBe(true);
  });
});
