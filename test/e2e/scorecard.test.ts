// The scorecard in a browser, on the demo seed: a risk owner signs in through the dev mailbox, finds
// the knocked-out supplier's submitted assessment in the list and opens its scorecard. The grade, the
// knock-out flag, the chart's text equivalent, a drill-down to a question's points and weight and the
// PDF download all work, and axe finds nothing at desktop and phone widths.
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, collectPageErrors, launchBrowser, signInThroughMailbox } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

const SUPPLIER = "Parolex Speech"; // the demo seed's knocked-out supplier
const FLAG = "No contractual commitment to notify customers of incidents that affect them.";
const FLAG_PROMPT = AI_SUPPLIER_DUE_DILIGENCE.sections.flatMap((s) => s.questions).find((q) => q.key === "sec_incident_notify_commitment")!.prompt;

describe("the scorecard in a browser", () => {
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
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("signs the risk owner in through the dev mailbox and leads from the assessments list to the knocked-out supplier's scorecard", async () => {
    await signInThroughMailbox(page, server.baseUrl, "risk.owner@example.com");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();

    await page.getByRole("navigation").getByRole("link", { name: "Assessments", exact: true }).click();
    await page.getByRole("heading", { name: "Assessments", level: 1 }).waitFor();
    // The seed leaves every state in the list: three submitted, one in progress, one sent.
    const main = page.getByRole("main");
    for (const name of ["Sehfeld Vision", "Lumenreach AI", SUPPLIER, "Openmoor Models", "Tagwell Data"]) {
      expect(await main.getByRole("link", { name, exact: true }).count(), name).toBe(1);
    }
    await main.getByRole("link", { name: SUPPLIER, exact: true }).click();
    await page.getByRole("link", { name: "Open the scorecard" }).click();
    await page.getByRole("heading", { name: `Scorecard: ${SUPPLIER}`, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/assessments\/[0-9a-f-]{36}\/scorecard$/);
  });

  it("shows the capped grade and the knock-out that capped it", async () => {
    const summary = page.getByRole("region", { name: "Overall" });
    expect(await summary.getByText("Grade D", { exact: true }).isVisible()).toBe(true);
    const flags = page.getByRole("region", { name: "Knock-out flags" });
    expect(await flags.getByText(FLAG).first().isVisible()).toBe(true);
    expect(await flags.getByText("caps the grade at D").first().isVisible()).toBe(true);
  });

  it("gives the domain chart an accessible name and the same numbers as a table", async () => {
    const chart = page.locator("svg.domain-chart__svg");
    expect(await chart.count()).toBe(1);
    const labelledBy = await chart.getAttribute("aria-labelledby");
    expect(labelledBy).toBeTruthy();
    expect(await page.locator(`#${labelledBy}`).textContent()).toContain("Vendor score per domain");
    expect(await page.getByRole("group", { name: /Vendor score per domain/ }).count()).toBe(1);
    // Each bar's label and value are text in the SVG, not only a shape.
    expect(await chart.textContent()).toContain("Security and privacy");
    const table = page.getByRole("table", { name: "Domain scores as a table" });
    expect(await table.getByRole("rowheader", { name: "Security and privacy" }).isVisible()).toBe(true);
  });

  it("drills down from the supplier-level rating to a question's points and weight", async () => {
    const supplierLevel = page.locator("details.explanation").filter({ has: page.locator("summary", { hasText: "Supplier-level answers" }) });
    await supplierLevel.locator("> summary").click();
    const domain = supplierLevel.locator("details.explanation__domain").filter({ has: page.locator("summary", { hasText: "Security and privacy" }) });
    await domain.locator("> summary").click();
    const row = domain.getByRole("row", { name: new RegExp(FLAG_PROMPT.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
    await row.waitFor();
    expect(await row.isVisible()).toBe(true);
    const cells = await row.getByRole("cell").allTextContents();
    // Answer, how it counts, points, weight, share, contribution.
    expect(cells[0]).toMatch(/no/i);
    expect(cells[2]).toBe("0");
    expect(cells[3]).toBe("5");
    expect(await domain.getByText(/Domain: 100 × Σ weight × points/).isVisible()).toBe(true);
  });

  it("downloads the PDF", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 4).toString("latin1")).toBe("%PDF");
  });

  it("has no axe violations at 1280 px and at 390 px", async () => {
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("heading", { name: `Scorecard: ${SUPPLIER}`, level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.getByRole("region", { name: "Overall" }).getByText("Grade D", { exact: true }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});
