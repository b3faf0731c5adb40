// The reviewer's view of the answers in a browser, on the demo seed (the built-in 118-question
// template): a risk owner opens the knocked-out supplier's answers, filters to the knock-outs,
// comments on the answer that fired it (with JavaScript, and again without), sees the comment with
// its visibility in words, folds a section; axe finds nothing at desktop and phone widths.
import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

const SUPPLIER = "Parolex Speech"; // the demo seed's knocked-out supplier
const FLAG = "No contractual commitment to notify customers of incidents that affect them.";

describe("the answers review in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let url: string;

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    const db = server.app.ctx.db;
    const assessment = await db
      .selectFrom("assessments as a")
      .innerJoin("suppliers as s", "s.id", "a.supplier_id")
      .select("a.id")
      .where("s.name", "=", SUPPLIER)
      .where("a.status", "=", "in_review")
      .executeTakeFirstOrThrow();
    url = `${server.baseUrl}/assessments/${assessment.id}/answers`;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectPageErrors(page);
    await signInAs(page, server, "risk.owner@example.com");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the answers by section with their knock-out, and filters to it", async () => {
    await page.goto(url);
    await page.getByRole("heading", { name: `Answers: ${SUPPLIER}`, level: 1 }).waitFor();
    expect(await page.getByText(FLAG).count()).toBeGreaterThan(0);
    await page.getByRole("checkbox", { name: /Knock-outs/ }).check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/show=knockouts/);
    await page.getByText(/^Showing \d+ of \d+ questions: knock-outs\.$/).waitFor();
    expect(await page.locator("li.review-item").count()).toBeGreaterThan(0);
    expect(await page.locator("li.review-item").filter({ hasText: "Knock-out (" }).count()).toBe(await page.locator("li.review-item").count());
    expect(await page.getByRole("checkbox", { name: /Changed since last cycle/ }).isDisabled()).toBe(true);
  });

  it("adds a vendor-visible comment with JavaScript and shows it in the thread, filters kept", async () => {
    const item = page.locator("li.review-item").first();
    await item.getByText("Add a comment").click();
    await item.getByRole("textbox", { name: /^Comment on question/ }).fill("Please share your incident-notification clause.");
    await item.getByRole("radio", { name: "Visible to the vendor" }).check();
    await item.getByRole("button", { name: /^Add comment/ }).click();
    await page.getByText("Comment added.").waitFor();
    expect(page.url()).toMatch(/show=knockouts/);
    expect(page.url()).toMatch(/#a-/);
    const comment = page.locator("li.review-item").first().locator("li.review-comment");
    await comment.getByText("Please share your incident-notification clause.").waitFor();
    expect(await comment.getByText("Visible to vendor", { exact: true }).isVisible()).toBe(true);
  });

  it("refuses an empty comment next to its field", async () => {
    const item = page.locator("li.review-item").first();
    await item.getByText("Add a comment").click();
    const box = item.getByRole("textbox", { name: /^Comment on question/ });
    await box.fill("   ");
    await item.getByRole("button", { name: /^Add comment/ }).click();
    await item.getByText("Write a comment.").waitFor();
    expect(await box.getAttribute("aria-invalid")).toBe("true");
  });

  it("works without JavaScript: an internal note is added and the page returns to its answer", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const noJs = await context.newPage();
    try {
      await noJs.context().addCookies(await page.context().cookies());
      await noJs.goto(`${url}?show=knockouts`);
      const item = noJs.locator("li.review-item").first();
      await item.getByText("Add a comment").click();
      await item.getByRole("textbox", { name: /^Comment on question/ }).fill("Internal: escalate to legal.");
      await item.getByRole("button", { name: /^Add comment/ }).click();
      await noJs.getByText("Comment added.").waitFor();
      expect(noJs.url()).toMatch(/show=knockouts&done=comment#a-/);
      const note = noJs.locator("li.review-comment").filter({ hasText: "Internal: escalate to legal." });
      expect(await note.getByText("Internal", { exact: true }).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it("folds a section without losing the page, and has no axe violations at 1280 px and at 390 px", async () => {
    await page.goto(url);
    await page.getByRole("heading", { name: `Answers: ${SUPPLIER}`, level: 1 }).waitFor();
    const first = page.locator("details.review-section").first();
    await first.locator("> summary").click();
    expect(await first.getAttribute("open")).toBeNull();
    await first.locator("> summary").click();
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("heading", { name: `Answers: ${SUPPLIER}`, level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
