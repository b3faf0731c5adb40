import type { Browser, Page } from "playwright-core";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { userActor } from "../../app/services/audit.server";
import { createTemplate, publishVersion, saveDraft } from "../../app/services/template-versions.server";
import { addDays, utcDate } from "../../app/domain/reminders";
import { eventually } from "../support/app";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// The vendor's walk: procurement issues a small questionnaire for two components; the vendor finds
// the invitation in the dev mailbox and opens its link, answers (a question appears and disappears
// with the answer before it), sees the answers saved and kept after a reload, uploads evidence,
// invites a colleague on the Team page, is shown what is missing, finishes and submits; the
// reviewer gets the email.
const TEMPLATE_NAME = "E2E small AI check";
// A small valid PDF: the header, one object and the trailer.
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
    "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n",
  "latin1",
);
const COLLEAGUE = { name: "Casey Colleague", email: "casey.colleague@vendor.example.com" };

const DEFINITION = {
  title: "Small AI check",
  sections: [
    {
      key: "org",
      title: "Organisation",
      scope: "supplier",
      questions: [
        { key: "has_policy", prompt: "Do you have an AI policy?", type: "yes_no", required: true, weight: 1, domain: "governance", allowNa: false, refs: [] },
        {
          key: "policy_date",
          prompt: "When was the policy approved?",
          type: "date",
          required: true,
          weight: 1,
          domain: "governance",
          allowNa: false,
          refs: [],
          showIf: { question: "has_policy", equals: "yes" },
        },
        {
          key: "policy_notes",
          prompt: "Anything else about the policy?",
          type: "short_text",
          required: false,
          weight: 1,
          domain: "governance",
          allowNa: true,
          refs: [],
        },
        {
          key: "policy_doc",
          prompt: "Upload your AI policy document.",
          type: "file",
          required: true,
          weight: 1,
          domain: "governance",
          allowNa: false,
          evidence: { request: "The approved AI policy", requireValidUntil: true },
          refs: [],
        },
      ],
    },
    {
      key: "model",
      title: "Model",
      scope: "component",
      questions: [
        {
          key: "trained_on_customer_data",
          prompt: "Is the model trained on customer data?",
          type: "yes_no",
          required: true,
          weight: 1,
          domain: "training_data",
          allowNa: false,
          refs: [],
        },
      ],
    },
  ],
};

