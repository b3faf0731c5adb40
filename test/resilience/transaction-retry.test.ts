// Deadlocks (40P01) and serialization failures (40001) are retried for every transaction, in one
// place: the Kysely instance from db/connection.ts. Here through that instance, on real locks.
import { sql } from "kysely";
import { openDatabase, type DatabaseHandle } from "../../db/connection";
import { createTestDatabase, usingPostgres } from "../support/database";

function latch() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("transactions retried on deadlock and serialization failure", () => {
  let created: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: DatabaseHandle;
  const warnings: Array<{ details: Record<string, unknown>; message: string }> = [];

  beforeAll(async () => {
    created = await createTestDatabase();
    // The application's own factory (as the server opens it), with its warnings captured.
    database = created.url
      ? await openDatabase({ kind: "postgres", url: created.url, poolSize: 4 }, { log: { warn: (details, message) => warnings.push({ details, message }) } })
      : created;
    await sql`CREATE TABLE retry_counters (id int PRIMARY KEY, hits int NOT NULL)`.execute(database.db);
    await sql`INSERT INTO retry_counters VALUES (1, 0), (2, 0)`.execute(database.db);
  });
  afterAll(async () => {
    if (database !== created) await database?.close();
    await created?.close();
  });

  it("runs the whole callback again when it fails with a retryable SQLSTATE, and gives up on others", async () => {
    let attempts = 0;
    const result = await database.db.transaction().execute(async (trx) => {
      attempts += 1;
      await sql`UPDATE retry_counters SET hits = hits + 1 WHERE id = 1`.execute(trx);
      if (attempts < 3) throw Object.assign(new Error("could not serialize access"), { code: "40001" });
      return "done";
    });
    expect(result).toBe("done");
    expect(attempts).toBe(3);
    // The failed attempts rolled back: one increment.
    const row = await database.db
      .selectFrom("retry_counters" as never)
      .select(sql<number>`hits`.as("hits"))
      .where(sql`id`, "=", 1)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ hits: 1 });

    let other = 0;
    await expect(
      database.db.transaction().execute(async () => {
        other += 1;
        throw Object.assign(new Error("duplicate key"), { code: "23505" });
      }),
    ).rejects.toThrow("duplicate key");
    expect(other).toBe(1);

    let forever = 0;
    await expect(
      database.db
        .transaction()
        .setIsolationLevel("serializable")
        .execute(async () => {
          forever += 1;
          throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
        }),
    ).rejects.toThrow("deadlock detected");
    expect(forever).toBe(4); // the first attempt and three retries
  });

  it.skipIf(!usingPostgres)("survives a real deadlock: two transactions locking two rows in opposite order both complete", async () => {
    warnings.length = 0;
    const firstLocked = latch();
    const secondLocked = latch();
    const attempts = { a: 0, b: 0 };
    const cross = (name: "a" | "b", mine: number, theirs: number, iHold: () => void, theyHold: Promise<void>) =>
      database.db.transaction().execute(async (trx) => {
        attempts[name] += 1;
        await sql`UPDATE retry_counters SET hits = hits + 1 WHERE id = ${mine}`.execute(trx);
        if (attempts[name] === 1) {
          iHold();
          await theyHold;
        }
        await sql`UPDATE retry_counters SET hits = hits + 1 WHERE id = ${theirs}`.execute(trx);
        return name;
      });
    const before = await sql<{ id: number; hits: number }>`SELECT id, hits FROM retry_counters ORDER BY id`.execute(database.db);
    const results = await Promise.all([cross("a", 1, 2, firstLocked.open, secondLocked.opened), cross("b", 2, 1, secondLocked.open, firstLocked.opened)]);
    expect(results).toEqual(["a", "b"]);
    // PostgreSQL aborted one of them as the deadlock victim; it ran again and committed.
    expect(attempts.a + attempts.b).toBe(3);
    const after = await sql<{ id: number; hits: number }>`SELECT id, hits FROM retry_counters ORDER BY id`.execute(database.db);
    expect(after.rows.map((r) => r.hits)).toEqual(before.rows.map((r) => r.hits + 2));
    expect(warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining("deadlock"), details: expect.objectContaining({ code: "40P01", attempt: 1 }) }),
    ]);
  });

  it.skipIf(!usingPostgres)("survives a real serialization failure under SERIALIZABLE (setIsolationLevel(...).execute)", async () => {
    warnings.length = 0;
    await sql`CREATE TABLE retry_shifts (doctor text NOT NULL, on_call boolean NOT NULL)`.execute(database.db);
    await sql`INSERT INTO retry_shifts VALUES ('alice', true), ('bob', true)`.execute(database.db);
    const aliceRead = latch();
    const bobRead = latch();
    const attempts = { alice: 0, bob: 0 };
    // Write skew: each reads who is on call, then takes themselves off if someone else still is.
    const goOff = (name: "alice" | "bob", iRead: () => void, theyRead: Promise<void>) =>
      database.db
        .transaction()
        .setIsolationLevel("serializable")
        .execute(async (trx) => {
          attempts[name] += 1;
          const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM retry_shifts WHERE on_call`.execute(trx);
          if (attempts[name] === 1) {
            iRead();
            await theyRead;
          }
          if (Number(rows[0]!.n) > 1) await sql`UPDATE retry_shifts SET on_call = false WHERE doctor = ${name}`.execute(trx);
        });
    await Promise.all([goOff("alice", aliceRead.open, bobRead.opened), goOff("bob", bobRead.open, aliceRead.opened)]);
    // At least one was aborted and ran again (PostgreSQL may abort both, so not an exact count).
    expect(attempts.alice + attempts.bob).toBeGreaterThanOrEqual(3);
    // Run one after the other, as the retry makes them: exactly one doctor stays on call.
    const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM retry_shifts WHERE on_call`.execute(database.db);
    expect(rows[0]!.n).toBe("1");
    expect(warnings.length).toBe(attempts.alice + attempts.bob - 2);
    for (const warning of warnings) expect(warning.details).toMatchObject({ code: "40001" });
  });
});
