import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { inspectLoginToken } from "~/services/sign-in.server";
import { createTestDatabase, usingPostgres } from "../support/database";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");

async function command(script: string, args: string[], env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", ...env };
  // vitest sets BASE_URL=/ for Vite; the commands must see only what the test gives them.
  for (const name of ["DATABASE_URL", "BASE_URL", "NODE_ENV", "SMTP_URL"]) delete childEnv[name];
  if (env.DATABASE_URL) childEnv.DATABASE_URL = env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(tsx, [`scripts/${script}`, ...args], { env: childEnv, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("command-line tools", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-cli-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("refuses a second process on a data folder that is in use, without opening it", async () => {
    const holder = await openDatabase({ kind: "pglite", dataDir });
    try {
      await migrateToLatest(holder.db);
      const second = await command("db-migrate.ts", [], { DATA_DIR: dataDir });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`The data folder ${dataDir} is in use by another Assay process`);
      const again = await command("user-create.ts", ["--email", "x@example.com", "--role", "admin"], { DATA_DIR: dataDir });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("is in use by another Assay process");
    } finally {
      await holder.close();
    }
  });

  it("user:create makes a user and prints a working one-time sign-in link; audit:verify checks the chain", async () => {
    const database = usingPostgres ? await createTestDatabase() : null;
    const env: Record<string, string> = database?.url ? { DATABASE_URL: database.url } : { DATA_DIR: dataDir };
    try {
      const bad = await command("user-create.ts", ["--email", "not-an-email", "--role", "wizard"], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("--email: Enter a valid email address");
      expect(bad.stderr).toContain("--role must be one of admin, procurement, risk_owner, viewer");

      const created = await command("user-create.ts", ["--email", "First.Admin@Example.com", "--role", "admin"], env);
      expect(created.stderr).toBe("");
      expect(created.code).toBe(0);
      expect(created.stdout).toContain("Created first.admin@example.com (admin)");
      const token = /\/login\/([A-Za-z0-9_-]{43})/.exec(created.stdout)?.[1];
      expect(token).toBeDefined();

      const verified = await command("audit-verify.ts", [], env);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(/Audit trail intact: \d+ events checked/);

      const handle = database ?? (await openDatabase({ kind: "pglite", dataDir }));
      try {
        expect(await inspectLoginToken(handle.db, token!)).toMatchObject({ state: "valid", user: { email: "first.admin@example.com" } });
      } finally {
        if (!database) await handle.close();
      }
    } finally {
      await database?.close();
    }
  });
});
