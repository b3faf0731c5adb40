// A body without Content-Length used to be read whole (a 200 MB chunked POST to /login took the
// server to 2.85 GB). The limit is now enforced while the body streams in, whatever its framing.
import http from "node:http";
import { freshDatabaseEnv, startChildServer, type ChildServer } from "../support/server";

const MB = 1024 * 1024;

/** POSTs `total` bytes with chunked framing (no Content-Length), stopping as soon as the server answers. */
function streamChunkedPost(
  baseUrl: string,
  pathname: string,
  total: number,
): Promise<{ status: number; body: string; connection: string | undefined; sent: number }> {
  const url = new URL(pathname, baseUrl);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request(url, {
      method: "POST",
      headers: { origin: baseUrl, "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
    });
    request.on("response", (response) => {
      answered = true;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, connection: response.headers.connection, sent }));
      response.on("error", reject);
    });
    // After the answer the server closes the connection; a write failing then is expected.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    request.write("email=");
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once("drain", pump);
          return;
        }
      }
      if (!answered) request.end();
    };
    pump();
  });
}

describe("request body limits, enforced while streaming", () => {
  let server: ChildServer;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const database = await freshDatabaseEnv();
    cleanup = database.cleanup;
    server = await startChildServer(database.env);
  });
  afterAll(async () => {
    await server?.stop();
    await cleanup?.();
  });

  it("answers a 200 MB chunked POST to /login with 413 and closes the connection, without the server's memory following the body", async () => {
    const before = server.rss();
    let peak = before;
    const sampler = setInterval(() => {
      if (server.alive()) peak = Math.max(peak, server.rss());
    }, 20);
    try {
      const result = await streamChunkedPost(server.baseUrl, "/login?index", 200 * MB);
      expect(result.status).toBe(413);
      expect(result.body).toContain("This request is too large");
      expect(result.connection).toBe("close");
      // The server stopped reading long before the end of the body.
      expect(result.sent).toBeLessThan(200 * MB);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, server.rss());
    expect(peak - before, `RSS grew from ${before} to ${peak}`).toBeLessThan(100 * MB);
    expect(server.alive()).toBe(true);
  });

  it("still takes a normal-size form post, chunked or not", async () => {
    const plain = await fetch(`${server.baseUrl}/login?index`, {
      method: "POST",
      body: new URLSearchParams({ email: "someone@example.com" }),
      headers: { origin: server.baseUrl },
    });
    expect(plain.status).toBe(200);
    expect(await plain.text()).toContain("someone@example.com");

    const chunked = await fetch(`${server.baseUrl}/login?index`, {
      method: "POST",
      // A stream body has no Content-Length: fetch sends it chunked.
      body: new Blob(["email=other%40example.com"]).stream(),
      duplex: "half",
      headers: { origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded" },
    } as RequestInit);
    expect(chunked.status).toBe(200);
    expect(await chunked.text()).toContain("other@example.com");
  });

  it("refuses a declared Content-Length over the limit before reading it", async () => {
    const response = await fetch(`${server.baseUrl}/login?index`, {
      method: "POST",
      body: new URLSearchParams({ email: "a".repeat(200 * 1024) }),
      headers: { origin: server.baseUrl },
    });
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
  });
});
