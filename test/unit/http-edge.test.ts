import { loadConfig, ConfigError } from "~/config.server";
import { redactPath } from "~/server/logger.server";
import { checkOrigin } from "~/server/origin";
import { safeNextPath } from "../../app/http/guard.server";

const base = "http://localhost:3000";
const post = (origin?: string, referer?: string) => ({ method: "POST", origin, referer, host: "localhost:3000", protocol: "http" });

describe("origin check", () => {
  it("lets reads through without an Origin", () => {
    expect(checkOrigin({ ...post(), method: "GET" }, base).ok).toBe(true);
  });
  it("accepts our own origin, from the Origin header or the Referer", () => {
    expect(checkOrigin(post("http://localhost:3000"), base).ok).toBe(true);
    expect(checkOrigin(post(undefined, "http://localhost:3000/login"), base).ok).toBe(true);
  });
  it("refuses a mutation that names no origin, or 'null'", () => {
    expect(checkOrigin(post(), base)).toMatchObject({ ok: false, message: expect.stringContaining("no Origin header") });
    expect(checkOrigin(post("null"), base).ok).toBe(false);
  });
  it("refuses other sites, including look-alikes", () => {
    for (const origin of ["https://evil.example", "http://localhost:3000.evil.example", "http://localhost:3001", "https://localhost:3000"]) {
      expect(checkOrigin(post(origin), base)).toMatchObject({ ok: false, message: expect.stringContaining("another site") });
    }
  });
});

describe("log redaction", () => {
  it("cuts tokens and query strings out of logged paths", () => {
    const token = "6PjV5DQg6W0f8UoLCOgMiNNaVjvHO-rLxFhHgu5U450";
    expect(redactPath(`/login/${token}?next=/admin`)).toBe("/login/[redacted]?[query]");
    expect(redactPath("/suppliers/2b0c1a8e-6f1e-4b7b-9a57-3f0f2a1d9c11")).toBe("/suppliers/2b0c1a8e-6f1e-4b7b-9a57-3f0f2a1d9c11");
  });
});

describe("post-sign-in destination", () => {
  it("allows only paths inside Assay", () => {
    expect(safeNextPath("/admin/users")).toBe("/admin/users");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null]) {
      expect(safeNextPath(bad)).toBe("/");
    }
  });
});

describe("configuration", () => {
  it("has working defaults and a dev mailbox only outside production without SMTP", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, baseUrl: "http://localhost:3000", devMailbox: true, databaseUrl: undefined });
    expect(loadConfig({ SMTP_URL: "smtp://localhost:2525" }).devMailbox).toBe(false);
    expect(loadConfig({ NODE_ENV: "production" }).devMailbox).toBe(false);
  });
  it("names the bad setting", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
  });
});
