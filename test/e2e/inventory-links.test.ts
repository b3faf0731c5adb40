import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// Issue 13, items 1 and 11: the country picker stores the country typed (Germany is DE, not GE)
// and refuses what is not a country; supplier and component pages list their questionnaires and
// send a new one pre-filled.
describe("inventory: country picker and questionnaires on inventory pages", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const db = () => server.app.ctx.db;

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

  it("saves Germany typed in the country picker as Germany, not Georgia", async () => {
    await signInAs(page, server, "procurement@example.com", "/suppliers/new");
    const country = page.getByLabel("Country");
    expect(await country.getAttribute("list")).toBe("country-options");
    expect(await page.locator("#country-options option").count()).toBeGreaterThanOrEqual(249);
    await page.getByLabel("Name", { exact: true }).fill("Berlin Vision");
    await country.fill("Germany");
    await page.getByLabel("Status").selectOption("active");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Add supplier" }).click();
    await page.getByRole("heading", { name: "Berlin Vision", level: 1 }).waitFor();
    const main = await page.textContent("main");
    expect(main).toContain("Active · Germany");
    expect(main).toContain("Germany (DE)");
    expect(main).not.toContain("Georgia");
    expect((await db().selectFrom("suppliers").select("country").where("name", "=", "Berlin Vision").executeTakeFirstOrThrow()).country).toBe("DE");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("refuses a country that is not on the list with a message next to the field", async () => {
    await page.getByRole("link", { name: "Edit" }).first().click();
    const country = page.getByLabel("Country");
    expect(await country.inputValue()).toBe("Germany");
    await country.fill("Narnia");
    await page.getByRole("button", { name: "Save changes" }).click();
    const message = page.locator("#country-error");
    await message.waitFor();
    expect(await message.textContent()).toBe("Choose a country from the list, e.g. Germany or DE");
    expect(await country.getAttribute("aria-invalid")).toBe("true");
    expect(await country.getAttribute("aria-describedby")).toContain("country-error");
    expect(new URL(page.url()).pathname).toMatch(/\/edit$/);
    expect(await axeViolations(page)).toEqual([]);
    expect((await db().selectFrom("suppliers").select("country").where("name", "=", "Berlin Vision").executeTakeFirstOrThrow()).country).toBe("DE");
  });

  it("lists a supplier's questionnaires, and Send questionnaire opens the issue form pre-filled", async () => {
    const a = await db()
      .selectFrom("assessments as a")
      .innerJoin("suppliers as s", "s.id", "a.supplier_id")
      .innerJoin("assessment_components as ac", "ac.assessment_id", "a.id")
      .select(["a.id", "s.id as supplier_id", "s.name as supplier_name", "ac.ai_component_id as component_id"])
      .where("s.status", "in", ["active", "prospective"])
      .where("s.archived_at", "is", null)
      .orderBy("a.created_at")
      .orderBy("a.id")
      .orderBy("ac.ai_component_id")
      .executeTakeFirstOrThrow();
    await page.goto(`${server.baseUrl}/suppliers/${a.supplier_id}`);
    const list = page.getByRole("region", { name: /Questionnaires/ });
    await list.waitFor();
    expect(await list.locator(`a[href="/assessments/${a.id}"]`).count()).toBe(1);
    expect(await list.locator("progress").count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    await list.getByRole("link", { name: /Send questionnaire/ }).click();
    await page.waitForURL((url) => url.pathname === "/assessments/new");
    expect(new URL(page.url()).searchParams.get("supplierId")).toBe(a.supplier_id);
    expect(await page.locator("#supplier-heading + p strong").textContent()).toBe(a.supplier_name);
    await page.getByRole("heading", { name: "2. What to ask, and whom" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // From a component page: only that component is ticked.
    await page.goto(`${server.baseUrl}/components/${a.component_id}`);
    const componentList = page.getByRole("region", { name: /Questionnaires/ });
    expect(await componentList.locator(`a[href="/assessments/${a.id}"]`).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await componentList.getByRole("link", { name: /Send questionnaire/ }).click();
    await page.waitForURL((url) => url.pathname === "/assessments/new");
    await page.getByRole("heading", { name: "2. What to ask, and whom" }).waitFor();
    const boxes = page.locator('input[name="componentIds"]');
    const checked = await boxes.evaluateAll((inputs) => (inputs as HTMLInputElement[]).filter((i) => i.checked).map((i) => i.value));
    expect(checked).toEqual([a.component_id]);
    expect(errors).toEqual([]);
  });
});
