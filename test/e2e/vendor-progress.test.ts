// The vendor's progress in a browser, on the built-in template: sections that no answer opens are
// greyed "Not needed for your answers so far" (never a green "complete"), the total explains that it
// grows; questions are numbered consecutively and renumber live when an answer opens a follow-up;
// the general-purpose question of a component marked general-purpose in the inventory arrives
// answered, marked "From the buyer's records", and the vendor can change it. axe finds nothing.
import type { Browser, Page } from "playwright-core";
import { addDays, utcDate } from "~/domain/reminders";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { axeViolations, collectPageErrors, launchBrowser } from "../support/browser";
import { createUser } from "../support/factories";
import { startTestServer, type TestServer } from "../support/server";

const TOKEN_LINK = /\/v\/([A-Za-z0-9_-]{43})/;

describe("vendor progress in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let assessmentId: string;
  let gpaiId: string;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.app.ctx.db;
    const { templateId } = await ensureBuiltinTemplate(db);
    const version = await db
      .selectFrom("template_versions")
      .select("id")
      .where("template_id", "=", templateId)
      .where("status", "=", "published")
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    const user = await createUser(db, "procurement");
    const supplier = await db.insertInto("suppliers").values({ name: "Northwind Models", status: "active" }).returning("id").executeTakeFirstOrThrow();
    const contact = await db
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Vera Vendor", email: "vera@northwind.example.com", is_primary: true })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    const gpai = await db
      .insertInto("ai_components")
      .values({ supplier_id: supplier.id, kind: "model_weights", name: "Northwind Base", update_cadence: "unknown", is_gpai: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    const plain = await db
      .insertInto("ai_components")
      .values({ supplier_id: supplier.id, kind: "hosted_api", name: "Scoring API", update_cadence: "unknown", is_gpai: false })
      .returning("id")
      .executeTakeFirstOrThrow();
    gpaiId = gpai.id;
    ({ assessmentId } = await issueAssessment(server.app.ctx, userActor(user), {
      supplierId: supplier.id,
      templateVersionId: version.id,
      componentIds: [gpai.id, plain.id],
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    }));
    const mail = await db.selectFrom("emails").select("text_body").where("to_address", "=", contact.email).executeTakeFirstOrThrow();
    token = TOKEN_LINK.exec(mail.text_body ?? "")![1]!;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectPageErrors(page);
    await page.goto(`${server.baseUrl}/v/${token}`);
    await page.getByRole("button", { name: "Open the questionnaire" }).click();
    await page.waitForURL(`${server.baseUrl}/v/a/${assessmentId}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // The hint only the hydrated form shows: from then on answers save and show follow-ups live.
  const hydrated = () => page.getByText("Answers also save automatically as you go.").waitFor();
  const numbersOnPage = () => page.locator(".answering__questions .qn-number").allTextContents();
  const consecutive = (section: number, numbers: string[]) => expect(numbers).toEqual(numbers.map((_, i) => `${section}.${i + 1}`));

  it("greys sections no answer opens, never calling them complete, and says the total can grow", async () => {
    await page.getByRole("heading", { name: "Your progress" }).waitFor();
    await page.getByText("Follow-up questions appear depending on your answers, so the total can grow").waitFor();
    const notNeeded = page.locator(".vendor-sections__item--not-needed");
    expect(await notNeeded.count()).toBeGreaterThan(0);
    for (const text of await notNeeded.allTextContents()) expect(text).toContain("Not needed for your answers so far");
    // Nothing reads "0 of 0 … complete", and every green (done) row has something required answered.
    expect(await page.getByText(/0 of 0 required answered/).count()).toBe(0);
    for (const text of await page.locator(".vendor-sections__item--done .vendor-sections__count").allTextContents()) expect(text).not.toMatch(/^0 of/);
    // The GPAI obligations are needed for the general-purpose component only (its answer is pre-filled).
    const gpaiRows = page.locator(".vendor-sections__item", { hasText: "General-purpose AI model obligations" });
    expect(await gpaiRows.count()).toBe(2);
    expect(await gpaiRows.nth(0).textContent()).not.toContain("Not needed");
    expect(await gpaiRows.nth(1).textContent()).toContain("Not needed for your answers so far");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("numbers the visible questions consecutively, and renumbers when an answer opens a follow-up", async () => {
    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/s/governance`);
    await page.getByRole("heading", { name: /^1\. Governance/, level: 1 }).waitFor();
    await hydrated();
    const before = await numbersOnPage();
    consecutive(1, before);
    const exec = page.getByRole("group", { name: /Is a named executive accountable for AI risk/ });
    await exec.getByLabel("Yes", { exact: true }).check();
    // The follow-up (which role) appears as 1.3; everything after moves up by one, still consecutive.
    await page.waitForFunction((n) => document.querySelectorAll(".answering__questions .qn-number").length === n, before.length + 1);
    const after = await numbersOnPage();
    consecutive(1, after);
    expect(after).toHaveLength(before.length + 1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("shows the general-purpose answer from the buyer's records, and the vendor can change it", async () => {
    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/s/component_profile?component=${gpaiId}`);
    const question = page.getByRole("group", { name: /Is this component a general-purpose AI model that you provide/ });
    await hydrated();
    expect(await question.getByLabel("Yes", { exact: true }).isChecked()).toBe(true);
    const marker = page.locator("#q-cmp_gpai-carried");
    expect(await marker.textContent()).toContain("From the buying organisation's records: check and change if wrong.");
    consecutive(7, await numbersOnPage());
    expect(await axeViolations(page)).toEqual([]);

    await question.getByLabel("No", { exact: true }).check();
    await page.getByRole("status").getByText("All changes saved").waitFor();
    expect(await marker.count()).toBe(0);
    await page.reload();
    await question.waitFor();
    expect(await question.getByLabel("No", { exact: true }).isChecked()).toBe(true);
    expect(await page.locator("#q-cmp_gpai-carried").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
