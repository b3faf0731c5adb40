// The real HTTP server (Express + the Remix build) on a random local port, over a test database.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createExpressApp } from "../../app/server/express.server";
import { eventually, startTestApp, type TestApp } from "./app";
import { createTestDatabase, usingPostgres } from "./database";

export interface TestServer {
  app: TestApp;
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startTestServer(options: { env?: Record<string, string>; worker?: boolean } = {}): Promise<TestServer> {
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = await startTestApp({ worker: options.worker ?? true, env: { BASE_URL: baseUrl, ...options.env } });
  const build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  handler = createExpressApp(app.ctx, build) as unknown as http.RequestListener;
  return {
    app,
    baseUrl,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.stop();
    },
  };
}

/** A minimal cookie-keeping client that behaves like a browser on our own origin. */
export class WebClient {
  cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      const value = rest.join("=");
      if (!name) continue;
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return response;
  }

  async get(pathname: string, headers: Record<string, string> = {}) {
    return this.keep(await fetch(new URL(pathname, this.baseUrl), { redirect: "manual", headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  async post(pathname: string, form: Record<string, string>, headers: Record<string, string> = { origin: this.baseUrl }) {
    return this.keep(
      await fetch(new URL(pathname, this.baseUrl), {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams(form),
        headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded", ...headers },
      }),
    );
  }
}

/** `npm start` as a real child process (its own pid, signals, exit code), on a port chosen here. */
export interface ChildServer {
  process: ChildProcess;
  baseUrl: string;
  /** Everything it printed, for failure messages. */
  output(): string;
  /** Resident memory of the server process, from /proc (Linux). */
  rss(): number;
  alive(): boolean;
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  exited: Promise<number | string>;
  stop(): Promise<number | string>;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startChildServer(env: Record<string, string>, script = "scripts/server.ts"): Promise<ChildServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // node --import tsx, not the tsx CLI: one process, so its pid, RSS and exit code are the server's own.
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: path.resolve("."),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      BASE_URL: baseUrl,
      LOG_LEVEL: "warn",
      SEED_DEMO: "never",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const server: ChildServer = {
    process: child,
    baseUrl,
    output: () => output,
    alive,
    rss() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
      return kb * 1024;
    },
    exited,
    async stop() {
      if (alive()) child.kill("SIGTERM");
      return exited;
    },
  };
  try {
    await eventually(async () => {
      if (!alive()) throw new Error(`the server exited during start-up:\n${output}`);
      return fetch(`${baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    }, 60_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return server;
}

/**
 * Settings for a child server on a database of its own: a new PostgreSQL database with
 * TEST_DATABASE_URL (dropped by `cleanup`), else a new embedded data folder.
 */
export async function freshDatabaseEnv(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  if (usingPostgres) {
    const database = await createTestDatabase();
    return { env: { DATABASE_URL: database.url! }, cleanup: () => database.close() };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-child-"));
  return { env: { DATA_DIR: dataDir }, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}
