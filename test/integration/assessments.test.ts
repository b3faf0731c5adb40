// Assessments end to end on the real server (Express + the Remix build) over a test database
// (PGlite, or PostgreSQL with TEST_DATABASE_URL), with mail delivered to a real SMTP server and
// request logs captured: issuing, magic links and vendor sessions, isolation, campaigns, reminders.
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { simpleParser, type ParsedMail } from "mailparser";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { dueDeadline, reminderMoment, utcDate, addDays } from "~/domain/reminders";
import { hashToken } from "~/domain/tokens";
import type { Queue } from "~/services/queue.server";
import { createExpressApp } from "~/server/express.server";
import { inspectGrantToken, NEW_LINK_PER_ADDRESS, NEW_LINK_PER_IP, requestNewLink } from "~/services/access-grants.server";
import { issueAssessment } from "~/services/assessment-issue.server";
import { submitAssessment } from "~/services/assessment-lifecycle.server";
import { userActor } from "~/services/audit.server";
import { createCampaign, runCampaign } from "~/services/campaigns.server";
import { runReminderSweep } from "~/services/reminders.server";
import { issueLoginToken } from "~/services/sign-in.server";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { eventually, startTestApp, type TestApp } from "../support/app";
import { createUser } from "../support/factories";
import { WebClient } from "../support/server";

const TOKEN_LINK = /\/v\/([A-Za-z0-9_-]{43})/;
const DAY = 86_400_000;

