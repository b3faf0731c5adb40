import { hashToken } from "~/domain/tokens";
import { findStaffSession } from "~/services/sessions.server";
import {
  inspectLoginToken,
  issueLoginToken,
  LIMIT_PER_ADDRESS,
  redeemLoginToken,
  requestSignInLink,
  sendSignInLink,
  signOut,
  signOutEverywhere,
} from "~/services/sign-in.server";
import { JOBS, type JobPayloads } from "~/services/queue.server";
import { setUserDisabled } from "~/services/users.server";
import { SYSTEM_ACTOR } from "~/services/audit.server";
import { startTestApp, type TestApp } from "../support/app";
import { createUser } from "../support/factories";

const meta = { ip: "127.0.0.1", userAgent: "vitest" };
const tokenFrom = (text: string) => /\/login\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? null;

describe("staff sign-in by magic link", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  async function emailsTo(address: string) {
    return app.ctx.db.selectFrom("emails").selectAll().where("to_address", "=", address).orderBy("created_at").execute();
  }

  /** What the worker does with the queued link requests (no worker runs here). */
  async function runLinkJobs() {
    const jobs = (await app.ctx.queue.fetch<JobPayloads["sign-in.link"]>(JOBS.signInLink, { batchSize: 100 })) ?? [];
    for (const job of jobs) {
      await sendSignInLink(app.ctx, job.data);
      await app.ctx.queue.complete(JOBS.signInLink, job.id);
    }
    return jobs.length;
  }

  it("mails a known, active user a link and tells an unknown address the same thing", async () => {
    const user = await createUser(app.ctx.db, "procurement");
    expect(await requestSignInLink(app.ctx, `  ${user.email.toUpperCase()} `, "10.0.0.1")).toEqual({ status: "sent" });
    expect(await requestSignInLink(app.ctx, "nobody@example.com", "10.0.0.1")).toEqual({ status: "sent" });
    // The request only queued the address, the same way for both; the job mails the known one.
    expect(await emailsTo(user.email)).toHaveLength(0);
    expect(await runLinkJobs()).toBe(2);
    expect(await emailsTo("nobody@example.com")).toHaveLength(0);
    const [mail] = await emailsTo(user.email);
    expect(mail?.subject).toBe("Your Assay sign-in link");
    const token = tokenFrom(mail!.text_body!);
    expect(token).not.toBeNull();
    // Only the hash is stored.
    const stored = await app.ctx.db.selectFrom("login_tokens").select("token_hash").where("user_id", "=", user.id).execute();
    expect(stored.map((r) => r.token_hash)).toEqual([hashToken(token!)]);
    // A job to deliver it was queued in the same transaction.
    const jobs = await app.ctx.queue.fetch("email.send", { batchSize: 50 });
    expect((jobs ?? []).map((j) => (j.data as { emailId: string }).emailId)).toContain(mail!.id);
  });

  it("looks at a link on GET without using it, uses it once on POST, and opens a session", async () => {
    const user = await createUser(app.ctx.db, "viewer");
    const token = await app.ctx.db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    expect(await inspectLoginToken(app.ctx.db, token)).toMatchObject({ state: "valid", user: { email: user.email } });
    expect(await inspectLoginToken(app.ctx.db, token)).toMatchObject({ state: "valid" });

    const first = await redeemLoginToken(app.ctx, token, meta);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const session = await findStaffSession(app.ctx.db, first.sessionToken);
    expect(session?.user).toMatchObject({ id: user.id, role: "viewer" });

    expect(await redeemLoginToken(app.ctx, token, meta)).toEqual({ ok: false, state: "used" });
    expect(await inspectLoginToken(app.ctx.db, token)).toEqual({ state: "used" });

    const audit = await app.ctx.db.selectFrom("audit_events").selectAll().where("action", "=", "auth.sign_in").where("entity_id", "=", user.id).execute();
    expect(audit).toHaveLength(1);

    await signOut(app.ctx, { ...user, sessionId: session!.sessionId });
    expect(await findStaffSession(app.ctx.db, first.sessionToken)).toBeNull();
  });

  it("lets only one of two simultaneous redemptions win", async () => {
    const user = await createUser(app.ctx.db, "viewer");
    const token = await app.ctx.db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    const results = await Promise.all([redeemLoginToken(app.ctx, token, meta), redeemLoginToken(app.ctx, token, meta)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("refuses expired, unknown, malformed and disabled users' links", async () => {
    const user = await createUser(app.ctx.db, "viewer");
    const past = new Date(Date.now() - 16 * 60_000);
    const expired = await app.ctx.db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in", past));
    expect(await inspectLoginToken(app.ctx.db, expired)).toEqual({ state: "expired" });
    expect(await redeemLoginToken(app.ctx, expired, meta)).toEqual({ ok: false, state: "expired" });

    expect(await inspectLoginToken(app.ctx.db, "A".repeat(43))).toEqual({ state: "invalid" });
    expect(await inspectLoginToken(app.ctx.db, "'; DROP TABLE users; --")).toEqual({ state: "invalid" });

    const fresh = await app.ctx.db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    await setUserDisabled(app.ctx, SYSTEM_ACTOR, user.id, true);
    expect(await inspectLoginToken(app.ctx.db, fresh)).toEqual({ state: "invalid" });
    expect(await requestSignInLink(app.ctx, user.email, "10.0.0.9")).toEqual({ status: "sent" });
    await runLinkJobs();
    expect(await emailsTo(user.email)).toHaveLength(0);
  });

  it("voids a user's outstanding links when they are disabled: re-enabling does not bring them back", async () => {
    const admin = await createUser(app.ctx.db, "admin");
    const actor = { type: "user" as const, id: admin.id, label: admin.email };
    const user = await createUser(app.ctx.db, "viewer");
    const signIn = await app.ctx.db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    const invite = await app.ctx.db.transaction().execute((trx) => issueLoginToken(trx, user.id, "invite"));
    await setUserDisabled(app.ctx, actor, user.id, true);
    await setUserDisabled(app.ctx, actor, user.id, false);
    for (const token of [signIn, invite]) {
      expect(await inspectLoginToken(app.ctx.db, token)).toEqual({ state: "invalid" });
      expect(await redeemLoginToken(app.ctx, token, meta)).toEqual({ ok: false, state: "invalid" });
    }
    const disabled = await app.ctx.db
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "user.disable")
      .where("entity_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(disabled.details).toMatchObject({ voidedLinks: 2 });
    // A link asked for after re-enabling works.
    const fresh = await app.ctx.db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    expect((await redeemLoginToken(app.ctx, fresh, meta)).ok).toBe(true);
  });

  it("does not mail a link to a user disabled while the request waited in the queue", async () => {
    const user = await createUser(app.ctx.db, "viewer");
    expect(await requestSignInLink(app.ctx, user.email, "10.0.0.10")).toEqual({ status: "sent" });
    await setUserDisabled(app.ctx, SYSTEM_ACTOR, user.id, true);
    await runLinkJobs();
    expect(await emailsTo(user.email)).toHaveLength(0);
    expect(await app.ctx.db.selectFrom("login_tokens").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });

  it("signs a user out everywhere: every session of theirs ends, others' stay, and it is audited", async () => {
    const user = await createUser(app.ctx.db, "procurement");
    const other = await createUser(app.ctx.db, "procurement");
    const open = async (id: string) => {
      const token = await app.ctx.db.transaction().execute((trx) => issueLoginToken(trx, id, "sign_in"));
      const redeemed = await redeemLoginToken(app.ctx, token, meta);
      if (!redeemed.ok) throw new Error("expected a session");
      return redeemed.sessionToken;
    };
    const [here, there, elsewhere] = [await open(user.id), await open(user.id), await open(other.id)];
    const current = (await findStaffSession(app.ctx.db, here))!;
    expect(await signOutEverywhere(app.ctx, { ...user, sessionId: current.sessionId })).toBe(2);
    expect(await findStaffSession(app.ctx.db, here)).toBeNull();
    expect(await findStaffSession(app.ctx.db, there)).toBeNull();
    expect(await findStaffSession(app.ctx.db, elsewhere)).not.toBeNull();
    const event = await app.ctx.db
      .selectFrom("audit_events")
      .select(["details", "actor_id"])
      .where("action", "=", "auth.sign_out_everywhere")
      .where("entity_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_id: user.id, details: { sessionId: current.sessionId, endedSessions: 2 } });
  });

  it("ends a disabled user's sessions", async () => {
    const admin = await createUser(app.ctx.db, "admin");
    const user = await createUser(app.ctx.db, "procurement");
    const token = await app.ctx.db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    const redeemed = await redeemLoginToken(app.ctx, token, meta);
    if (!redeemed.ok) throw new Error("expected a session");
    await setUserDisabled(app.ctx, { type: "user", id: admin.id, label: admin.email }, user.id, true);
    expect(await findStaffSession(app.ctx.db, redeemed.sessionToken)).toBeNull();
  });

  it("rate-limits links per address and per IP address", async () => {
    const user = await createUser(app.ctx.db, "viewer");
    for (let i = 0; i < LIMIT_PER_ADDRESS.limit; i++) {
      expect((await requestSignInLink(app.ctx, user.email, `10.1.0.${i}`)).status).toBe("sent");
    }
    const limited = await requestSignInLink(app.ctx, user.email, "10.1.0.99");
    expect(limited).toMatchObject({ status: "rate_limited" });
    await runLinkJobs();
    expect(await emailsTo(user.email)).toHaveLength(LIMIT_PER_ADDRESS.limit);

    let lastStatus = "sent";
    for (let i = 0; i < 40 && lastStatus === "sent"; i++) {
      lastStatus = (await requestSignInLink(app.ctx, `someone${i}@example.com`, "10.2.0.1")).status;
    }
    expect(lastStatus).toBe("rate_limited");
  });

  it("queues no mail and no job when the transaction that caused them rolls back", async () => {
    const user = await createUser(app.ctx.db, "viewer");
    const { queueEmail } = await import("~/services/mail.server");
    await expect(
      app.ctx.db.transaction().execute(async (trx) => {
        await queueEmail(app.ctx.queue, trx, user.email, "sign-in", { name: "x", url: "http://localhost/x", minutesValid: 15 });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await emailsTo(user.email)).toHaveLength(0);
    const jobs = (await app.ctx.queue.fetch("email.send", { batchSize: 100 })) ?? [];
    const ids = new Set((await app.ctx.db.selectFrom("emails").select("id").execute()).map((r) => r.id));
    expect(jobs.every((j) => ids.has((j.data as { emailId: string }).emailId))).toBe(true);
  });
});
