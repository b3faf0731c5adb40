import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { issueLoginToken } from "../../app/services/sign-in.server";
import { axeViolations, launchBrowser } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

describe("the dependency graph in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    browser = await launchBrowser();
    page = await browser.newPage();
    // Script errors and CSP violations (an inline style would be one); a 404 for a page that
    // colleagues have not built yet is not.
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) consoleErrors.push(message.text());
    });

    // A session without the mailbox round trip: issue a sign-in link directly and redeem it.
    const db = server.app.ctx.db;
    const user = await db.selectFrom("users").select("id").where("email", "=", "risk.owner@example.com").executeTakeFirstOrThrow();
    const token = await db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    await page.goto(`${server.baseUrl}/login/${token}?next=${encodeURIComponent("/graph")}`);
    await page.getByRole("button", { name: "Continue to Assay" }).click();
    await page.getByRole("heading", { name: "Dependency graph", level: 1 }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const graph = () => page.getByRole("group", { name: "Graph" });
  /** Names of nodes whose drawn text runs past the node's box, measured in the real font. */
  const overflowingLabels = () =>
    page.evaluate(() =>
      [...document.querySelectorAll<SVGAElement>("svg[data-testid='graph-svg'] a")].flatMap((link) => {
        const box = link.querySelector<SVGRectElement>(".graph-node__box")!.getBBox();
        const sublabel = link.nextElementSibling as SVGTextElement | null;
        const texts = [link.querySelector<SVGTextElement>(".graph-node__label")!, ...(sublabel ? [sublabel] : [])];
        return texts.filter((t) => t.getBBox().x + t.getBBox().width > box.x + box.width - 4).map((t) => t.textContent ?? "");
      }),
    );

  it("is accessible, styled from its own stylesheet, and lists every dependency in a visible table", async () => {
    expect(new URL(page.url()).pathname).toBe("/graph");
    expect(await axeViolations(page)).toEqual([]);
    expect(await graph().getByRole("link").count()).toBe(20);
    expect(await graph().getByRole("link", { name: "Credit Decisioning Engine (AI system, critical criticality)" }).count()).toBe(1);
    expect(await overflowingLabels()).toEqual([]);
    // Styles from graph.css applied (fill comes from the stylesheet, not an inline style).
    const fill = await page
      .locator(".graph-node--critical .graph-node__box")
      .first()
      .evaluate((el) => getComputedStyle(el).fill);
    expect(fill).toBe("rgb(251, 233, 235)");
    const table = page.getByRole("table");
    expect(await table.isVisible()).toBe(true);
    expect(await table.getByRole("row").count()).toBe(12);
    expect(await table.getByRole("columnheader").allTextContents()).toEqual(["System", "Component", "Supplier", "Data shared"]);
    expect(consoleErrors).toEqual([]);
  });

  it("reaches a node link with Tab, shows focus, and Enter follows it", async () => {
    await page.getByRole("button", { name: "Show system" }).focus();
    let reached = "";
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => {
        const el = document.activeElement;
        return el && el.closest("svg[data-testid='graph-svg']") ? (el.getAttribute("href") ?? "") : "";
      });
    }
    expect(reached).toMatch(/^\/ai-systems\/[0-9a-f-]{36}$/);
    // The focus ring is drawn while the link has keyboard focus.
    const ring = await page.evaluate(() => {
      const ringRect = document.activeElement?.querySelector(".graph-node__focus");
      return ringRect ? getComputedStyle(ringRect).stroke : "";
    });
    expect(ring).toBe("rgb(26, 115, 232)");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === reached);
    expect(new URL(page.url()).pathname).toBe(reached);
  });

  it("filters by supplier and by system with the forms, and back to the whole graph", async () => {
    await page.goto(`${server.baseUrl}/graph`);
    await page.getByLabel("Supplier", { exact: true }).selectOption({ label: "Parolex Speech" });
    await page.getByRole("button", { name: "Show supplier" }).click();
    await page.waitForURL((url) => url.searchParams.has("supplier"));
    await expect.poll(() => graph().getByRole("link").count()).toBe(4);
    expect(
      await graph()
        .getByRole("link", { name: /^Call-Centre QA Analytics/ })
        .count(),
    ).toBe(1);
    expect(
      await graph()
        .getByRole("link", { name: /^Credit Decisioning Engine/ })
        .count(),
    ).toBe(0);
    expect(await page.getByRole("table").getByRole("row").count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("AI system", { exact: true }).selectOption({ label: "Internal Code Assistant" });
    await page.getByRole("button", { name: "Show system" }).click();
    await page.waitForURL((url) => url.searchParams.has("system"));
    await expect.poll(() => graph().getByRole("link").count()).toBe(5);
    expect(
      await graph()
        .getByRole("link", { name: /^Openmoor Coder 14B/ })
        .count(),
    ).toBe(1);
    expect(
      await graph()
        .getByRole("link", { name: /^Tagwell Data/ })
        .count(),
    ).toBe(1);
    expect(await page.getByLabel("Supplier", { exact: true }).inputValue()).toBe("");

    await page.getByRole("link", { name: "Show the whole graph" }).first().click();
    await page.waitForURL((url) => url.search === "");
    await expect.poll(() => graph().getByRole("link").count()).toBe(20);
    expect(consoleErrors).toEqual([]);
  });

  it("cuts a long name on the node but keeps it whole in the link's accessible name", async () => {
    const db = server.app.ctx.db;
    const longName = "Internal Code Assistant for Pull-Request Review and Refactoring Suggestions";
    const system = await db
      .updateTable("ai_systems")
      .set({ name: longName })
      .where("name", "=", "Internal Code Assistant")
      .returning("id")
      .executeTakeFirstOrThrow();
    try {
      await page.goto(`${server.baseUrl}/graph?system=${system.id}`);
      const link = graph().getByRole("link", { name: `${longName} (AI system, low criticality)` });
      expect(await link.count()).toBe(1);
      expect(await link.locator("text").textContent()).toMatch(/^Internal Code Assistant for.*…$/);
      expect(await overflowingLabels()).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await db.updateTable("ai_systems").set({ name: "Internal Code Assistant" }).where("id", "=", system.id).execute();
    }
  });

  it("works without JavaScript, and explains a bad filter", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      await context.addCookies(await page.context().cookies());
      const noJs = await context.newPage();
      noJs.setDefaultTimeout(15_000);
      await noJs.goto(`${server.baseUrl}/graph?system=nonsense`);
      expect(await noJs.getByRole("alert").textContent()).toContain("The system in the address is not a valid id");
      await noJs.getByLabel("Supplier", { exact: true }).selectOption({ label: "Lumenreach AI" });
      await noJs.getByRole("button", { name: "Show supplier" }).click();
      await noJs.waitForURL((url) => url.searchParams.has("supplier"));
      expect(
        await noJs
          .getByRole("group", { name: "Graph" })
          .getByRole("link", { name: /^Lumen Chat API/ })
          .count(),
      ).toBe(1);
      // (No axe run here: axe needs timers, which a page without JavaScript never fires. The markup
      // is the same server render that the tests above check with axe.)
    } finally {
      await context.close();
    }
  });
});
