import type { Browser, Page } from "playwright-core";
import { addDays, utcDate } from "../../app/domain/reminders";
import { addStaffComment } from "../../app/services/answer-comments.server";
import { issueAssessment } from "../../app/services/assessment-issue.server";
import { submitAssessment } from "../../app/services/assessment-lifecycle.server";
import { userActor } from "../../app/services/audit.server";
import { createTemplate, publishVersion, saveDraft } from "../../app/services/template-versions.server";
import { createUser } from "../support/factories";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// Clarification in a browser: the reviewer asks about two answers (a message by each, the empty
// form refused first); the vendor opens the emailed link, sees the requests highlighted, changes
// one answer, confirms a carried-over one, replies in the thread, and resubmits; the reviewer sees
// before and after. Every page visited has no axe violations. The assessment is put "in review"
// directly until the review's "start review" exists.
const q = (key: string, prompt: string, extra: Record<string, unknown> = {}) => ({
  key,
  prompt,
  type: "yes_no",
  required: true,
  weight: 1,
  domain: "governance",
  allowNa: false,
  refs: [],
  ...extra,
});
const DEFINITION = {
  title: "Clarification check",
  sections: [
    {
      key: "org",
      title: "Organisation",
      scope: "supplier",
      questions: [
        q("has_policy", "Do you have an AI policy?"),
        q("policy_date", "When was the policy approved?", { type: "date", showIf: { question: "has_policy", equals: "yes" } }),
        q("staff_count", "How many people work on AI governance?", { type: "number", min: 0, required: false }),
      ],
    },
    { key: "model", title: "Model", scope: "component", questions: [q("trained", "Is the model trained on customer data?", { domain: "training_data" })] },
  ],
};