describe("the vendor answers and submits in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let supplier: { id: string; name: string };
  let contactEmail: string;

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.app.ctx.db;
    await seedDemoData(db);
    const admin = await db.selectFrom("users").select(["id", "email"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
    const { versionId } = await createTemplate(server.app.ctx, userActor(admin), { name: TEMPLATE_NAME, description: null });
    expect(await saveDraft(server.app.ctx, userActor(admin), versionId, DEFINITION)).toMatchObject({ ok: true });
    expect(await publishVersion(server.app.ctx, userActor(admin), versionId)).toMatchObject({ ok: true });
    supplier = await db
      .selectFrom("suppliers as s")
      .innerJoin("supplier_contacts as c", "c.supplier_id", "s.id")
      .select(["s.id", "s.name"])
      .where("s.status", "in", ["active", "prospective"])
      .where("s.archived_at", "is", null)
      .where("c.is_primary", "=", true)
      .orderBy("s.name")
      .executeTakeFirstOrThrow();
    contactEmail = (
      await db.selectFrom("supplier_contacts").select("email").where("supplier_id", "=", supplier.id).where("is_primary", "=", true).executeTakeFirstOrThrow()
    ).email;
    for (const name of ["E2E Vision API", "E2E Speech API"]) {
      await db.insertInto("ai_components").values({ supplier_id: supplier.id, kind: "hosted_api", name, update_cadence: "unknown" }).execute();
    }
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    errors = collectPageErrors(page);
    page.on("dialog", (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("issues, answers with autosave, is told what is missing, submits", async () => {
    const db = server.app.ctx.db;
    // Procurement issues the questionnaire for the two new components.
    await signInAs(page, server, "procurement@example.com", "/assessments/new");
    await page.goto(`${server.baseUrl}/assessments/new?supplier=${supplier.id}`);
    const components = page.getByRole("group", { name: "AI components in scope" }).getByRole("checkbox");
    for (let i = 0; i < (await components.count()); i++) {
      const box = components.nth(i);
      const label = await page.locator(`label[for="${await box.getAttribute("id")}"]`).innerText();
      await box.setChecked(label.startsWith("E2E "));
    }
    await page.getByLabel("Questionnaire").selectOption({ label: `${TEMPLATE_NAME}, version 1` });
    await page.getByRole("button", { name: "Issue and send invitations" }).click();
    await page.waitForURL(/\/assessments\/[0-9a-f-]{36}/);
    const assessmentId = /\/assessments\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    // The vendor opens the link from the invitation, found in the dev mailbox as a person would.
    await eventually(() =>
      db
        .selectFrom("emails")
        .select("id")
        .where("to_address", "=", contactEmail)
        .where("template", "=", "assessment-invitation")
        .where("status", "=", "stored")
        .executeTakeFirst(),
    );
    await page.context().clearCookies();
    await page.goto(`${server.baseUrl}/dev/mailbox`);
    await page
      .getByRole("row")
      .filter({ hasText: contactEmail })
      .getByRole("link", { name: `Due-diligence questionnaire for ${supplier.name}` })
      .first()
      .click();
    await page.waitForURL(/\/dev\/mailbox\/[0-9a-f-]{36}$/);
    const link = page.getByRole("link", { name: /\/v\/[A-Za-z0-9_-]{43}$/ }).first();
    expect(await link.getAttribute("href")).toMatch(new RegExp(`^${server.baseUrl}/v/[A-Za-z0-9_-]{43}$`));
    await link.click();
    await page.waitForURL(/\/v\/[A-Za-z0-9_-]{43}$/);
    await page.getByRole("button", { name: "Open the questionnaire" }).click();
    await page.waitForURL(`${server.baseUrl}/v/a/${assessmentId}`);
    expect(await axeViolations(page)).toEqual([]);

    // Answer the supplier section; the date question follows the yes/no answer live.
    await page.getByRole("link", { name: "Organisation" }).click();
    await page.waitForURL(/\/s\/org$/);
    const policy = page.getByRole("group", { name: /Do you have an AI policy/ });
    const dateQuestion = page.getByLabel(/When was the policy approved/);
    await expect(dateQuestion.count()).resolves.toBe(0);
    await policy.getByLabel("Yes").check();
    await dateQuestion.waitFor();
    await policy.getByLabel("No").check();
    await dateQuestion.waitFor({ state: "detached" });
    await policy.getByLabel("Yes").check();
    await dateQuestion.fill("2024-05-01");
    // The comment box opens from "Add a comment" under the question.
    await page.getByText("Add a comment").first().click();
    await page.getByLabel("Comment for the reviewer (optional)").first().fill("Approved by the board");
    await page.getByRole("status").getByText("All changes saved").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await expect(
      page
        .getByRole("group", { name: /Do you have an AI policy/ })
        .getByLabel("Yes")
        .isChecked(),
    ).resolves.toBe(true);
    await expect(page.getByLabel(/When was the policy approved/).inputValue()).resolves.toBe("2024-05-01");
    await expect(page.getByLabel("Comment for the reviewer (optional)").first().inputValue()).resolves.toBe("Approved by the board");

    // Evidence: a small PDF for the file question, with the valid-until date it asks for.
    const widget = page.getByRole("group", { name: "Evidence files" });
    await widget.getByText("Requested: The approved AI policy").waitFor();
    await widget.getByText("No file yet.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await widget.getByLabel("Add a file").setInputFiles({ name: "ai-policy.pdf", mimeType: "application/pdf", buffer: PDF });
    const validUntil = widget.getByLabel("Valid until");
    if (await validUntil.count()) await validUntil.fill(addDays(utcDate(new Date()), 365));
    await widget.getByRole("button", { name: "Upload" }).click();
    await widget.getByRole("status").getByText("Uploaded ai-policy.pdf.").waitFor();
    await widget.getByRole("link", { name: "ai-policy.pdf" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const evidence = await db.selectFrom("evidence").select(["file_name", "size_bytes", "valid_until"]).where("assessment_id", "=", assessmentId).execute();
    expect(evidence).toEqual([{ file_name: "ai-policy.pdf", size_bytes: PDF.length, valid_until: addDays(utcDate(new Date()), 365) }]);
    await page.reload();
    await page.getByRole("group", { name: "Evidence files" }).getByRole("link", { name: "ai-policy.pdf" }).waitFor();
    // The evidence page lists it too.
    await page.getByRole("navigation", { name: "Questionnaire" }).getByRole("link", { name: "Evidence files" }).click();
    await page.waitForURL(`${server.baseUrl}/v/a/${assessmentId}/evidence`);
    await page
      .getByRole("link", { name: /ai-policy\.pdf/ })
      .first()
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A colleague is invited from the Team page and gets their own link.
    await page.getByRole("navigation", { name: "Questionnaire" }).getByRole("link", { name: "Team" }).click();
    await page.waitForURL(`${server.baseUrl}/v/a/${assessmentId}/team`);
    await page.getByRole("heading", { name: "Invite a colleague" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Name").fill(COLLEAGUE.name);
    await page.getByLabel("Email").fill(COLLEAGUE.email);
    await page.getByRole("button", { name: "Send the invitation" }).click();
    await page.getByRole("status").getByText(`Invitation sent to ${COLLEAGUE.email}`).waitFor();
    await page.getByRole("row").filter({ hasText: COLLEAGUE.email }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const colleagueMail = await eventually(() =>
      db.selectFrom("emails").select("text_body").where("to_address", "=", COLLEAGUE.email).where("template", "=", "assessment-invitation").executeTakeFirst(),
    );
    expect(colleagueMail.text_body).toMatch(/\/v\/[A-Za-z0-9_-]{43}/);

    // Review: two component answers are missing, each linked to its question.
    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/submit`);
    const missing = page.getByRole("region", { name: /Still missing: 2 required answers/ });
    await missing.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Submit the questionnaire" }).click();
    await page.getByText("2 required answers are still missing").waitFor();

    for (let i = 0; i < 2; i++) {
      await page.goto(`${server.baseUrl}/v/a/${assessmentId}/submit`);
      await page
        .getByRole("region", { name: /Still missing/ })
        .getByRole("link", { name: "Is the model trained on customer data?" })
        .first()
        .click();
      await page.waitForURL(/\/s\/model\?component=.*#q-trained_on_customer_data$/);
      await page
        .getByRole("group", { name: /Is the model trained on customer data/ })
        .getByLabel("No")
        .check();
      await page.getByRole("status").getByText("All changes saved").waitFor();
    }

    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/submit`);
    await page.getByText("Every required question is answered.").waitFor();
    await page.getByRole("button", { name: "Submit the questionnaire" }).click();
    await page.getByText("Submitted — thank you").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const issuer = await db.selectFrom("users").select("email").where("email", "=", "procurement@example.com").executeTakeFirstOrThrow();
    await eventually(() =>
      db.selectFrom("emails").select("id").where("to_address", "=", issuer.email).where("template", "=", "assessment-submitted").executeTakeFirst(),
    );
    expect((await db.selectFrom("assessments").select("status").where("id", "=", assessmentId).executeTakeFirstOrThrow()).status).toBe("submitted");

    // The answering pages are read-only now.
    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/s/org`);
    await page.getByText("answers are locked").waitFor();
    expect(await page.getByRole("button", { name: "Save section" }).count()).toBe(0);

    // The reviewer's mail is in the dev mailbox.
    await page.goto(`${server.baseUrl}/dev/mailbox`);
    await page
      .getByRole("row")
      .filter({ hasText: issuer.email })
      .getByRole("link", { name: `${supplier.name} submitted the questionnaire “${TEMPLATE_NAME}”` })
      .first()
      .click();
    await page.getByText(`/assessments/${assessmentId}`).first().waitFor();
    expect(errors).toEqual([]);
  });
});
