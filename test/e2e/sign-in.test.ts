import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, launchBrowser } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

describe("a new user signs in through the dev mailbox", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    browser = await launchBrowser();
    page = await browser.newPage();
    // Script errors and CSP violations; a 400 answer to a deliberately bad form is not one.
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) consoleErrors.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("sign-in page is accessible and explains bad input next to the field", async () => {
    await page.goto(`${server.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Email address").fill("not an email");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect.poll(() => page.locator("#email-error").textContent()).toContain("Enter a valid email address");
    expect(await page.getByLabel("Email address").getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("mails a link that the dev mailbox shows, and the link signs the user in to the dashboard", async () => {
    await page.getByLabel("Email address").fill("admin@example.com");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();

    await page.getByRole("link", { name: "dev mailbox" }).click();
    await page.getByRole("heading", { name: "Dev mailbox" }).waitFor();
    // The worker delivers within a second or two; reload like a person would.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByRole("link", { name: "Your Assay sign-in link" }).count();
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Your Assay sign-in link" }).first().click();
    await page
      .getByRole("link", { name: /\/login\// })
      .first()
      .click();

    await page.getByRole("heading", { name: "Sign in to Assay" }).waitFor();
    expect(await page.textContent("main")).toContain("Ada Admin");
    await page.getByRole("button", { name: "Continue to Assay" }).click();

    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    expect(await page.getByTestId("count-suppliers").textContent()).toContain("6");
    expect(await page.getByTestId("count-systems").textContent()).toContain("5");
    expect(Number(/\d+/.exec((await page.getByTestId("count-components").textContent()) ?? "")?.[0])).toBeGreaterThanOrEqual(10);
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("admin users page is accessible and keyboard-operable; sign-out ends the session", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("heading", { name: "Users", exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Name").focus();
    await page.keyboard.type("Kay Keyboard");
    await page.keyboard.press("Tab");
    await page.keyboard.type("kay@example.com");
    await page.keyboard.press("Enter");
    await page.getByText("Invitation sent to kay@example.com").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Assay" }).waitFor();
    await page.goto(`${server.baseUrl}/admin/users`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(consoleErrors).toEqual([]);
  });
});
