// The calendar feed and the profile page on the real server (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): a signed-in user creates a feed (its URL shown once), the ICS parses with a
// real parser (ical.js) and holds one all-day event per deadline that concerns that user, with its
// reasons and a stable UID; a new feed or a revoke makes the old URL 404, and a guessed or
// malformed token gets the very same 404; the digest opt-out is saved and audited.
import ICAL from "ical.js";
import { randomBytes } from "node:crypto";
import { addDays, today, type CalendarDate } from "~/domain/calendar";
import { redactPath } from "~/server/logger.server";
import { component, setDeadline, supplier, system } from "../support/deadline-fixtures";
import { htmlOf, staffMember, type StaffMember } from "../support/findings";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const FEED_LINK = /\/calendar\/([A-Za-z0-9_-]{43})\.ics/;

interface FeedEvent {
  uid: string;
  summary: string;
  description: string;
  start: string;
  allDay: boolean;
}

function parseFeed(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return { uid: event.uid, summary: event.summary, description: event.description, start: event.startDate.toString(), allDay: event.startDate.isDate };
  });
}

describe("calendar feed and profile", () => {
  let server: TestServer;
  let admin: StaffMember;
  let rita: StaffMember; // risk owner of Claims triage, which depends on Vision API
  let pat: StaffMember; // procurement owner of Acme (Chat API)
  let vic: StaffMember; // viewer: owns nothing
  let chat: { id: string };
  let vision: { id: string };
  const db = () => server.app.ctx.db;
  const evidenceDue = addDays(today(), 45) as CalendarDate;
  const cadenceDue = addDays(today(), 200) as CalendarDate;

  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    admin = await staffMember(server, "admin", "Ada Admin");
    rita = await staffMember(server, "risk_owner", "Rita Owner");
    pat = await staffMember(server, "procurement", "Pat Buyer");
    vic = await staffMember(server, "viewer", "Vic Viewer");
    const acme = await supplier(db(), "Acme AI", pat.id);
    const visionCo = await supplier(db(), "Vision Co", null);
    chat = await component(db(), acme.id, "Chat API");
    vision = await component(db(), visionCo.id, "Vision API");
    await system(db(), "Claims triage", rita.id, [vision.id]);
    await setDeadline(db(), chat.id, evidenceDue, [
      { kind: "evidence", text: "ISO/IEC 42001 certificate expires soon" },
      { kind: "cadence", text: "High inherent risk: review every 12 months", date: addDays(today(), 300) },
    ]);
    await setDeadline(db(), vision.id, cadenceDue, [{ kind: "cadence", text: "Medium inherent risk: review every 24 months; last review long ago" }]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function createFeed(who: StaffMember) {
    const response = await who.client.post("/profile", { intent: "create-feed" });
    expect(response.status).toBe(200);
    const html = await htmlOf(response);
    expect(html).toContain("Copy it now; it is shown once.");
    const token = FEED_LINK.exec(html)?.[1];
    expect(token).toBeDefined();
    return { token: token!, path: `/calendar/${token}.ics` };
  }
  const anonymous = () => new WebClient(server.baseUrl);

  it("links the profile from the header and shows no feed yet", async () => {
    const response = await rita.client.get("/profile");
    expect(response.status).toBe(200);
    const html = await htmlOf(response);
    expect(html).toContain('href="/profile"');
    expect(html).toContain("You have no calendar feed.");
    expect(html).not.toMatch(FEED_LINK);
    expect((await anonymous().get("/profile")).status).toBe(302);
  });

  it("serves each user the deadlines that concern them, parsed by ical.js, with reasons and stable UIDs", async () => {
    const ritaFeed = await createFeed(rita);
    const response = await anonymous().get(ritaFeed.path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/calendar/);
    expect(response.headers.get("cache-control")).toContain("private");
    const events = parseFeed(await response.text());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ summary: "Reassess Vision API (Vision Co)", start: cadenceDue, allDay: true });
    expect(events[0]!.description).toContain("Medium inherent risk: review every 24 months; last review long ago");
    expect(events[0]!.description).toContain(`${server.baseUrl}/components/${vision.id}`);

    const patEvents = parseFeed(await (await anonymous().get((await createFeed(pat)).path)).text());
    expect(patEvents.map((e) => e.summary)).toEqual(["Reassess Chat API (Acme AI)"]);
    expect(patEvents[0]!.start).toBe(evidenceDue);
    expect(patEvents[0]!.description).toContain("ISO/IEC 42001 certificate expires soon");
    expect(patEvents[0]!.description).toContain("High inherent risk: review every 12 months");

    const adminFeed = await createFeed(admin);
    const adminEvents = parseFeed(await (await anonymous().get(adminFeed.path)).text());
    expect(adminEvents.map((e) => e.summary)).toEqual(["Reassess Chat API (Acme AI)", "Reassess Vision API (Vision Co)"]);
    expect(parseFeed(await (await anonymous().get((await createFeed(vic)).path)).text())).toEqual([]);

    // The deadline moves: the same UID, the new date (calendars update the event in place).
    const earlier = addDays(today(), 20) as CalendarDate;
    await setDeadline(db(), vision.id, earlier, [{ kind: "change", text: "New model version reported" }]);
    const moved = parseFeed(await (await anonymous().get(ritaFeed.path)).text());
    expect(moved).toHaveLength(1);
    expect(moved[0]!.uid).toBe(events[0]!.uid);
    expect(moved[0]!.start).toBe(earlier);
    expect(moved[0]!.description).toContain("New model version reported");

    // Last used shows on the profile page.
    const profile = await htmlOf(await rita.client.get("/profile"));
    expect(profile).not.toContain("You have no calendar feed.");
    expect(profile).not.toMatch(/data-testid="feed-last-used">Never/);
    expect(profile).not.toMatch(FEED_LINK); // the URL is never shown again
  });

  it("answers a replaced, revoked, guessed or malformed feed URL with the same 404", async () => {
    const first = await createFeed(pat);
    expect((await anonymous().get(first.path)).status).toBe(200);
    const second = await createFeed(pat);
    const replaced = await anonymous().get(first.path);
    expect(replaced.status).toBe(404);
    const notFoundBody = await replaced.text();
    expect((await anonymous().get(second.path)).status).toBe(200);

    const revoke = await pat.client.post("/profile", { intent: "revoke-feed" });
    expect(revoke.status).toBe(302);
    expect(revoke.headers.get("location")).toBe("/profile?revoked=1");
    expect(await htmlOf(await pat.client.get("/profile?revoked=1"))).toContain("The calendar feed is revoked");
    const revoked = await anonymous().get(second.path);
    expect(revoked.status).toBe(404);
    expect(await revoked.text()).toBe(notFoundBody);

    const guessed = randomBytes(32).toString("base64url");
    for (const path of [
      `/calendar/${guessed}.ics`,
      "/calendar/not-a-token.ics",
      `/calendar/${second.token}`,
      "/calendar/%00.ics",
      `/calendar/${guessed}x.ics`,
    ]) {
      const response = await anonymous().get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe(notFoundBody);
    }
    const audit = await db().selectFrom("audit_events").select("action").where("action", "like", "calendar_feed.%").where("actor_id", "=", pat.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["calendar_feed.create", "calendar_feed.create", "calendar_feed.create", "calendar_feed.revoke"]);
    // Feed paths never reach the request log.
    expect(redactPath(second.path)).toBe("/calendar/[redacted]");
    expect(redactPath("/calendar/short.ics?x=1")).toBe("/calendar/[redacted]?[query]");
  });

  it("saves the weekly digest opt-out, and back", async () => {
    const optOut = async () => (await db().selectFrom("users").select("digest_opt_out").where("id", "=", vic.id).executeTakeFirstOrThrow()).digest_opt_out;
    expect(await optOut()).toBe(false);
    const saved = await vic.client.post("/profile", { intent: "digest", optOut: "on" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/profile?saved=digest");
    expect(await optOut()).toBe(true);
    const page = await htmlOf(await vic.client.get("/profile?saved=digest"));
    expect(page).toContain("Saved: you will not receive the weekly digest.");
    expect(page).toMatch(/<input type="checkbox" id="optOut"[^>]*checked=""/);
    expect((await vic.client.post("/profile", { intent: "digest" })).status).toBe(302);
    expect(await optOut()).toBe(false);
    const bad = await vic.client.post("/profile", { intent: "digest", optOut: "maybe" });
    expect(bad.status).toBe(400);
    expect(await optOut()).toBe(false);
    const audit = await db().selectFrom("audit_events").select("details").where("action", "=", "user.digest_opt_out").where("entity_id", "=", vic.id).execute();
    expect(audit).toHaveLength(2);
  });
});
