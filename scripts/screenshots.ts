// npm run screenshots: the main pages at 1280 px (desktop) and 390 px (phone) wide, as PNG files in
// docs/screenshots/<name>-desktop.png and -phone.png. Starts the built app in this process on a
// fresh embedded database with the demo data, signs staff in with issued one-time links (the
// route a person takes from the emailed link) and opens the vendor portal with a rotated vendor link.
// Needs a build (`npm run screenshots` builds first) and Chromium (CHROMIUM_PATH, else /usr/bin/chromium).
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { chromium, type Page } from "playwright-core";
import { loadConfig } from "../app/config.server";
import { createExpressApp } from "../app/server/express.server";
import { createLogger } from "../app/server/logger.server";
import { startRuntime } from "../app/server/runtime.server";
import { rotateGrantToken } from "../app/services/access-grants.server";
import { issueLoginToken } from "../app/services/sign-in.server";

const OUT = path.resolve("docs/screenshots");
const WIDTHS = { desktop: 1280, phone: 390 } as const;
/** Long pages are cut here: enough to show the page, not a 15,000-pixel strip. */
const MAX_HEIGHT = { desktop: 2400, phone: 3200 } as const;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-screenshots-"));
const config = loadConfig({
  ...process.env,
  NODE_ENV: "development",
  DATA_DIR: dataDir,
  SEED_DEMO: "auto",
  LOG_LEVEL: "warn",
  PORT: "0",
  BASE_URL: "http://127.0.0.1:0",
});
const runtime = await startRuntime(config, createLogger("warn"), { worker: false });
const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const server = createExpressApp(runtime.ctx, build).listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const db = runtime.ctx.db;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const saved: string[] = [];

async function shoot(page: Page, name: string, url: string) {
  for (const [kind, width] of Object.entries(WIDTHS) as Array<[keyof typeof WIDTHS, number]>) {
    await page.setViewportSize({ width, height: kind === "phone" ? 844 : 800 });
    await page.goto(`${baseUrl}${url}`);
    await page.waitForLoadState("networkidle");
    const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), MAX_HEIGHT[kind]);
    const file = path.join(OUT, `${name}-${kind}.png`);
    await page.screenshot({ path: file, clip: { x: 0, y: 0, width, height }, fullPage: true });
    saved.push(path.relative(process.cwd(), file));
  }
}

async function signIn(page: Page, email: string) {
  const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const token = await db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/login/${token}`);
  await page.getByRole("button", { name: "Continue to Assay" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

async function first<T>(query: Promise<T | undefined>, what: string): Promise<T> {
  const row = await query;
  if (!row) throw new Error(`The demo data has no ${what}.`);
  return row;
}

try {
  fs.mkdirSync(OUT, { recursive: true });
  const context = await browser.newContext();
  const page = await context.newPage();

  await shoot(page, "login", "/login");

  await signIn(page, "procurement@example.com");
  const supplier = await first(db.selectFrom("suppliers").select("id").orderBy("legal_name").executeTakeFirst(), "supplier");
  const component = await first(db.selectFrom("ai_components").select("id").orderBy("name").executeTakeFirst(), "AI component");
  const scored = await first(
    db
      .selectFrom("assessments")
      .select("id")
      .where("status", "in", ["submitted", "in_review", "resubmitted", "decided"])
      .orderBy("created_at")
      .executeTakeFirst(),
    "submitted assessment",
  );
  await shoot(page, "dashboard", "/");
  await shoot(page, "suppliers", "/suppliers");
  await shoot(page, "supplier", `/suppliers/${supplier.id}`);
  await shoot(page, "component", `/components/${component.id}`);
  await shoot(page, "assessments", "/assessments");
  await shoot(page, "assessment", `/assessments/${scored.id}`);
  await shoot(page, "scorecard", `/assessments/${scored.id}/scorecard`);
  await shoot(page, "reviews", "/reviews");
  await shoot(page, "findings", "/findings");
  await shoot(page, "deadlines", "/deadlines");
  await shoot(page, "templates", "/templates");

  await signIn(page, "admin@example.com");
  await shoot(page, "admin-users", "/admin/users");

  // The vendor's side: a fresh link for an open questionnaire's grant, redeemed as the vendor would.
  const grant = await first(
    db
      .selectFrom("access_grants")
      .innerJoin("assessments", "assessments.id", "access_grants.assessment_id")
      .select(["access_grants.id", "access_grants.assessment_id", "access_grants.expires_at"])
      .where("assessments.status", "in", ["sent", "in_progress"])
      .where("access_grants.revoked_at", "is", null)
      .where("access_grants.sections", "is", null)
      .orderBy("assessments.created_at")
      .executeTakeFirst(),
    "open questionnaire with a vendor grant",
  );
  const expiresAt = new Date(Math.max(new Date(grant.expires_at).getTime(), Date.now() + 7 * 86_400_000));
  const token = await db.transaction().execute((trx) => rotateGrantToken(trx, grant.id, expiresAt));
  await context.clearCookies();
  await page.goto(`${baseUrl}/v/${token}`);
  await page.getByRole("button").first().click();
  await page.waitForURL((url) => url.pathname.startsWith("/v/a/"));
  await shoot(page, "vendor-overview", `/v/a/${grant.assessment_id}`);
  const section = await page.locator(`a[href^="/v/a/${grant.assessment_id}/s/"]`).first().getAttribute("href");
  if (section) await shoot(page, "vendor-section", section);

  console.log(`Saved ${saved.length} screenshots:\n  ${saved.join("\n  ")}`);
} finally {
  await browser.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await runtime.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
