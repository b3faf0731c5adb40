import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

const SUBMIT_DEPENDENCY = "Add dependency";

// The walk: procurement records a supplier with a contact and two components; a risk
// owner links one of their systems to a component; both ends and the graph show the link.
describe("inventory walk-through in a browser", () => {
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

  it("procurement adds a supplier, checked in the browser before it is sent", async () => {
    await signInAs(page, server, "procurement@example.com", "/suppliers");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Add a supplier" }).click();
    await page.getByRole("heading", { name: "Add a supplier" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Website").fill("acme");
    await page.getByRole("button", { name: "Add supplier" }).click();
    // react-hook-form with the zod resolver answers without a round trip.
    await page.getByText("Enter the supplier's name").waitFor();
    await page.getByText("Enter a full web address starting with https://").waitFor();
    expect(new URL(page.url()).pathname).toBe("/suppliers/new");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Name", { exact: true }).fill("Acme Vision");
    await page.getByLabel("Website").fill("https://acme.example.com");
    await page.getByLabel("Country").fill("de");
    await page.getByLabel("Status").selectOption("active");
    await page.getByRole("button", { name: "Add supplier" }).click();
    await page.getByRole("heading", { name: "Acme Vision", level: 1 }).waitFor();
    expect(await page.textContent("main")).toContain("Active · Germany");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("adds a contact and two components", async () => {
    await page.getByRole("link", { name: "Add a contact" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Jo Vendor");
    await page.getByLabel("Email address").fill("jo@acme.example.com");
    await page.getByLabel("Primary contact").check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Add contact" }).click();
    await page.getByRole("cell", { name: "jo@acme.example.com" }).waitFor();

    for (const [name, cadence] of [
      ["Acme Vision API", "interval"],
      ["Acme OCR", "on_release"],
    ] as const) {
      await page.getByRole("link", { name: "Add a component" }).click();
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByLabel("Declared retraining or update cadence").selectOption(cadence);
      if (cadence === "interval") {
        // The interval field appears only for "Every N days".
        await page.getByLabel("Update interval in days").fill("30");
      } else {
        expect(await page.getByLabel("Update interval in days").count()).toBe(0);
      }
      if (name === "Acme Vision API") expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Add component" }).click();
      await page.getByRole("link", { name }).waitFor();
    }
    expect(await page.textContent("main")).toContain("Every 30 days");
    expect(await page.textContent("main")).toContain("None of our AI systems depends on it.");
  });

  it("lists and filters components", async () => {
    await page.goto(`${server.baseUrl}/components`);
    await page.getByRole("searchbox", { name: "Search components" }).fill("acme");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/q=acme/);
    await expect.poll(() => page.getByRole("row").count()).toBe(3);
    await page.getByText("1–2 of 2 components").waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("a risk owner links one of their systems to the new component; both ends and the graph show it", async () => {
    await signInAs(page, server, "risk.owner@example.com", "/ai-systems");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Credit Decisioning Engine" }).click();
    await page.getByRole("heading", { name: "Credit Decisioning Engine", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Add a dependency" }).first().click();
    await page.getByRole("searchbox", { name: /Find a component/ }).fill("Acme Vision");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("radio", { name: /Acme Vision API/ }).check();
    await page.getByLabel("Purpose").fill("Reads scanned payslips");
    await page.getByRole("checkbox", { name: "Personal data", exact: true }).check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: SUBMIT_DEPENDENCY }).click();
    await page.getByRole("heading", { name: "Credit Decisioning Engine", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Acme Vision API" }).first().waitFor();
    expect(await page.textContent("main")).toContain("Reads scanned payslips");

    // The supplier's end lists the system and its owner under the component.
    await page.getByRole("link", { name: "Acme Vision", exact: true }).first().click();
    await page.getByRole("heading", { name: "Acme Vision", level: 1 }).waitFor();
    const dependents = page.getByRole("table", { name: "Our systems that depend on Acme Vision API" });
    await dependents.getByRole("link", { name: "Credit Decisioning Engine" }).waitFor();
    expect(await dependents.textContent()).toContain("Rafael Risk");

    // The graph, filtered to the system, shows the edge to the new component.
    await page.goto(`${server.baseUrl}/graph`);
    expect(await page.getByRole("link", { name: /Acme Vision API/ }).count()).toBeGreaterThan(0);
    expect(await page.getByRole("cell", { name: "Acme Vision API" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
