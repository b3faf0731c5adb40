import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit, SYSTEM_ACTOR, verifyAuditTrail } from "~/services/audit.server";
import { createTestDatabase } from "../support/database";

/** `count` events, each in its own transaction as the services write them; entity ids "0", "1", … */
async function recordEvents(db: Kysely<Database>, count: number) {
  for (let i = 0; i < count; i++) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, SYSTEM_ACTOR, {
        action: "demo.seed",
        entityType: "thing",
        entityId: String(i),
        details: { i, nested: { z: 1, a: [1, 2] }, text: "naïve ✓" },
      }),
    );
  }
}

async function eventCount(db: Kysely<Database>) {
  const row = await db.selectFrom("audit_events").select(db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

// Each test gets its own database and writes the events it needs, so the tests pass alone and in any order
// (one of them tampers with the trail on purpose).
describe("audit trail on a real database", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => database?.close());

  it("chains events written in transactions and verifies them, paging through the trail", async () => {
    const { db } = database;
    await recordEvents(db, 25);
    const result = await verifyAuditTrail(db, 7);
    expect(result).toMatchObject({ ok: true, checked: 25 });
  });

  it("writes nothing when the change it records rolls back", async () => {
    const { db } = database;
    await recordEvents(db, 2);
    await expect(
      db.transaction().execute(async (trx) => {
        await recordAudit(trx, SYSTEM_ACTOR, { action: "demo.seed", entityType: "thing" });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await eventCount(db)).toBe(2);
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, checked: 2 });
  });

  it("refuses to record outside a transaction", async () => {
    await expect(recordAudit(database.db as never, SYSTEM_ACTOR, { action: "demo.seed", entityType: "y" })).rejects.toThrow(/inside the transaction/);
    expect(await eventCount(database.db)).toBe(0);
  });

  it("is append-only: the database refuses updates and deletes", async () => {
    const { db } = database;
    await recordEvents(db, 3);
    await expect(sql`UPDATE audit_events SET action = 'forged'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events`.execute(db)).rejects.toThrow(/append-only/);
    expect(await eventCount(db)).toBe(3);
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, checked: 3 });
  });

  it("names the first tampered event", async () => {
    const { db } = database;
    await recordEvents(db, 25);
    const victim = await db.selectFrom("audit_events").select("seq").where("entity_id", "=", "10").executeTakeFirstOrThrow();
    // Simulate someone with raw database access bypassing the trigger.
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`.execute(db);
    await sql`UPDATE audit_events SET details = '{"i": 999}'::jsonb WHERE seq = ${victim.seq}`.execute(db);
    await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`.execute(db);
    const result = await verifyAuditTrail(db, 4);
    expect(result).toMatchObject({ ok: false, seq: String(victim.seq), reason: "hash" });
  });
});
