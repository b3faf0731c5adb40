import type { Browser, BrowserContext, Page } from "playwright-core";
import { addDays, utcDate } from "../../app/domain/reminders";
import { issueAssessment } from "../../app/services/assessment-issue.server";
import { userActor } from "../../app/services/audit.server";
import { createTemplate, publishVersion, saveDraft } from "../../app/services/template-versions.server";
import { axeViolations, collectPageErrors, launchBrowser } from "../support/browser";
import { createUser } from "../support/factories";
import { startTestServer, type TestServer } from "../support/server";

// One vendor contact with the questionnaire open in two windows, and a colleague with their own
// link: what one saves shows in the other window when it comes back into focus; an edit made over
// an answer saved elsewhere is a conflict worded for who saved it; the save bar never covers the
// field being edited; an upload without a file says so by the file input; the comment box opens
// from "Add a comment". Every state checked with axe.
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
    "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n",
  "latin1",
);
const text = (key: string, prompt: string) => ({
  key,
  prompt,
  type: "short_text",
  required: false,
  weight: 1,
  domain: "governance",
  allowNa: false,
  refs: [],
});
const DEFINITION = {
  title: "Autosave check",
  sections: [
    {
      key: "org",
      title: "Organisation",
      scope: "supplier",
      questions: [
        text("owner", "Who owns AI governance?"),
        text("board", "Which board oversees AI?"),
        {
          key: "policy_doc",
          prompt: "Upload your AI policy document.",
          type: "file",
          required: false,
          weight: 1,
          domain: "governance",
          allowNa: false,
          evidence: { request: "The approved AI policy", requireValidUntil: false },
          refs: [],
        },
        ...Array.from({ length: 8 }, (_, i) => text(`extra_${i}`, `Extra governance question ${i + 1}?`)),
        text("last", "Anything else we should know?"),
      ],
    },
  ],
};
const TOKEN_LINK = /\/v\/([A-Za-z0-9_-]{43})/;

