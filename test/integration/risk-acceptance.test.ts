// Risk acceptance end to end on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL):
// a finding's risk or a component's residual risk accepted with a rationale, an approver (an admin
// or the risk owner of an affected system) and an expiry date strictly in the future; refusals
// next to their field with nothing written; revoking; and the daily sweep that ends expired
// acceptances and reopens their findings, once however often it runs.
import { addDays, formatDate, today } from "~/domain/calendar";
import { EXPIRY_FORMAT_MESSAGE, EXPIRY_PAST_MESSAGE, EXPIRY_REQUIRED_MESSAGE } from "~/domain/review/risk-acceptance";
import { userActor } from "~/services/audit.server";
import { enqueue, JOBS } from "~/services/queue.server";
import { NOT_PERMITTED_MESSAGE, runAcceptanceExpirySweep } from "~/services/risk-acceptances.server";
import { eventually } from "../support/app";
import { htmlOf, staffMember, submittedGolden, type StaffMember, type SubmittedAssessment } from "../support/findings";
import { publishGolden } from "../support/scored-assessment";
import { startTestServer, type TestServer } from "../support/server";

describe("risk acceptance", () => {
  let server: TestServer;
  let admin: StaffMember;
  let rita: StaffMember; // risk owner of the system that depends on component X
  let otto: StaffMember; // risk owner of another system only
  let pat: StaffMember; // procurement
  let a: SubmittedAssessment;
  let x: string;
  let creditSystem: string;
  let otherSystem: string;
  const db = () => server.app.ctx.db;
  const inDays = (n: number) => addDays(today(), n);

  async function counts() {
    const n = async (table: "risk_acceptances" | "finding_events" | "audit_events" | "findings") =>
      Number((await db().selectFrom(table).select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    return { acceptances: await n("risk_acceptances"), events: await n("finding_events"), audit: await n("audit_events"), findings: await n("findings") };
  }

  let serial = 0;
  /** A finding on the assessment (about component X unless `componentId` is null), raised through the page. */
  async function finding(componentId: string | null = x) {
    serial += 1;
    const form: Record<string, string> = { title: `Risk ${serial}`, severity: "high", ownerId: rita.id, dueDate: inDays(30) };
    if (componentId) form.componentId = componentId;
    const response = await admin.client.post(`/assessments/${a.assessmentId}/findings/new`, form);
    expect(response.status).toBe(302);
    return (response.headers.get("location") ?? "").slice("/findings/".length, "/findings/".length + 36);
  }

  const accept = (who: StaffMember, findingId: string, over: Record<string, string> = {}) =>
    who.client.post(`/findings/${findingId}`, {
      intent: "accept",
      rationale: "Compensating controls in place.",
      approverId: who.id,
      expiresOn: inDays(90),
      ...over,
    });
  const statusOf = async (id: string) => (await db().selectFrom("findings").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await staffMember(server, "admin", "Ada Admin");
    rita = await staffMember(server, "risk_owner", "Rita Owner");
    otto = await staffMember(server, "risk_owner", "Otto Other");
    pat = await staffMember(server, "procurement", "Pat Procurement");
    const versionId = await publishGolden(server.app.ctx, userActor(admin));
    a = await submittedGolden(server, admin, versionId);
    x = a.componentIds[0];
    creditSystem = (
      await db()
        .insertInto("ai_systems")
        .values({ name: "Credit scoring", owner_id: rita.id, criticality: "high", eu_ai_act_class: "high_risk", lifecycle: "in_production" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    otherSystem = (
      await db()
        .insertInto("ai_systems")
        .values({ name: "Chat helper", owner_id: otto.id, criticality: "low", eu_ai_act_class: "minimal_risk", lifecycle: "in_production" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await db()
      .insertInto("ai_system_dependencies")
      .values({ ai_system_id: creditSystem, ai_component_id: x, data_categories: ["personal"] })
      .execute();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses an acceptance without an expiry, with a past or today's expiry, or a date that does not exist; nothing is written", async () => {
    const id = await finding();
    const cases: Array<[string, Record<string, string>, string, string]> = [
      ["no expiry", { expiresOn: "" }, "accept-expires", EXPIRY_REQUIRED_MESSAGE],
      ["an expiry yesterday", { expiresOn: inDays(-1) }, "accept-expires", EXPIRY_PAST_MESSAGE],
      ["an expiry today", { expiresOn: today() }, "accept-expires", EXPIRY_PAST_MESSAGE],
      ["an expiry that is no day", { expiresOn: "2027-02-30" }, "accept-expires", EXPIRY_FORMAT_MESSAGE],
      ["no rationale", { rationale: " " }, "accept-rationale", "Explain why the risk is accepted"],
    ];
    for (const [label, over, fieldId, message] of cases) {
      const before = await counts();
      const response = await accept(rita, id, over);
      expect(response.status, label).toBe(400);
      expect(await htmlOf(response), label).toContain(`id="${fieldId}-error">${message}</p>`);
      expect(await counts(), label).toEqual(before);
      expect(await statusOf(id), label).toBe("open");
    }
    // Without the field at all.
    const before = await counts();
    const missing = await rita.client.post(`/findings/${id}`, { intent: "accept", rationale: "No date", approverId: rita.id });
    expect(missing.status).toBe(400);
    expect(await htmlOf(missing)).toContain(EXPIRY_REQUIRED_MESSAGE);
    expect(await counts()).toEqual(before);
  });

  it("refuses a risk owner who owns no affected system, as the one accepting and as the approver", async () => {
    const id = await finding();
    const before = await counts();
    // Otto owns only a system that does not depend on component X.
    const byOtto = await accept(otto, id);
    expect(byOtto.status).toBe(403);
    expect(await htmlOf(byOtto)).toContain(NOT_PERMITTED_MESSAGE);
    const page = await htmlOf(await otto.client.get(`/findings/${id}`));
    expect(page).not.toContain('name="expiresOn"');
    expect(page).toContain("Only an admin, or the risk owner of an affected system");
    // Rita accepting, naming Otto (or procurement) as approver: refused next to the approver field.
    const namingOtto = await accept(rita, id, { approverId: otto.id });
    expect(namingOtto.status).toBe(400);
    expect(await htmlOf(namingOtto)).toContain(
      `id="accept-approver-error">Otto Other is neither an admin nor the risk owner of an affected system: choose an admin or the owner of a system that depends on it</p>`,
    );
    const namingPat = await accept(rita, id, { approverId: pat.id });
    expect(namingPat.status).toBe(400);
    // Procurement may not accept risks at all.
    expect((await accept(pat, id)).status).toBe(403);
    expect(await counts()).toEqual(before);
    expect(await statusOf(id)).toBe("open");
  });

  it("accepts by the risk owner of an affected system and by an admin: the finding is risk accepted until the expiry", async () => {
    const id = await finding();
    const before = await counts();
    const response = await accept(rita, id, { rationale: "The credit model has a human in the loop.", expiresOn: inDays(60) });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/findings/${id}?done=accepted`);
    expect(await statusOf(id)).toBe("risk_accepted");
    const row = await db().selectFrom("risk_acceptances").selectAll().where("finding_id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      approver_id: rita.id,
      created_by: rita.id,
      expires_on: inDays(60),
      revoked_at: null,
      expired_at: null,
      rationale: "The credit model has a human in the loop.",
    });
    const after = await counts();
    expect(after.acceptances - before.acceptances).toBe(1);
    const last = await db().selectFrom("finding_events").selectAll().where("finding_id", "=", id).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect([last.kind, last.from_status, last.to_status]).toEqual(["risk_accepted", "open", "risk_accepted"]);
    expect(last.note).toContain("The credit model has a human in the loop.");
    const audit = await db().selectFrom("audit_events").select(["action", "actor_label"]).where("entity_id", "=", row.id).execute();
    expect(audit).toEqual([{ action: "risk.accept", actor_label: rita.email }]);
    const page = await htmlOf(await rita.client.get(`/findings/${id}?done=accepted`));
    expect(page).toContain(`In force until ${formatDate(inDays(60))}`);
    expect(page).toContain("Rita Owner");
    // Accepting again is refused in words.
    const again = await accept(rita, id);
    expect(again.status).toBe(409);
    expect(await htmlOf(again)).toContain("A finding that is risk accepted cannot be risk-accepted.");

    // An admin may accept any, and may name the risk owner as approver.
    const second = await finding();
    expect((await accept(admin, second, { approverId: rita.id })).status).toBe(302);
    expect(await statusOf(second)).toBe("risk_accepted");
    // A finding about the supplier as a whole bears on the systems depending on the assessment's components: Rita's.
    const supplierWide = await finding(null);
    expect((await accept(rita, supplierWide)).status).toBe(302);
    expect(await statusOf(supplierWide)).toBe("risk_accepted");
  });

  it("accepts a component's residual risk from its page, and shows the acceptance in force there", async () => {
    const componentPage = await htmlOf(await rita.client.get(`/components/${x}`));
    expect(componentPage).toContain(`href="/components/${x}/accept-risk"`);
    expect(componentPage).toContain("Accept the residual risk");
    expect(await htmlOf(await otto.client.get(`/components/${x}`))).not.toContain(">Accept the residual risk</a>");
    const ottoPage = await htmlOf(await otto.client.get(`/components/${x}/accept-risk`));
    expect(ottoPage).toContain("Only an admin, or the risk owner of one of our AI systems that depends on");
    expect(ottoPage).not.toContain('name="expiresOn"');

    const post = (who: StaffMember, over: Record<string, string> = {}) =>
      who.client.post(`/components/${x}/accept-risk`, {
        intent: "accept",
        rationale: "Vendor fixing it next quarter.",
        approverId: who.id,
        expiresOn: inDays(45),
        ...over,
      });
    const before = await counts();
    expect((await post(otto)).status).toBe(403);
    expect((await post(pat)).status).toBe(403);
    const noExpiry = await post(rita, { expiresOn: "" });
    expect(noExpiry.status).toBe(400);
    expect(await htmlOf(noExpiry)).toContain(`id="accept-expires-error">${EXPIRY_REQUIRED_MESSAGE}</p>`);
    const past = await post(rita, { expiresOn: inDays(-10) });
    expect(await htmlOf(past)).toContain(EXPIRY_PAST_MESSAGE);
    const wrongSystem = await post(rita, { systemId: otherSystem });
    expect(wrongSystem.status).toBe(400);
    expect(await htmlOf(wrongSystem)).toContain("Choose one of our AI systems that depend on this component");
    expect(await counts()).toEqual(before);

    const ok = await post(rita, { systemId: creditSystem });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`/components/${x}?accepted=1`);
    const row = await db().selectFrom("risk_acceptances").selectAll().where("ai_component_id", "=", x).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ finding_id: null, ai_system_id: creditSystem, approver_id: rita.id, expires_on: inDays(45) });
    const shown = await htmlOf(await rita.client.get(`/components/${x}`));
    expect(shown).toContain(`In force until ${formatDate(inDays(45))}`);
    expect(shown).toContain("for Credit scoring");
    expect(shown).toContain("Vendor fixing it next quarter.");
    // An admin, for every dependent system.
    expect((await post(admin)).status).toBe(302);
  });

  it("revokes an acceptance: the finding opens again; closing a risk-accepted finding ends its acceptance", async () => {
    const id = await finding();
    expect((await accept(rita, id)).status).toBe(302);
    const acceptance = await db().selectFrom("risk_acceptances").select("id").where("finding_id", "=", id).executeTakeFirstOrThrow();
    // Otto may not revoke it.
    expect((await otto.client.post(`/findings/${id}`, { intent: "revoke", acceptanceId: acceptance.id })).status).toBe(403);
    const revoked = await rita.client.post(`/findings/${id}`, { intent: "revoke", acceptanceId: acceptance.id });
    expect(revoked.headers.get("location")).toBe(`/findings/${id}?done=revoked`);
    expect(await statusOf(id)).toBe("open");
    const row = await db().selectFrom("risk_acceptances").select(["revoked_at"]).where("id", "=", acceptance.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    const page = await htmlOf(await rita.client.get(`/findings/${id}`));
    expect(page).toContain("The risk acceptance was revoked: the finding is open again.");
    expect(page).toMatch(/Revoked \d+ \w+ \d{4}/);
    const again = await rita.client.post(`/findings/${id}`, { intent: "revoke", acceptanceId: acceptance.id });
    expect(again.status).toBe(409);
    expect(await htmlOf(again)).toContain("This acceptance has already ended: there is nothing to revoke.");

    const closing = await finding();
    expect((await accept(rita, closing)).status).toBe(302);
    expect((await rita.client.post(`/findings/${closing}`, { intent: "close" })).status).toBe(302);
    const ended = await db().selectFrom("risk_acceptances").select("revoked_at").where("finding_id", "=", closing).executeTakeFirstOrThrow();
    expect(ended.revoked_at).not.toBeNull();
  });

  it("the daily sweep ends expired acceptances and reopens their findings, once however often it runs", async () => {
    const expiring = await finding();
    const holding = await finding();
    expect((await accept(rita, expiring, { expiresOn: inDays(5) })).status).toBe(302);
    expect((await accept(rita, holding, { expiresOn: inDays(5) })).status).toBe(302);
    // Time passes: the first acceptance's expiry day comes (the form refuses such a date, so the row is moved).
    await db().updateTable("risk_acceptances").set({ expires_on: today() }).where("finding_id", "=", expiring).execute();
    const first = await runAcceptanceExpirySweep(server.app.ctx);
    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect(first.reopened).toBeGreaterThanOrEqual(1);
    expect(await statusOf(expiring)).toBe("open");
    expect(await statusOf(holding)).toBe("risk_accepted");
    const ended = await db().selectFrom("risk_acceptances").selectAll().where("finding_id", "=", expiring).executeTakeFirstOrThrow();
    expect(ended.expired_at).not.toBeNull();
    const last = await db().selectFrom("finding_events").selectAll().where("finding_id", "=", expiring).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect([last.kind, last.from_status, last.to_status, last.actor_type]).toEqual(["acceptance_expired", "risk_accepted", "open", "system"]);
    expect(last.note).toBe(`The risk acceptance expired on ${formatDate(today())}: the finding is open again.`);
    const audit = await db().selectFrom("audit_events").select("action").where("entity_id", "=", ended.id).orderBy("seq").execute();
    expect(audit.map((e) => e.action)).toEqual(["risk.accept", "risk.acceptance_expire"]);
    const page = await htmlOf(await rita.client.get(`/findings/${expiring}`));
    expect(page).toContain("Acceptance expired");
    expect(page).toContain(`Expired ${formatDate(today())}`);

    // Again, and twice at once: nothing more happens.
    const before = await counts();
    expect(await runAcceptanceExpirySweep(server.app.ctx)).toEqual({ expired: 0, reopened: 0 });
    const both = await Promise.all([runAcceptanceExpirySweep(server.app.ctx), runAcceptanceExpirySweep(server.app.ctx)]);
    expect(both).toEqual([
      { expired: 0, reopened: 0 },
      { expired: 0, reopened: 0 },
    ]);
    expect(await counts()).toEqual(before);

    // Two due at once, two sweeps at once: each acceptance ends once, its finding reopens once.
    await db()
      .updateTable("risk_acceptances")
      .set({ expires_on: inDays(-1) })
      .where("finding_id", "=", holding)
      .execute();
    const raced = await Promise.all([runAcceptanceExpirySweep(server.app.ctx), runAcceptanceExpirySweep(server.app.ctx)]);
    expect(raced.reduce((sum, r) => sum + r.expired, 0)).toBe(1);
    expect(raced.reduce((sum, r) => sum + r.reopened, 0)).toBe(1);
    const expiredEvents = await db()
      .selectFrom("finding_events")
      .select("id")
      .where("finding_id", "=", holding)
      .where("kind", "=", "acceptance_expired")
      .execute();
    expect(expiredEvents).toHaveLength(1);
  });

  it("runs the sweep as a queued job", async () => {
    const id = await finding();
    expect((await accept(rita, id, { expiresOn: inDays(3) })).status).toBe(302);
    await db()
      .updateTable("risk_acceptances")
      .set({ expires_on: inDays(-2) })
      .where("finding_id", "=", id)
      .execute();
    await enqueue(server.app.ctx.queue, server.app.ctx.db, JOBS.riskAcceptanceSweep, {});
    await eventually(async () => (await statusOf(id)) === "open");
    const row = await db().selectFrom("risk_acceptances").select("expired_at").where("finding_id", "=", id).executeTakeFirstOrThrow();
    expect(row.expired_at).not.toBeNull();
  });
});
