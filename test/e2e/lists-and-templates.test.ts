// Lists people act from and the coverage matrix, in a browser on the demo seed: the assessments
// list shows progress, owner and due with overdue said in words; the dashboard's What needs you
// links land on filtered lists; coverage controls open by keyboard; the staff assessment page does
// not widen the page at 1280 or 390 px, and axe finds nothing at either width.
import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

describe("lists and templates in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    await server.app.ctx.db.updateTable("assessments").set({ due_date: "2020-01-15" }).where("status", "=", "in_progress").execute();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows progress, owner and due on the assessments list, overdue in words", async () => {
    await signInAs(page, server, "procurement@example.com", "/assessments");
    const table = page.getByRole("table", { name: /Assessments, as of/ });
    await table.waitFor();
    for (const name of ["Progress", "Owner", "Due"]) expect(await table.getByRole("columnheader", { name: new RegExp(`^${name}`, "i") }).count()).toBe(1);
    const late = table.locator("tr.assessment-row--overdue");
    expect(await late.count()).toBe(1);
    expect(await late.textContent()).toMatch(/Overdue \d+ days/);
    expect(await late.textContent()).toMatch(/\d+ of \d+ required answered/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("links What needs you to the lists it counts", async () => {
    await signInAs(page, server, "risk.owner@example.com", "/");
    const needs = page.getByRole("region", { name: "What needs you" });
    const reviews = needs.getByRole("link", { name: /Reviews assigned to you/ });
    const count = Number(await reviews.locator(".needs-you__count").textContent());
    expect(count).toBeGreaterThan(0);
    await reviews.click();
    await page.waitForURL((url) => url.pathname === "/reviews" && url.search === "?tab=mine");
    expect(await page.getByRole("main").textContent()).toContain("Parolex Speech");
    await page.goBack();
    await page.getByRole("link", { name: /Open findings you own/ }).click();
    await page.waitForURL((url) => url.pathname === "/findings" && url.searchParams.get("owner") === "me");
    expect(await page.getByRole("main").textContent()).toContain("No commitment to notify us of incidents");
  });

  it("opens a framework's controls and a control's questions by keyboard on the coverage page", async () => {
    const template = await server.app.ctx.db.selectFrom("questionnaire_templates").select("id").where("is_builtin", "=", true).executeTakeFirstOrThrow();
    await page.goto(`${server.baseUrl}/templates/${template.id}/coverage`);
    expect(await page.getByRole("table", { name: "Controls covered, by framework and section" }).isVisible()).toBe(true);
    const framework = page.locator("details.coverage-framework").first();
    await framework.locator("summary").first().focus();
    await page.keyboard.press("Enter");
    expect(await framework.getAttribute("open")).not.toBeNull();
    const control = framework.locator("th details").first();
    await control.locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await control.getAttribute("open")).not.toBeNull();
    expect(await control.locator("li").first().isVisible()).toBe(true);
    expect(await control.textContent()).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("reads the staff assessment page at 1280 and 390 px without widening the page", async () => {
    const db = server.app.ctx.db;
    const a = await db.selectFrom("assessments").select("id").where("status", "=", "in_review").executeTakeFirstOrThrow();
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.baseUrl}/assessments/${a.id}`);
      const summary = page.getByRole("region", { name: "Where it stands" });
      expect(await summary.getByTestId("next-step").textContent()).toContain("Next:");
      expect(await summary.getByRole("link", { name: "Review the answers" }).isVisible()).toBe(true);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `width ${width}`).toBeLessThanOrEqual(width);
      expect(await axeViolations(page)).toEqual([]);
    }
  });
});