describe("the vendor's answers in two windows, the save bar, uploads and comments", () => {
  let server: TestServer;
  let browser: Browser;
  let assessmentId: string;
  const tokens: string[] = [];
  const contacts: Array<{ name: string; email: string }> = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.app.ctx.db;
    const user = await createUser(db, "procurement", { name: "Pat Procurement" });
    const { versionId } = await createTemplate(server.app.ctx, userActor(user), { name: `Autosave check ${Date.now()}`, description: null });
    expect(await saveDraft(server.app.ctx, userActor(user), versionId, DEFINITION)).toMatchObject({ ok: true });
    expect(await publishVersion(server.app.ctx, userActor(user), versionId)).toMatchObject({ ok: true });
    const supplier = await db.insertInto("suppliers").values({ name: "Autosave Vendor Ltd", status: "active" }).returning("id").executeTakeFirstOrThrow();
    const contactIds: string[] = [];
    for (const [i, name] of ["Robin Vendor", "Casey Colleague"].entries()) {
      const email = `${name.split(" ")[0]!.toLowerCase()}@autosave-vendor.example.com`;
      contacts.push({ name, email });
      const row = await db
        .insertInto("supplier_contacts")
        .values({ supplier_id: supplier.id, name, email, is_primary: i === 0 })
        .returning("id")
        .executeTakeFirstOrThrow();
      contactIds.push(row.id);
    }
    ({ assessmentId } = await issueAssessment(server.app.ctx, userActor(user), {
      supplierId: supplier.id,
      templateVersionId: versionId,
      componentIds: [],
      contactIds,
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    }));
    for (const contact of contacts) {
      const mail = await db.selectFrom("emails").select("text_body").where("to_address", "=", contact.email).executeTakeFirstOrThrow();
      tokens.push(TOKEN_LINK.exec(mail.text_body ?? "")![1]!);
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A browser window of the contact with `token` (a context of its own), on the section page, hydrated. */
  async function openWindow(token: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);
    afterEachErrors.push(pageErrors);
    await page.goto(`${server.baseUrl}/v/${token}`);
    await page.getByRole("button", { name: "Open the questionnaire" }).click();
    await page.waitForURL(`${server.baseUrl}/v/a/${assessmentId}`);
    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/s/org`);
    await hydrated(page);
    return page;
  }
  const afterEachErrors: string[][] = [];
  afterEach(() => {
    for (const list of afterEachErrors) expect(list).toEqual([]);
  });

  const hydrated = (page: Page) => page.getByText("Answers also save automatically as you go.").waitFor();
  const status = (page: Page) => page.locator(".save-status");
  const waitForStatus = async (page: Page, expected: string | RegExp) => {
    await expect.poll(() => status(page).innerText(), { timeout: 15_000 }).toMatch(expected);
  };
  /** The window comes back to the front, as when the vendor switches to it. */
  async function focusWindow(page: Page) {
    await page.bringToFront();
    await page.evaluate(() => {
      // Headless Chromium keeps every page "focused": the switch is announced as a browser does.
      window.dispatchEvent(new Event("focus"));
    });
  }

  it("what one window saves shows in the other when it is focused, with no 'All changes saved' over a stale value", async () => {
    const a = await openWindow(tokens[0]!);
    const b = await openWindow(tokens[0]!);
    await a.getByLabel(/Who owns AI governance/).fill("The CTO");
    await waitForStatus(a, "All changes saved");
    expect(await b.getByLabel(/Who owns AI governance/).inputValue()).toBe("");

    await focusWindow(b);
    await expect.poll(() => b.getByLabel(/Who owns AI governance/).inputValue(), { timeout: 15_000 }).toBe("The CTO");
    await waitForStatus(b, "Updated 1 answer to what was saved in another window or tab.");
    expect(await axeViolations(b)).toEqual([]);

    // B's own edit now saves over the answer it took over: no conflict.
    await b.getByLabel(/Who owns AI governance/).fill("The CTO and the DPO");
    await waitForStatus(b, "All changes saved");
    await focusWindow(a);
    await expect.poll(() => a.getByLabel(/Who owns AI governance/).inputValue(), { timeout: 15_000 }).toBe("The CTO and the DPO");
  });

  it("an edit over an answer saved in another window asks which to keep, worded for the same person", async () => {
    const a = await openWindow(tokens[0]!);
    const b = await openWindow(tokens[0]!);
    // B edits while its connection is down, so its change waits; A saves the same answer meanwhile.
    await b.context().setOffline(true);
    await b.getByLabel(/Which board oversees AI/).fill("Board B");
    await waitForStatus(b, /offline|retrying/);
    await a.getByLabel(/Which board oversees AI/).fill("Board A");
    await waitForStatus(a, "All changes saved");
    await b.context().setOffline(false);

    const panel = b.getByRole("alert").filter({ hasText: "You changed this answer in another window or tab" });
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.getByRole("heading", { level: 2 }).innerText()).toBe("You changed this answer in another window or tab");
    expect(await panel.innerText()).toContain("Board A");
    expect(await panel.innerText()).toContain("Board B");
    await waitForStatus(b, "An answer was changed in another window or tab: choose which to keep.");
    expect(await axeViolations(b)).toEqual([]);
    await panel.getByRole("button", { name: "Keep this window's answer" }).click();
    await waitForStatus(b, "All changes saved");
    await focusWindow(a);
    await expect.poll(() => a.getByLabel(/Which board oversees AI/).inputValue(), { timeout: 15_000 }).toBe("Board B");
  });

  it("the same over a colleague's answer names the colleague", async () => {
    const mine = await openWindow(tokens[0]!);
    const colleague = await openWindow(tokens[1]!);
    await mine.context().setOffline(true);
    await mine.getByLabel(/Anything else we should know/).fill("Mine");
    await waitForStatus(mine, /offline|retrying/);
    await colleague.getByLabel(/Anything else we should know/).fill("Casey's");
    await waitForStatus(colleague, "All changes saved");
    await mine.context().setOffline(false);
    const who = `${contacts[1]!.name} (${contacts[1]!.email})`;
    const panel = mine.getByRole("alert").filter({ hasText: `${who} changed this answer while you were editing it` });
    await panel.waitFor({ timeout: 15_000 });
    await waitForStatus(mine, `An answer was changed by ${who}: choose which to keep.`);
    expect(await panel.innerText()).not.toContain("another window");
    expect(await axeViolations(mine)).toEqual([]);
    await panel.getByRole("button", { name: "Use theirs" }).click();
    expect(await mine.getByLabel(/Anything else we should know/).inputValue()).toBe("Casey's");
  });

  for (const width of [1280, 390]) {
    it(`the save bar never covers the field being edited (${width} px)`, async () => {
      const page = await openWindow(tokens[0]!, width);
      await page.getByLabel(/Extra governance question 1\?/).fill(`At ${width}`);
      await waitForStatus(page, /All changes saved|Updated/);
      // Forward through the form from its first field, then back up from the last one.
      const overlaps: string[] = [];
      const check = async () => {
        const boxes = await page.evaluate(() => {
          const field = document.activeElement;
          const bar = document.querySelector(".save-status");
          if (!field || !bar || !field.closest(".answering__form")) return null;
          const [f, s] = [field.getBoundingClientRect(), bar.getBoundingClientRect()];
          return { id: field.id || field.tagName, f: { y: f.y, h: f.height }, s: { y: s.y, h: s.height } };
        });
        if (!boxes) return;
        const { id, f, s } = boxes;
        if (f.y < s.y + s.h && s.y < f.y + f.h) overlaps.push(`${id} at y=${f.y} under the bar (y=${s.y}, h=${s.h})`);
      };
      await page.getByLabel(/Who owns AI governance/).focus();
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press("Tab");
        await check();
      }
      await page.getByLabel(/Anything else we should know/).focus();
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press("Shift+Tab");
        await check();
      }
      expect(overlaps).toEqual([]);
      // A field near the bottom, focused from the top of the page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByLabel(/Anything else we should know/).focus();
      await check();
      expect(overlaps).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  it("an upload without a file says so by the file input, and an upload's outcome goes with the next change", async () => {
    const page = await openWindow(tokens[0]!);
    page.setDefaultTimeout(15_000);
    const block = page.getByRole("group", { name: "Evidence files" });
    await block.getByRole("button", { name: "Upload" }).click();
    const input = block.getByLabel("Add a file");
    expect(await input.getAttribute("aria-invalid")).toBe("true");
    const described = await input.evaluate((el) =>
      (el.getAttribute("aria-describedby") ?? "")
        .split(" ")
        .map((id) => document.getElementById(id)?.textContent ?? "")
        .join(" "),
    );
    expect(described).toContain("Choose a file to upload.");
    expect(await axeViolations(page)).toEqual([]);

    await input.setInputFiles({ name: "policy.pdf", mimeType: "application/pdf", buffer: PDF });
    expect(await input.getAttribute("aria-invalid")).toBeNull();
    await block.getByRole("button", { name: "Upload" }).click();
    const outcome = block.getByRole("status");
    await expect.poll(() => outcome.innerText(), { timeout: 15_000 }).toBe("Uploaded policy.pdf.");
    await block.getByRole("link", { name: "policy.pdf" }).waitFor();
    await input.setInputFiles({ name: "second.pdf", mimeType: "application/pdf", buffer: PDF });
    expect(await outcome.innerText()).toBe("");

    // The upload page without JavaScript: the server's message, by the file input.
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    contexts.push(noScript);
    const plain = await noScript.newPage();
    await plain.goto(`${server.baseUrl}/v/${tokens[0]}`);
    await plain.getByRole("button", { name: "Open the questionnaire" }).click();
    await plain.goto(`${server.baseUrl}/v/a/${assessmentId}/evidence?question=policy_doc`);
    await plain.getByRole("button", { name: "Upload" }).click();
    await plain.getByText("Choose a file to upload.").waitFor();
    const plainInput = plain.getByLabel("File", { exact: true });
    expect(await plainInput.getAttribute("aria-invalid")).toBe("true");
    expect(await plainInput.getAttribute("aria-describedby")).toContain("evidence-file-error");
    // The same page with JavaScript (its form posts through Remix): the same message, checked with axe.
    await page.goto(`${server.baseUrl}/v/a/${assessmentId}/evidence?question=policy_doc`);
    await page.getByRole("link", { name: /Back to the section/ }).waitFor();
    await page.getByRole("button", { name: "Upload" }).click();
    await page.locator("#evidence-file-error").getByText("Choose a file to upload.").waitFor();
    expect(await page.getByLabel("File", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("the comment box is closed behind 'Add a comment', opens on demand, and stays open once written", async () => {
    const page = await openWindow(tokens[0]!);
    const comment = page.getByLabel("Comment for the reviewer (optional)");
    expect(await comment.count()).toBe(12);
    expect(await comment.first().isVisible()).toBe(false);
    const toggles = page.getByText("Add a comment");
    expect(await toggles.count()).toBe(12);
    await toggles.first().click();
    await comment.first().fill("Ask our CTO");
    await waitForStatus(page, "All changes saved");
    expect(await axeViolations(page)).toEqual([]);
    await page.reload();
    await hydrated(page);
    expect(await page.getByLabel("Comment for the reviewer (optional)").first().isVisible()).toBe(true);
    expect(await page.getByLabel("Comment for the reviewer (optional)").first().inputValue()).toBe("Ask our CTO");
    expect(await page.getByLabel("Comment for the reviewer (optional)").nth(1).isVisible()).toBe(false);
  });
});
