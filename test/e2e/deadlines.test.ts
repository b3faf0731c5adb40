// Deadlines in a browser, on the demo seed: from the dashboard's "due within 30 days" figure to
// /deadlines, whose timeline is an image named in words and whose table gives each internal
// system's exposure with its reason; grouping by supplier shows the vendor's reported change;
// "Issue reassessment" leads to a form pre-filled for that supplier; the CSV downloads; axe finds
// nothing at desktop and phone widths.
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

describe("deadlines in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    errors = collectPageErrors(page);
    await signInAs(page, server, "risk.owner@example.com");
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("leads from the dashboard's figure to the deadlines behind it, each exposure with its reason", async () => {
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await page
      .getByRole("link", { name: /Due within 30 days/ })
      .first()
      .click();
    await page.waitForURL((url) => url.pathname === "/deadlines" && url.searchParams.get("window") === "30");
    await page.getByRole("heading", { name: "Reassessment deadlines", level: 1 }).waitFor();
    expect(await page.getByLabel("When").inputValue()).toBe("30");
    expect(await page.getByRole("img", { name: /Reassessment deadlines by internal system over the next 12 months/ }).count()).toBe(1);
    const table = page.getByRole("table").first();
    expect(await table.getByRole("row").count()).toBeGreaterThan(1);
    // The seeded change on Lumenreach's chat API reaches the systems that depend on it, in words.
    expect(await page.getByRole("main").innerText()).toMatch(/Vendor reported a new model version on|Never reviewed|expires/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("groups by supplier, and issues a reassessment pre-filled from a row", async () => {
    await page.getByLabel("Group by").selectOption("supplier");
    await page.getByLabel("When").selectOption("all");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL((url) => url.searchParams.get("group") === "supplier");
    const lumen = page.getByRole("row").filter({ hasText: "Lumenreach AI" });
    await lumen.first().waitFor();
    expect(await lumen.first().innerText()).toMatch(/Vendor reported a new model version|expires|review every/);
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    const csv = fs.readFileSync(await download.path(), "utf8");
    expect(csv.split("\n")[0]).toContain("due_on");
    expect(csv).toContain("Lumenreach AI");

    // Only those who may issue questionnaires are offered it: procurement, not a risk owner.
    expect(await page.getByRole("link", { name: /Issue reassessment/ }).count()).toBe(0);
    await signInAs(page, server, "procurement@example.com", "/deadlines");
    await page.goto(`${server.baseUrl}/deadlines?group=supplier&window=all`);
    await lumen
      .first()
      .getByRole("link", { name: /Issue reassessment/ })
      .click();
    await page.waitForURL((url) => /^\/assessments\/(new|[0-9a-f-]{36}\/reassess)$/.test(url.pathname));
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.getByRole("main").innerText()).toContain("Lumen");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("has no axe violations at 390 px", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/deadlines?group=system`);
    await page.getByRole("heading", { name: "Reassessment deadlines", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors, errors.join("\n")).toEqual([]);
  });
});
