// The dashboard in a browser, on the demo seed: a risk owner signs in through the dev mailbox and
// lands on the dashboard; each chart is an image named by its caption with the same figures as a
// visible table, the figures link to the filtered lists behind them, and axe finds nothing at
// desktop and phone widths.
import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, collectPageErrors, launchBrowser, signInThroughMailbox } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

describe("the dashboard in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("signs the risk owner in and lands on the dashboard", async () => {
    await signInThroughMailbox(page, server.baseUrl, "risk.owner@example.com");
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    expect(await page.getByTestId("count-suppliers").textContent()).toContain("6");
  });

  it("draws each chart as a named image with its figures as a visible table", async () => {
    for (const title of ["Components by current grade", "Open findings by severity", "Assessments in flight by status"]) {
      const figure = page.getByRole("figure", { name: title });
      if ((await figure.locator("svg").count()) === 0) continue; // an empty state instead of a chart
      expect(await page.getByRole("img", { name: title }).count(), title).toBe(1);
      const table = page.getByRole("table", { name: `${title} as a table` });
      expect(await table.isVisible(), title).toBe(true);
    }
    // The demo seed has rated components, so the grade chart is drawn.
    const grades = page.getByRole("table", { name: "Components by current grade as a table" });
    expect(await grades.getByRole("rowheader", { name: "Not rated yet" }).isVisible()).toBe(true);
    expect(await page.getByRole("img", { name: "Components by current grade" }).textContent()).toContain("Grade");
  });

  it("links a grade to the components list filtered by it", async () => {
    const grades = page.getByRole("table", { name: "Components by current grade as a table" });
    const link = grades.getByRole("link", { name: "Not rated yet" });
    const expected = Number(
      await grades
        .getByRole("row", { name: /Not rated yet/ })
        .getByRole("cell")
        .textContent(),
    );
    await link.click();
    await page.getByRole("heading", { name: "AI components", level: 1 }).waitFor();
    expect(new URL(page.url()).search).toBe("?grade=none");
    const shown = await page.getByRole("main").textContent();
    expect(shown).toContain(String(expected));
    await page.goBack();
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  });

  it("shows the deadlines and the systems at risk, or says there are none yet", async () => {
    const deadlines = page.getByRole("region", { name: "Reassessment deadlines" });
    expect(await deadlines.isVisible()).toBe(true);
    const overdue = deadlines.getByRole("link", { name: /Overdue/ });
    if ((await overdue.count()) > 0) expect(await overdue.getAttribute("href")).toBe("/deadlines?window=overdue");
    else expect(await deadlines.getByText("No reassessment deadlines yet.").isVisible()).toBe(true);
    expect(await page.getByRole("region", { name: "Internal systems at risk" }).isVisible()).toBe(true);
  });

  it("has no axe violations at 1280 px and at 390 px", async () => {
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.getByRole("table", { name: "Components by current grade as a table" }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});
