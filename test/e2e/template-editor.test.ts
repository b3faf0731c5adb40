import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { userActor } from "../../app/services/audit.server";
import { getTemplateVersion } from "../../app/services/template-queries.server";
import { createTemplate, saveDraft } from "../../app/services/template-versions.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// The walk: an admin builds a small template in the editor (a question shown only after
// "yes" to the first, a knock-out on "no"), sees problems named and fixes them, previews it,
// saves, publishes; afterwards the version is read-only by any route.
describe("the template editor in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let templateId: string;
  let versionId: string;
  let admin: { id: string; email: string };
  const editPath = () => `/templates/${templateId}/versions/${versionId}/edit`;

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    admin = await server.app.ctx.db.selectFrom("users").select(["id", "email"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
    ({ templateId, versionId } = await createTemplate(server.app.ctx, userActor(admin), { name: "Editor walk-through", description: null }));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    errors = collectPageErrors(page);
    // "Leave with unsaved changes?" when the test reloads on purpose.
    page.on("dialog", (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const problems = () => page.getByRole("complementary", { name: "Problems" });
  const question = (number: string) => page.getByRole("group", { name: `Question ${number}` });
  const toggle = (key: string) => page.locator(".qe-toggle", { hasText: key });

  it("without JavaScript, the draft is a JSON text box with Save and Publish", async () => {
    // The app's scripts never load (axe, injected by the test, still runs), so the page stays as the server rendered it.
    const context = await browser.newContext();
    const plain = await context.newPage();
    await plain.route(/\/build\//, (route) => route.abort());
    try {
      await signInAs(plain, server, "admin@example.com", editPath());
      const json = plain.getByLabel("Template definition (JSON)");
      expect(JSON.parse(await json.inputValue())).toMatchObject({ title: "Editor walk-through" });
      await json.fill((await json.inputValue()).replace('"title": "Editor walk-through"', '"title": "Editor walk-through (no JS)"'));
      await plain.getByRole("button", { name: "Save draft" }).click();
      await plain.getByText("Draft saved.").waitFor();
      expect((await getTemplateVersion(server.app.ctx.db, versionId))!.definition.title).toBe("Editor walk-through (no JS)");
      expect(await axeViolations(plain)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("builds two questions with a condition and a knock-out, naming problems until they are fixed", async () => {
    await signInAs(page, server, "admin@example.com", editPath());
    await page.getByRole("tab", { name: "Edit", selected: true }).waitFor();
    await page.getByText("All changes saved").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Title shown to the vendor").fill("Small AI check");
    await page.getByText("Unsaved changes").waitFor();

    // The starter question gets a knock-out on "no".
    await toggle("ai_policy").click();
    const first = question("1.1");
    await first.getByRole("button", { name: "Add knock-out" }).click();
    const knockout = first.getByRole("group", { name: "Knock-out 1: applies when" });
    expect(await knockout.getByLabel("Question", { exact: true }).inputValue()).toBe("ai_policy");
    await knockout.getByLabel("Value").selectOption("no");
    await first.getByLabel("Grade cap").selectOption("D");
    await first.getByLabel("Message").fill("No documented AI policy");
    expect(await axeViolations(page)).toEqual([]);

    // A second question, shown only after "yes" to the first.
    await page.getByRole("button", { name: "Add question to section 1" }).click();
    const second = question("1.2");
    await expect.poll(() => first.count()).toBe(0); // one question open at a time
    await second.getByLabel("Question key").fill("policy_review");
    await second.getByLabel("Question text").fill("Is the policy reviewed every year?");
    const showIf = second.getByRole("group", { name: "Show this question" });
    await showIf.getByLabel("Condition").selectOption("simple");
    // Only earlier questions are offered.
    await expect
      .poll(() => showIf.getByLabel("Question", { exact: true }).locator("option").allTextContents())
      .toEqual(["Choose a question", "ai_policy — Do you have a documented AI policy?"]);
    await showIf.getByLabel("Question", { exact: true }).selectOption("ai_policy");
    await showIf.getByLabel("Value").selectOption("yes");
    await problems().getByText("No problems: this version can be published.").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A duplicate key is named, at its path, and next to the field.
    await second.getByLabel("Question key").fill("ai_policy");
    await problems().getByText('Duplicate question key "ai_policy" (also at sections[0].questions[0])').waitFor();
    expect(await problems().getByText("sections[0].questions[1].key").count()).toBe(1);
    await second.getByText('Duplicate question key "ai_policy"').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // Publishing is refused while anything is invalid.
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("alert").filter({ hasText: "Not published: publishing is refused while there" }).waitFor();
    expect((await getTemplateVersion(server.app.ctx.db, versionId))!.status).toBe("draft");
    await second.getByLabel("Question key").fill("policy_review");
    await expect.poll(() => problems().getByText("Duplicate question key").count()).toBe(0);

    // Moving the dependent question up, with the keyboard, makes its condition read a later question.
    await page.getByRole("button", { name: "Move question 1.2 up" }).focus();
    await page.keyboard.press("Enter");
    const later = problems().getByRole("button", { name: /Refers to "ai_policy", which comes later/ });
    await later.waitFor();
    expect(await later.textContent()).toContain("sections[0].questions[0].showIf");
    expect(await page.locator(".qe-toggle").first().textContent()).toContain("policy_review");
    // Focus stays on the question's move buttons (up is disabled at the top, so down).
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Move question 1.1 down");
    // The problem opens the question and focuses its condition.
    await later.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("f-sections-0-questions-0-showIf");
    await question("1.1").getByRole("group", { name: "Show this question" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Move question 1.1 down" }).focus();
    await page.keyboard.press("Enter");
    await problems().getByText("No problems: this version can be published.").waitFor();
    expect(await page.locator(".qe-toggle").first().textContent()).toContain("ai_policy");

    // The JSON fallback, for all/any groups, starts from the builder's condition and is checked as typed.
    const condition = question("1.2").getByRole("group", { name: "Show this question" });
    await condition.getByLabel("Condition").selectOption("json");
    const json = condition.getByLabel("Condition as JSON");
    expect(JSON.parse(await json.inputValue())).toEqual({ question: "ai_policy", equals: "yes" });
    await json.fill('{"all": [');
    await problems().getByText("The condition JSON does not parse", { exact: false }).waitFor();
    await json.fill('{"all": [{"question": "ai_policy", "equals": "yes"}, {"question": "ai_policy", "answered": true}]}');
    await problems().getByText("No problems: this version can be published.").waitFor();
  });

  it("previews the questionnaire with the condition and the knock-out working", async () => {
    await page.getByRole("tab", { name: "Preview" }).click();
    const preview = page.getByRole("tabpanel", { name: "Preview" });
    await preview.getByRole("heading", { name: "Small AI check" }).waitFor();
    const policy = preview.getByRole("group", { name: /Do you have a documented AI policy\?/ });
    expect(await policy.textContent()).toContain("(required)");
    expect(await preview.getByText("Is the policy reviewed every year?").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await policy.getByLabel("Yes").check();
    await preview.getByRole("group", { name: /Is the policy reviewed every year\?/ }).waitFor();
    expect(await preview.getByText("This answer would cap the grade at D").count()).toBe(0);

    await policy.getByLabel("No").check();
    await preview.getByText("This answer would cap the grade at D: No documented AI policy").waitFor();
    expect(await preview.getByText("Is the policy reviewed every year?").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("saves; a save over someone else's change is refused and keeps the user's JSON", async () => {
    await page.getByRole("tab", { name: "Edit" }).click();
    // Leaving with unsaved changes asks first.
    await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Templates" }).click();
    await page.getByRole("alertdialog", { name: "Leave without saving?" }).waitFor();
    await page.getByRole("button", { name: "Stay and keep editing" }).click();
    expect(new URL(page.url()).pathname).toBe(editPath());
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("Draft saved.").waitFor();
    await page.getByText("All changes saved").waitFor();
    const saved = (await getTemplateVersion(server.app.ctx.db, versionId))!;
    expect(saved.definition.title).toBe("Small AI check");
    const [q1, q2] = saved.definition.sections[0]!.questions;
    expect(q1).toMatchObject({
      key: "ai_policy",
      knockouts: [{ when: { question: "ai_policy", equals: "no" }, gradeCap: "D", severity: "high", message: "No documented AI policy" }],
    });
    expect(q2).toMatchObject({
      key: "policy_review",
      prompt: "Is the policy reviewed every year?",
      showIf: {
        all: [
          { question: "ai_policy", equals: "yes" },
          { question: "ai_policy", answered: true },
        ],
      },
    });

    // Someone else saves meanwhile.
    const theirs = { ...saved.definition, description: "Edited elsewhere" };
    expect(await saveDraft(server.app.ctx, userActor(admin), versionId, theirs, saved.updated_at.toISOString())).toMatchObject({ ok: true });

    await page.getByLabel("Introduction").fill("Mine");
    await page.getByRole("button", { name: "Save draft" }).click();
    const conflict = page.getByRole("alert").filter({ hasText: "changed by someone else; reload" });
    await conflict.waitFor();
    expect(JSON.parse(await conflict.getByLabel("Your unsaved version (JSON)").inputValue())).toMatchObject({ description: "Mine" });
    expect((await getTemplateVersion(server.app.ctx.db, versionId))!.definition.description).toBe("Edited elsewhere");
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await page.getByRole("tab", { name: "Edit", selected: true }).waitFor();
    expect(await page.getByLabel("Introduction").inputValue()).toBe("Edited elsewhere");
  });

  it("publishes, after which the version cannot be changed by any route", async () => {
    await page.getByRole("button", { name: "Publish" }).click();
    await page.waitForURL((url) => url.pathname === `/templates/${templateId}`);
    const published = (await getTemplateVersion(server.app.ctx.db, versionId))!;
    expect(published.status).toBe("published");

    await page.goto(`${server.baseUrl}${editPath()}`);
    await page.getByText("Published versions cannot be changed; create a new version").waitFor();
    expect(await page.getByRole("button", { name: "Save draft" }).count()).toBe(0);
    expect(await page.getByLabel("Template definition (JSON)").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    const response = await page.request.post(`${server.baseUrl}${editPath()}`, {
      headers: { origin: server.baseUrl },
      multipart: { intent: "save", definition: JSON.stringify({ ...published.definition, title: "Changed" }), expectedUpdatedAt: "" },
    });
    expect([403, 409]).toContain(response.status());
    const after = (await getTemplateVersion(server.app.ctx.db, versionId))!;
    expect(after.checksum).toBe(published.checksum);
    expect(after.definition.title).toBe("Small AI check");

    // A version is only reachable under its own template; other roles may not edit at all.
    const elsewhere = await page.request.get(`${server.baseUrl}/templates/00000000-0000-4000-8000-000000000000/versions/${versionId}/edit`);
    expect(elsewhere.status()).toBe(404);
    await signInAs(page, server, "procurement@example.com", "/");
    expect((await page.request.get(`${server.baseUrl}${editPath()}`)).status()).toBe(403);
    expect(errors).toEqual([]);
  });
});
