// SIGTERM used to close the database under requests still running. Now the server stops taking
// connections, lets requests in flight finish, then stops the workers and the database, and exits 0.
import http from "node:http";
import { eventually } from "../support/app";
import { freshDatabaseEnv, startChildServer, type ChildServer } from "../support/server";

describe("graceful shutdown", () => {
  let server: ChildServer;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const database = await freshDatabaseEnv();
    cleanup = database.cleanup;
    server = await startChildServer(database.env);
  });
  afterAll(async () => {
    if (server?.alive()) server.process.kill("SIGKILL");
    await cleanup?.();
  });

  it("finishes a request in flight when SIGTERM arrives mid-request, refuses new connections meanwhile, and exits 0", async () => {
    const body = "email=slow.client%40example.com";
    // The client is slow: it sends its headers, and the rest of the body only after SIGTERM.
    // "Expect: 100-continue" tells us when the server has taken the request into its handler.
    const request = http.request(`${server.baseUrl}/login?index`, {
      method: "POST",
      headers: {
        origin: server.baseUrl,
        "content-type": "application/x-www-form-urlencoded",
        "content-length": Buffer.byteLength(body),
        expect: "100-continue",
      },
    });
    const response = new Promise<{ status: number; text: string; complete: boolean }>((resolve, reject) => {
      request.on("response", (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text, complete: res.complete }));
        res.on("error", reject);
      });
      request.on("error", reject);
    });
    await new Promise<void>((resolve) => request.once("continue", resolve));

    server.process.kill("SIGTERM");
    // No new connections once shutdown has begun.
    await eventually(
      () =>
        fetch(`${server.baseUrl}/healthz`).then(
          () => false,
          (error: { cause?: { code?: string } }) => error.cause?.code === "ECONNREFUSED",
        ),
      10_000,
    );
    expect(server.alive()).toBe(true);

    request.end(body);
    const result = await response;
    expect(result.status).toBe(200);
    expect(result.complete).toBe(true);
    expect(result.text).toContain("slow.client@example.com");
    expect(result.text).toContain("</html>");

    expect(await server.exited).toBe(0);
  });
});
