// The profile page in a browser: reached from the header, accessible (0 axe violations) with and
// without a feed, the feed URL shown once after creating it, revoking, and the digest opt-out.
import type { Browser, Page } from "playwright-core";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { createUser } from "../support/factories";
import { startTestServer, type TestServer } from "../support/server";

describe("the profile page in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    await createUser(server.app.ctx.db, "risk_owner", { email: "rita@buyer.example", name: "Rita Owner" });
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = collectPageErrors(page);
    await signInAs(page, server, "rita@buyer.example", "/profile");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("creates, shows once and revokes a feed, and saves the digest opt-out, accessibly", async () => {
    await page.getByRole("heading", { name: "Profile", level: 1 }).waitFor();
    expect(await page.getByRole("link", { name: "Profile" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Create a calendar feed" }).click();
    const url = page.getByLabel("Your calendar feed address");
    await url.waitFor();
    expect(await url.inputValue()).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(await page.getByText("Copy it now; it is shown once.").count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.baseUrl}/profile`);
    expect(await page.getByLabel("Your calendar feed address").count()).toBe(0);
    await page.getByRole("button", { name: "Revoke the feed" }).click();
    await page.getByText("The calendar feed is revoked").waitFor();
    expect(await page.getByText("You have no calendar feed.").count()).toBe(1);

    await page.getByLabel("Do not send me the weekly digest").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved: you will not receive the weekly digest.").waitFor();
    expect(await page.getByLabel("Do not send me the weekly digest").isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
