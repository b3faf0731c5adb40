// Internal notes never reach the vendor (real server; PGlite, or PostgreSQL with TEST_DATABASE_URL).
// A reviewer writes an internal note carrying a unique marker and a vendor-visible comment; then the
// vendor's session crawls the whole portal of its assessment (every page linked from the overview,
// following links: section pages per component, submit, team, evidence and each file, and any
// page added later), each page as HTML and as the data its loaders send (Remix's `.data`), plus the
// answers JSON API; and every stored email. The marker appears nowhere; the vendor-visible comment
// may. Done while the questionnaire is open and again after it is submitted.
import { randomBytes } from "node:crypto";
import { resendGrant } from "~/services/access-grants.server";
import { staffThreads, vendorThreads } from "~/services/answer-comments.server";
import { userActor } from "~/services/audit.server";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, WebClient, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";

const TOKEN_LINK = /\/v\/([A-Za-z0-9_-]{43})/;
const MAX_PAGES = 400;

interface Crawled {
  /** Path (with query) → status. */
  pages: Map<string, number>;
  /** Paths whose loader data was fetched as `.data`. */
  data: Set<string>;
  /** Every body read, for the vendor-visible check. */
  bodies: string[];
}

/** The `.data` URL Remix's client fetches for a page's loaders (single fetch). */
function dataUrl(path: string): string {
  const url = new URL(path, "http://x");
  return `${url.pathname.replace(/\/$/, "")}.data${url.search}`;
}

function decodeHref(href: string): string {
  return href
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');
}

