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

// The review, end to end, as its users walk it (issue 11's "done when"): a submitted questionnaire;
// the risk owner of the internal system that depends on the component is suggested as reviewer,
// assigned, and starts the review; asks for clarification on two answers (the empty form refused
// first); the vendor opens the emailed link, sees the requests highlighted, changes one answer,
// confirms a carried-over one, replies in the thread and resubmits; the reviewer sees before and
// after, raises a finding and approves with conditions; the decision mail arrives in the mailbox;
// the vendor remediates the finding with evidence in the portal and the reviewer closes it.
// Every page visited has no axe violations, and no script or CSP error occurs.
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
    "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n",
  "latin1",
);
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

describe("the review workflow in a browser", () => {
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

  it("walks from submit through clarification, resubmit, finding and decision to a remediated, closed finding", async () => {
    const ctx = server.app.ctx;
    const db = ctx.db;
    const buyer = await createUser(db, "procurement", { name: "Pat Procurement" });
    const reviewer = await createUser(db, "risk_owner", { name: "Rita Reviewer" });
    const decisionRecipient = buyer.email;
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
    const system = await db
      .insertInto("ai_systems")
      .values({ name: "Claims triage", owner_id: reviewer.id, criticality: "high", eu_ai_act_class: "high_risk", lifecycle: "in_production" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("ai_system_dependencies").values({ ai_system_id: system.id, ai_component_id: component.id }).execute();
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

    // The risk owner was told, is suggested first as reviewer, is assigned and starts the review.
    const told = await db.selectFrom("emails").select("to_address").where("template", "=", "review-requested").execute();
    expect(told.map((e) => e.to_address)).toContain(reviewer.email);
    await signInAs(page, server, reviewer.email, `/assessments/${assessmentId}`);
    const panel = page.getByRole("region", { name: "Review" });
    const chosen = await panel.getByLabel("Reviewer", { exact: true }).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? "");
    expect(chosen).toContain("owns Claims triage");
    expect(await axeViolations(page)).toEqual([]);
    await panel.getByRole("button", { name: "Assign" }).click();
    await page.getByText("Reviewer assigned.").waitFor();
    await panel.getByRole("button", { name: "Start review" }).click();
    await page.getByText("The review has started.").waitFor();

    // Clarification: the panel's link, the empty form refused, then two questions asked about.
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
    // The vendor works in a browser of their own (the reviewer stays signed in in the other).
    const vendorContext = await browser.newContext({ viewport: { width: 1300, height: 1000 } });
    const vendor = await vendorContext.newPage();
    errors.push(...collectPageErrors(vendor));
    await vendor.goto(link);
    await vendor.getByRole("button", { name: "Open the questionnaire" }).click();
    await vendor.waitForURL(`${server.baseUrl}/v/a/${assessmentId}`);
    await vendor.getByRole("heading", { name: "The reviewer asked for clarification on 2 questions" }).waitFor();
    expect(await axeViolations(vendor)).toEqual([]);

    await vendor.getByRole("link", { name: "1.1 Do you have an AI policy?" }).click();
    await vendor.waitForURL(/\/s\/org#q-has_policy$/);
    await vendor.getByText("Please check: your website mentions a policy.").waitFor();
    await vendor.getByText("Your website mentions an AI policy from 2023.").waitFor();
    expect(await vendor.content()).not.toContain("INTERNAL");
    await expect(vendor.getByLabel(/How many people work on AI governance/).isDisabled()).resolves.toBe(true);
    expect(await axeViolations(vendor)).toEqual([]);
    const policy = vendor.getByRole("group", { name: /Do you have an AI policy/ });
    await policy.getByLabel("Yes").check();
    await vendor.getByLabel(/When was the policy approved/).fill("2024-05-01");
    await vendor.getByRole("status").getByText("All changes saved").waitFor();
    await vendor.getByLabel("Reply to the reviewer").fill("Yes: approved by the board in May 2024.");
    await vendor.getByRole("button", { name: /Send reply/ }).click();
    await vendor.getByText("Your reply was sent to the reviewer.").waitFor();
    await vendor.getByText("Yes: approved by the board in May 2024.").first().waitFor();
    expect(await axeViolations(vendor)).toEqual([]);

    // The component's answer was right: confirmed unchanged, with one click.
    await vendor.goto(`${server.baseUrl}/v/a/${assessmentId}`);
    await vendor.getByRole("link", { name: "2.1 Is the model trained on customer data?" }).click();
    await vendor.getByText("Carried over from your last review:").waitFor();
    expect(await axeViolations(vendor)).toEqual([]);
    await vendor.getByRole("button", { name: /^Confirm/ }).click();
    await vendor.getByText("Confirmed.").waitFor();

    await vendor.getByRole("link", { name: "Review and resubmit →" }).click();
    await vendor.getByRole("heading", { name: "What the reviewer asked" }).waitFor();
    expect(await axeViolations(vendor)).toEqual([]);
    await vendor.getByRole("button", { name: "Resubmit the questionnaire" }).click();
    await vendor.getByText("Resubmitted — thank you").waitFor();

    // The reviewer sees before and after.
    await page.goto(`${server.baseUrl}/assessments/${assessmentId}`);
    const row = page.getByRole("row").filter({ hasText: "Do you have an AI policy?" });
    await expect(row.getByRole("cell").nth(1).innerText()).resolves.toBe("No");
    await expect(row.getByRole("cell").nth(2).innerText()).resolves.toBe("Yes");
    await page.getByRole("row").filter({ hasText: "Is the model trained" }).getByText("(unchanged)").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A finding from the answer, then the decision: approved with conditions.
    await page.goto(`${server.baseUrl}/assessments/${assessmentId}/findings/new?question=staff_count`);
    await page.getByRole("heading", { name: "Raise a finding", level: 1 }).waitFor();
    await page.getByLabel("Title").fill("Governance team too small");
    await page.getByLabel("Description").fill("Three people for all AI governance: show a staffing plan.");
    await page.getByLabel("Severity").selectOption("medium");
    await page.getByLabel("Due date").fill(addDays(utcDate(new Date()), 45));
    await page.getByRole("button", { name: "Raise the finding" }).click();
    await page.getByText("Finding raised.").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.baseUrl}/assessments/${assessmentId}`);
    await page.getByRole("region", { name: "Review" }).getByRole("link", { name: "Record the decision" }).click();
    await page.getByRole("heading", { name: "Decision: Acme Vision", level: 1 }).waitFor();
    await page.getByLabel("Approved with conditions").check();
    await page.getByLabel("Rationale").fill("Approved once the staffing plan is in.");
    const condition = page.getByRole("group", { name: "Condition 1" });
    await condition.getByLabel("Title").fill("Send the AI governance staffing plan");
    await condition.getByLabel("Severity").selectOption("medium");
    await condition.getByLabel("Due date").fill(addDays(utcDate(new Date()), 60));
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Record the decision" }).click();
    await page.getByText("The decision is recorded").waitFor();
    expect(await page.getByRole("region", { name: "Review" }).getByText("Approved with conditions", { exact: true }).first().isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // The decision mail arrives (the dev mailbox holds it for procurement).
    await page.goto(`${server.baseUrl}/dev/mailbox`);
    await page.getByRole("heading", { name: "Dev mailbox" }).waitFor();
    const decisionMail = page.getByRole("link", { name: /Acme Vision: approved with conditions/ });
    await decisionMail.first().waitFor();
    // To procurement and to the owner of the dependent system.
    const rows = await page.getByRole("row").filter({ has: decisionMail }).allInnerTexts();
    expect(rows.join("\n")).toContain(decisionRecipient);
    expect(rows.join("\n")).toContain(reviewer.email);
    expect(await axeViolations(page)).toEqual([]);

    // The vendor remediates the finding with evidence in the portal.
    await vendor.goto(`${server.baseUrl}/v/a/${assessmentId}`);
    await vendor.getByRole("link", { name: /Findings \(\d+ open\)/ }).click();
    await vendor.getByRole("heading", { name: "Findings", level: 1 }).waitFor();
    expect(await vendor.content()).not.toContain("INTERNAL");
    expect(await axeViolations(vendor)).toEqual([]);
    const item = vendor
      .locator("article, li, section")
      .filter({ has: vendor.getByRole("heading", { name: "Governance team too small" }) })
      .last();
    await item.getByLabel("Your response").fill("Staffing plan attached: two hires in Q1.");
    await item.getByLabel("Remediation evidence (optional)").setInputFiles({ name: "staffing-plan.pdf", mimeType: "application/pdf", buffer: PDF });
    await item.getByRole("button", { name: /^Send/ }).click();
    await vendor.getByText("Thank you: your response was sent to our reviewers.").waitFor();
    await vendor.getByRole("link", { name: "staffing-plan.pdf" }).waitFor();
    expect(await axeViolations(vendor)).toEqual([]);

    // The reviewer sees the response and closes the finding.
    await page.goto(`${server.baseUrl}/findings`);
    await page.getByRole("link", { name: "Governance team too small" }).click();
    await page.getByText("Staffing plan attached: two hires in Q1.").first().waitFor();
    await page.getByRole("link", { name: "staffing-plan.pdf" }).waitFor();
    await page.getByLabel("Note for the history (optional)").fill("Plan checked.");
    await page.getByRole("button", { name: "Close" }).click();
    await page.getByText("Finding closed.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
