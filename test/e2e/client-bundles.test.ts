import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// Server-only code in a browser bundle shows as a script error on load (the issue: "Buffer is not
// defined" on /inventory/csv). scripts/check-client-bundles.ts catches it in the build; this is
// what a person would meet.
describe("staff pages load without script errors", () => {
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

  it("/inventory/csv loads, hydrates and checks a file size without a script error", async () => {
    await signInAs(page, server, "procurement@example.com", "/inventory/csv");
    await page.getByRole("heading", { name: "Import and export" }).waitFor();
    await page.waitForLoadState("networkidle");
    // The size check runs in the browser: it answers only once the page's script is running.
    await page.getByLabel("CSV file").setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: Buffer.alloc(21 * 1024 * 1024, 0x61) });
    await page.getByText("This file is larger than 20 MB").waitFor();
    expect(errors).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("the main staff pages load as documents and by client navigation without errors", async () => {
    await signInAs(page, server, "admin@example.com", "/");
    const paths = [
      "/suppliers",
      "/components",
      "/ai-systems",
      "/graph",
      "/inventory/csv",
      "/assessments",
      "/reviews",
      "/findings",
      "/deadlines",
      "/templates",
      "/admin/users",
      "/profile",
    ];
    for (const path of paths) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.waitForLoadState("networkidle");
      expect(errors, path).toEqual([]);
    }
    await page.goto(`${server.baseUrl}/`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("navigation", { name: "Main" }).getByText("Inventory").click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import / export" }).click();
    await page.getByRole("heading", { name: "Import and export" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
  });
});
