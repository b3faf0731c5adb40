import { loadConfig, ConfigError } from "~/config.server";
import { redactPath } from "~/server/logger.server";
import { checkOrigin } from "~/server/origin";
import { bodyLimitFor, ByteLimit, BodyTooLargeError, DEFAULT_BODY_LIMIT } from "~/server/body-limit.server";
import { MAX_EVIDENCE_BYTES } from "~/domain/file-types";
import { MAX_IMPORT_BYTES } from "~/domain/inventory-import/kinds";
import { isConnectionError } from "../../db/connection-failures";
import { isRetryableTransactionError } from "../../db/transaction-retry";
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
    expect(safeNextPath("/admin/users", base)).toBe("/admin/users");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null]) {
      expect(safeNextPath(bad, base)).toBe("/");
    }
  });
  it("judges the path as a browser would resolve it: tabs, newlines and backslashes cannot leave the site", () => {
    for (const bad of [
      "/\t/evil.example/x",
      "/\n/evil.example/x",
      "/\r/evil.example",
      "\t//evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      " //evil.example",
      "http://localhost:3000.evil.example/",
      "https://localhost:3000/",
      "data:text/html,hi",
    ]) {
      const next = safeNextPath(bad, base);
      expect(next, JSON.stringify(bad)).toBe("/");
    }
  });
  it("refuses control characters (a CR/LF must never reach a Location header)", () => {
    for (const bad of ["/a\r\nSet-Cookie: x=1", "/a\u0000b", "/a\u007fb", "/a\u0085b", "/\u2028x"]) expect(safeNextPath(bad, base)).toBe("/");
  });
  it("keeps a same-site path with its query and fragment, normalised", () => {
    expect(safeNextPath("/suppliers?status=active#list", base)).toBe("/suppliers?status=active#list");
    expect(safeNextPath("http://localhost:3000/templates/x", base)).toBe("/templates/x");
    expect(safeNextPath("/a/../admin/users", base)).toBe("/admin/users");
    expect(safeNextPath("/search?q=caf\u00e9 au lait", base)).toBe("/search?q=caf%C3%A9%20au%20lait");
    expect(safeNextPath("/" + "a".repeat(5000), base)).toBe("/");
  });
});

describe("configuration", () => {
  it("has working defaults and a dev mailbox only outside production without SMTP", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, baseUrl: "http://localhost:3000", devMailbox: true, databaseUrl: undefined });
    expect(loadConfig({ SMTP_URL: "smtp://localhost:2525" }).devMailbox).toBe(false);
    expect(loadConfig({ NODE_ENV: "production" }).devMailbox).toBe(false);
  });
  it("takes the number of trusted proxy hops; `true` is one hop", () => {
    expect(loadConfig({}).trustProxyHops).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxyHops).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxyHops).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxyHops).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "0" }).trustProxyHops).toBe(0);
    for (const bad of ["yes", "-1", "1.5", "0x2", "all"]) expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });
  it("refuses to run the dev mailbox on an address other than this machine's, unless told to", () => {
    for (const remote of ["https://assay.example.com", "http://10.0.0.5:3000", "http://0.0.0.0:3000", "http://localhost.evil.example"]) {
      expect(() => loadConfig({ BASE_URL: remote }), remote).toThrow(ConfigError);
      expect(() => loadConfig({ BASE_URL: remote }), remote).toThrow(/dev mailbox.*DEV_MAILBOX=allow-remote/s);
      expect(loadConfig({ BASE_URL: remote, DEV_MAILBOX: "allow-remote" }).devMailbox).toBe(true);
      expect(loadConfig({ BASE_URL: remote, SMTP_URL: "smtp://mail.example.com:587" }).devMailbox).toBe(false);
      expect(loadConfig({ BASE_URL: remote, NODE_ENV: "production" }).devMailbox).toBe(false);
    }
    for (const local of ["http://localhost:3000", "http://127.0.0.1:4000", "http://127.1.2.3", "http://[::1]:3000", "http://assay.localhost:3000"]) {
      expect(loadConfig({ BASE_URL: local }).devMailbox, local).toBe(true);
    }
    expect(() => loadConfig({ DEV_MAILBOX: "yes" })).toThrow(/DEV_MAILBOX/);
  });
  it("names the bad setting", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
  });
});

describe("request body limits", () => {
  it("is small by default and larger only where a route takes files or many fields", () => {
    expect(DEFAULT_BODY_LIMIT).toBe(64 * 1024);
    for (const path of ["/login", "/suppliers/new", "/admin/users", "/v/a/x/submit", "/templates/abc"]) expect(bodyLimitFor(path)).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor("/inventory/csv")).toBeGreaterThan(MAX_IMPORT_BYTES + 64 * 1024);
    expect(bodyLimitFor("/v/a/2b0c1a8e/evidence")).toBeGreaterThan(MAX_EVIDENCE_BYTES + 64 * 1024);
    expect(bodyLimitFor("/templates")).toBeGreaterThan(5 * 1024 * 1024);
    expect(bodyLimitFor("/templates/t/versions/v/edit")).toBe(bodyLimitFor("/templates"));
    expect(bodyLimitFor("/v/a/x/answers")).toBeGreaterThan(256 * 1024);
    expect(bodyLimitFor("/v/a/x/evidence/extra")).toBe(DEFAULT_BODY_LIMIT);
  });

  it("counts a streamed body and fails past the limit, once", async () => {
    let exceeded = 0;
    const counter = new ByteLimit(10, () => (exceeded += 1));
    const chunks: Buffer[] = [];
    counter.on("data", (chunk: Buffer) => chunks.push(chunk));
    const failed = new Promise((resolve) => counter.on("error", resolve));
    counter.write(Buffer.from("12345"));
    counter.write(Buffer.from("67890"));
    counter.write(Buffer.from("x"));
    expect(await failed).toBeInstanceOf(BodyTooLargeError);
    expect(Buffer.concat(chunks).toString()).toBe("1234567890");
    expect(exceeded).toBe(1);
  });
});

describe("database failure classes", () => {
  it("tells a lost connection from an ordinary query error", () => {
    expect(isConnectionError(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
    expect(isConnectionError(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isConnectionError(new Error("Cannot read properties of undefined"))).toBe(false);
  });
  it("retries deadlocks and serialization failures only", () => {
    expect(isRetryableTransactionError({ code: "40P01" })).toBe(true);
    expect(isRetryableTransactionError({ code: "40001" })).toBe(true);
    expect(isRetryableTransactionError(new Error("wrapped", { cause: { code: "40001" } }))).toBe(true);
    expect(isRetryableTransactionError({ code: "23505" })).toBe(false);
  });
});
