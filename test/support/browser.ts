import { expect } from "vitest";
// Headless Debian Chromium driven by playwright-core, with axe-core for accessibility checks.
import { createRequire } from "node:module";
import fs from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core in the page (WCAG 2.1 A and AA) and returns what it found, readably. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Injected through the DevTools protocol so the page's CSP does not block it.
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations;
  })) as AxeViolation[];
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Signs a staff user in without the mailbox round trip: a link is issued directly and redeemed in the page. */
export async function signInAs(
  page: Page,
  server: { baseUrl: string; app: { ctx: { db: import("kysely").Kysely<import("../../db/schema").Database> } } },
  email: string,
  next = "/",
) {
  const { issueLoginToken } = await import("../../app/services/sign-in.server");
  const db = server.app.ctx.db;
  const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const token = await db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
  await page.context().clearCookies();
  await page.goto(`${server.baseUrl}/login/${token}?next=${encodeURIComponent(next)}`);
  await page.getByRole("button", { name: "Continue to Assay" }).click();
  await page.waitForURL((url) => url.pathname === next);
}

/**
 * Signs in as a person does: the sign-in form, "check your email", the dev mailbox (reloaded until
 * the worker has delivered), the emailed link, "Continue to Assay".
 */
export async function signInThroughMailbox(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  await page.getByRole("link", { name: "dev mailbox" }).click();
  await page.getByRole("heading", { name: "Dev mailbox" }).waitFor();
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByRole("link", { name: "Your Assay sign-in link" }).count();
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
  await page.getByRole("link", { name: "Your Assay sign-in link" }).first().click();
  await page
    .getByRole("link", { name: /\/login\// })
    .first()
    .click();
  await page.getByRole("button", { name: "Continue to Assay" }).click();
}

/** Collects script errors and console errors (CSP violations among them) for a page. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    // A 4xx answer to a deliberately bad request is not a page error.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
  });
  return errors;
}
