// Lists people act from, on the demo seed over HTTP: the assessments list's progress, owner and due
// columns and its overdue and owner filters; the dashboard's "What needs you" for a risk owner with
// an assigned review (and its empty state); the coverage page naming questions by prompt, not key.
import { seedDemoData } from "~/services/demo-seed.server";
import { startTestServer, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";

const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;|&rsquo;/g, "'");

describe("lists and templates", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("lists assessments with progress, owner and due, and filters the overdue ones", async () => {
    const db = server.app.ctx.db;
    const open = await db
      .selectFrom("assessments as a")
      .innerJoin("suppliers as s", "s.id", "a.supplier_id")
      .select(["a.id", "s.id as supplier_id", "s.name"])
      .where("a.status", "=", "in_progress")
      .executeTakeFirstOrThrow();
    await db.updateTable("assessments").set({ due_date: "2020-01-15" }).where("id", "=", open.id).execute();
    const priya = await db.selectFrom("users").select(["id", "name"]).where("email", "=", "procurement@example.com").executeTakeFirstOrThrow();
    await db.updateTable("suppliers").set({ procurement_owner_id: priya.id }).where("id", "=", open.supplier_id).execute();
    const procurement = await signIn(server, "procurement@example.com");

    const all = textOf(await (await procurement.get("/assessments")).text());
    expect(all).toContain(">Progress<");
    expect(all).toContain(">Owner<");
    expect(all).toMatch(/\d+ of \d+<span class="list-progress__unit"> required answered/);
    expect(all).toContain(priya.name);
    expect(all).toContain('class="assessment-row--overdue"');

    const overdue = await procurement.get("/assessments?overdue=yes");
    expect(overdue.status).toBe(200);
    const html = textOf(await overdue.text());
    expect(html).toContain(open.name);
    expect(html).toMatch(/Overdue \d+ days/);
    expect((html.match(/data-testid="assessment-row"/g) ?? []).length).toBe(1);

    expect(textOf(await (await procurement.get("/assessments?overdue=yes&owner=me")).text())).toContain(open.name);
    const risk = await signIn(server, "risk.owner@example.com");
    expect(textOf(await (await risk.get("/assessments?overdue=yes&owner=me")).text())).toContain("No assessment matches these filters.");
  });

  it("leads the dashboard with what needs the signed-in user, each count linking to its filtered list", async () => {
    const db = server.app.ctx.db;
    const rafael = await db.selectFrom("users").select("id").where("email", "=", "risk.owner@example.com").executeTakeFirstOrThrow();
    const assigned = await db
      .selectFrom("assessment_reviewers as r")
      .innerJoin("assessments as a", "a.id", "r.assessment_id")
      .select("r.assessment_id")
      .where("r.user_id", "=", rafael.id)
      .where("a.status", "in", ["submitted", "in_review", "changes_requested", "resubmitted"])
      .execute();
    expect(assigned.length).toBeGreaterThan(0);
    const risk = await signIn(server, "risk.owner@example.com");
    const html = textOf(await (await risk.get("/")).text());
    const needs = html.slice(html.indexOf("What needs you"));
    expect(html.indexOf("What needs you")).toBeLessThan(html.indexOf("Reassessment deadlines"));
    expect(needs).toMatch(new RegExp(`<a href="/reviews\\?tab=mine"><span class="needs-you__count">${assigned.length}</span> Reviews assigned to you</a>`));
    const reviews = textOf(await (await risk.get("/reviews?tab=mine")).text());
    expect(reviews).toContain("Parolex Speech");

    const auditor = await signIn(server, "auditor@example.com");
    expect(textOf(await (await auditor.get("/")).text())).toContain("Nothing needs you today.");
  });

  it("shows coverage as a matrix naming questions by their prompt, not their key", async () => {
    const template = await server.app.ctx.db.selectFrom("questionnaire_templates").select("id").where("is_builtin", "=", true).executeTakeFirstOrThrow();
    const viewer = await signIn(server, "auditor@example.com");
    const html = textOf(await (await viewer.get(`/templates/${template.id}/coverage`)).text());
    expect(html).toContain("<caption>Controls covered, by framework and section</caption>");
    expect(html).toContain('<th scope="col" class="coverage-matrix__section" title="Governance and accountability">');
    expect(html).toContain("Do you have an AI policy, approved by senior management");
    expect(html).not.toContain("gov_ai_policy");
    expect(html).toContain("<details");

    const list = textOf(await (await viewer.get("/templates")).text());
    expect(list).toMatch(/\d+ questions in 16 sections/);
    expect(list).toContain("Where it is used");
    expect(list).toMatch(new RegExp(`href="/assessments\\?template=${template.id}&status=decided">2 decided`));
  });
});
