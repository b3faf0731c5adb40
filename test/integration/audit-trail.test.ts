import { sql } from "kysely";
import { recordAudit, SYSTEM_ACTOR, verifyAuditTrail } from "~/services/audit.server";
import { createTestDatabase } from "../support/database";

describe("audit trail on a real database", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it("chains events written in transactions and verifies them, paging through the trail", async () => {
    const { db } = database;
    for (let i = 0; i < 25; i++) {
      await db.transaction().execute((trx) =>
        recordAudit(trx, SYSTEM_ACTOR, { action: "demo.seed", entityType: "thing", entityId: String(i), details: { i, nested: { z: 1, a: [1, 2] }, text: "naïve ✓" } }),
      );
    }
    const result = await verifyAuditTrail(db, 7);
    expect(result).toMatchObject({ ok: true, checked: 25 });
  });

  it("writes nothing when the change it records rolls back", async () => {
    const { db } = database;
    const before = await db.selectFrom("audit_events").select(db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    await expect(
      db.transaction().execute(async (trx) => {
        await recordAudit(trx, SYSTEM_ACTOR, { action: "demo.seed", entityType: "thing" });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    const after = await db.selectFrom("audit_events").select(db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("refuses to record outside a transaction", async () => {
    await expect(recordAudit(database.db as never, SYSTEM_ACTOR, { action: "demo.seed", entityType: "y" })).rejects.toThrow(/inside the transaction/);
  });

  it("is append-only: the database refuses updates and deletes", async () => {
    await expect(sql`UPDATE audit_events SET action = 'forged'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it("names the first tampered event", async () => {
    const { db } = database;
    const victim = await db.selectFrom("audit_events").select("seq").where("entity_id", "=", "10").executeTakeFirstOrThrow();
    // Simulate someone with raw database access bypassing the trigger.
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`.execute(db);
    await sql`UPDATE audit_events SET details = '{"i": 999}'::jsonb WHERE seq = ${victim.seq}`.execute(db);
    await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`.execute(db);
    const result = await verifyAuditTrail(db, 4);
    expect(result).toMatchObject({ ok: false, seq: String(victim.seq), reason: "hash" });
  });
});
