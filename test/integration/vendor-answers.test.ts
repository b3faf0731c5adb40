// The vendor's answering API and pages on the real server (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): saving with revisions, refusing bad input with nothing written, conflicts
// between two contacts, isolation between assessments, submit and reopen.
import { addDays, utcDate } from "~/domain/reminders";
import { issueAssessment } from "~/services/assessment-issue.server";
import { reopenAssessment } from "~/services/assessment-lifecycle.server";
import { userActor } from "~/services/audit.server";
import { createTemplate, publishVersion, saveDraft } from "~/services/template-versions.server";
import { eventually } from "../support/app";
import { createUser } from "../support/factories";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const TOKEN_LINK = /\/v\/([A-Za-z0-9_-]{43})/;

const SMALL_TEMPLATE = {
  title: "Small AI check",
  sections: [
    {
      key: "org",
      title: "Organisation",
      scope: "supplier",
      questions: [
        { key: "has_policy", prompt: "Do you have an AI policy?", type: "yes_no", required: true, weight: 1, domain: "governance", allowNa: false, refs: [] },
        {
          key: "policy_date",
          prompt: "When was the policy approved?",
          type: "date",
          required: true,
          weight: 1,
          domain: "governance",
          allowNa: false,
          refs: [],
          showIf: { question: "has_policy", equals: "yes" },
        },
        {
          key: "staff_count",
          prompt: "How many people work on AI governance?",
          type: "number",
          min: 0,
          max: 10000,
          required: false,
          weight: 1,
          domain: "governance",
          allowNa: true,
          refs: [],
        },
      ],
    },
    {
      key: "model",
      title: "Model",
      scope: "component",
      questions: [
        {
          key: "trained_on_customer_data",
          prompt: "Is the model trained on customer data?",
          type: "yes_no",
          required: true,
          weight: 1,
          domain: "training_data",
          allowNa: false,
          refs: [],
        },
      ],
    },
  ],
};

