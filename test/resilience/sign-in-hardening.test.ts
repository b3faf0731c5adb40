// Sign-in hardening (issue 9, item 10), over the real server (Express + the Remix build) on a test
// database: where `next` may lead, what the request path of "send me a link" does for known and
// unknown addresses, which X-Forwarded-For entry is the client, and the headers of sign-in pages.
import { sql } from "kysely";
import { addDays, utcDate } from "~/domain/reminders";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { LIMIT_PER_ADDRESS, issueLoginToken } from "~/services/sign-in.server";
import { NEW_LINK_PER_ADDRESS } from "~/services/access-grants.server";
import { startWorkers } from "~/jobs/workers.server";
import { eventually } from "../support/app";
import { createUser } from "../support/factories";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const TABLES = ["rate_limits", "login_tokens", "emails", "audit_events", "sessions"] as const;

describe("sign-in hardening", () => {
  let server: TestServer;
  const db = () => server.app.ctx.db;

  beforeAll(async () => {
    // No worker at first: what the request path itself writes is measured before any job runs.
    server = await startTestServer({ worker: false, env: { TRUST_PROXY: "true" } });
  });
  afterAll(async () => server?.stop());

  async function tokenFor(userId: string) {
    return db()
      .transaction()
      .execute((trx) => issueLoginToken(trx, userId, "sign_in"));
  }

  /** Row counts of everything a request could write, and the grants' current token hashes. */
  async function snapshot() {
    const counts: Record<string, number | string> = {};
    for (const table of TABLES) {
      counts[table] = Number((await db().selectFrom(table).select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    }
    const jobs = await sql<{ name: string; n: string }>`SELECT name, count(*) AS n FROM pgboss.job WHERE name NOT LIKE '__pgboss%' GROUP BY name`.execute(db());
    for (const row of jobs.rows) counts[`job:${row.name}`] = Number(row.n);
    const grants = await db().selectFrom("access_grants").select(["token_hash", "last_sent_at"]).orderBy("id").execute();
    counts.grants = JSON.stringify(grants);
    return counts;
  }

  function delta(before: Record<string, number | string>, after: Record<string, number | string>) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const changes: Record<string, number | string> = {};
    for (const key of keys) {
      const [a, b] = [before[key] ?? 0, after[key] ?? 0];
      if (a === b) continue;
      changes[key] = typeof a === "number" && typeof b === "number" ? b - a : "changed";
    }
    return changes;
  }

  async function openGrantFor(email: string) {
    const slug = Date.now().toString(36);
    const definition = {
      title: "Hardening questionnaire",
      sections: [
        {
          key: "org",
          title: "Organisation",
          scope: "supplier",
          questions: [{ key: "q", prompt: "A question?", type: "yes_no", required: false, weight: 1, domain: "governance", allowNa: false, refs: [] }],
        },
      ],
    };
    const template = await db()
      .insertInto("questionnaire_templates")
      .values({ name: `Hardening ${slug}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await db()
      .insertInto("template_versions")
      .values({
        template_id: template.id,
        version: 1,
        status: "published",
        definition: JSON.stringify(definition),
        checksum: "c".repeat(64),
        published_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name: `Vendor ${slug}`, status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const contact = await db()
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Val Vendor", email, is_primary: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    const staff = await createUser(db(), "procurement");
    return issueAssessment(server.app.ctx, userActor(staff), {
      supplierId: supplier.id,
      templateVersionId: version.id,
      componentIds: [],
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 20),
      message: null,
    });
  }

  it("does the same work on the request path for a known and an unknown address, and still mails the known one", async () => {
    const user = await createUser(db(), "viewer");
    const vendorEmail = `known.vendor.${Date.now()}@vendor.example.com`;
    await openGrantFor(vendorEmail);
    const client = new WebClient(server.baseUrl);
    const ip = { origin: server.baseUrl, "x-forwarded-for": "192.0.2.10" };
    try {
      // The first request of the window creates the per-IP bucket: not part of the comparison.
      expect((await client.post("/login?index", { email: "warm.up@example.com" }, ip)).status).toBe(200);
      let before = await snapshot();
      expect((await client.post("/login?index", { email: "nobody.known@example.com" }, ip)).status).toBe(200);
      const unknown = delta(before, (before = await snapshot()));
      expect((await client.post("/login?index", { email: user.email }, ip)).status).toBe(200);
      const known = delta(before, await snapshot());
      expect(known).toEqual(unknown);
      expect(known.login_tokens ?? 0).toBe(0);
      expect(known.emails ?? 0).toBe(0);

      expect((await client.post("/v/new-link", { email: "warm.up@vendor.example.com" }, ip)).status).toBe(200);
      before = await snapshot();
      expect((await client.post("/v/new-link", { email: "nobody.known@vendor.example.com" }, ip)).status).toBe(200);
      const unknownVendor = delta(before, (before = await snapshot()));
      expect((await client.post("/v/new-link", { email: vendorEmail }, ip)).status).toBe(200);
      const knownVendor = delta(before, await snapshot());
      expect(knownVendor).toEqual(unknownVendor);
      expect(knownVendor.grants).toBeUndefined();
    } finally {
      await startWorkers(server.app.ctx, null);
    }
    // The job decides: the known addresses get their mail, the unknown ones nothing.
    const signInMail = await eventually(() => db().selectFrom("emails").selectAll().where("to_address", "=", user.email).executeTakeFirst());
    expect(signInMail.subject).toBe("Your Assay sign-in link");
    const vendorMail = await eventually(() =>
      db().selectFrom("emails").selectAll().where("to_address", "=", vendorEmail).where("template", "=", "vendor-new-link").executeTakeFirst(),
    );
    expect(vendorMail.text_body).toMatch(/\/v\/[A-Za-z0-9_-]{43}/);
    const audit = await db().selectFrom("audit_events").select("details").where("action", "=", "assessment.link_request").execute();
    expect(audit.map((a) => (a.details as { ip?: string }).ip)).toContain("192.0.2.10");
    const strays = await db()
      .selectFrom("emails")
      .select("id")
      .where("to_address", "in", ["nobody.known@example.com", "nobody.known@vendor.example.com", "warm.up@example.com"])
      .execute();
    expect(strays).toEqual([]);
  });

  it("lands only on a path of this site after sign-in, whatever `next` says", async () => {
    const user = await createUser(db(), "viewer");
    const hostile = [
      "/\t/evil.example/x",
      "/\n/evil.example",
      "/\\evil.example",
      "//evil.example",
      "https://evil.example/",
      "/\t\\evil.example",
      "javascript:alert(1)",
    ];
    for (const next of hostile) {
      const token = await tokenFor(user.id);
      const page = await new WebClient(server.baseUrl).get(`/login/${token}?next=${encodeURIComponent(next)}`);
      expect(await page.text()).toContain('name="next" value="/"');
      const response = await new WebClient(server.baseUrl).post(`/login/${token}`, { next });
      expect(response.status).toBe(302);
      const location = response.headers.get("location")!;
      expect(new URL(location, server.baseUrl).origin, `next=${JSON.stringify(next)} led to ${location}`).toBe(server.baseUrl);
      expect(location).toBe("/");
    }
    const token = await tokenFor(user.id);
    const fine = await new WebClient(server.baseUrl).post(`/login/${token}`, { next: "/suppliers?status=active#list" });
    expect(fine.headers.get("location")).toBe("/suppliers?status=active#list");
  });

  it("refuses a `next` with CR/LF without a 500, and the link still signs in", async () => {
    const user = await createUser(db(), "viewer");
    const token = await tokenFor(user.id);
    const client = new WebClient(server.baseUrl);
    const response = await client.post(`/login/${token}`, { next: "/suppliers\r\nSet-Cookie: evil=1" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    expect(response.headers.getSetCookie().join("\n")).not.toContain("evil");
    expect(client.cookies.get("assay_session")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await client.get("/")).status).toBe(200);
  });

  it("keys the client address on the entry the trusted proxy appended, not the one the client wrote", async () => {
    const user = await createUser(db(), "viewer");
    const token = await tokenFor(user.id);
    const response = await new WebClient(server.baseUrl).post(
      `/login/${token}`,
      { next: "/" },
      { origin: server.baseUrl, "x-forwarded-for": "203.0.113.66, 198.51.100.7" },
    );
    expect(response.status).toBe(302);
    const event = await db()
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "auth.sign_in")
      .where("entity_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect((event.details as { ip: string }).ip).toBe("198.51.100.7");

    // A client that changes its leftmost entry on every try is still one client to the rate limit.
    const client = new WebClient(server.baseUrl);
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      status = (
        await client.post("/login?index", { email: `spray${i}@example.com` }, { origin: server.baseUrl, "x-forwarded-for": `10.66.${i}.1, 198.51.100.99` })
      ).status;
    }
    expect(status).toBe(429);
  });

  it("answers 429 with Retry-After on the sign-in and new-link forms (no JavaScript)", async () => {
    const client = new WebClient(server.baseUrl);
    const headers = { origin: server.baseUrl, "x-forwarded-for": "192.0.2.77" };
    let last: Response | null = null;
    for (let i = 0; i <= LIMIT_PER_ADDRESS.limit; i++) last = await client.post("/login?index", { email: "limited@example.com" }, headers);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await last!.text()).toContain("Too many sign-in requests");

    for (let i = 0; i <= NEW_LINK_PER_ADDRESS.limit; i++) last = await client.post("/v/new-link", { email: "limited@vendor.example.com" }, headers);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("never lets a sign-in link page be cached, and sends a Permissions-Policy on every response", async () => {
    const user = await createUser(db(), "viewer");
    const client = new WebClient(server.baseUrl);
    for (const path of [`/login/${await tokenFor(user.id)}`, `/login/${"A".repeat(43)}`, `/v/${"B".repeat(43)}`]) {
      const response = await client.get(path);
      expect(response.headers.get("cache-control"), path).toContain("no-store");
    }
    const forbidden = await client.post("/login?index", { email: "x@example.com" }, { origin: "https://evil.example" });
    for (const response of [
      await client.get("/login"),
      await client.get("/healthz"),
      await client.get("/styles/vendor.css"),
      await client.get("/build/nothing-here.js"),
      await client.get("/no/such/page"),
      forbidden,
    ]) {
      const policy = response.headers.get("permissions-policy") ?? "";
      expect(policy, response.url).toContain("camera=()");
      expect(policy).toContain("microphone=()");
      expect(policy).toContain("geolocation=()");
      expect(policy).toContain("payment=()");
    }
  });

  it("signs a user out everywhere from the sign-out page, without JavaScript, and audits it", async () => {
    const user = await createUser(db(), "procurement");
    const signInAs = async () => {
      const client = new WebClient(server.baseUrl);
      expect((await client.post(`/login/${await tokenFor(user.id)}`, { next: "/" })).status).toBe(302);
      return client;
    };
    const laptop = await signInAs();
    const phone = await signInAs();
    const other = await signInAs();

    const page = await laptop.get("/logout");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\/logout"/);
    expect(html).toContain('name="scope" value="everywhere"');
    expect(html).toContain("Sign out everywhere");

    expect((await other.post("/logout", {})).status).toBe(302);
    const out = await laptop.post("/logout", { scope: "everywhere" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/login");
    expect(laptop.cookies.has("assay_session")).toBe(false);
    expect((await phone.get("/")).status).toBe(302);
    const live = await db().selectFrom("sessions").select("id").where("user_id", "=", user.id).where("revoked_at", "is", null).execute();
    expect(live).toEqual([]);
    const event = await db()
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "auth.sign_out_everywhere")
      .where("entity_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(event.details).toMatchObject({ endedSessions: 2 });

    // Signed out, the page sends the visitor to sign in.
    expect((await new WebClient(server.baseUrl).get("/logout")).headers.get("location")).toBe("/login");
  });
});