describe("internal notes stay internal", () => {
  let server: TestServer;
  let staff: WebClient;
  let vendor: WebClient;
  let issued: Issued;
  let adminId: string;
  let adminEmail: string;
  const marker = `INTERNAL-NOTE-${randomBytes(8).toString("hex")}`;
  const visibleMarker = `VENDOR-VISIBLE-${randomBytes(8).toString("hex")}`;
  const db = () => server.app.ctx.db;

  /** Fails naming where the marker was found. */
  function assertNoMarker(where: string, body: string) {
    expect(body.includes(marker), `the internal note reached the vendor: ${where}`).toBe(false);
  }

  /** Breadth-first over every link of this assessment's portal the vendor's pages show. */
  async function crawl(client: WebClient, assessmentId: string): Promise<Crawled> {
    const prefix = `/v/a/${assessmentId}`;
    const crawled: Crawled = { pages: new Map(), data: new Set(), bodies: [] };
    const queue = [prefix];
    while (queue.length) {
      const path = queue.shift()!;
      if (crawled.pages.has(path)) continue;
      expect(crawled.pages.size, "the crawl did not end").toBeLessThan(MAX_PAGES);
      const response = await client.get(path);
      crawled.pages.set(path, response.status);
      expect(response.status, `${path} failed`).toBeLessThan(500);
      const type = response.headers.get("content-type") ?? "";
      const body = await response.text();
      crawled.bodies.push(body);
      assertNoMarker(`GET ${path}`, body);
      if (!type.includes("text/html")) continue; // a file download or JSON: checked above, nothing to follow
      // The same page's loader data, as the browser's client-side navigation fetches it.
      const data = await client.get(dataUrl(path));
      const dataBody = await data.text();
      crawled.bodies.push(dataBody);
      assertNoMarker(`GET ${dataUrl(path)}`, dataBody);
      if (data.status === 200) crawled.data.add(path);
      for (const match of body.matchAll(/\b(?:href|action)="([^"]+)"/g)) {
        const href = decodeHref(match[1]!).split("#")[0]!;
        if (href === prefix || href.startsWith(`${prefix}/`) || href.startsWith(`${prefix}?`)) queue.push(href);
      }
    }
    return crawled;
  }

  function emailsContaining(text: string) {
    return db()
      .selectFrom("emails")
      .select(["id", "to_address", "subject"])
      .where((eb) => eb.or([eb("subject", "like", `%${text}%`), eb("html", "like", `%${text}%`), eb("text_body", "like", `%${text}%`)]))
      .execute();
  }

  async function answersApi(client: WebClient, assessmentId: string, body: Record<string, unknown>) {
    const response = await fetch(new URL(`/v/a/${assessmentId}/answers`, server.baseUrl), {
      method: "POST",
      redirect: "manual",
      body: JSON.stringify({ componentId: null, isNa: false, comment: null, baseRevision: 0, ...body }),
      headers: { origin: server.baseUrl, "content-type": "application/json", cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    return { status: response.status, text: await response.text() };
  }

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await createUser(db(), "admin", { name: "Rita Reviewer" });
    adminId = admin.id;
    adminEmail = admin.email;
    staff = await signIn(server, admin.email);
    const versionId = await publishGolden(server.app.ctx, userActor(admin));
    issued = await issueGolden(server.app.ctx, userActor(admin), versionId);
    await answerGolden(server.app.ctx, issued);
    const mail = await db().selectFrom("emails").select("text_body").where("to_address", "=", issued.grant.email).executeTakeFirstOrThrow();
    vendor = new WebClient(server.baseUrl);
    expect((await vendor.post(`/v/${TOKEN_LINK.exec(mail.text_body ?? "")![1]}`, {})).status).toBe(302);

    // The reviewer's two comments, through the page's form: on a supplier answer and on a component's.
    const [x] = issued.componentIds;
    const post = (form: Record<string, string>) => staff.post(`/assessments/${issued.assessmentId}/answers`, { intent: "comment", componentId: "", ...form });
    expect((await post({ questionKey: "s_policy", visibility: "internal", body: `Between us: ${marker}` })).status).toBe(302);
    expect((await post({ questionKey: "c_bias", componentId: x, visibility: "internal", body: `Also ${marker} here` })).status).toBe(302);
    expect((await post({ questionKey: "s_policy", visibility: "vendor", body: `Please send the policy. ${visibleMarker}` })).status).toBe(302);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("the note is there for staff (so the checks below would find it)", async () => {
    const page = await (await staff.get(`/assessments/${issued.assessmentId}/answers`)).text();
    expect(page).toContain(marker);
    expect(page).toContain(visibleMarker);
    expect((await staffThreads(db(), issued.assessmentId)).filter((c) => c.body.includes(marker))).toHaveLength(2);
  });

  it("the vendor-facing read filters it out", async () => {
    const comments = await vendorThreads(db(), issued.assessmentId);
    expect(comments.map((c) => c.visibility)).toEqual(["vendor"]);
    expect(comments[0]!.body).toContain(visibleMarker);
    expect(comments.some((c) => c.body.includes(marker))).toBe(false);
  });

  it("no portal page, page data or JSON answer shows it while the questionnaire is open", async () => {
    const crawled = await crawl(vendor, issued.assessmentId);
    const [x, y] = issued.componentIds;
    const prefix = `/v/a/${issued.assessmentId}`;
    // The crawl reached what the overview lists: each section per component, submit, team, evidence and the files.
    for (const path of [
      prefix,
      `${prefix}/s/supplier`,
      `${prefix}/s/component?component=${x}`,
      `${prefix}/s/component?component=${y}`,
      `${prefix}/submit`,
      `${prefix}/team`,
      `${prefix}/evidence`,
    ]) {
      expect(crawled.pages.get(path), path).toBe(200);
      expect(crawled.data.has(path), `${path}.data`).toBe(true);
    }
    const files = await db().selectFrom("evidence").select("id").where("assessment_id", "=", issued.assessmentId).execute();
    for (const f of files) expect(crawled.pages.get(`${prefix}/evidence/${f.id}`), `evidence ${f.id}`).toBe(200);
    // The crawl reads what the pages show (a vendor's own answer text), so a leak would be seen.
    expect(crawled.bodies.some((b) => b.includes("We keep notes."))).toBe(true);
    // The page data really is the loaders' data (it names the supplier), so the check above means something.
    expect((await (await vendor.get(dataUrl(prefix))).text()).includes(issued.supplierName)).toBe(true);

    // The answers JSON API: a save and a conflict (which answers with the stored answer).
    const saved = await answersApi(vendor, issued.assessmentId, { questionKey: "s_policy", value: "yes", baseRevision: 1 });
    expect(saved.status).toBe(200);
    assertNoMarker("POST answers (saved)", saved.text);
    const conflict = await answersApi(vendor, issued.assessmentId, { questionKey: "s_policy", value: "no", baseRevision: 0 });
    expect(conflict.status).toBe(409);
    assertNoMarker("POST answers (conflict)", conflict.text);
    const refused = await answersApi(vendor, issued.assessmentId, { questionKey: "nope", value: "no" });
    expect(refused.status).toBe(400);
    assertNoMarker("POST answers (refused)", refused.text);
  });

  it("no email carries it: a new link to the vendor, the submit and its notices", async () => {
    await resendGrant(server.app.ctx, { type: "user", id: adminId, label: adminEmail }, issued.assessmentId, issued.grant.id);
    const submit = await vendor.post(`/v/a/${issued.assessmentId}/submit`, { intent: "submit" });
    expect(submit.status).toBe(200);
    assertNoMarker("POST submit", await submit.text());
    const all = await db().selectFrom("emails").select(["subject", "html", "text_body", "to_address"]).execute();
    expect(all.some((m) => m.to_address === issued.grant.email)).toBe(true);
    for (const m of all) assertNoMarker(`email to ${m.to_address}: ${m.subject}`, `${m.subject}\n${m.html ?? ""}\n${m.text_body ?? ""}`);
    expect(await emailsContaining(marker)).toEqual([]);
  });

  it("after submit, the portal (and a fresh link's session) still never shows it", async () => {
    // The vendor signs in again from the newest email.
    const mail = await db()
      .selectFrom("emails")
      .select("text_body")
      .where("to_address", "=", issued.grant.email)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    const token = TOKEN_LINK.exec(mail.text_body ?? "")?.[1];
    const fresh = new WebClient(server.baseUrl);
    if (token) {
      const exchanged = await fresh.post(`/v/${token}`, {});
      assertNoMarker("POST /v/:token", await exchanged.text());
    }
    for (const client of [vendor, fresh]) {
      if (!client.cookies.get("assay_vendor")) continue;
      const crawled = await crawl(client, issued.assessmentId);
      expect(crawled.pages.get(`/v/a/${issued.assessmentId}`)).toBe(200);
    }
    // Staff still see it.
    expect(await (await staff.get(`/assessments/${issued.assessmentId}/answers`)).text()).toContain(marker);
  });
});
