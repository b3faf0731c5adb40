import { seedDemoData } from "../../app/services/demo-seed.server";
import { eventually } from "../support/app";
import { startTestServer, WebClient, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";

// The real Express server and Remix build over a test database: what a browser would see.
describe("the web app over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
  });
  afterAll(async () => server?.stop());

  it("answers /healthz after checking the database", async () => {
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("sends security headers with every page", async () => {
    const response = await fetch(`${server.baseUrl}/login`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(html).toContain(`nonce="${nonce}"`);
  });

  it("sends a signed-out visitor to the sign-in page, remembering where they were going", async () => {
    const client = new WebClient(server.baseUrl);
    const response = await client.get("/admin/users");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?next=%2Fadmin%2Fusers");
  });

  it("treats a tampered or stale cookie as signed out and clears it", async () => {
    const client = new WebClient(server.baseUrl);
    client.cookies.set("assay_session", "x".repeat(43));
    const response = await client.get("/");
    expect(response.status).toBe(302);
    expect(response.headers.get("set-cookie")).toMatch(/assay_session=;.*Max-Age=0/i);
    client.cookies.set("assay_session", "<script>");
    expect((await client.get("/")).status).toBe(302);
  });

  it("refuses a mutation without an Origin, or from another site, and writes nothing", async () => {
    const client = new WebClient(server.baseUrl);
    const before = await server.app.ctx.db.selectFrom("rate_limits").select(server.app.ctx.db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const missing = await client.post("/login?index", { email: "admin@example.com" }, {});
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("no Origin header");
    const forged = await client.post("/login?index", { email: "admin@example.com" }, { origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    const after = await server.app.ctx.db.selectFrom("rate_limits").select(server.app.ctx.db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("explains a malformed email next to the field", async () => {
    const client = new WebClient(server.baseUrl);
    const response = await client.post("/login?index", { email: "not-an-email" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain("Enter a valid email address");
  });

  it("shows clear pages for unknown and used links, and answers an oversized body with 413", async () => {
    const client = new WebClient(server.baseUrl);
    const unknown = await client.get(`/login/${"A".repeat(43)}`);
    expect(unknown.status).toBe(410);
    expect(await unknown.text()).toContain("This sign-in link is not valid");
    const junk = await client.get("/login/%27%3B%20DROP%20TABLE");
    expect(junk.status).toBe(410);
    const big = await client.post("/login?index", { email: "a".repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
  });

  it("signs in through the emailed link and shows the seeded counts", async () => {
    const client = await signIn(server, "admin@example.com");
    const html = await (await client.get("/")).text();
    expect(html).toContain("Dashboard");
    expect(html).toMatch(/data-testid="count-suppliers".*?<span class="stat__value">6<\/span>/s);
    expect(html).toMatch(/data-testid="count-systems".*?<span class="stat__value">5<\/span>/s);
  });

  it("gives a viewer 403 on admin pages, with no user data", async () => {
    const client = await signIn(server, "auditor@example.com");
    const response = await client.get("/admin/users");
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain("Not allowed");
    // No user list: only the admins to ask are named (every staff role may see who works in Assay).
    expect(html).not.toContain("procurement@example.com");
    expect(html).toContain("Admins invite users and change roles.");
    // The staff header stays: the viewer can navigate on without the back button.
    expect(html).toContain('<nav aria-label="Main"');
    expect(html).toContain('href="/suppliers"');
    const post = await client.post("/admin/users?index", { intent: "invite", email: "x@example.com", name: "X", role: "admin" });
    expect(post.status).toBe(403);
    expect(await server.app.ctx.db.selectFrom("users").select("id").where("email", "=", "x@example.com").executeTakeFirst()).toBeUndefined();
  });

  it("keeps the staff header and navigation on a page that is not found inside the staff area", async () => {
    const client = await signIn(server, "procurement@example.com");
    const response = await client.get("/suppliers/00000000-0000-4000-8000-000000000000");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page not found");
    const nav = /<nav aria-label="Main"[^>]*>(.*?)<\/nav>/s.exec(html)?.[1] ?? "";
    expect(nav).toContain('href="/suppliers"');
    expect(nav).toContain('href="/assessments"');
    expect(nav).not.toContain('href="/admin/users"');
    expect(html).toContain("Sign out");
    expect(html).toContain('href="/">Go to the dashboard</a>');
  });

  it("lets an admin invite, re-role and disable a user; the disabled user's session ends", async () => {
    const admin = await signIn(server, "admin@example.com");
    const bad = await admin.post("/admin/users", { intent: "invite", email: "bad", name: "", role: "viewer" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter a valid email address");
    expect(badHtml).toContain("Enter a name");

    const invited = await admin.post("/admin/users", { intent: "invite", email: "Newbie@Example.com", name: "Newbie", role: "viewer" });
    expect(invited.status).toBe(200);
    expect(await invited.text()).toContain("Invitation sent to newbie@example.com");
    const dup = await admin.post("/admin/users", { intent: "invite", email: "newbie@example.com", name: "Again", role: "viewer" });
    expect(dup.status).toBe(409);

    const newbie = await signIn(server, "newbie@example.com");
    expect((await newbie.get("/")).status).toBe(200);
    const user = await server.app.ctx.db.selectFrom("users").selectAll().where("email", "=", "newbie@example.com").executeTakeFirstOrThrow();
    expect((await admin.post("/admin/users", { intent: "role", userId: user.id, role: "procurement" })).status).toBe(200);
    expect((await admin.post("/admin/users", { intent: "disable", userId: user.id })).status).toBe(200);
    expect((await newbie.get("/")).status).toBe(302);

    const actions = await server.app.ctx.db.selectFrom("audit_events").select("action").where("entity_id", "=", user.id).orderBy("seq").execute();
    expect(actions.map((a) => a.action)).toEqual(["user.invite", "auth.sign_in", "user.role_change", "user.disable"]);
  });

  it("signs out by revoking the session", async () => {
    const client = await signIn(server, "procurement@example.com");
    const token = client.cookies.get("assay_session")!;
    const out = await client.post("/logout", {});
    expect(out.status).toBe(302);
    client.cookies.set("assay_session", token); // even if the browser kept the old cookie
    expect((await client.get("/")).status).toBe(302);
  });

  it("lists stored mail in the dev mailbox with clickable links", async () => {
    const client = new WebClient(server.baseUrl);
    await client.post("/login?index", { email: "risk.owner@example.com" });
    const mail = await eventually(() =>
      server.app.ctx.db.selectFrom("emails").select("id").where("to_address", "=", "risk.owner@example.com").where("status", "=", "stored").executeTakeFirst(),
    );
    expect(await (await client.get("/dev/mailbox")).text()).toContain(`/dev/mailbox/${mail.id}`);
    const page = await (await client.get(`/dev/mailbox/${mail.id}`)).text();
    expect(page).toMatch(/<a href="http:\/\/127\.0\.0\.1:\d+\/login\/[A-Za-z0-9_-]{43}">/);
    const html = await client.get(`/dev/mailbox/${mail.id}/html`);
    expect(html.headers.get("content-security-policy")).toContain("sandbox");
    expect((await client.get("/dev/mailbox/not-a-uuid")).status).toBe(404);
  });
});
