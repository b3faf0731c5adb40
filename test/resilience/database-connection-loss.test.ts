// PostgreSQL drops the server's connections (restart, failover, an operator's pg_terminate_backend)
// while requests run: the process must live on, answer the unlucky requests with a retryable 503,
// and serve the next ones; while the database is unreachable /healthz says so, and it recovers by itself.
import pg from "pg";
import { eventually } from "../support/app";
import { createTestDatabase, usingPostgres } from "../support/database";
import { startChildServer, type ChildServer } from "../support/server";

const USERS = 60;

describe.skipIf(!usingPostgres)("a dropped database connection (PostgreSQL)", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ChildServer;
  let admin: pg.Client;
  let databaseName: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    databaseName = new URL(database.url!).pathname.slice(1);
    // Real accounts, so each sign-in request runs a transaction (token, email, queued job).
    for (let i = 0; i < USERS; i++) {
      await database.db
        .insertInto("users")
        .values({ email: `user${i}@example.com`, name: `User ${i}`, role: "viewer" })
        .execute();
    }
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    server = await startChildServer({ DATABASE_URL: database.url!, TRUST_PROXY: "true" });
  });

  afterAll(async () => {
    await admin?.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`).catch(() => {});
    await server?.stop();
    await admin?.end();
    await database?.close().catch(() => {});
  });

  let request = 0;
  const signIn = (email: string) =>
    fetch(`${server.baseUrl}/login?index`, {
      method: "POST",
      body: new URLSearchParams({ email }),
      headers: {
        origin: server.baseUrl,
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": `10.0.${Math.floor(++request / 250)}.${request % 250}`,
      },
    });

  const terminateBackends = () =>
    admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [databaseName]);

  it("survives its backends being terminated mid-request, answers 503 + Retry-After to the requests that lost them, then serves the next", async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      // Round 0 cuts once, early; round 1 once, a little later; round 2 keeps cutting until the burst is over.
      let running = true;
      const killer = (async () => {
        await new Promise((resolve) => setTimeout(resolve, round * 25));
        do {
          await terminateBackends();
          await new Promise((resolve) => setTimeout(resolve, 40));
        } while (running && round === 2);
      })();
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          signIn(`user${round * 20 + i}@example.com`).then(
            async (r) => ({ status: r.status, retryAfter: r.headers.get("retry-after"), body: await r.text() }),
            (error: unknown) => ({ status: 0, retryAfter: null, body: String(error) }),
          ),
        ),
      );
      running = false;
      await killer;
      for (const response of responses) {
        statuses.push(response.status);
        // Either it worked, or it got the designed, retryable answer: never a 500, never a dropped connection.
        expect([200, 503], `${response.status}: ${response.body.slice(0, 200)}\n${server.output().slice(-2000)}`).toContain(response.status);
        if (response.status === 503) expect(response.retryAfter).toMatch(/^\d+$/);
      }
      expect(server.alive(), server.output().slice(-4000)).toBe(true);
    }
    expect(statuses).toHaveLength(60);

    // The next requests are served on fresh connections.
    const after = await eventually(async () => {
      const response = await signIn("user0@example.com");
      return response.status === 200 ? response : null;
    }, 30_000);
    expect(await after.text()).toContain("user0@example.com");
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect(server.alive()).toBe(true);
  });

  it("reports the database unreachable on /healthz and answers 503 while it is, then recovers by itself", async () => {
    await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`);
    await terminateBackends();

    const health = await eventually(async () => {
      const response = await fetch(`${server.baseUrl}/healthz`);
      return response.status === 503 ? response : null;
    }, 30_000);
    expect(await health.json()).toMatchObject({ status: "unavailable", databaseState: "unreachable" });
    const refused = await signIn("user1@example.com");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.text()).toContain("cannot reach its database");
    expect(server.alive()).toBe(true);

    await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`);
    await eventually(async () => (await fetch(`${server.baseUrl}/healthz`)).status === 200, 30_000);
    expect((await signIn("user2@example.com")).status).toBe(200);
    expect(server.alive()).toBe(true);
  });
});
