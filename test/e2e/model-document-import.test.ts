// A vendor pre-fills answers from model documents in the browser: the specification's valid ML-BOM
// example and a hand-made SPDX 3 file are uploaded on the vendor portal, the preview shows the
// proposed answers with their source fields (0 axe violations), the vendor accepts some (and then
// all of the second), and the accepted answers appear on the section pages.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { addDays, utcDate } from "../../app/domain/reminders";
import { issueAssessment } from "../../app/services/assessment-issue.server";
import { userActor } from "../../app/services/audit.server";
import { ensureBuiltinTemplate } from "../../app/services/builtin-template.server";
import { axeViolations, collectPageErrors, launchBrowser } from "../support/browser";
import { createUser } from "../support/factories";
import { startTestServer, type TestServer } from "../support/server";

const TOKEN_LINK = /\/v\/([A-Za-z0-9_-]{43})/;
const fixture = (name: string) => path.resolve("test/fixtures/model-docs", name);

describe("pre-filling answers from a model document, in the browser", () => {
  let server: TestServer;
  let browser: Browser;
  let assessmentId: string;
  let token: string;
  const components: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.app.ctx.db;
    const { templateId } = await ensureBuiltinTemplate(db);
    const version = await db
      .selectFrom("template_versions")
      .select("id")
      .where("template_id", "=", templateId)
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const user = await createUser(db, "procurement", { name: "Pat Procurement" });
    const supplier = await db.insertInto("suppliers").values({ name: "Model Docs Vendor Ltd", status: "active" }).returning("id").executeTakeFirstOrThrow();
    const contact = await db
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Mo Vendor", email: "mo@model-docs-vendor.example.com", is_primary: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [name, v] of [
      ["stable-diffusion", "1.4"],
      ["credit-scorer", "2.1"],
    ] as const) {
      const row = await db
        .insertInto("ai_components")
        .values({ supplier_id: supplier.id, kind: "model_weights", name, version: v, update_cadence: "unknown" })
        .returning("id")
        .executeTakeFirstOrThrow();
      components[name] = row.id;
    }
    ({ assessmentId } = await issueAssessment(server.app.ctx, userActor(user), {
      supplierId: supplier.id,
      templateVersionId: version.id,
      componentIds: Object.values(components),
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    }));
    const mail = await db.selectFrom("emails").select("text_body").where("to_address", "=", "mo@model-docs-vendor.example.com").executeTakeFirstOrThrow();
    token = TOKEN_LINK.exec(mail.text_body ?? "")![1]!;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function uploadAndPreview(page: Page, file: string) {
    await page.goto(`${server.baseUrl}/v/a/${assessmentId}`);
    await page.getByRole("link", { name: "Pre-fill answers from a model document (CycloneDX ML-BOM or SPDX 3)" }).click();
    await page.getByLabel("Model document", { exact: true }).setInputFiles(fixture(file));
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await page.waitForURL(/\/import\?upload=/);
    await page.getByRole("heading", { name: `Proposed answers from ${file}` }).waitFor();
    // Hydrated: the select-all box works only then.
    await page.waitForFunction(() => Boolean((window as unknown as { __remixContext?: unknown }).__remixContext));
  }

  const row = (page: Page, prompt: string, component: string) =>
    page
      .locator("tbody tr")
      .filter({ hasText: prompt })
      .filter({ hasText: `About ${component}` });

  it("previews the specification's ML-BOM, accepts some, and the answers show on the section pages", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.baseUrl}/v/${token}`);
    await page.getByRole("button", { name: "Open the questionnaire" }).click();
    await page.waitForURL(`${server.baseUrl}/v/a/${assessmentId}`);

    await uploadAndPreview(page, "valid-machine-learning-1.6.json");
    const identifier = row(page, "Name and exact version identifier", "stable-diffusion");
    await expect.poll(() => identifier.innerText()).toContain("stable-diffusion 1.4 (Acme Inc)");
    await expect.poll(() => identifier.innerText()).toContain("components[0].name, components[0].version");
    const limitations = row(page, "What are the known limitations and failure modes", "stable-diffusion");
    await expect.poll(() => limitations.innerText()).toContain("Limited performance on non-photographic styles");
    await expect.poll(() => row(page, "Is this model tested for bias", "stable-diffusion").innerText()).toContain("Yes, periodically or once");
    expect(await axeViolations(page)).toEqual([]);

    // Select all off, then only the identifier and the limitations.
    const selectAll = page.getByLabel("Select all");
    await expect.poll(() => selectAll.isChecked()).toBe(true);
    await selectAll.uncheck();
    await expect.poll(() => page.locator('tbody input[type="checkbox"]:checked').count()).toBe(0);
    await identifier.getByRole("checkbox").check();
    await limitations.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Accept selected" }).click();
    await page.getByRole("heading", { name: "2 answers saved" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/s/component_transparency?component=${components["stable-diffusion"]}`);
    await expect.poll(() => page.content()).toContain("Limited performance on non-photographic styles");
    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/s/component_bias?component=${components["stable-diffusion"]}`);
    // Not accepted: bias testing stays unanswered.
    await expect.poll(() => page.locator('input[type="radio"]:checked').count()).toBe(0);

    // The hand-made SPDX 3 file for the other component, accepted whole.
    await uploadAndPreview(page, "credit-scorer.spdx.json");
    const personal = row(page, "Does this model's training data contain personal data?", "credit-scorer");
    await expect.poll(() => personal.innerText()).toContain("Yes, identifiable personal data");
    await expect.poll(() => personal.innerText()).toContain("@graph[3].ai_useSensitivePersonalInformation");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: /^Accept all \d+$/ }).click();
    await page.getByRole("heading", { name: /answers saved$/ }).waitFor();

    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/s/component_profile?component=${components["credit-scorer"]}`);
    await expect.poll(() => page.content()).toContain("credit-scorer 2.1 (Acme ML Ltd)");
    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/s/component_evaluation?component=${components["credit-scorer"]}`);
    await expect.poll(() => page.content()).toContain("AUC: 0.81 on the 2025 hold-out set");
    expect(errors).toEqual([]);
    await context.close();
  });
});