describe("clarification requests in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the reviewer asks, the vendor answers from the emailed link and resubmits, the reviewer sees before and after", async () => {
    const ctx = server.app.ctx;
    const db = ctx.db;
    const buyer = await createUser(db, "procurement", { name: "Pat Procurement" });
    const reviewer = await createUser(db, "risk_owner", { name: "Rita Reviewer" });
    const { versionId } = await createTemplate(ctx, userActor(buyer), { name: "Clarification check", description: null });
    expect(await saveDraft(ctx, userActor(buyer), versionId, DEFINITION)).toMatchObject({ ok: true });
    expect(await publishVersion(ctx, userActor(buyer), versionId)).toMatchObject({ ok: true });
    const supplier = await db.insertInto("suppliers").values({ name: "Acme Vision", status: "active" }).returning("id").executeTakeFirstOrThrow();
    const contact = await db
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Vera Vendor", email: "vera@acme.example.com", is_primary: true })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    const component = await db
      .insertInto("ai_components")
      .values({ supplier_id: supplier.id, kind: "hosted_api", name: "Acme Vision API", update_cadence: "unknown" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { assessmentId, grantIds } = await issueAssessment(ctx, userActor(buyer), {
      supplierId: supplier.id,
      templateVersionId: versionId,
      componentIds: [component.id],
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    });
    // The vendor's first answers (the component's carried over from the last cycle), submitted.
    await db
      .insertInto("answers")
      .values([
        { assessment_id: assessmentId, question_key: "has_policy", ai_component_id: null, value: JSON.stringify("no") },
        { assessment_id: assessmentId, question_key: "staff_count", ai_component_id: null, value: JSON.stringify(3) },
        { assessment_id: assessmentId, question_key: "trained", ai_component_id: component.id, value: JSON.stringify("no"), prefilled: true },
      ])
      .execute();
    await submitAssessment(ctx, { id: grantIds[0]!, email: contact.email }, assessmentId);
    await db.updateTable("assessments").set({ status: "in_review", review_started_at: new Date() }).where("id", "=", assessmentId).execute();
    await addStaffComment(ctx, userActor(reviewer), assessmentId, {
      questionKey: "has_policy",
      componentId: null,
      visibility: "vendor",
      body: "Your website mentions an AI policy from 2023.",
    });
    await addStaffComment(ctx, userActor(reviewer), assessmentId, {
      questionKey: "has_policy",
      componentId: null,
      visibility: "internal",
      body: "INTERNAL: check with legal.",
    });

    // The reviewer: the panel's link, the empty form refused, then two questions asked about.
    await signInAs(page, server, reviewer.email, `/assessments/${assessmentId}`);
    await page.getByRole("link", { name: "Request clarification" }).click();
    await page.waitForURL(`${server.baseUrl}/assessments/${assessmentId}/clarifications`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Send the request to the vendor" }).click();
    await page.getByText("Choose at least one question to ask the vendor about.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const ask = async (prompt: string, message: string) => {
      const item = page.locator(".clarify__question").filter({ hasText: prompt });
      await item.getByRole("checkbox").check();
      await item.getByLabel("What is needed").fill(message);
    };
    await ask("Do you have an AI policy?", "Please check: your website mentions a policy.");
    await ask("Is the model trained on customer data?", "Still correct for the new model?");
    await page.getByRole("button", { name: "Send the request to the vendor" }).click();
    await page.waitForURL(new RegExp(`/assessments/${assessmentId}\\?clarification=sent`));
    await page.getByText("Waiting for the vendor to resubmit.").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The vendor: the emailed link, the overview's banner, the highlighted questions.
    const mail = await db.selectFrom("emails").select("text_body").where("template", "=", "clarification-requested").executeTakeFirstOrThrow();
    expect(mail.text_body).not.toContain("INTERNAL");
    const link = /http:\/\/127\.0\.0\.1:\d+\/v\/[A-Za-z0-9_-]{43}/.exec(mail.text_body ?? "")![0];
    await page.context().clearCookies();
    await page.goto(link);
    await page.getByRole("button", { name: "Open the questionnaire" }).click();
    await page.waitForURL(`${server.baseUrl}/v/a/${assessmentId}`);
    await page.getByRole("heading", { name: "The reviewer asked for clarification on 2 questions" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "1.1 Do you have an AI policy?" }).click();
    await page.waitForURL(/\/s\/org#q-has_policy$/);
    await page.getByText("Please check: your website mentions a policy.").waitFor();
    await page.getByText("Your website mentions an AI policy from 2023.").waitFor();
    expect(await page.content()).not.toContain("INTERNAL");
    await expect(page.getByLabel(/How many people work on AI governance/).isDisabled()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    const policy = page.getByRole("group", { name: /Do you have an AI policy/ });
    await policy.getByLabel("Yes").check();
    await page.getByLabel(/When was the policy approved/).fill("2024-05-01");
    await page.getByRole("status").getByText("All changes saved").waitFor();
    await page.getByLabel("Reply to the reviewer").fill("Yes: approved by the board in May 2024.");
    await page.getByRole("button", { name: /Send reply/ }).click();
    await page.getByText("Your reply was sent to the reviewer.").waitFor();
    await page.getByText("Yes: approved by the board in May 2024.").first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The component's answer was right: confirmed unchanged, with one click.
    await page.goto(`${server.baseUrl}/v/a/${assessmentId}`);
    await page.getByRole("link", { name: "2.1 Is the model trained on customer data?" }).click();
    await page.getByText("Carried over from your last review:").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: /^Confirm/ }).click();
    await page.getByText("Confirmed.").waitFor();

    await page.getByRole("link", { name: "Review and resubmit →" }).click();
    await page.getByRole("heading", { name: "What the reviewer asked" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Resubmit the questionnaire" }).click();
    await page.getByText("Resubmitted — thank you").waitFor();

    // The reviewer sees before and after.
    await signInAs(page, server, reviewer.email, `/assessments/${assessmentId}`);
    const row = page.getByRole("row").filter({ hasText: "Do you have an AI policy?" });
    await expect(row.getByRole("cell").nth(1).innerText()).resolves.toBe("No");
    await expect(row.getByRole("cell").nth(2).innerText()).resolves.toBe("Yes");
    await page.getByRole("row").filter({ hasText: "Is the model trained" }).getByText("(unchanged)").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
