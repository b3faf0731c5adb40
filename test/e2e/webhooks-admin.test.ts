// The admin webhooks pages in a browser: register an endpoint (errors next to the fields first), the
// secret shown once, a test ping delivered to a real receiver and shown in the log, redeliver,
// disable, rotate; the registration form also works with JavaScript off. 0 axe violations throughout.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { deliverDueWebhooks } from "~/services/webhook-delivery.server";
import { axeViolations, collectPageErrors, launchBrowser, signInAs } from "../support/browser";
import { createUser } from "../support/factories";
import { startTestServer, type TestServer } from "../support/server";

describe("the admin webhooks pages in a browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let receiver: http.Server;
  let hookUrl: string;
  let hits = 0;

  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    await createUser(server.app.ctx.db, "admin", { email: "ada@buyer.example", name: "Ada Admin" });
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        hits++;
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = collectPageErrors(page);
    await signInAs(page, server, "ada@buyer.example", "/admin/webhooks");
  });
  afterAll(async () => {
    await browser?.close();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
    await server?.stop();
  });

  it("registers an endpoint, shows its secret once, delivers a test ping and logs it; redeliver, disable and rotate", async () => {
    await page.getByRole("heading", { name: "Webhooks", level: 1 }).waitFor();
    expect(await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Webhooks" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // Nothing chosen, and a loopback URL while private targets are refused.
    await page.getByLabel("URL").fill(hookUrl);
    await page.getByRole("button", { name: "Register endpoint" }).click();
    await page.getByText("Choose at least one event to send.").waitFor();
    await page.getByLabel("Finding opened (finding.opened)").check();
    await page.getByRole("button", { name: "Register endpoint" }).click();
    await page.getByText("127.0.0.1 is a loopback address").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Allow endpoints on private, loopback and link-local addresses").check();
    await page.getByRole("button", { name: "Save setting" }).click();
    await page.getByText("Setting saved.").waitFor();

    await page.getByLabel("URL").fill(hookUrl);
    await page.getByLabel("Description (optional)").fill("GRC sync");
    await page.getByLabel("Finding opened (finding.opened)").check();
    await page.getByRole("button", { name: "Register endpoint" }).click();
    await page.getByRole("heading", { name: `Endpoint registered: ${hookUrl}` }).waitFor();
    const secret = await page.getByRole("textbox", { name: "Signing secret" }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Open the endpoint" }).click();
    await page.getByRole("heading", { name: "Webhook endpoint", level: 1 }).waitFor();
    expect(await page.content()).not.toContain(secret); // shown once only
    await page.getByRole("button", { name: "Send test ping" }).click();
    await page.getByText("A test ping was queued").waitFor();
    await deliverDueWebhooks(server.app.ctx);
    expect(hits).toBe(1);
    await page.reload();
    const row = page.getByRole("row", { name: /webhook\.ping/ });
    await row.getByText("Delivered").waitFor();
    expect(await row.getByRole("cell", { name: "204", exact: true }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await row.getByRole("button", { name: /Redeliver/ }).click();
    await page.getByText("The delivery was queued again").waitFor();
    await deliverDueWebhooks(server.app.ctx);
    expect(hits).toBe(2);

    await page.getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("heading", { name: "New signing secret" }).waitFor();
    expect(await page.getByRole("textbox", { name: "Signing secret" }).inputValue()).not.toBe(secret);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Disable" }).click();
    await page.getByText("Endpoint disabled.").waitFor();
    expect(await page.getByRole("button", { name: "Send test ping" }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("registers an endpoint with JavaScript turned off", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await signInAsWithoutScript(plain);
    await plain.getByLabel("URL").fill(`${hookUrl}/nojs`);
    await plain.getByLabel("Finding closed (finding.closed)").check();
    await plain.getByRole("button", { name: "Register endpoint" }).click();
    await plain.getByRole("heading", { name: `Endpoint registered: ${hookUrl}/nojs` }).waitFor();
    await context.close();
  });

  async function signInAsWithoutScript(target: Page) {
    const { issueLoginToken } = await import("~/services/sign-in.server");
    const db = server.app.ctx.db;
    const user = await db.selectFrom("users").select("id").where("email", "=", "ada@buyer.example").executeTakeFirstOrThrow();
    const token = await db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
    await target.goto(`${server.baseUrl}/login/${token}?next=${encodeURIComponent("/admin/webhooks")}`);
    await target.getByRole("button", { name: "Continue to Assay" }).click();
    await target.waitForURL((url) => url.pathname === "/admin/webhooks");
  }
});
