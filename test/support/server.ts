// The real HTTP server (Express + the Remix build) on a random local port, over a test database.
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createExpressApp } from "../../app/server/express.server";
import { startTestApp, type TestApp } from "./app";

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
