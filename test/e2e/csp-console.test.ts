import type { Browser, Page } from "playwright-core";
import { userActor } from "../../app/services/audit.server";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { createTemplate } from "../../app/services/template-versions.server";
import { prepareVendorQuestionnaire } from "../../scripts/bench-vendor";
import { collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// zod 4 probes for eval (`new Function("")`) when a schema is built unless it is configured jitless;
// the Content-Security-Policy blocks eval, so every page with a form logged a violation. The pages the
// issue names load, hydrate and show their form without a CSP violation or console error.
describe("pages with forms under the Content-Security-Policy", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let vendor: Awaited<ReturnType<typeof prepareVendorQuestionnaire>>;
  let editPath: string;

  /** CSP violations as the page sees them (some are not logged to the console in headless Chrome). */
  const violations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    await seedDemoData(server.app.ctx.db);
    const admin = await server.app.ctx.db.selectFrom("users").select(["id", "email"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
    const { templateId, versionId } = await createTemplate(server.app.ctx, userActor(admin), { name: "CSP check", description: null });
    editPath = `/templates/${templateId}/versions/${versionId}/edit`;
    vendor = await prepareVendorQuestionnaire(server.app.ctx, admin);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    errors = collectPageErrors(page);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("/login loads and hydrates without an eval violation", async () => {
    await page.goto(`${server.baseUrl}/login`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "Email me a sign-in link" }).waitFor();
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("/suppliers and the template editor load without a CSP violation", async () => {
    await signInAs(page, server, "admin@example.com", "/suppliers");
    await page.waitForLoadState("networkidle");
    expect(await violations()).toEqual([]);
    await page.goto(`${server.baseUrl}${editPath}`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: /save/i }).first().waitFor();
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("the vendor section page (built-in template, five components) loads without a CSP violation", async () => {
    await page.context().clearCookies();
    const [name, value] = vendor.cookie.split("=") as [string, string];
    await page.context().addCookies([{ name, value, url: server.baseUrl }]);
    await page.goto(`${server.baseUrl}${vendor.paths[1]}`);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("form").count()).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
