// Findings in a browser (JavaScript on): a reviewer raises a finding from an answer (the browser
// refuses an empty form first), the vendor sees it in the portal and responds with remediation
// evidence, the reviewer sees the response, downloads nothing unseen, closes the finding; a risk
// owner accepts a component's residual risk. axe finds nothing on any page visited.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { addDays, formatDate, today } from "../../app/domain/calendar";
import { submitAssessment } from "../../app/services/assessment-lifecycle.server";
import { userActor } from "../../app/services/audit.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, type TestServer } from "../support/server";

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
    "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n",
  "latin1",
);

describe("findings in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let staffContext: BrowserContext;
  let vendorContext: BrowserContext;
  let staff: Page;
  let vendor: Page;
  let errors: string[];
  let issued: Issued;
  let ownerEmail: string;

  const expectNoAxeViolations = async (page: Page) => expect(await axeViolations(page)).toEqual([]);

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await createUser(server.app.ctx.db, "admin", { name: "Ada Admin" });
    const owner = await createUser(server.app.ctx.db, "risk_owner", { name: "Rita Owner" });
    ownerEmail = owner.email;
    const versionId = await publishGolden(server.app.ctx, userActor(admin));
    issued = await issueGolden(server.app.ctx, userActor(admin), versionId, "Acme Vision");
    await answerGolden(server.app.ctx, issued);
    const system = await server.app.ctx.db
      .insertInto("ai_systems")
      .values({ name: "Claims triage", owner_id: owner.id, criticality: "high", eu_ai_act_class: "high_risk", lifecycle: "in_production" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await server.app.ctx.db.insertInto("ai_system_dependencies").values({ ai_system_id: system.id, ai_component_id: issued.componentIds[0] }).execute();

    browser = await launchBrowser();
    vendorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    vendor = await vendorContext.newPage();
    staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    staff = await staffContext.newPage();
    errors = [...collectPageErrors(vendor), ...collectPageErrors(staff)];
    // The vendor opens their link before submitting (a submitted questionnaire's link is not exchanged).
    const mail = await server.app.ctx.db
      .selectFrom("emails")
      .select("text_body")
      .where("to_address", "=", issued.grant.email)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    const link = /http:\/\/127\.0\.0\.1:\d+(\/v\/[A-Za-z0-9_-]{43})/.exec(mail.text_body ?? "")![1]!;
    await vendor.goto(`${server.baseUrl}${link}`);
    await vendor.getByRole("button", { name: "Open the questionnaire" }).click();
    await vendor.waitForURL((url) => url.pathname === `/v/a/${issued.assessmentId}`);
    await submitAssessment(server.app.ctx, issued.grant, issued.assessmentId);
    await signInAs(staff, server, admin.email, `/assessments/${issued.assessmentId}`);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("raises a finding from an answer", async () => {
    await staff.goto(`${server.baseUrl}/assessments/${issued.assessmentId}/findings/new?question=s_incident`);
    await staff.getByRole("heading", { name: "Raise a finding", level: 1 }).waitFor();
    await staff.getByRole("heading", { name: "The answer it is about" }).waitFor();
    await expectNoAxeViolations(staff);
    // Checked in the browser first.
    await staff.getByRole("button", { name: "Raise the finding" }).click();
    await staff.getByText("Enter a title").waitFor();
    await expectNoAxeViolations(staff);
    await staff.getByLabel("Title").fill("No incident-notification commitment");
    await staff.getByLabel("Description").fill("Commit to notifying us of incidents within 72 hours.");
    await staff.getByLabel("Severity").selectOption("high");
    await staff.getByLabel("Owner").selectOption({ label: `Rita Owner (${ownerEmail})` });
    await staff.getByLabel("Due date").fill(addDays(today(), 30));
    await staff.getByRole("button", { name: "Raise the finding" }).click();
    await staff.getByText("Finding raised.").waitFor();
    await staff.getByRole("heading", { name: "No incident-notification commitment", level: 1 }).waitFor();
    await expectNoAxeViolations(staff);
    // The assessment page lists it.
    await staff.goto(`${server.baseUrl}/assessments/${issued.assessmentId}`);
    await staff.getByRole("link", { name: "No incident-notification commitment" }).waitFor();
    await expectNoAxeViolations(staff);
    // The page that mails the open findings to the vendor says what it would send.
    await staff.getByRole("link", { name: "Email the open findings to the vendor" }).click();
    await staff.getByRole("heading", { name: "Send the findings to the vendor", level: 1 }).waitFor();
    await staff.getByText("No incident-notification commitment").first().waitFor();
    await expectNoAxeViolations(staff);
  });

  it("lets the vendor respond with remediation evidence in the portal", async () => {
    await vendor.goto(`${server.baseUrl}/v/a/${issued.assessmentId}`);
    await vendor.getByRole("link", { name: "Findings (1 open)" }).click();
    await vendor.getByRole("heading", { name: "Findings", level: 1 }).waitFor();
    await expectNoAxeViolations(vendor);
    await vendor.getByLabel("Your response").fill("Clause 9.3 of our updated DPA commits to 72 hours.");
    await vendor.getByLabel("Remediation evidence (optional)").setInputFiles({ name: "dpa-clause-9-3.pdf", mimeType: "application/pdf", buffer: PDF });
    await vendor.getByRole("button", { name: /^Send/ }).click();
    await vendor.getByText("Thank you: your response was sent to our reviewers.").waitFor();
    await vendor.getByRole("link", { name: "dpa-clause-9-3.pdf" }).waitFor();
    await vendor.getByText("Remediating").first().waitFor();
    if (process.env.SHOTS) await vendor.screenshot({ path: "/tmp/h4-vendor.png", fullPage: true });
    await expectNoAxeViolations(vendor);
  });

  it("shows the reviewer the response and file, then closes the finding", async () => {
    await staff.goto(`${server.baseUrl}/findings`);
    await staff.getByRole("heading", { name: "Findings", level: 1 }).waitFor();
    if (process.env.SHOTS) await staff.screenshot({ path: "/tmp/h4-list.png", fullPage: true });
    await expectNoAxeViolations(staff);
    await staff.getByRole("link", { name: "No incident-notification commitment" }).click();
    await staff.getByText("Clause 9.3 of our updated DPA commits to 72 hours.").first().waitFor();
    const download = staff.waitForEvent("download");
    await staff.getByRole("link", { name: "dpa-clause-9-3.pdf" }).click();
    expect((await download).suggestedFilename()).toBe("dpa-clause-9-3.pdf");
    await staff.getByLabel("Note for the history (optional)").fill("Verified clause 9.3.");
    await staff.getByRole("button", { name: "Close" }).click();
    await staff.getByText("Finding closed.").waitFor();
    await staff.getByText("Verified clause 9.3.").waitFor();
    if (process.env.SHOTS) await staff.screenshot({ path: "/tmp/h4-finding.png", fullPage: true });
    await expectNoAxeViolations(staff);
  });

  it("accepts a component's residual risk with an expiry", async () => {
    await staff.goto(`${server.baseUrl}/components/${issued.componentIds[0]}`);
    await staff.getByRole("link", { name: "Accept the residual risk" }).click();
    await staff.getByRole("heading", { level: 1, name: /Accept the residual risk/ }).waitFor();
    await expectNoAxeViolations(staff);
    await staff.getByLabel("Rationale").fill("Human review of every triage decision.");
    await staff.getByLabel("Expires on").fill(addDays(today(), 90));
    await staff.getByRole("button", { name: "Accept the residual risk" }).click();
    await staff.getByText(`In force until ${formatDate(addDays(today(), 90))}`).waitFor();
    await expectNoAxeViolations(staff);
    expect(errors).toEqual([]);
  });
});