describe("assessments, magic links, campaigns and reminders", () => {
  let app: TestApp;
  let httpServer: http.Server;
  let smtp: SMTPServer;
  let baseUrl: string;
  const received: ParsedMail[] = [];
  const logLines: string[] = [];
  const tokensSeen = new Set<string>();
  let builtinVersionId: string;
  let tinyVersionId: string;
  let draftVersionId: string;
  let procurementUser: Awaited<ReturnType<typeof createUser>>;
  let procurement: WebClient;
  let viewer: WebClient;
  const db = () => app.ctx.db;
  const actor = () => userActor(procurementUser);

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
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    let handler: http.RequestListener = (_req, res) => res.end();
    httpServer = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    app = await startTestApp({ worker: true, env: { BASE_URL: baseUrl, SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: "Assay <assay@example.com>" } });
    // The request log at info level, into memory, through the app's own request logging.
    app.ctx.logger = pino(
      { level: "info", base: undefined },
      new Writable({
        write(chunk, _encoding, callback) {
          logLines.push(String(chunk));
          callback();
        },
      }),
    );
    const build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    handler = createExpressApp(app.ctx, build) as unknown as http.RequestListener;

    const builtin = await ensureBuiltinTemplate(db());
    builtinVersionId = (
      await db()
        .selectFrom("template_versions")
        .select("id")
        .where("template_id", "=", builtin.templateId)
        .where("status", "=", "published")
        .executeTakeFirstOrThrow()
    ).id;
    ({ published: tinyVersionId, draft: draftVersionId } = await tinyTemplate());

    procurementUser = await createUser(db(), "procurement", { name: "Pat Procurement" });
    procurement = await staffClient(procurementUser.email);
    viewer = await staffClient((await createUser(db(), "viewer")).email);
  });

  afterAll(async () => {
    httpServer?.closeAllConnections();
    await new Promise((resolve) => httpServer?.close(resolve));
    await app?.stop();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  // ---------------------------------------------------------------------------------------------
  // Helpers

  async function staffClient(email: string) {
    const user = await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const token = await db()
      .transaction()
      .execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    const client = new WebClient(baseUrl);
    expect((await client.post(`/login/${token}`, { next: "/" })).status).toBe(302);
    return client;
  }

  /** A form post with repeated fields (checkbox groups), keeping the client's cookies. */
  async function postPairs(client: WebClient, pathname: string, pairs: Array<[string, string]>) {
    return fetch(new URL(pathname, baseUrl), {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams(pairs),
      headers: {
        origin: baseUrl,
        "content-type": "application/x-www-form-urlencoded",
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
  }

  let supplierCounter = 0;
  async function makeSupplier(
    options: { contacts?: number; primary?: boolean; components?: number; ownerId?: string | null; status?: "active" | "prospective" | "offboarded" } = {},
  ) {
    supplierCounter += 1;
    const slug = `s${supplierCounter}x${Date.now().toString(36)}`;
    const name = `Vendor ${supplierCounter} ${slug}`;
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name, status: options.status ?? "active", procurement_owner_id: options.ownerId ?? null })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    const contacts = [];
    for (let i = 0; i < (options.contacts ?? 1); i++) {
      contacts.push(
        await db()
          .insertInto("supplier_contacts")
          .values({
            supplier_id: supplier.id,
            name: `Contact ${i} of ${slug}`,
            email: `c${i}.${slug}@vendor.example.com`,
            is_primary: (options.primary ?? true) && i === 0,
          })
          .returning(["id", "email", "name"])
          .executeTakeFirstOrThrow(),
      );
    }
    const components = [];
    for (let i = 0; i < (options.components ?? 1); i++) {
      components.push(
        await db()
          .insertInto("ai_components")
          .values({ supplier_id: supplier.id, kind: "hosted_api", name: `API ${i} of ${slug}`, update_cadence: "unknown" })
          .returning(["id", "name"])
          .executeTakeFirstOrThrow(),
      );
    }
    return { ...supplier, contacts, components };
  }

  /** A published two-question template (one supplier, one component question) and a draft. */
  async function tinyTemplate() {
    const definition = {
      title: "Tiny questionnaire",
      sections: [
        {
          key: "org",
          title: "Organisation",
          scope: "supplier",
          questions: [{ key: "has_policy", prompt: "Policy?", type: "yes_no", required: true, weight: 1, domain: "governance", allowNa: false, refs: [] }],
        },
        {
          key: "model",
          title: "Model",
          scope: "component",
          questions: [
            { key: "trained", prompt: "Trained on our data?", type: "yes_no", required: true, weight: 1, domain: "training_data", allowNa: false, refs: [] },
          ],
        },
      ],
    };
    const template = await db().insertInto("questionnaire_templates").values({ name: "Tiny test questionnaire" }).returning("id").executeTakeFirstOrThrow();
    const published = await db()
      .insertInto("template_versions")
      .values({
        template_id: template.id,
        version: 1,
        status: "published",
        definition: JSON.stringify(definition),
        checksum: "a".repeat(64),
        published_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const draft = await db()
      .insertInto("template_versions")
      .values({ template_id: template.id, version: 2, status: "draft", definition: JSON.stringify(definition) })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { published: published.id, draft: draft.id };
  }

  const inDays = (n: number) => addDays(utcDate(new Date()), n);

  /** The next mail to `to` not yet taken, and the /v/ token in it. */
  const taken = new Set<ParsedMail>();
  async function nextMail(to: string, subject?: RegExp) {
    const mail = await eventually(async () =>
      received.find((m) => !taken.has(m) && JSON.stringify(m.to).includes(to) && (!subject || subject.test(m.subject ?? ""))),
    );
    taken.add(mail);
    const token = TOKEN_LINK.exec(mail.text ?? "")?.[1] ?? null;
    if (token) tokensSeen.add(token);
    return { mail, token };
  }

  async function count(table: "assessments" | "access_grants" | "emails" | "audit_events" | "assessment_components" | "sessions") {
    return Number((await db().selectFrom(table).select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  }

  async function issue(supplier: Awaited<ReturnType<typeof makeSupplier>>, overrides: Partial<Parameters<typeof issueAssessment>[2]> = {}) {
    return issueAssessment(app.ctx, actor(), {
      supplierId: supplier.id,
      templateVersionId: tinyVersionId,
      componentIds: supplier.components.map((c) => c.id),
      contactIds: supplier.contacts.map((c) => c.id),
      dueDate: inDays(20),
      message: null,
      ...overrides,
    });
  }

  /** Opens a link like a browser: GET the page, POST its button; returns the vendor client. */
  async function openLink(token: string) {
    const vendor = new WebClient(baseUrl);
    expect((await vendor.get(`/v/${token}`)).status).toBe(200);
    const exchanged = await vendor.post(`/v/${token}`, {});
    expect(exchanged.status).toBe(302);
    return { vendor, location: exchanged.headers.get("location")!, setCookie: exchanged.headers.get("set-cookie") ?? "" };
  }

  /** A response's HTML without React's text separators (<!-- -->), so sentences read whole. */
  const htmlOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");
  const mainOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? "";

  // ---------------------------------------------------------------------------------------------
  // Issuing

  it("issues from the form: one assessment, its components, a grant and an emailed /v/ link per contact", async () => {
    const supplier = await makeSupplier({ contacts: 2, components: 2 });
    const archived = await db()
      .insertInto("ai_components")
      .values({ supplier_id: supplier.id, kind: "dataset", name: "Old dataset", update_cadence: "unknown", archived_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();

    const picker = await htmlOf(await procurement.get(`/assessments/new?q=${encodeURIComponent(supplier.name)}`));
    expect(picker).toContain(`?supplier=${supplier.id}`);
    const form = await htmlOf(await procurement.get(`/assessments/new?supplier=${supplier.id}`));
    expect(form).toContain(supplier.components[0]!.name);
    expect(form).not.toContain("Old dataset");
    expect(form).toContain(supplier.contacts[1]!.email);
    expect(form).toContain("AI supplier due diligence, version 1");
    expect(form).not.toContain(archived.id);

    const response = await postPairs(procurement, `/assessments/new?supplier=${supplier.id}`, [
      ["supplierId", supplier.id],
      ["templateVersionId", builtinVersionId],
      ...supplier.components.map((c): [string, string] => ["componentIds", c.id]),
      ...supplier.contacts.map((c): [string, string] => ["contactIds", c.id]),
      ["dueDate", inDays(21)],
      ["message", "Hello from procurement.\nPlease answer by the due date."],
    ]);
    expect(response.status).toBe(302);
    const assessmentId = /^\/assessments\/([0-9a-f-]{36})\?issued=1$/.exec(response.headers.get("location") ?? "")?.[1];
    expect(assessmentId).toBeDefined();

    const assessment = await db().selectFrom("assessments").selectAll().where("id", "=", assessmentId!).executeTakeFirstOrThrow();
    expect(assessment).toMatchObject({
      status: "sent",
      due_date: inDays(21),
      template_version_id: builtinVersionId,
      issued_by: procurementUser.id,
      supplier_id: supplier.id,
    });
    const scope = await db().selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", assessmentId!).execute();
    expect(scope.map((r) => r.ai_component_id).sort()).toEqual(supplier.components.map((c) => c.id).sort());
    const grants = await db().selectFrom("access_grants").selectAll().where("assessment_id", "=", assessmentId!).execute();
    expect(grants.map((g) => g.email).sort()).toEqual(supplier.contacts.map((c) => c.email).sort());
    // Valid until the end of the due date plus the 14-day grace period.
    expect(grants[0]!.expires_at.toISOString()).toBe(new Date(dueDeadline(inDays(21)).getTime() + 14 * DAY).toISOString());

    const audit = await db().selectFrom("audit_events").select(["action", "actor_id"]).where("entity_id", "=", assessmentId!).orderBy("seq").execute();
    expect(audit.map((a) => a.action)).toEqual(["assessment.issue", "assessment.grant", "assessment.grant"]);
    expect(audit.every((a) => a.actor_id === procurementUser.id)).toBe(true);

    // Through the real SMTP server, in HTML and text, with a personal /v/<token> link.
    for (const contact of supplier.contacts) {
      const { mail, token } = await nextMail(contact.email);
      expect(mail.subject).toBe(
        `Due-diligence questionnaire for ${supplier.name}, due ${new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(inDays(21)))}`,
      );
      expect(mail.text).toContain("Hello from procurement.");
      expect(mail.text).toContain(`${baseUrl}/v/`);
      expect(mail.html).toMatch(new RegExp(`href="${baseUrl}/v/[A-Za-z0-9_-]{43}"`));
      expect(token).not.toBeNull();
      // Only the hash is stored, nowhere the token itself.
      const grant = grants.find((g) => g.email === contact.email)!;
      expect(grant.token_hash).toBe(hashToken(token!));
      expect(JSON.stringify(grants)).not.toContain(token!);
    }
    const sent = await eventually(async () => {
      const rows = await db()
        .selectFrom("emails")
        .selectAll()
        .where("template", "=", "assessment-invitation")
        .where(
          "to_address",
          "in",
          supplier.contacts.map((c) => c.email),
        )
        .execute();
      return rows.length === 2 && rows.every((r) => r.status === "sent") ? rows : null;
    });
    expect(sent.every((r) => r.html === null && r.text_body === null)).toBe(true);

    const page = await htmlOf(await procurement.get(`/assessments/${assessmentId}?issued=1`));
    expect(page).toContain("Questionnaire issued");
    expect(page).toContain(supplier.contacts[0]!.email);
    expect(page).toContain("Never opened");
    expect(page).toContain("Review the answers");
    const list = await htmlOf(await procurement.get(`/assessments?q=${encodeURIComponent(supplier.name)}`));
    expect(list).toContain(supplier.name);
    expect(list).toContain("1–1 of 1 assessments");
  });

  it("refuses bad input with a message next to the field, and writes nothing", async () => {
    const supplier = await makeSupplier({ contacts: 1, components: 1 });
    const other = await makeSupplier({ contacts: 1, components: 1 });
    const before = { assessments: await count("assessments"), grants: await count("access_grants"), emails: await count("emails") };
    const base: Array<[string, string]> = [
      ["supplierId", supplier.id],
      ["templateVersionId", tinyVersionId],
      ["componentIds", supplier.components[0]!.id],
      ["contactIds", supplier.contacts[0]!.id],
      ["dueDate", inDays(10)],
    ];
    const replace = (name: string, value: string) => base.map(([k, v]): [string, string] => (k === name ? [k, value] : [k, v]));
    const cases: Array<[Array<[string, string]>, string]> = [
      [replace("contactIds", other.contacts[0]!.id), "Choose among this supplier&#x27;s contacts"],
      [replace("componentIds", other.components[0]!.id), "Choose among this supplier&#x27;s active AI components"],
      [replace("dueDate", utcDate(new Date())), "Choose a due date after today"],
      [replace("dueDate", "2020-02-30"), "Enter the due date as a date"],
      [replace("templateVersionId", draftVersionId), "Choose a published template version"],
      [base.filter(([k]) => k !== "contactIds"), "Choose at least one contact"],
      [replace("contactIds", "' OR 1=1 --"), "Choose among this supplier&#x27;s contacts"],
    ];
    for (const [pairs, message] of cases) {
      const response = await postPairs(procurement, `/assessments/new?supplier=${supplier.id}`, pairs);
      expect(response.status, message).toBe(400);
      expect(await htmlOf(response)).toContain(message);
    }
    // Not a real day (30 February), though within the next two years: refused next to the due date field.
    const notADay = await postPairs(procurement, `/assessments/new?supplier=${supplier.id}`, replace("dueDate", `${new Date().getUTCFullYear() + 1}-02-30`));
    expect(notADay.status).toBe(400);
    const notADayHtml = await htmlOf(notADay);
    expect(notADayHtml).toContain('<p class="field__error" id="dueDate-error">Enter the due date as a date, like 2027-03-31</p>');
    expect(notADayHtml).toMatch(/<input id="dueDate"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*dueDate-error/);
    const offboarded = await makeSupplier({ status: "offboarded" });
    const refused = await postPairs(procurement, `/assessments/new?supplier=${offboarded.id}`, [
      ["supplierId", offboarded.id],
      ["templateVersionId", tinyVersionId],
      ["contactIds", offboarded.contacts[0]!.id],
      ["dueDate", inDays(10)],
    ]);
    expect(refused.status).toBe(409);
    expect(await htmlOf(refused)).toContain("offboarded");
    expect({ assessments: await count("assessments"), grants: await count("access_grants"), emails: await count("emails") }).toEqual(before);
    // Viewers may read but not issue.
    expect((await viewer.get("/assessments")).status).toBe(200);
    expect((await viewer.get("/assessments/new")).status).toBe(403);
    expect((await postPairs(viewer, "/assessments/new", base)).status).toBe(403);
  });

  it("rolls the whole issue back when anything in it fails: no assessment, grant, email or audit event remains", async () => {
    const supplier = await makeSupplier({ contacts: 3, components: 2 });
    const tables = ["assessments", "access_grants", "emails", "audit_events", "assessment_components"] as const;
    const before = await Promise.all(tables.map(count));
    let sends = 0;
    // The queue accepts the first invitation's job, then fails: the second email is never queued.
    const flakyQueue = {
      send: async (...args: Parameters<Queue["send"]>) => {
        sends += 1;
        if (sends >= 2) throw new Error("queue unavailable");
        return app.ctx.queue.send(...args);
      },
    } as unknown as Queue;
    await expect(
      issueAssessment({ ...app.ctx, queue: flakyQueue }, actor(), {
        supplierId: supplier.id,
        templateVersionId: tinyVersionId,
        componentIds: supplier.components.map((c) => c.id),
        contactIds: supplier.contacts.map((c) => c.id),
        dueDate: inDays(10),
        message: "x",
      }),
    ).rejects.toThrow("queue unavailable");
    expect(sends).toBe(2);
    expect(await Promise.all(tables.map(count))).toEqual(before);
    expect(
      await db()
        .selectFrom("access_grants")
        .select("id")
        .where(
          "email",
          "in",
          supplier.contacts.map((c) => c.email),
        )
        .execute(),
    ).toEqual([]);
  });

  // ---------------------------------------------------------------------------------------------
  // Magic links

  it("takes a link through its life: GET consumes nothing, POST opens a vendor session; resend, revoke, expiry, submit and reopen each show their page", async () => {
    const supplier = await makeSupplier({ contacts: 2, components: 1 });
    const { assessmentId } = await issue(supplier);
    const first = supplier.contacts[0]!;
    const { token } = await nextMail(first.email);
    const grantId = (
      await db().selectFrom("access_grants").select("id").where("assessment_id", "=", assessmentId).where("email", "=", first.email).executeTakeFirstOrThrow()
    ).id;

    // GET twice: the page, no session, nothing used up.
    const visitor = new WebClient(baseUrl);
    for (let i = 0; i < 2; i++) {
      const page = await visitor.get(`/v/${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.headers.get("referrer-policy")).toBe("same-origin");
      const html = await htmlOf(page);
      expect(html).toContain("Open the questionnaire");
      expect(html).toContain(supplier.name);
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:\/\/(?!127\.0\.0\.1)/);
    }
    expect(await db().selectFrom("sessions").select("id").where("grant_id", "=", grantId).execute()).toEqual([]);
    expect((await db().selectFrom("access_grants").select("last_used_at").where("id", "=", grantId).executeTakeFirstOrThrow()).last_used_at).toBeNull();

    // POST: a vendor session for this grant, its own cookie, and the overview.
    const { vendor, location, setCookie } = await openLink(token!);
    expect(location).toBe(`/v/a/${assessmentId}`);
    expect(setCookie).toMatch(/^assay_vendor=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\/v(;|$)/);
    expect(vendor.cookies.has("assay_session")).toBe(false);
    const session = await db().selectFrom("sessions").selectAll().where("grant_id", "=", grantId).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ kind: "vendor", user_id: null });
    const overview = await vendor.get(location);
    expect(overview.status).toBe(200);
    const html = await htmlOf(overview);
    expect(html).toContain(supplier.name);
    expect(html).toContain(first.email);
    expect(html).toContain("Sign out");
    expect(html).toContain(supplier.components[0]!.name);
    expect(html).toContain("0 of 2 required questions answered");
    expect(html).not.toContain('href="/suppliers"');
    const exchange = await db()
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "assessment.link_exchange")
      .where("entity_id", "=", assessmentId)
      .executeTakeFirstOrThrow();
    expect(exchange).toMatchObject({ actor_type: "vendor", actor_id: grantId, actor_label: first.email });
    // The staff page shows when the contact was last active.
    expect((await db().selectFrom("access_grants").select("last_used_at").where("id", "=", grantId).executeTakeFirstOrThrow()).last_used_at).not.toBeNull();

    // The link is reusable (vendors come back); a second visit opens a second session.
    await openLink(token!);

    // Resend: a new token; the old link is "not valid", the new one works.
    expect((await procurement.post(`/assessments/${assessmentId}`, { intent: "resend", grantId })).status).toBe(302);
    const { token: resent } = await nextMail(first.email);
    expect(resent).not.toBe(token);
    const old = await visitor.get(`/v/${token}`);
    expect(old.status).toBe(404);
    expect(await htmlOf(old)).toContain("This link is not valid");
    expect((await visitor.post(`/v/${token}`, {})).status).toBe(404);
    expect((await visitor.get(`/v/${resent}`)).status).toBe(200);

    // Revoke: the link says so, and the open sessions end.
    expect((await procurement.post(`/assessments/${assessmentId}`, { intent: "revoke", grantId })).status).toBe(302);
    const revoked = await visitor.get(`/v/${resent}`);
    expect(revoked.status).toBe(410);
    expect(await htmlOf(revoked)).toContain("Your access has been withdrawn");
    expect((await visitor.post(`/v/${resent}`, {})).status).toBe(410);
    expect((await vendor.get(location)).status).toBe(404);
    expect(await db().selectFrom("sessions").select("id").where("grant_id", "=", grantId).where("revoked_at", "is", null).execute()).toEqual([]);

    // Expired: the other contact's link, past its expiry, offers a new link.
    const second = supplier.contacts[1]!;
    const { token: secondToken } = await nextMail(second.email);
    await db()
      .updateTable("access_grants")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("email", "=", second.email)
      .where("assessment_id", "=", assessmentId)
      .execute();
    const expired = await visitor.get(`/v/${secondToken}`);
    expect(expired.status).toBe(410);
    const expiredHtml = await htmlOf(expired);
    expect(expiredHtml).toContain("This link has expired");
    expect(expiredHtml).toContain('action="/v/new-link"');
    expect(expiredHtml).toContain("Send me a new link");
    expect((await visitor.post(`/v/${secondToken}`, {})).status).toBe(410);
    // The expired link is the hint: a new link for this questionnaire, valid again.
    const asked = await visitor.post("/v/new-link", { email: second.email, token: secondToken! });
    expect(asked.status).toBe(200);
    const { mail: newLinkMail, token: renewed } = await nextMail(second.email, /new link/);
    expect(newLinkMail.text).toContain(supplier.name);
    expect(await inspectGrantToken(db(), renewed!)).toMatchObject({ state: "valid", assessmentId });

    // Submit (the vendor answers every required question), then the link says "submitted".
    const secondGrantRow = await db()
      .selectFrom("access_grants")
      .select(["id", "email"])
      .where("email", "=", second.email)
      .where("assessment_id", "=", assessmentId)
      .executeTakeFirstOrThrow();
    await expect(submitAssessment(app.ctx, secondGrantRow, assessmentId)).rejects.toMatchObject({ kind: "state", details: { missing: 2 } });
    await db()
      .insertInto("answers")
      .values([
        {
          assessment_id: assessmentId,
          question_key: "has_policy",
          ai_component_id: null,
          value: JSON.stringify("yes"),
          updated_by_grant_id: secondGrantRow.id,
        },
        {
          assessment_id: assessmentId,
          question_key: "trained",
          ai_component_id: supplier.components[0]!.id,
          value: JSON.stringify("no"),
          updated_by_grant_id: secondGrantRow.id,
        },
      ])
      .execute();
    expect(await db().selectFrom("answer_history").select("question_key").where("assessment_id", "=", assessmentId).execute()).toHaveLength(2);
    await submitAssessment(app.ctx, secondGrantRow, assessmentId);
    const submitted = await visitor.get(`/v/${renewed}`);
    expect(submitted.status).toBe(410);
    expect(await htmlOf(submitted)).toContain("This questionnaire has been submitted");
    expect((await visitor.post(`/v/${renewed}`, {})).status).toBe(410);
    const staffPage = await htmlOf(await procurement.get(`/assessments/${assessmentId}`));
    expect(staffPage).toContain("2 of 2 required questions answered (100%)");
    expect(staffPage).toContain("Reopen for changes");

    // Reopen: the link works again; every step is in the audit trail.
    expect((await procurement.post(`/assessments/${assessmentId}`, { intent: "reopen" })).status).toBe(302);
    expect((await visitor.get(`/v/${renewed}`)).status).toBe(200);
    const actions = (await db().selectFrom("audit_events").select("action").where("entity_id", "=", assessmentId).orderBy("seq").execute()).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "assessment.issue",
        "assessment.grant",
        "assessment.link_exchange",
        "assessment.grant_resend",
        "assessment.grant_revoke",
        "assessment.link_request",
        "assessment.submit",
        "assessment.reopen",
      ]),
    );
    await expect(db().updateTable("answer_history").set({ revision: 9 }).where("assessment_id", "=", assessmentId).execute()).rejects.toThrow(/append-only/);
  });

  it("answers unknown and malformed links with the 'not valid' page", async () => {
    const client = new WebClient(baseUrl);
    for (const path of [`/v/${"A".repeat(43)}`, "/v/short", "/v/%27%3B%20DROP%20TABLE"]) {
      const response = await client.get(path);
      expect(response.status).toBe(404);
      expect(await htmlOf(response)).toContain("This link is not valid");
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Isolation

  it("keeps a vendor inside its own assessment: another one's URLs are 404 and staff pages send it to sign in, with nothing written or shown", async () => {
    const a = await makeSupplier({ contacts: 1 });
    const b = await makeSupplier({ contacts: 1 });
    const issuedA = await issue(a);
    const issuedB = await issue(b);
    const { token } = await nextMail(a.contacts[0]!.email);
    await nextMail(b.contacts[0]!.email);
    const { vendor } = await openLink(token!);
    expect((await vendor.get(`/v/a/${issuedA.assessmentId}`)).status).toBe(200);

    const notFoundPages: string[] = [];
    for (const path of [
      `/v/a/${issuedB.assessmentId}`,
      `/v/a/00000000-0000-4000-8000-000000000000`,
      "/v/a/not-a-uuid",
      `/v/a/${issuedA.assessmentId}/elsewhere`,
    ]) {
      const response = await vendor.get(path);
      expect(response.status, path).toBe(404);
      const html = await htmlOf(response);
      expect(html).not.toContain(b.name);
      expect(html).not.toContain(b.contacts[0]!.email);
      notFoundPages.push(mainOf(html));
    }
    // The other assessment's 404 is the same page as a made-up id's: no hint that it exists.
    expect(notFoundPages[0]).toBe(notFoundPages[1]);
    const grantsB = await db().selectFrom("access_grants").select(["id", "revoked_at"]).where("assessment_id", "=", issuedB.assessmentId).execute();
    const auditBefore = await count("audit_events");
    expect((await vendor.post(`/v/a/${issuedB.assessmentId}`, { intent: "sign-out" })).status).toBe(404);

    for (const path of [
      "/",
      "/assessments",
      `/assessments/${issuedB.assessmentId}`,
      `/assessments/${issuedA.assessmentId}`,
      "/suppliers",
      `/suppliers/${b.id}`,
      "/campaigns/new",
    ]) {
      const response = await vendor.get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/login/);
      expect(await htmlOf(response)).not.toContain(b.name);
    }
    expect((await vendor.post(`/assessments/${issuedB.assessmentId}`, { intent: "revoke", grantId: grantsB[0]!.id })).status).toBe(302);
    expect(await count("audit_events")).toBe(auditBefore);
    expect(await db().selectFrom("access_grants").select(["id", "revoked_at"]).where("assessment_id", "=", issuedB.assessmentId).execute()).toEqual(grantsB);
    // The vendor's own session is untouched by all of that.
    expect((await vendor.get(`/v/a/${issuedA.assessmentId}`)).status).toBe(200);

    // Staff: another assessment's grant in this assessment's URL is a plain 404, and nothing changes.
    const wrong = await procurement.post(`/assessments/${issuedA.assessmentId}`, { intent: "revoke", grantId: grantsB[0]!.id });
    expect(wrong.status).toBe(404);
    expect(await htmlOf(wrong)).not.toContain(b.name);
    expect((await procurement.post(`/assessments/${issuedA.assessmentId}`, { intent: "resend", grantId: grantsB[0]!.id })).status).toBe(404);
    expect((await procurement.get("/assessments/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await procurement.post("/assessments/00000000-0000-4000-8000-000000000000", { intent: "close" })).status).toBe(404);
    expect(await db().selectFrom("access_grants").select(["id", "revoked_at"]).where("assessment_id", "=", issuedB.assessmentId).execute()).toEqual(grantsB);
    expect(await count("audit_events")).toBe(auditBefore);
    // A viewer reads but cannot manage.
    expect((await viewer.get(`/assessments/${issuedB.assessmentId}`)).status).toBe(200);
    expect((await viewer.post(`/assessments/${issuedB.assessmentId}`, { intent: "revoke", grantId: grantsB[0]!.id })).status).toBe(403);

    // Sign-out ends the session on the server.
    const out = await vendor.post(`/v/a/${issuedA.assessmentId}`, { intent: "sign-out" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/v/new-link?signed-out=1");
    expect(vendor.cookies.has("assay_vendor")).toBe(false);
    const revoked = await db().selectFrom("sessions").select("revoked_at").where("grant_id", "=", issuedA.grantIds[0]!).execute();
    expect(revoked.every((s) => s.revoked_at !== null)).toBe(true);
  });

  // ---------------------------------------------------------------------------------------------
  // "Send me a new link"

  it("answers a new-link request the same whether or not the address is known, and rate-limits it", async () => {
    const supplier = await makeSupplier({ contacts: 1 });
    await issue(supplier);
    const known = supplier.contacts[0]!.email;
    const { token: original } = await nextMail(known);
    const client = new WebClient(baseUrl);
    const emailsBefore = await count("emails");

    const unknownAnswer = await client.post("/v/new-link", { email: "nobody.here@example.com" });
    const knownAnswer = await client.post("/v/new-link", { email: known.toUpperCase() });
    expect(unknownAnswer.status).toBe(200);
    expect(knownAnswer.status).toBe(200);
    const normalise = (html: string, email: string) => mainOf(html).replaceAll(email, "EMAIL");
    expect(normalise(await htmlOf(knownAnswer), known)).toBe(normalise(await htmlOf(unknownAnswer), "nobody.here@example.com"));
    const { token: fresh } = await nextMail(known, /new link/);
    expect(await count("emails")).toBe(emailsBefore + 1);
    expect(await inspectGrantToken(db(), original!)).toEqual({ state: "invalid" });
    expect(await inspectGrantToken(db(), fresh!)).toMatchObject({ state: "valid" });

    // Per address: after the limit, "too many requests", known or not.
    for (let i = 2; i <= NEW_LINK_PER_ADDRESS.limit; i++) expect((await client.post("/v/new-link", { email: known })).status).toBe(200);
    const limited = await client.post("/v/new-link", { email: known });
    expect(limited.status).toBe(429);
    expect(await htmlOf(limited)).toContain("Too many requests");
    for (let i = 1; i < NEW_LINK_PER_ADDRESS.limit; i++) await client.post("/v/new-link", { email: "nobody.here@example.com" });
    expect((await client.post("/v/new-link", { email: "nobody.here@example.com" })).status).toBe(429);
    // Per IP address.
    let last = "sent";
    for (let i = 0; i <= NEW_LINK_PER_IP.limit && last === "sent"; i++) last = (await requestNewLink(app.ctx, `someone${i}@example.com`, "10.77.0.1")).status;
    expect(last).toBe("rate_limited");
    expect((await client.post("/v/new-link", { email: "" })).status).toBe(400);
  });

  // ---------------------------------------------------------------------------------------------
  // Campaigns

  it("runs a campaign: one assessment per supplier with a primary contact, a reason for the others, progress to 100%", async () => {
    const withPrimary1 = await makeSupplier({ contacts: 2, components: 2 });
    const withPrimary2 = await makeSupplier({ contacts: 1, components: 0 });
    const noPrimary = await makeSupplier({ contacts: 1, primary: false, components: 1 });
    const ids = [withPrimary1, withPrimary2, noPrimary].map((s) => s.id);

    const picker = await htmlOf(await procurement.get(`/campaigns/new?q=${encodeURIComponent("Vendor")}`));
    expect(picker).toContain(noPrimary.name);
    expect(picker).toContain("No primary contact: will be skipped");

    const response = await postPairs(procurement, "/campaigns/new", [
      ["mode", "selected"],
      ...ids.map((id): [string, string] => ["supplierIds", id]),
      ["templateVersionId", tinyVersionId],
      ["dueDate", inDays(30)],
      ["message", "Annual review"],
      ["q", ""],
      ["status", ""],
    ]);
    expect(response.status).toBe(302);
    const campaignId = /^\/campaigns\/([0-9a-f-]{36})$/.exec(response.headers.get("location") ?? "")?.[1];
    expect(campaignId).toBeDefined();

    const campaign = await eventually(() =>
      db().selectFrom("campaigns").selectAll().where("id", "=", campaignId!).where("finished_at", "is not", null).executeTakeFirst(),
    );
    expect(campaign).toMatchObject({ total: 3, issued: 2, skipped: 1, failed: 0 });
    const results = await db().selectFrom("campaign_results").selectAll().where("campaign_id", "=", campaignId!).execute();
    const bySupplier = new Map(results.map((r) => [r.supplier_id, r]));
    expect(bySupplier.get(noPrimary.id)).toMatchObject({ status: "skipped", assessment_id: null });
    expect(bySupplier.get(noPrimary.id)!.reason).toMatch(/no primary contact/);
    for (const s of [withPrimary1, withPrimary2]) {
      const result = bySupplier.get(s.id)!;
      expect(result.status).toBe("issued");
      const grants = await db().selectFrom("access_grants").select("email").where("assessment_id", "=", result.assessment_id!).execute();
      expect(grants).toEqual([{ email: s.contacts[0]!.email }]); // the primary contact only
      const scope = await db().selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", result.assessment_id!).execute();
      expect(scope.map((c) => c.ai_component_id).sort()).toEqual(s.components.map((c) => c.id).sort());
      const a = await db()
        .selectFrom("assessments")
        .select(["campaign_id", "message", "due_date"])
        .where("id", "=", result.assessment_id!)
        .executeTakeFirstOrThrow();
      expect(a).toEqual({ campaign_id: campaignId, message: "Annual review", due_date: inDays(30) });
      await nextMail(s.contacts[0]!.email);
    }

    const page = await htmlOf(await procurement.get(`/campaigns/${campaignId}`));
    expect(page).toContain("3 of 3 suppliers processed (100%)");
    expect(page).toMatch(/<progress id="campaign-progress" max="3" value="3">/);
    expect(page).toContain("2 issued · 1 skipped · 0 failed");
    expect(page).toContain("has no primary contact");
    expect(page).not.toContain('http-equiv="refresh"');

    // Running it again changes nothing.
    expect(await runCampaign(app.ctx, campaignId!)).toEqual({ processed: 0 });
    expect(await db().selectFrom("campaigns").select(["issued", "skipped", "failed"]).where("id", "=", campaignId!).executeTakeFirstOrThrow()).toEqual({
      issued: 2,
      skipped: 1,
      failed: 0,
    });

    // While a campaign runs, its page says so and refreshes itself (without JavaScript too).
    const idleQueue = { send: async () => "job" } as unknown as Queue;
    const pending = await createCampaign({ ...app.ctx, queue: idleQueue }, actor(), {
      templateVersionId: tinyVersionId,
      dueDate: inDays(30),
      message: null,
      supplierIds: [withPrimary2.id],
    });
    const running = await htmlOf(await procurement.get(`/campaigns/${pending}`));
    expect(running).toContain("0 of 1 suppliers processed (0%)");
    expect(running).toMatch(/<noscript><meta http-equiv="refresh" content="2"\/?><\/noscript>/);
    await runCampaign(app.ctx, pending);
    const skipped = await db().selectFrom("campaign_results").select(["status", "reason"]).where("campaign_id", "=", pending).executeTakeFirstOrThrow();
    expect(skipped.status).toBe("skipped");
    expect(skipped.reason).toMatch(/already has an open questionnaire/);
  });

  // ---------------------------------------------------------------------------------------------
  // Reminders (last: the sweeps run at made-up times and touch every open assessment)

  it("sends each reminder once per contact, even when two sweeps run at once, then the overdue notice and the owner's escalation", async () => {
    const owner = await createUser(db(), "procurement", { name: "Olga Owner" });
    const supplier = await makeSupplier({ contacts: 2, components: 1, ownerId: owner.id });
    const due = inDays(10);
    const { assessmentId, grantIds } = await issue(supplier, { dueDate: due });
    for (const c of supplier.contacts) await nextMail(c.email);
    // A submitted assessment gets nothing.
    const quiet = await makeSupplier({ contacts: 1, ownerId: owner.id });
    const quietIssue = await issue(quiet, { dueDate: due, componentIds: [] });
    const quietGrant = await db().selectFrom("access_grants").select(["id", "email"]).where("id", "=", quietIssue.grantIds[0]!).executeTakeFirstOrThrow();
    await db()
      .insertInto("answers")
      .values({ assessment_id: quietIssue.assessmentId, question_key: "has_policy", ai_component_id: null, value: JSON.stringify("yes") })
      .execute();
    await submitAssessment(app.ctx, quietGrant, quietIssue.assessmentId);

    const sentFor = async (id: string) =>
      (await db().selectFrom("reminders_sent").select(["grant_id", "kind"]).where("assessment_id", "=", id).execute())
        .map((r) => `${r.grant_id ?? "owner"}:${r.kind}`)
        .sort();
    const mailsOf = (template: string, addresses: string[]) =>
      db().selectFrom("emails").select(["to_address", "subject"]).where("template", "=", template).where("to_address", "in", addresses).execute();
    const contacts = supplier.contacts.map((c) => c.email);

    const sweepTwice = async (now: Date) => Promise.all([runReminderSweep(app.ctx, now), runReminderSweep(app.ctx, now)]);
    const hour = 3_600_000;

    await sweepTwice(new Date(reminderMoment(due, 7).getTime() - hour));
    expect(await sentFor(assessmentId)).toEqual([]);

    await sweepTwice(new Date(reminderMoment(due, 7).getTime() + hour));
    expect(await sentFor(assessmentId)).toEqual(grantIds.map((g) => `${g}:due_7`).sort());
    expect(await mailsOf("assessment-reminder", contacts)).toHaveLength(2);
    // The reminder carries a fresh, working link.
    const { mail: reminder, token: reminderToken } = await nextMail(contacts[0]!, /Reminder/);
    expect(reminder.subject).toContain("due in 7 days");
    expect(await inspectGrantToken(db(), reminderToken!)).toMatchObject({ state: "valid", assessmentId });
    await runReminderSweep(app.ctx, new Date(reminderMoment(due, 7).getTime() + 2 * hour));
    expect(await mailsOf("assessment-reminder", contacts)).toHaveLength(2);

    await sweepTwice(new Date(reminderMoment(due, 3).getTime() + hour));
    await sweepTwice(new Date(reminderMoment(due, 1).getTime() + hour));
    expect(await mailsOf("assessment-reminder", contacts)).toHaveLength(6);

    const deadline = dueDeadline(due).getTime();
    await sweepTwice(new Date(deadline + hour));
    expect(await mailsOf("assessment-overdue", contacts)).toHaveLength(2);
    expect(await mailsOf("assessment-escalation", [owner.email])).toHaveLength(0);

    await sweepTwice(new Date(deadline + 2 * DAY + hour));
    const escalations = await mailsOf("assessment-escalation", [owner.email]);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.subject).toBe(`${supplier.name} is 2 days late with its questionnaire`);
    await sweepTwice(new Date(deadline + 10 * DAY));

    expect(await sentFor(assessmentId)).toEqual(
      [...grantIds.flatMap((g) => ["due_7", "due_3", "due_1", "overdue"].map((k) => `${g}:${k}`)), "owner:escalation"].sort(),
    );
    expect(await mailsOf("assessment-reminder", contacts)).toHaveLength(6);
    expect(await mailsOf("assessment-overdue", contacts)).toHaveLength(2);
    expect(await mailsOf("assessment-escalation", [owner.email])).toHaveLength(1);
    expect(await sentFor(quietIssue.assessmentId)).toEqual([]);
    const { mail: escalation } = await nextMail(owner.email);
    expect(escalation.text).toContain(`${baseUrl}/assessments/${assessmentId}`);
    expect(escalation.text).toContain(contacts[0]);

    // The list filters find it overdue.
    const overdueList = await htmlOf(await procurement.get(`/assessments?overdue=yes&q=${encodeURIComponent(supplier.name)}`));
    expect(overdueList).toContain("No assessment matches these filters."); // not overdue in real time: due in 10 days
    const dueSoon = await htmlOf(await procurement.get(`/assessments?due=14&q=${encodeURIComponent(supplier.name)}`));
    expect(dueSoon).toContain(supplier.name);
  });

  it("never logs a token: request lines show /v/[redacted]", async () => {
    expect(tokensSeen.size).toBeGreaterThan(3);
    await eventually(async () => logLines.some((line) => line.includes('"path":"/v/[redacted]"')));
    const linkLines = logLines.filter((line) => line.includes("/v/[redacted]"));
    expect(linkLines.some((line) => /"method":"POST"/.test(line))).toBe(true);
    const all = logLines.join("\n");
    for (const token of tokensSeen) expect(all).not.toContain(token);
    expect(all).not.toMatch(/assay_vendor=/);
  });
});
