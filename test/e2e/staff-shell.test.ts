import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

const MISSING = "00000000-0000-4000-8000-000000000000";

/** The top of each item of the main navigation row, to tell one row from a wrapped one. */
async function navRowTops(page: Page): Promise<number[]> {
  return page.locator(".shell__nav-list > li").evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
}

describe("the staff header, its navigation and its error pages in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const nav = () => page.getByRole("navigation", { name: "Main" });

  it("shows an admin's twelve sections in one row at 1280 px, the inventory pages behind one menu, with axe clean", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAs(page, server, "admin@example.com", "/suppliers");
    await page.getByRole("heading", { name: "Suppliers", level: 1 }).waitFor();
    expect(await page.locator(".shell__nav-list > li").count()).toBe(9);
    expect(new Set(await navRowTops(page)).size).toBe(1);
    for (const name of ["Dashboard", "Suppliers", "Assessments", "Reviews", "Findings", "Deadlines", "Templates", "Admin"]) {
      expect(await nav().getByRole("link", { name, exact: true }).isVisible(), name).toBe(true);
    }
    expect(await nav().getByRole("link", { name: "AI systems" }).isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    await nav().getByText("Inventory").click();
    expect(await axeViolations(page)).toEqual([]);
    await nav().getByRole("link", { name: "AI systems" }).click();
    await page.getByRole("heading", { name: "AI systems", level: 1 }).waitFor();
    // The menu closes after the move, and its summary shows where the person is.
    expect(await nav().getByRole("link", { name: "Graph" }).isVisible()).toBe(false);
    expect(await nav().locator("summary.active").textContent()).toBe("Inventory");
  });

  it("keeps every section reachable by keyboard", async () => {
    await page.goto(`${server.baseUrl}/`);
    await nav().getByText("Inventory").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("AI components");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Import / export");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Import and export", level: 1 }).waitFor();
  });

  it("fits a 390 px phone: one scrolling row of sections, the menu opens in full, axe clean", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/suppliers`);
    expect(new Set(await navRowTops(page)).size).toBe(1);
    // The header fits the screen: the row of sections scrolls inside it.
    expect(await page.locator(".shell__header").evaluate((header) => header.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await nav().getByText("Inventory").click();
    const panel = await nav().getByRole("link", { name: "AI components" }).boundingBox();
    expect(panel && panel.x >= 0 && panel.x + panel.width <= 390).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await nav().getByRole("link", { name: "AI components" }).click();
    await page.getByRole("heading", { name: "AI components", level: 1 }).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("tells a viewer refused a page who may do it and whom to ask, under the header", async () => {
    await signInAs(page, server, "auditor@example.com", "/ai-systems");
    const response = await page.goto(`${server.baseUrl}/ai-systems/new`);
    expect(response?.status()).toBe(403);
    await page.getByRole("heading", { name: "Not allowed", level: 1 }).waitFor();
    expect(await nav().getByRole("link", { name: "Suppliers" }).isVisible()).toBe(true);
    const main = (await page.textContent("main")) ?? "";
    expect(main).toContain("Risk owners and admins add AI systems.");
    expect(main).toContain("You are signed in as a viewer / auditor.");
    expect(main).toContain("see suppliers, AI components and AI systems");
    expect(main).toContain("Ada Admin (admin@example.com)");
    expect(await page.getByRole("link", { name: "Go to the dashboard" }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("answers an unknown supplier and an unknown page with a 404 under the header and a way back", async () => {
    const supplier = await page.goto(`${server.baseUrl}/suppliers/${MISSING}`);
    expect(supplier?.status()).toBe(404);
    await page.getByRole("heading", { name: "No such supplier", level: 1 }).waitFor();
    expect(await nav().isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: "Back to suppliers" }).getAttribute("href")).toBe("/suppliers");
    expect(await axeViolations(page)).toEqual([]);

    const unknown = await page.goto(`${server.baseUrl}/no-such-page`);
    expect(unknown?.status()).toBe(404);
    await page.getByRole("heading", { name: "Page not found", level: 1 }).waitFor();
    expect(await nav().getByRole("link", { name: "Dashboard" }).isVisible()).toBe(true);
    expect(await page.textContent("header")).toContain("Victor Viewer");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("says how long the emailed sign-in link lasts, with and without JavaScript", async () => {
    for (const [javaScriptEnabled, email] of [
      [true, "risk.owner@example.com"],
      [false, "model.owner@example.com"],
    ] as const) {
      const context = await browser.newContext({ javaScriptEnabled });
      const visitor = await context.newPage();
      await visitor.goto(`${server.baseUrl}/login`);
      await visitor.getByLabel("Email address").fill(email);
      await visitor.getByRole("button", { name: "Email me a sign-in link" }).click();
      await visitor.getByRole("heading", { name: "Check your email" }).waitFor();
      expect(await visitor.textContent("main"), `JavaScript ${javaScriptEnabled}`).toContain("expires in 15 minutes");
      // axe runs as a script in the page, so only where scripts run.
      if (javaScriptEnabled) expect(await axeViolations(visitor)).toEqual([]);
      await context.close();
    }
  });

  it("had no script or console errors on the way", () => {
    expect(errors).toEqual([]);
  });
});
