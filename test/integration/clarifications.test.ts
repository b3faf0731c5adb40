// Clarification requests end to end on the real server (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): the reviewer's request (allowed and refused states, bad input with nothing
// written), the email with a fresh link (an expired link works again), the vendor changing only the
// reopened answers (and their evidence), the resubmit that resolves the requests and stores a new
// score, the before/after on the staff page, threads on the vendor pages (never internal notes),
// vendor replies, and answers carried over from the last cycle (Confirm).
//
// Until the review's "start review" service exists, an assessment is put "in review" by setting
// its status directly (`putInReview`), after a real vendor submit.
import { createHash } from "node:crypto";
import { addDays, utcDate } from "~/domain/reminders";
import { transition, type AssessmentStatus } from "~/domain/assessment-lifecycle";
import { addStaffComment } from "~/services/answer-comments.server";
import { issueAssessment } from "~/services/assessment-issue.server";
import { submitAssessment } from "~/services/assessment-lifecycle.server";
import { userActor } from "~/services/audit.server";
import {
  clarificationsPanelData,
  NO_QUESTIONS_MESSAGE,
  requestClarifications,
  UNKNOWN_QUESTION_MESSAGE,
  EMPTY_MESSAGE,
} from "~/services/clarifications.server";
import { removeEvidence, uploadEvidence } from "~/services/evidence.server";
import { createTemplate, publishVersion, saveDraft } from "~/services/template-versions.server";
import { createUser } from "../support/factories";
import { startTestServer, WebClient, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";

const TOKEN_LINK = /\/v\/([A-Za-z0-9_-]{43})/;
const PDF = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`));

const q = (key: string, prompt: string, extra: Record<string, unknown> = {}) => ({
  key,
  prompt,
  type: "yes_no",
  required: true,
  weight: 1,
  domain: "governance",
  allowNa: false,
  refs: [],
  ...extra,
});

const TEMPLATE = {
  title: "Review check",
  sections: [
    {
      key: "org",
      title: "Organisation",
      scope: "supplier",
      questions: [
        q("has_policy", "Do you have an AI policy?", { weight: 3 }),
        q("policy_date", "When was the policy approved?", { type: "date", showIf: { question: "has_policy", equals: "yes" } }),
        q("staff_count", "How many people work on AI governance?", { type: "number", min: 0, max: 10000, required: false, allowNa: true }),
        q("policy_doc", "Upload the policy.", { type: "file", required: false, domain: "transparency" }),
      ],
    },
    {
      key: "model",
      title: "Model",
      scope: "component",
      questions: [q("trained_on_customer_data", "Is the model trained on customer data?", { domain: "training_data" })],
    },
  ],
};

describe("clarification requests", () => {
  let server: TestServer;
  let versionId: string;
  let otherVersionId: string;
  let procurement: Awaited<ReturnType<typeof createUser>>;
  let reviewer: Awaited<ReturnType<typeof createUser>>;
  let staff: WebClient;
  let buyer: WebClient;
  const db = () => server.app.ctx.db;
  const ctx = () => server.app.ctx;

  beforeAll(async () => {
    server = await startTestServer();
    procurement = await createUser(db(), "procurement", { name: "Pat Procurement" });
    reviewer = await createUser(db(), "risk_owner", { name: "Rita Reviewer" });
    staff = await signIn(server, reviewer.email);
    buyer = await signIn(server, procurement.email); // before any other mail reaches this address
    for (const definition of [
      TEMPLATE,
      { ...TEMPLATE, title: "Other", sections: [{ ...TEMPLATE.sections[0]!, questions: [q("other_only", "Only elsewhere?")] }] },
    ]) {
      const { versionId: id } = await createTemplate(ctx(), userActor(procurement), { name: `${definition.title} ${Date.now()}`, description: null });
      expect(await saveDraft(ctx(), userActor(procurement), id, definition)).toMatchObject({ ok: true });
      expect(await publishVersion(ctx(), userActor(procurement), id)).toMatchObject({ ok: true });
      if (definition === TEMPLATE) versionId = id;
      else otherVersionId = id;
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  let counter = 0;
  async function issue(options: { version?: string; contacts?: number } = {}) {
    counter += 1;
    const slug = `cl${counter}x${Date.now().toString(36)}`;
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name: `Supplier ${slug}`, status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const contacts = [];
    for (let i = 0; i < (options.contacts ?? 1); i++) {
      contacts.push(
        await db()
          .insertInto("supplier_contacts")
          .values({ supplier_id: supplier.id, name: `Contact ${i} ${slug}`, email: `c${i}.${slug}@vendor.example.com`, is_primary: i === 0 })
          .returning(["id", "email", "name"])
          .executeTakeFirstOrThrow(),
      );
    }
    const componentIds: string[] = [];
    for (const name of ["Vision API", "Text model"]) {
      const c = await db()
        .insertInto("ai_components")
        .values({ supplier_id: supplier.id, kind: "hosted_api", name: `${name} ${slug}`, update_cadence: "unknown" })
        .returning("id")
        .executeTakeFirstOrThrow();
      componentIds.push(c.id);
    }
    const { assessmentId, grantIds } = await issueAssessment(ctx(), userActor(procurement), {
      supplierId: supplier.id,
      templateVersionId: options.version ?? versionId,
      componentIds,
      contactIds: contacts.map((c) => c.id),
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    });
    const vendor = await vendorClient(contacts[0]!.email);
    return {
      assessmentId,
      supplierId: supplier.id,
      componentIds: componentIds as [string, string],
      contacts,
      grantIds,
      grant: { id: grantIds[0]!, email: contacts[0]!.email, sections: null },
      vendor,
    };
  }
  type Issued = Awaited<ReturnType<typeof issue>>;

  async function latestMail(to: string) {
    return db().selectFrom("emails").selectAll().where("to_address", "=", to).orderBy("created_at", "desc").orderBy("id", "desc").executeTakeFirstOrThrow();
  }

  async function vendorClient(email: string) {
    const mail = await latestMail(email);
    const token = TOKEN_LINK.exec(mail.text_body ?? "")?.[1];
    expect(token).toBeDefined();
    const client = new WebClient(server.baseUrl);
    expect((await client.post(`/v/${token}`, {})).status).toBe(302);
    return client;
  }

  function api(client: WebClient, assessmentId: string, body: Record<string, unknown>) {
    return fetch(new URL(`/v/a/${assessmentId}/answers`, server.baseUrl), {
      method: "POST",
      redirect: "manual",
      body: JSON.stringify({ componentId: null, isNa: false, comment: null, baseRevision: 0, ...body }),
      headers: { origin: server.baseUrl, "content-type": "application/json", cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
  }

  const stored = (assessmentId: string, key: string, componentId: string | null = null) =>
    db()
      .selectFrom("answers")
      .selectAll()
      .where("assessment_id", "=", assessmentId)
      .where("question_key", "=", key)
      .where((eb) => (componentId === null ? eb("ai_component_id", "is", null) : eb("ai_component_id", "=", componentId)))
      .executeTakeFirst();
  const statusOf = async (id: string) => (await db().selectFrom("assessments").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
  const requestRows = (id: string) =>
    db().selectFrom("clarification_requests").selectAll().where("assessment_id", "=", id).orderBy("round").orderBy("question_key").execute();
  const scoreRows = (id: string) =>
    db().selectFrom("scores").select(["id", "overall", "grade", "reason"]).where("assessment_id", "=", id).orderBy("computed_at").execute();

  /** The vendor answers every required question ("no" to the policy) and submits. */
  async function answeredAndSubmitted(a: Issued) {
    expect((await api(a.vendor, a.assessmentId, { questionKey: "has_policy", value: "no" })).status).toBe(200);
    for (const componentId of a.componentIds) {
      expect((await api(a.vendor, a.assessmentId, { questionKey: "trained_on_customer_data", componentId, value: "no" })).status).toBe(200);
    }
    await submitAssessment(ctx(), a.grant, a.assessmentId);
  }

  /** Stands in for the review's "start review" until it exists: the status set directly, after a real submit. */
  async function putInReview(id: string) {
    await db().updateTable("assessments").set({ status: "in_review", review_started_at: new Date() }).where("id", "=", id).execute();
  }

  async function inReview() {
    const a = await issue();
    await answeredAndSubmitted(a);
    await putInReview(a.assessmentId);
    return a;
  }

  /** A state set directly, with the columns the table's checks ask for. */
  async function setStatus(id: string, status: AssessmentStatus) {
    const now = new Date();
    await db()
      .updateTable("assessments")
      .set({
        status,
        submitted_at: status === "sent" || status === "in_progress" ? null : now,
        closed_at: status === "closed" ? now : null,
        decision: status === "decided" ? "approved" : null,
        decision_rationale: status === "decided" ? "Fine." : null,
        decided_at: status === "decided" ? now : null,
      })
      .where("id", "=", id)
      .execute();
  }

  const ask = (a: Issued, items: Array<{ questionKey: string; componentId?: string | null; message?: string }>) =>
    requestClarifications(
      ctx(),
      userActor(reviewer),
      a.assessmentId,
      items.map((i) => ({ questionKey: i.questionKey, componentId: i.componentId ?? null, message: i.message ?? `Please clarify ${i.questionKey}.` })),
    );

  it("asks from in review and from resubmitted; refuses every other state with the lifecycle's reason, writing nothing", async () => {
    const a = await inReview();
    const result = await ask(a, [{ questionKey: "has_policy", message: "Your website mentions a policy." }]);
    expect(result).toMatchObject({ round: 1, requests: 1, emails: 1 });
    expect(await statusOf(a.assessmentId)).toBe("changes_requested");
    const row = await db().selectFrom("assessments").select(["changes_requested_at"]).where("id", "=", a.assessmentId).executeTakeFirstOrThrow();
    expect(row.changes_requested_at).toBeInstanceOf(Date);
    expect(await requestRows(a.assessmentId)).toMatchObject([
      {
        round: 1,
        question_key: "has_policy",
        ai_component_id: null,
        message: "Your website mentions a policy.",
        requested_by: reviewer.id,
        before_revision: 1,
        after_revision: null,
        resolved_at: null,
      },
    ]);
    const audit = await db()
      .selectFrom("audit_events")
      .selectAll()
      .where("entity_id", "=", a.assessmentId)
      .where("action", "=", "review.request_changes")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ from: "in_review", round: 1, questions: [{ questionKey: "has_policy", componentId: null }] });

    // Resubmitted: a second round; a question never answered has before_revision 0.
    await setStatus(a.assessmentId, "resubmitted");
    await db().updateTable("clarification_requests").set({ resolved_at: new Date(), after_revision: 1 }).where("assessment_id", "=", a.assessmentId).execute();
    expect(await ask(a, [{ questionKey: "staff_count" }])).toMatchObject({ round: 2, requests: 1 });
    expect((await requestRows(a.assessmentId)).find((r) => r.round === 2)).toMatchObject({ question_key: "staff_count", before_revision: 0 });

    for (const status of ["sent", "in_progress", "submitted", "changes_requested", "decided", "closed"] as const) {
      await setStatus(a.assessmentId, status);
      const before = (await requestRows(a.assessmentId)).length;
      const move = transition(status, "request_changes");
      expect(move.ok).toBe(false);
      await expect(ask(a, [{ questionKey: "has_policy" }]), status).rejects.toMatchObject({ kind: "state", message: move.ok ? "" : move.reason });
      expect(await statusOf(a.assessmentId)).toBe(status);
      expect(await requestRows(a.assessmentId)).toHaveLength(before);
    }

    // Through the page: the refusal is shown instead of the form.
    const page = await staff.get(`/assessments/${a.assessmentId}/clarifications`);
    expect(page.status).toBe(200);
    const refusal = await page.text();
    expect(refusal).toContain("This questionnaire is closed.");
    expect(refusal).not.toContain("Send the request to the vendor");
    const post = await staff.post(`/assessments/${a.assessmentId}/clarifications`, { scope: "has_policy:-", "message.has_policy:-": "Again?" });
    expect(post.status).toBe(409);
    expect(await post.text()).toContain("This questionnaire is closed.");
  });

  it("refuses bad input with a message by the field and writes nothing", async () => {
    const a = await inReview();
    const other = await issue({ version: otherVersionId });
    const url = `/assessments/${a.assessmentId}/clarifications`;
    const [x] = a.componentIds;
    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{ "message.has_policy:-": "Unticked" }, NO_QUESTIONS_MESSAGE],
      [{ scope: "has_policy:-", "message.has_policy:-": "   " }, EMPTY_MESSAGE],
      [{ scope: "nope_question:-", "message.nope_question:-": "What?" }, UNKNOWN_QUESTION_MESSAGE],
      [{ scope: "other_only:-", "message.other_only:-": "Another template's question" }, UNKNOWN_QUESTION_MESSAGE],
      [{ scope: `trained_on_customer_data:${other.componentIds[0]}`, "message.x": "Another assessment's component" }, UNKNOWN_QUESTION_MESSAGE],
      [{ scope: "has_policy:" + x, "message.x": "A supplier question for a component" }, UNKNOWN_QUESTION_MESSAGE],
      [{ scope: "trained_on_customer_data:-", "message.x": "A component question without its component" }, UNKNOWN_QUESTION_MESSAGE],
    ];
    for (const [fields, message] of cases) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
      const response = await fetch(new URL(url, server.baseUrl), {
        method: "POST",
        redirect: "manual",
        body,
        headers: { origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded", cookie: `assay_session=${staff.cookies.get("assay_session")}` },
      });
      expect(response.status, JSON.stringify(fields)).toBe(400);
      const html = await response.text();
      expect(html).toContain(message.replace(/'/g, "&#x27;"));
      expect(await requestRows(a.assessmentId)).toHaveLength(0);
      expect(await statusOf(a.assessmentId)).toBe("in_review");
    }
    // The empty message shows by its own question, the ticked box kept.
    const empty = await staff.post(url, { scope: "has_policy:-", "message.has_policy:-": "" });
    const html = await empty.text();
    expect(html).toMatch(/<textarea[^>]*aria-invalid="true"[^>]*name="message\.has_policy:-"|name="message\.has_policy:-"[^>]*aria-invalid="true"/);
    expect(html).toContain('checked="" value="has_policy:-"');
    // The service names each problem's field.
    await expect(ask(a, [])).rejects.toMatchObject({ kind: "invalid", fields: { questions: NO_QUESTIONS_MESSAGE } });
    await expect(
      ask(a, [
        { questionKey: "has_policy", message: "" },
        { questionKey: "staff_count", message: "ok" },
      ]),
    ).rejects.toMatchObject({
      kind: "invalid",
      fields: { "message.has_policy:-": EMPTY_MESSAGE },
    });
    await expect(ask(a, [{ questionKey: "has_policy" }, { questionKey: "has_policy" }])).rejects.toMatchObject({ kind: "invalid" });
    await expect(requestClarifications(ctx(), userActor(reviewer), "00000000-0000-4000-8000-000000000000", [])).rejects.toMatchObject({ kind: "not_found" });
    expect(await requestRows(a.assessmentId)).toHaveLength(0);
    const mails = await db()
      .selectFrom("emails")
      .select("id")
      .where("template", "=", "clarification-requested")
      .where("to_address", "=", a.contacts[0]!.email)
      .execute();
    expect(mails).toHaveLength(0);

    // Only review:write may ask: procurement gets a 403.
    expect((await buyer.get(url)).status).toBe(403);
    expect((await buyer.post(url, { scope: "has_policy:-", "message.has_policy:-": "Hm" })).status).toBe(403);
    expect((await staff.get(`/assessments/00000000-0000-4000-8000-000000000000/clarifications`)).status).toBe(404);
  });

  it("the page preselects a question from the link and sends the request without JavaScript", async () => {
    const a = await inReview();
    const [x] = a.componentIds;
    const page = await staff.get(`/assessments/${a.assessmentId}/clarifications?question=trained_on_customer_data&component=${x}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Request clarification");
    expect(html).toContain(`checked="" value="trained_on_customer_data:${x}"`);
    expect(html).not.toContain('checked="" value="has_policy:-"');
    expect(html).toContain("Current answer: No");
    const sent = await staff.post(`/assessments/${a.assessmentId}/clarifications`, {
      scope: `trained_on_customer_data:${x}`,
      [`message.trained_on_customer_data:${x}`]: "Which customers' data, and with what consent?",
    });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe(`/assessments/${a.assessmentId}?clarification=sent#clarifications`);
    expect(await requestRows(a.assessmentId)).toMatchObject([{ question_key: "trained_on_customer_data", ai_component_id: x, before_revision: 1 }]);
    const detail = await (await staff.get(`/assessments/${a.assessmentId}?clarification=sent`)).text();
    expect(detail).toContain("Clarification requests");
    expect(detail).toContain("Which customers&#x27; data, and with what consent?");
    expect(detail).toContain("Waiting for the vendor to resubmit.");
    expect(detail).toContain("Not answered yet");
  });

  it("mails every contact whose link is not revoked a fresh link that works, an expired one included", async () => {
    const a = await issue({ contacts: 3 });
    await answeredAndSubmitted(a);
    await putInReview(a.assessmentId);
    const [live, expired, revoked] = a.grantIds as [string, string, string];
    await db()
      .updateTable("access_grants")
      .set({ expires_at: new Date(Date.now() - 86_400_000) })
      .where("id", "=", expired)
      .execute();
    await db().updateTable("access_grants").set({ revoked_at: new Date() }).where("id", "=", revoked).execute();
    const internal = "Internal: the CISO doubts this vendor.";
    await addStaffComment(ctx(), userActor(reviewer), a.assessmentId, { questionKey: "has_policy", componentId: null, visibility: "internal", body: internal });

    const result = await ask(a, [
      { questionKey: "has_policy", message: "Your website mentions a policy from 2023." },
      { questionKey: "trained_on_customer_data", componentId: a.componentIds[1], message: "Please explain the opt-out." },
    ]);
    expect(result.emails).toBe(2);
    const mails = await db().selectFrom("emails").selectAll().where("template", "=", "clarification-requested").orderBy("to_address").execute();
    const ours = mails.filter((m) => a.contacts.some((c) => c.email === m.to_address));
    expect(ours.map((m) => m.to_address).sort()).toEqual([a.contacts[0]!.email, a.contacts[1]!.email].sort());
    for (const mail of ours) {
      expect(mail.subject).toMatch(/^Clarification requested on 2 questions in the questionnaire for Supplier cl/);
      expect(mail.text_body).toContain("1.1 Do you have an AI policy?");
      expect(mail.text_body).toContain("Your website mentions a policy from 2023.");
      expect(mail.text_body).toContain("2.1 Is the model trained on customer data? (about Text model");
      expect(mail.text_body).toContain("Please explain the opt-out.");
      expect(mail.text_body).not.toContain(internal);
      expect(mail.html).not.toContain("CISO");
    }
    // Each link works: the GET shows it is valid (without using it), the POST opens a session.
    for (const [grantId, contact] of [
      [live, a.contacts[0]!],
      [expired, a.contacts[1]!],
    ] as const) {
      const mail = ours.find((m) => m.to_address === contact.email)!;
      const token = TOKEN_LINK.exec(mail.text_body ?? "")![1]!;
      const grant = await db().selectFrom("access_grants").select(["token_hash", "expires_at"]).where("id", "=", grantId).executeTakeFirstOrThrow();
      expect(grant.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
      expect(grant.expires_at.getTime()).toBeGreaterThan(Date.now());
      const client = new WebClient(server.baseUrl);
      const look = await client.get(`/v/${token}`);
      expect(look.status).toBe(200);
      const exchanged = await client.post(`/v/${token}`, {});
      expect(exchanged.status).toBe(302);
      expect(exchanged.headers.get("location")).toBe(`/v/a/${a.assessmentId}`);
      const overview = await client.get(`/v/a/${a.assessmentId}`);
      expect(overview.status).toBe(200);
      const html = await overview.text();
      expect(html).toContain("The reviewer asked for clarification on 2 questions");
      expect(html).toContain("Your website mentions a policy from 2023.");
      expect(html).not.toContain(internal);
    }
    // The session opened before the request still works (only the link was replaced).
    expect((await a.vendor.get(`/v/a/${a.assessmentId}`)).status).toBe(200);
  });

  it("reopens only the requested answers: other answers, other components and other assessments are refused", async () => {
    const a = await inReview();
    const [x, y] = a.componentIds;
    await ask(a, [
      { questionKey: "has_policy", message: "Check the policy." },
      { questionKey: "trained_on_customer_data", componentId: x, message: "Check the training data." },
    ]);
    const before = await db().selectFrom("answer_history").select("id").where("assessment_id", "=", a.assessmentId).execute();

    // Not reopened: refused with a message for that question, nothing written.
    for (const body of [
      { questionKey: "staff_count", value: 3 },
      { questionKey: "trained_on_customer_data", componentId: y, value: "yes", baseRevision: 1 },
    ]) {
      const refused = await api(a.vendor, a.assessmentId, body);
      expect(refused.status, JSON.stringify(body)).toBe(409);
      expect(await refused.json()).toMatchObject({
        status: "not_reopened",
        error: { path: "questionKey", message: expect.stringContaining("did not reopen") },
      });
    }
    expect(await db().selectFrom("answer_history").select("id").where("assessment_id", "=", a.assessmentId).execute()).toHaveLength(before.length);
    expect(await stored(a.assessmentId, "staff_count")).toBeUndefined();

    // Reopened: saved. Its follow-up (shown by the new answer) is open too, so the vendor can resubmit.
    expect(await (await api(a.vendor, a.assessmentId, { questionKey: "has_policy", value: "yes", baseRevision: 1 })).json()).toEqual({
      status: "saved",
      revision: 2,
    });
    expect((await api(a.vendor, a.assessmentId, { questionKey: "policy_date", value: "2024-05-01" })).status).toBe(200);
    expect((await api(a.vendor, a.assessmentId, { questionKey: "trained_on_customer_data", componentId: x, value: "yes", baseRevision: 1 })).status).toBe(200);

    // Another assessment's id with this session: a plain 404.
    const b = await inReview();
    await ask(b, [{ questionKey: "has_policy" }]);
    expect((await api(a.vendor, b.assessmentId, { questionKey: "has_policy", value: "yes", baseRevision: 1 })).status).toBe(404);
    expect(await stored(b.assessmentId, "has_policy")).toMatchObject({ value: "no", revision: 1 });

    // The no-JavaScript form: the reopened question is editable and highlighted, the other read-only.
    const page = await a.vendor.get(`/v/a/${a.assessmentId}/s/org`);
    const html = await page.text();
    expect(html).toContain("The reviewer asks for clarification");
    expect(html).toContain("Check the policy.");
    expect(html).toMatch(/name="rev\.has_policy"/);
    expect(html).not.toMatch(/name="rev\.staff_count"/);
    expect(html).toContain("Open again because it follows from a question the reviewer asked about.");
    const posted = await a.vendor.post(`/v/a/${a.assessmentId}/s/org`, {
      "rev.staff_count": "0",
      "orig.staff_count": JSON.stringify({ value: null, isNa: false, comment: null }),
      "answers.staff_count": "9",
    });
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain("The reviewer did not reopen this question");
    expect(await stored(a.assessmentId, "staff_count")).toBeUndefined();
    const otherPage = await (await a.vendor.get(`/v/a/${a.assessmentId}/s/model?component=${y}`)).text();
    expect(otherPage).toContain("The reviewer asked for clarification on other pages");
    expect(otherPage).not.toMatch(/name="rev\./);
  });

  it("evidence: uploads and removals only on reopened questions while changes are requested", async () => {
    const a = await issue();
    const early = await uploadEvidence(ctx(), a.grant, {
      assessmentId: a.assessmentId,
      questionKey: "policy_doc",
      componentId: null,
      fileName: "policy.pdf",
      bytes: PDF("v1"),
      validUntil: null,
    });
    await answeredAndSubmitted(a);
    await putInReview(a.assessmentId);
    await ask(a, [{ questionKey: "has_policy" }]);
    const upload = () =>
      uploadEvidence(ctx(), a.grant, {
        assessmentId: a.assessmentId,
        questionKey: "policy_doc",
        componentId: null,
        fileName: "policy2.pdf",
        bytes: PDF("v2"),
        validUntil: null,
      });
    await expect(upload()).rejects.toMatchObject({ kind: "state", message: expect.stringContaining("did not reopen this question") });
    await expect(removeEvidence(ctx(), a.grant, a.assessmentId, early.id)).rejects.toMatchObject({ kind: "state" });
    expect(await db().selectFrom("evidence").select("id").where("assessment_id", "=", a.assessmentId).execute()).toHaveLength(1);

    // Through the page: the message by the file field.
    const form = new FormData();
    form.append("question", "policy_doc");
    form.append("component", "");
    form.append("file", new Blob([PDF("v3")], { type: "application/pdf" }), "policy3.pdf");
    const response = await fetch(new URL(`/v/a/${a.assessmentId}/evidence`, server.baseUrl), {
      method: "POST",
      redirect: "manual",
      body: form,
      headers: { origin: server.baseUrl, cookie: `assay_vendor=${a.vendor.cookies.get("assay_vendor")}` },
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("files can be added or removed only on the questions they asked about");

    // Reopen the file question (a new round after a resubmit): now both work.
    await submitAssessment(ctx(), a.grant, a.assessmentId);
    await ask(a, [{ questionKey: "policy_doc", message: "Please upload the signed version." }]);
    const added = await upload();
    await removeEvidence(ctx(), a.grant, a.assessmentId, early.id);
    expect(await db().selectFrom("evidence").select("id").where("assessment_id", "=", a.assessmentId).execute()).toEqual([{ id: added.id }]);
    expect(await stored(a.assessmentId, "policy_doc")).toMatchObject({ value: [added.id] });
  });

  it("resubmit resolves the requests with the answers' revisions, stores a new score, and the reviewer sees before and after", async () => {
    const a = await inReview();
    const [x] = a.componentIds;
    const scoresBefore = await scoreRows(a.assessmentId);
    expect(scoresBefore).toHaveLength(1);
    await ask(a, [
      { questionKey: "has_policy", message: "Your website mentions a policy." },
      { questionKey: "trained_on_customer_data", componentId: x, message: "Still no?" },
    ]);
    // Not complete yet: the follow-up is required once the policy is "yes".
    expect((await api(a.vendor, a.assessmentId, { questionKey: "has_policy", value: "yes", baseRevision: 1, comment: "Approved by the board" })).status).toBe(
      200,
    );
    const early = await a.vendor.post(`/v/a/${a.assessmentId}/submit`, { intent: "submit" });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("1 required answer is still missing");
    expect((await api(a.vendor, a.assessmentId, { questionKey: "policy_date", value: "2024-05-01" })).status).toBe(200);

    const submitPage = await (await a.vendor.get(`/v/a/${a.assessmentId}/submit`)).text();
    expect(submitPage).toContain("Review and resubmit");
    expect(submitPage).toContain("What the reviewer asked");
    expect(submitPage).toContain("Still no?");
    expect(submitPage).toContain("Resubmit the questionnaire");
    const done = await a.vendor.post(`/v/a/${a.assessmentId}/submit`, { intent: "submit" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Resubmitted — thank you");

    expect(await statusOf(a.assessmentId)).toBe("resubmitted");
    const rows = await requestRows(a.assessmentId);
    expect(rows.find((r) => r.question_key === "has_policy")).toMatchObject({ before_revision: 1, after_revision: 2, resolved_at: expect.any(Date) });
    expect(rows.find((r) => r.question_key === "trained_on_customer_data")).toMatchObject({
      before_revision: 1,
      after_revision: 1,
      resolved_at: expect.any(Date),
    });
    const scoresAfter = await scoreRows(a.assessmentId);
    expect(scoresAfter).toHaveLength(2);
    expect(scoresAfter[1]!.reason).toBe("submit");
    expect(Number(scoresAfter[1]!.overall)).toBeGreaterThan(Number(scoresBefore[0]!.overall));

    // The staff panel: before and after per question, with a fixed number of queries.
    const panel = await clarificationsPanelData(db(), a.assessmentId, reviewer);
    expect(panel).toMatchObject({ canRequest: true, rounds: [{ round: 1, requestedBy: "Rita Reviewer", resolvedAt: expect.any(String) }] });
    expect(panel!.rounds[0]!.items).toMatchObject([
      {
        number: "1.1",
        prompt: "Do you have an AI policy?",
        message: "Your website mentions a policy.",
        before: { text: "No" },
        after: { text: "Yes", comment: "Approved by the board" },
        changed: true,
      },
      { number: "2.1", componentName: expect.stringContaining("Vision API"), before: { text: "No" }, after: { text: "No" }, changed: false },
    ]);
    const detail = await (await staff.get(`/assessments/${a.assessmentId}`)).text();
    expect(detail).toContain("Round 1: 2 questions");
    expect(detail).toContain("Approved by the board");
    expect(detail).toContain("(unchanged)");
    expect(detail).toContain(`href="/assessments/${a.assessmentId}/clarifications"`);

    // The vendor pages say it was resubmitted and lock the answers again.
    expect(await (await a.vendor.get(`/v/a/${a.assessmentId}`)).text()).toContain("Resubmitted");
    expect((await api(a.vendor, a.assessmentId, { questionKey: "has_policy", value: "no", baseRevision: 2 })).status).toBe(423);
  });

  it("vendor pages show vendor-visible comments, never internal ones, and a reply is stored vendor-visible", async () => {
    const a = await inReview();
    const internal = "INTERNAL-NOTE: do not tell the vendor about the audit.";
    const visible = "Could you attach the policy itself?";
    await addStaffComment(ctx(), userActor(reviewer), a.assessmentId, { questionKey: "has_policy", componentId: null, visibility: "internal", body: internal });
    await addStaffComment(ctx(), userActor(reviewer), a.assessmentId, { questionKey: "has_policy", componentId: null, visibility: "vendor", body: visible });
    await ask(a, [{ questionKey: "has_policy", message: "See the comment." }]);
    for (const path of [`/v/a/${a.assessmentId}`, `/v/a/${a.assessmentId}/s/org`, `/v/a/${a.assessmentId}/submit`, `/v/a/${a.assessmentId}/s/org.data`]) {
      const response = await a.vendor.get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).not.toContain("INTERNAL-NOTE");
    }
    const page = await (await a.vendor.get(`/v/a/${a.assessmentId}/s/org`)).text();
    expect(page).toContain(visible);
    expect(page).toContain("Reply to the reviewer");

    // A reply: empty is refused by its box, nothing written; then stored as vendor-visible.
    const empty = await a.vendor.post(`/v/a/${a.assessmentId}/s/org`, { intent: "reply", questionKey: "has_policy", body: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write a comment.");
    const reply = await a.vendor.post(`/v/a/${a.assessmentId}/s/org`, { intent: "reply", questionKey: "has_policy", body: "Attached in section 1.4." });
    expect(reply.status).toBe(302);
    expect(reply.headers.get("location")).toBe(`/v/a/${a.assessmentId}/s/org?replied=has_policy#q-has_policy`);
    const comments = await db().selectFrom("answer_comments").selectAll().where("assessment_id", "=", a.assessmentId).orderBy("created_at").execute();
    expect(comments).toHaveLength(3);
    expect(comments[2]).toMatchObject({ visibility: "vendor", body: "Attached in section 1.4.", author_grant_id: a.grant.id, author_user_id: null });
    const after = await (await a.vendor.get(`/v/a/${a.assessmentId}/s/org?replied=has_policy`)).text();
    expect(after).toContain("Attached in section 1.4.");
    expect(after).toContain("Your reply was sent to the reviewer.");
    expect(after).not.toContain("INTERNAL-NOTE");
    // A question of another page is not this page's to reply to.
    expect((await a.vendor.post(`/v/a/${a.assessmentId}/s/org`, { intent: "reply", questionKey: "trained_on_customer_data", body: "Hi" })).status).toBe(404);
  });

  it("answers carried over from the last cycle are marked; Confirm saves the same value and clears the mark, as does any save", async () => {
    const a = await issue();
    // Carried over (as the next cycle writes them): stored answers marked prefilled.
    await db()
      .insertInto("answers")
      .values([
        { assessment_id: a.assessmentId, question_key: "has_policy", ai_component_id: null, value: JSON.stringify("yes"), prefilled: true },
        { assessment_id: a.assessmentId, question_key: "staff_count", ai_component_id: null, value: JSON.stringify(4), prefilled: true },
      ])
      .execute();
    const page = await (await a.vendor.get(`/v/a/${a.assessmentId}/s/org`)).text();
    expect(page.match(/Carried over from your last review:/g)).toHaveLength(2);
    expect(page).toContain('form="confirm-has_policy"');

    const confirmed = await a.vendor.post(`/v/a/${a.assessmentId}/s/org`, { intent: "confirm", questionKey: "has_policy", revision: "1" });
    expect(confirmed.status).toBe(302);
    expect(await stored(a.assessmentId, "has_policy")).toMatchObject({ value: "yes", revision: 2, prefilled: false });
    const history = await db()
      .selectFrom("answer_history")
      .select(["revision", "value"])
      .where("assessment_id", "=", a.assessmentId)
      .where("question_key", "=", "has_policy")
      .orderBy("revision")
      .execute();
    expect(history).toEqual([
      { revision: 1, value: "yes" },
      { revision: 2, value: "yes" },
    ]);
    const again = await (await a.vendor.get(`/v/a/${a.assessmentId}/s/org?confirmed=has_policy`)).text();
    expect(again.match(/Carried over from your last review:/g)).toHaveLength(1);
    expect(again).toContain("Confirmed.");
    // A stale confirm (the revision moved on) is a conflict with a message; nothing written.
    const stale = await a.vendor.post(`/v/a/${a.assessmentId}/s/org`, { intent: "confirm", questionKey: "staff_count", revision: "7" });
    expect(stale.status).toBe(409);
    expect(await stored(a.assessmentId, "staff_count")).toMatchObject({ revision: 1, prefilled: true });

    // Changing the answer clears the mark too.
    expect((await api(a.vendor, a.assessmentId, { questionKey: "staff_count", value: 5, baseRevision: 1 })).status).toBe(200);
    expect(await stored(a.assessmentId, "staff_count")).toMatchObject({ value: 5, revision: 2, prefilled: false });
    expect(await (await a.vendor.get(`/v/a/${a.assessmentId}/s/org`)).text()).not.toContain("Carried over from your last review:");
  });
});