describe("vendor answers", () => {
  let server: TestServer;
  let versionId: string;
  let procurementUser: Awaited<ReturnType<typeof createUser>>;
  const db = () => server.app.ctx.db;
  const actor = () => userActor(procurementUser);

  beforeAll(async () => {
    server = await startTestServer();
    procurementUser = await createUser(db(), "procurement", { name: "Pat Procurement" });
    const { versionId: id } = await createTemplate(server.app.ctx, actor(), { name: `Small AI check ${Date.now()}`, description: null });
    expect(await saveDraft(server.app.ctx, actor(), id, SMALL_TEMPLATE)).toMatchObject({ ok: true });
    expect(await publishVersion(server.app.ctx, actor(), id)).toMatchObject({ ok: true });
    versionId = id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  let counter = 0;
  async function issue(contacts = 1) {
    counter += 1;
    const slug = `va${counter}x${Date.now().toString(36)}`;
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name: `Vendor ${slug}`, status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const contactRows = [];
    for (let i = 0; i < contacts; i++) {
      contactRows.push(
        await db()
          .insertInto("supplier_contacts")
          .values({ supplier_id: supplier.id, name: `Contact ${i} ${slug}`, email: `c${i}.${slug}@vendor.example.com`, is_primary: i === 0 })
          .returning(["id", "email", "name"])
          .executeTakeFirstOrThrow(),
      );
    }
    const component = await db()
      .insertInto("ai_components")
      .values({ supplier_id: supplier.id, kind: "hosted_api", name: `API ${slug}`, update_cadence: "unknown" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { assessmentId } = await issueAssessment(server.app.ctx, actor(), {
      supplierId: supplier.id,
      templateVersionId: versionId,
      componentIds: [component.id],
      contactIds: contactRows.map((c) => c.id),
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    });
    const clients: WebClient[] = [];
    for (const contact of contactRows) clients.push(await vendorClient(contact.email));
    return { assessmentId, componentId: component.id, contacts: contactRows, clients, client: clients[0]! };
  }

  async function vendorClient(email: string) {
    const mail = await db().selectFrom("emails").select("text_body").where("to_address", "=", email).orderBy("created_at", "desc").executeTakeFirstOrThrow();
    const token = TOKEN_LINK.exec(mail.text_body ?? "")?.[1];
    expect(token).toBeDefined();
    const client = new WebClient(server.baseUrl);
    const exchanged = await client.post(`/v/${token}`, {});
    expect(exchanged.status).toBe(302);
    expect(client.cookies.get("assay_vendor")).toBeDefined();
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

  const stored = (assessmentId: string, key: string) =>
    db().selectFrom("answers").selectAll().where("assessment_id", "=", assessmentId).where("question_key", "=", key).executeTakeFirst();
  const historyCount = async (assessmentId: string) =>
    Number(
      (
        await db()
          .selectFrom("answer_history")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("assessment_id", "=", assessmentId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("saves an answer, moves the assessment to in progress, and shows it again on reload", async () => {
    const a = await issue();
    const saved = await api(a.client, a.assessmentId, { questionKey: "has_policy", value: "yes", comment: "Since 2023" });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ status: "saved", revision: 1 });
    expect(await stored(a.assessmentId, "has_policy")).toMatchObject({ value: "yes", comment: "Since 2023", revision: 1 });
    expect((await db().selectFrom("assessments").select("status").where("id", "=", a.assessmentId).executeTakeFirstOrThrow()).status).toBe("in_progress");

    const page = await a.client.get(`/v/a/${a.assessmentId}/s/org`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Since 2023");
    expect(html).toContain("When was the policy approved?"); // shown now that has_policy = yes
    expect(html).toMatch(/name="rev\.has_policy" value="1"/);

    const second = await api(a.client, a.assessmentId, { questionKey: "staff_count", value: 12, baseRevision: 0 });
    expect(second.status).toBe(200);
    const na = await api(a.client, a.assessmentId, { questionKey: "staff_count", value: null, isNa: true, baseRevision: 1 });
    expect(await na.json()).toEqual({ status: "saved", revision: 2 });
    expect(await stored(a.assessmentId, "staff_count")).toMatchObject({ value: null, is_na: true, revision: 2 });

    const component = await api(a.client, a.assessmentId, { questionKey: "trained_on_customer_data", componentId: a.componentId, value: "no" });
    expect(component.status).toBe(200);
    const componentPage = await a.client.get(`/v/a/${a.assessmentId}/s/model?component=${a.componentId}`);
    expect(componentPage.status).toBe(200);
    expect(await a.client.get(`/v/a/${a.assessmentId}/s/model`)).toMatchObject({ status: 302 });
    expect((await a.client.get(`/v/a/${a.assessmentId}/s/nope`)).status).toBe(404);
  });

  it("refuses bad input with 400, the field named, and nothing written", async () => {
    const a = await issue();
    expect((await api(a.client, a.assessmentId, { questionKey: "has_policy", value: "no" })).status).toBe(200);
    const before = await historyCount(a.assessmentId);

    const cases: Array<[Record<string, unknown>, string, string?]> = [
      [{ questionKey: "has_policy", value: 5, baseRevision: 1 }, "value", "invalid_value"],
      [{ questionKey: "has_policy", value: ["yes"], baseRevision: 1 }, "value", "invalid_value"],
      [{ questionKey: "staff_count", value: "twelve" }, "value", "invalid_value"],
      [{ questionKey: "staff_count", value: 10001 }, "value", "invalid_value"],
      [{ questionKey: "not_in_template", value: "yes" }, "questionKey", "unknown_question"],
      [{ questionKey: "policy_date", value: "2024-05-01" }, "questionKey", "hidden"], // has_policy = no
      [{ questionKey: "has_policy", value: null, isNa: true, baseRevision: 1 }, "isNa", "na_not_allowed"],
      [{ questionKey: "trained_on_customer_data", value: "no" }, "componentId", "wrong_scope"],
      [{ questionKey: "has_policy", value: "yes", baseRevision: -1 }, "baseRevision"],
      [{ questionKey: "has_policy", value: "yes", isNa: "no" }, "isNa"],
      [{ questionKey: "has_policy", value: "yes", comment: "x".repeat(5001) }, "comment"],
    ];
    for (const [body, path, code] of cases) {
      const response = await api(a.client, a.assessmentId, body);
      expect(response.status, JSON.stringify(body).slice(0, 100)).toBe(400);
      const json = (await response.json()) as { status: string; code?: string; error: { path: string; message: string } };
      expect(json.error.path).toBe(path);
      expect(json.error.message).toBeTruthy();
      if (code) expect(json.code).toBe(code);
    }
    const notJson = await fetch(new URL(`/v/a/${a.assessmentId}/answers`, server.baseUrl), {
      method: "POST",
      body: "{nope",
      headers: { origin: server.baseUrl, "content-type": "application/json", cookie: `assay_vendor=${a.client.cookies.get("assay_vendor")}` },
    });
    expect(notJson.status).toBe(400);
    expect(await historyCount(a.assessmentId)).toBe(before);
    expect(await stored(a.assessmentId, "has_policy")).toMatchObject({ value: "no", revision: 1 });
    expect(await stored(a.assessmentId, "policy_date")).toBeUndefined();
    // GET is not a way to save: it reads a page's answers, and without naming the page it is refused.
    expect((await a.client.get(`/v/a/${a.assessmentId}/answers`)).status).toBe(400);
  });

  it("a stale revision from a colleague is a 409 with their answer, nothing written; keep-mine saves over it", async () => {
    const a = await issue(2);
    const [first, second] = a.clients as [WebClient, WebClient];
    expect(await (await api(first, a.assessmentId, { questionKey: "has_policy", value: "no" })).json()).toEqual({ status: "saved", revision: 1 });
    // The colleague saves revision 2 ...
    expect(await (await api(second, a.assessmentId, { questionKey: "has_policy", value: "yes", comment: "Approved in May", baseRevision: 1 })).json()).toEqual({
      status: "saved",
      revision: 2,
    });
    const before = await historyCount(a.assessmentId);
    // ... while the first contact still edits revision 1.
    const stale = await api(first, a.assessmentId, { questionKey: "has_policy", value: "no", comment: "Mine", baseRevision: 1 });
    expect(stale.status).toBe(409);
    const conflict = (await stale.json()) as {
      status: string;
      current: { value: unknown; comment: string; revision: number; updatedBy: string; updatedAt: string };
    };
    expect(conflict.status).toBe("conflict");
    expect(conflict.current).toMatchObject({ value: "yes", comment: "Approved in May", revision: 2 });
    expect(conflict.current.updatedBy).toContain(a.contacts[1]!.email);
    expect(Date.parse(conflict.current.updatedAt)).not.toBeNaN();
    expect(await historyCount(a.assessmentId)).toBe(before);
    expect(await stored(a.assessmentId, "has_policy")).toMatchObject({ value: "yes", revision: 2 });

    // A first answer saved by both at once: the second one is a conflict too.
    expect((await api(second, a.assessmentId, { questionKey: "staff_count", value: 3 })).status).toBe(200);
    expect((await api(first, a.assessmentId, { questionKey: "staff_count", value: 4 })).status).toBe(409);

    // "Keep mine": again, over the revision now seen.
    const keep = await api(first, a.assessmentId, { questionKey: "has_policy", value: "no", comment: "Mine", baseRevision: 2 });
    expect(await keep.json()).toEqual({ status: "saved", revision: 3 });
    expect(await stored(a.assessmentId, "has_policy")).toMatchObject({ value: "no", comment: "Mine", revision: 3 });
  });

  it("the no-JavaScript form saves changed answers and reports a conflict per question", async () => {
    const a = await issue(2);
    const [first, second] = a.clients as [WebClient, WebClient];
    const post = (client: WebClient, form: Record<string, string>) => client.post(`/v/a/${a.assessmentId}/s/org`, form);
    const orig = JSON.stringify({ value: null, isNa: false, comment: null });
    const ok = await post(first, {
      "rev.has_policy": "0",
      "orig.has_policy": orig,
      "answers.has_policy": "yes",
      "comment.has_policy": "",
      "rev.staff_count": "0",
      "orig.staff_count": orig,
      "answers.staff_count": "",
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toContain("saved=1");
    expect(await stored(a.assessmentId, "has_policy")).toMatchObject({ value: "yes", revision: 1 });
    expect(await stored(a.assessmentId, "staff_count")).toBeUndefined(); // unchanged: not written

    expect((await api(second, a.assessmentId, { questionKey: "has_policy", value: "no", baseRevision: 1 })).status).toBe(200);
    const conflicted = await post(first, {
      "rev.has_policy": "1",
      "orig.has_policy": JSON.stringify({ value: "yes", isNa: false, comment: null }),
      "answers.has_policy": "yes",
      "comment.has_policy": "Really yes",
    });
    expect(conflicted.status).toBe(409);
    const html = await conflicted.text();
    expect(html).toContain("Some answers were not saved");
    expect(html).toContain("Keep mine");
    expect(await stored(a.assessmentId, "has_policy")).toMatchObject({ value: "no", revision: 2 });
  });

  it("another assessment's URLs are a plain 404, and nothing is written", async () => {
    const a = await issue();
    const b = await issue();
    const before = await historyCount(b.assessmentId);
    const cross = await api(a.client, b.assessmentId, { questionKey: "has_policy", value: "yes" });
    expect(cross.status).toBe(404);
    const text = await cross.text();
    expect(text).not.toContain(b.assessmentId);
    expect((await a.client.get(`/v/a/${b.assessmentId}/s/org`)).status).toBe(404);
    expect((await a.client.get(`/v/a/${b.assessmentId}/submit`)).status).toBe(404);
    expect((await a.client.post(`/v/a/${b.assessmentId}/submit`, { intent: "submit" })).status).toBe(404);
    // B's component through A's own API, and on A's pages.
    expect((await api(a.client, a.assessmentId, { questionKey: "trained_on_customer_data", componentId: b.componentId, value: "no" })).status).toBe(404);
    expect((await a.client.get(`/v/a/${a.assessmentId}/s/model?component=${b.componentId}`)).status).toBe(404);
    // An unknown assessment looks the same.
    expect((await api(a.client, "00000000-0000-4000-8000-000000000000", { questionKey: "has_policy", value: "yes" })).status).toBe(404);
    expect(await historyCount(b.assessmentId)).toBe(before);
  });

  it("submit lists what is missing, then locks the answers, mails the issuer; reopen makes it editable again", async () => {
    const a = await issue();
    expect((await api(a.client, a.assessmentId, { questionKey: "has_policy", value: "yes" })).status).toBe(200);

    const review = await a.client.get(`/v/a/${a.assessmentId}/submit`);
    expect(review.status).toBe(200);
    const reviewHtml = await review.text();
    expect(reviewHtml).toContain("When was the policy approved?");
    expect(reviewHtml).toContain(`/v/a/${a.assessmentId}/s/org#q-policy_date`);
    expect(reviewHtml).toContain(`/v/a/${a.assessmentId}/s/model?component=${a.componentId}#q-trained_on_customer_data`);

    const refused = await a.client.post(`/v/a/${a.assessmentId}/submit`, { intent: "submit" });
    expect(refused.status).toBe(409);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain("2 required answers are still missing");
    expect(refusedHtml).toContain("Is the model trained on customer data?");
    expect((await db().selectFrom("assessments").select("status").where("id", "=", a.assessmentId).executeTakeFirstOrThrow()).status).toBe("in_progress");

    expect((await api(a.client, a.assessmentId, { questionKey: "policy_date", value: "2024-05-01" })).status).toBe(200);
    expect((await api(a.client, a.assessmentId, { questionKey: "trained_on_customer_data", componentId: a.componentId, value: "no" })).status).toBe(200);
    const submitted = await a.client.post(`/v/a/${a.assessmentId}/submit`, { intent: "submit" });
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toContain("Submitted — thank you");
    expect((await db().selectFrom("assessments").select("status").where("id", "=", a.assessmentId).executeTakeFirstOrThrow()).status).toBe("submitted");
    const mail = await eventually(() =>
      db()
        .selectFrom("emails")
        .selectAll()
        .where("to_address", "=", procurementUser.email)
        .where("template", "=", "assessment-submitted")
        .orderBy("created_at", "desc")
        .executeTakeFirst(),
    );
    expect(mail.subject).toContain("submitted");
    expect(mail.text_body).toContain(`/assessments/${a.assessmentId}`);
    expect(
      await db()
        .selectFrom("audit_events")
        .select("action")
        .where("entity_id", "=", a.assessmentId)
        .where("action", "=", "assessment.submit")
        .executeTakeFirst(),
    ).toBeDefined();

    const locked = await api(a.client, a.assessmentId, { questionKey: "has_policy", value: "no", baseRevision: 1 });
    expect(locked.status).toBe(423);
    expect(await stored(a.assessmentId, "has_policy")).toMatchObject({ value: "yes", revision: 1 });
    const readOnly = await a.client.get(`/v/a/${a.assessmentId}/s/org`);
    expect(readOnly.status).toBe(200);
    const readOnlyHtml = await readOnly.text();
    expect(readOnlyHtml).toContain("answers are locked");
    expect(readOnlyHtml).not.toContain("Save section");
    expect((await a.client.post(`/v/a/${a.assessmentId}/submit`, { intent: "submit" })).status).toBe(423);

    await reopenAssessment(server.app.ctx, actor(), a.assessmentId);
    const again = await api(a.client, a.assessmentId, { questionKey: "has_policy", value: "no", baseRevision: 1 });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "saved", revision: 2 });
  });

  it("a contact assigned some sections only gets 404 for the others", async () => {
    const a = await issue();
    await db()
      .updateTable("access_grants")
      .set({ sections: ["model"] })
      .where("assessment_id", "=", a.assessmentId)
      .execute();
    expect((await api(a.client, a.assessmentId, { questionKey: "has_policy", value: "yes" })).status).toBe(404);
    expect((await a.client.get(`/v/a/${a.assessmentId}/s/org`)).status).toBe(404);
    expect((await api(a.client, a.assessmentId, { questionKey: "trained_on_customer_data", componentId: a.componentId, value: "yes" })).status).toBe(200);
  });

  it("GET of a page's stored answers: revisions and who saved them (this contact or a colleague), only for the contact's own pages", async () => {
    const a = await issue(2);
    const [first, second] = a.clients as [WebClient, WebClient];
    const current = (client: WebClient, assessmentId: string, query: string) =>
      fetch(new URL(`/v/a/${assessmentId}/answers?${query}`, server.baseUrl), {
        redirect: "manual",
        headers: { accept: "application/json", cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
    expect(await (await current(first, a.assessmentId, "section=org")).json()).toEqual({ answers: {} });
    expect((await api(first, a.assessmentId, { questionKey: "has_policy", value: "yes", comment: "Since 2023" })).status).toBe(200);
    expect((await api(second, a.assessmentId, { questionKey: "staff_count", value: 7 })).status).toBe(200);
    expect((await api(first, a.assessmentId, { questionKey: "trained_on_customer_data", componentId: a.componentId, value: "no" })).status).toBe(200);

    const mine = await current(first, a.assessmentId, "section=org");
    expect(mine.status).toBe(200);
    expect(mine.headers.get("cache-control")).toBe("no-store");
    const body = (await mine.json()) as { answers: Record<string, { value: unknown; revision: number; byYou: boolean; updatedBy: string }> };
    expect(Object.keys(body.answers).sort()).toEqual(["has_policy", "staff_count"]); // not the component's answer
    expect(body.answers.has_policy).toMatchObject({ value: "yes", comment: "Since 2023", revision: 1, byYou: true });
    expect(body.answers.staff_count).toMatchObject({ value: 7, revision: 1, byYou: false });
    expect(body.answers.staff_count!.updatedBy).toContain(a.contacts[1]!.email);
    // The colleague sees the same answers from the other side.
    const theirs = (await (await current(second, a.assessmentId, "section=org")).json()) as typeof body;
    expect(theirs.answers.has_policy).toMatchObject({ byYou: false, updatedBy: expect.stringContaining(a.contacts[0]!.email) });
    expect(theirs.answers.staff_count).toMatchObject({ byYou: true });
    // A component's page: that component's answers.
    const component = (await (await current(first, a.assessmentId, `section=model&component=${a.componentId}`)).json()) as typeof body;
    expect(component.answers).toEqual({ trained_on_customer_data: expect.objectContaining({ value: "no", revision: 1, byYou: true }) });

    // A conflict says whether the newer answer was this contact's own (another window) or a colleague's.
    const ownStale = await api(first, a.assessmentId, { questionKey: "has_policy", value: "no", baseRevision: 0 });
    expect(ownStale.status).toBe(409);
    expect(((await ownStale.json()) as { current: { byYou: boolean } }).current.byYou).toBe(true);
    const colleagueStale = await api(second, a.assessmentId, { questionKey: "has_policy", value: "no", baseRevision: 0 });
    expect(((await colleagueStale.json()) as { current: { byYou: boolean } }).current.byYou).toBe(false);

    // Only this contact's own assessment, sections and components; a page must be named.
    const b = await issue();
    expect((await api(b.client, b.assessmentId, { questionKey: "has_policy", value: "yes" })).status).toBe(200);
    const cross = await current(first, b.assessmentId, "section=org");
    expect(cross.status).toBe(404);
    expect(await cross.text()).not.toContain("has_policy");
    expect((await current(first, a.assessmentId, `section=model&component=${b.componentId}`)).status).toBe(404);
    expect((await current(first, a.assessmentId, "section=model")).status).toBe(404);
    expect((await current(first, a.assessmentId, "section=nope")).status).toBe(404);
    expect((await current(first, a.assessmentId, "")).status).toBe(400);
    await db()
      .updateTable("access_grants")
      .set({ sections: ["model"] })
      .where("email", "=", a.contacts[1]!.email)
      .execute();
    expect((await current(second, a.assessmentId, "section=org")).status).toBe(404);
  });
});
