// The next cycle in a browser: from a decided assessment, "Reassess" opens the form with the last
// cycle's choices; a past due date is refused next to the field; the next cycle is issued and its
// page links to the comparison with the previous cycle. axe finds nothing on each page.
// (The previous cycle is decided directly in the database: the decision is the review's.)
import type { Browser, Page } from "playwright-core";
import { addDays, today } from "../../app/domain/calendar";
import { userActor } from "../../app/services/audit.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, type TestServer } from "../support/server";

describe("reassessing in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let previous: Issued;
  let email: string;

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.app.ctx.db;
    const admin = await createUser(db, "procurement", { name: "Pia Procurement" });
    email = admin.email;
    const actor = userActor(admin);
    const versionId = await publishGolden(server.app.ctx, actor);
    previous = await issueGolden(server.app.ctx, actor, versionId);
    await answerGolden(server.app.ctx, previous);
    await db
      .updateTable("assessments")
      .set({ status: "decided", submitted_at: new Date(), decision: "approved", decision_rationale: "Fine.", decided_at: new Date() })
      .where("id", "=", previous.assessmentId)
      .execute();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("reassesses from the assessment page, refusing a past due date first", async () => {
    await signInAs(page, server, email, `/assessments/${previous.assessmentId}`);
    await page.getByRole("heading", { name: "Assessment cycles" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Reassess", exact: true }).click();
    await page.getByRole("heading", { name: `Reassess ${previous.supplierName}`, level: 1 }).waitFor();
    expect(await page.getByLabel(/Vision API/).isChecked()).toBe(true);
    expect(await page.getByLabel(/Sam Vendor/).isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Due date").fill(addDays(today(), -1));
    await page.getByRole("button", { name: "Reassess and send invitations" }).click();
    await page.getByText("Choose a due date after today").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Due date").fill(addDays(today(), 40));
    await page.getByRole("button", { name: "Reassess and send invitations" }).click();
    await page.waitForURL((url) => /^\/assessments\/[0-9a-f-]{36}$/.test(url.pathname) && url.pathname !== `/assessments/${previous.assessmentId}`);
    await page.getByText("This is a reassessment.").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: /See what changed since the previous cycle/ }).click();
    await page.getByRole("heading", { name: "Changes since the previous cycle", level: 1 }).waitFor();
    expect(await page.getByRole("heading", { name: /Not yet confirmed \(\d+\)/ }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
