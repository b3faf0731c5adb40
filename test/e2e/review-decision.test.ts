// The review in a browser: on a submitted assessment whose component an internal system of the
// demo risk owner depends on, an admin assigns that owner (suggested first), starts the review,
// is stopped by the decision form's own checks, then approves with conditions; the decision shows
// on the assessment page, the queue at /reviews and the scorecard. axe finds nothing on any of them
// and no script or CSP error occurs.
import type { Browser, Page } from "playwright-core";
import { addDays, addMonths, formatDate, today } from "../../app/domain/calendar";
import { submitAssessment } from "../../app/services/assessment-lifecycle.server";
import { userActor } from "../../app/services/audit.server";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, type TestServer } from "../support/server";

describe("the review in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let issued: Issued;
  const day = today();

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.app.ctx.db;
    await seedDemoData(db);
    const admin = await db.selectFrom("users").select(["id", "email"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
    const owner = await db.selectFrom("users").select("id").where("email", "=", "risk.owner@example.com").executeTakeFirstOrThrow();
    const versionId = await publishGolden(server.app.ctx, userActor(admin));
    issued = await issueGolden(server.app.ctx, userActor(admin), versionId, "Reviewable Robotics");
    await answerGolden(server.app.ctx, issued);
    const system = await db
      .insertInto("ai_systems")
      .values({ name: "Loan pricing", criticality: "high", eu_ai_act_class: "high_risk", lifecycle: "in_production", owner_id: owner.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("ai_system_dependencies").values({ ai_system_id: system.id, ai_component_id: issued.componentIds[0] }).execute();
    await submitAssessment(server.app.ctx, issued.grant, issued.assessmentId);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectPageErrors(page);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("assigns the suggested owner, starts the review and records an approval with conditions", async () => {
    const path = `/assessments/${issued.assessmentId}`;
    await signInAs(page, server, "admin@example.com", path);
    const panel = page.getByRole("region", { name: "Review" });
    await panel.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The owner of the dependent system is suggested first, and preselected.
    const select = panel.getByLabel("Reviewer", { exact: true });
    const chosen = await select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? "");
    expect(chosen).toContain("owns Loan pricing, which depends on");
    await panel.getByRole("button", { name: "Assign" }).click();
    await page.getByText("Reviewer assigned.").waitFor();
    await panel.getByRole("button", { name: "Start review" }).click();
    await page.getByText("The review has started.").waitFor();

    await panel.getByRole("link", { name: "Record the decision" }).click();
    await page.getByRole("heading", { name: "Decision: Reviewable Robotics", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The browser checks first: nothing is sent, each message is next to its field.
    await page.getByLabel("Rationale").fill("");
    await page.getByRole("button", { name: "Record the decision" }).click();
    await page.getByText("Choose a decision: approve, approve with conditions, or reject").waitFor();
    await page.getByText("Write the rationale").waitFor();
    expect(new URL(page.url()).pathname).toBe(`${path}/decision`);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Approved with conditions").check();
    await page.getByRole("button", { name: "Record the decision" }).click();
    await page.getByText("Add at least one condition").waitFor();
    await page.getByLabel("Rationale").fill("Good enough, once the pen test report is in.");
    const first = page.getByRole("group", { name: "Condition 1" });
    await first.getByLabel("Title").fill("Send the pen test report");
    await first.getByLabel("Severity").selectOption("high");
    await first.getByLabel("Due date").fill(addDays(day, 30));
    await page.getByRole("button", { name: "Add another condition" }).click();
    const fourth = page.getByRole("group", { name: "Condition 4" });
    await fourth.getByLabel("Title").fill("Name an incident contact");
    await fourth.getByLabel("Severity").selectOption("low");
    await fourth.getByLabel("Due date").fill(addDays(day, 10));
    await page.getByRole("button", { name: "Record the decision" }).click();
    await page.getByText("The decision is recorded").waitFor();
    expect(new URL(page.url()).pathname).toBe(path);
    const decision = page.getByRole("region", { name: "Review" });
    expect(await decision.getByText("Approved with conditions", { exact: true }).first().isVisible()).toBe(true);
    expect(await decision.getByText("Good enough, once the pen test report is in.").isVisible()).toBe(true);
    expect(await decision.getByRole("cell", { name: "Name an incident contact" }).isVisible()).toBe(true);
    // Loan pricing (high, EU high-risk) makes the component critical: the methodology holds it 6 months.
    expect(
      await decision
        .getByText(formatDate(addMonths(day, 6)))
        .first()
        .isVisible(),
    ).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("lists reviews in the queue and shows the decision on the scorecard", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reviews" }).click();
    await page.getByRole("heading", { name: "Reviews", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: /All in review/ }).click();
    await page.waitForURL((url) => url.search === "?tab=all");
    expect(await axeViolations(page)).toEqual([]);

    // The review's own page (where a refused panel form lands) after the decision.
    await page.goto(`${server.baseUrl}/assessments/${issued.assessmentId}/review`);
    await page.getByRole("heading", { name: "Review: Reviewable Robotics", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.baseUrl}/assessments/${issued.assessmentId}/scorecard`);
    const section = page.getByRole("region", { name: "Decision" });
    expect(await section.getByText("Approved with conditions").isVisible()).toBe(true);
    expect(await section.getByText("Send the pen test report").first().isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
