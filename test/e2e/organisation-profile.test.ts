// The organisation profile in a browser: an admin fills the form (a refused privacy link first, then
// a logo upload), and a vendor opening a magic link sees the organisation's name, logo and support
// contact on the link page and in the portal. 0 axe violations throughout.
import type { Browser, Page } from "playwright-core";
import { addDays, today } from "~/domain/calendar";
import { issueAssessment } from "~/services/assessment-issue.server";
import { SYSTEM_ACTOR } from "~/services/audit.server";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { eventually } from "../support/app";
import { createUser } from "../support/factories";
import { startTestServer, type TestServer } from "../support/server";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

describe("the organisation profile in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    await createUser(server.app.ctx.db, "admin", { email: "ada@buyer.example", name: "Ada Admin" });
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = collectPageErrors(page);
    await signInAs(page, server, "ada@buyer.example", "/admin/organisation");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lets an admin set the name, support contact, privacy notice and logo, with clear messages for bad input", async () => {
    await page.getByRole("heading", { name: "Organisation profile", level: 1 }).waitFor();
    expect(await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Organisation profile" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Organisation name").fill("Northwind Health");
    await page.getByLabel("Name (optional)").fill("Dana Ortiz");
    await page.getByLabel("Email address").fill("vendor-risk@northwind.example");
    await page.getByLabel("Privacy notice").fill("http://northwind.example/privacy");
    await page.getByRole("button", { name: "Save the profile" }).click();
    await page.getByText("Enter the full address of the privacy notice, starting with https://").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Privacy notice").fill("https://northwind.example/privacy");
    await page.getByLabel("Upload a logo").setInputFiles({ name: "northwind.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Save the profile" }).click();
    await page.getByText("Saved. Vendors see the new profile").waitFor();
    await page.getByRole("img", { name: "The current logo" }).waitFor();
    expect(await page.getByLabel("Organisation name").inputValue()).toBe("Northwind Health");
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("shows a vendor opening a magic link the organisation's name, logo and support contact", async () => {
    const db = server.app.ctx.db;
    const builtin = await ensureBuiltinTemplate(db);
    const version = await db
      .selectFrom("template_versions")
      .select("id")
      .where("template_id", "=", builtin.templateId)
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const supplier = await db.insertInto("suppliers").values({ name: "Acme Vision", status: "active" }).returning("id").executeTakeFirstOrThrow();
    const contact = await db
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Vera Vendor", email: "vera@acme.example", is_primary: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    await issueAssessment(server.app.ctx, SYSTEM_ACTOR, {
      supplierId: supplier.id,
      templateVersionId: version.id,
      componentIds: [],
      contactIds: [contact.id],
      dueDate: addDays(today(), 20),
      message: null,
    });
    const mail = await eventually(() => db.selectFrom("emails").select("text_body").where("to_address", "=", "vera@acme.example").executeTakeFirst());
    expect(mail.text_body).toContain("Northwind Health has asked you");
    const link = /http:\/\/127\.0\.0\.1:\d+(\/v\/[A-Za-z0-9_-]+)/.exec(mail.text_body ?? "")?.[1];
    expect(link).toBeDefined();

    const vendor = await browser.newPage();
    const vendorErrors = collectPageErrors(vendor);
    await vendor.goto(`${server.baseUrl}${link}`);
    await vendor.getByRole("heading", { name: "Questionnaire for Acme Vision" }).waitFor();
    const banner = vendor.getByRole("banner");
    expect(await banner.getByText("Northwind Health", { exact: true }).count()).toBe(1);
    expect(await banner.getByText("Northwind Health asks Acme Vision about the AI it supplies").count()).toBe(1);
    const logoLoaded = () => vendor.locator(".org-mark__logo").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
    await expect.poll(logoLoaded).toBe(true);
    const footer = vendor.getByRole("contentinfo");
    expect(await footer.innerText()).toContain("Questions? Contact Dana Ortiz vendor-risk@northwind.example at Northwind Health.");
    expect(await footer.getByRole("link", { name: "Privacy notice" }).getAttribute("href")).toBe("https://northwind.example/privacy");
    expect(await vendor.getByText("invite them yourself from the questionnaire's Team page").count()).toBe(1);
    expect(await axeViolations(vendor)).toEqual([]);

    await vendor.getByRole("button", { name: "Open the questionnaire" }).click();
    await vendor.waitForURL((url) => url.pathname.startsWith("/v/a/"));
    expect(await vendor.getByRole("banner").getByText("Northwind Health asks Acme Vision about the AI it supplies").count()).toBe(1);
    await expect.poll(logoLoaded).toBe(true);
    expect(await vendor.getByRole("contentinfo").innerText()).toContain("Questions? Contact Dana Ortiz");
    expect(await axeViolations(vendor)).toEqual([]);
    expect(vendorErrors).toEqual([]);
    await vendor.close();
  });
});
