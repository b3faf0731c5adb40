// Deleting the last event(s) used to leave a chain that still verified, and TRUNCATE was allowed.
// The chain is now anchored by audit_head, kept by the database with every append.
import { sql } from "kysely";
import { describeChainCheck } from "~/domain/audit";
import { recordAudit, recordAuditMany, SYSTEM_ACTOR, verifyAuditTrail } from "~/services/audit.server";
import { createTestDatabase } from "../support/database";

describe("the audit trail's anchored end", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const append = (i: number) =>
    database.db
      .transaction()
      .execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: "demo.seed", entityType: "thing", entityId: String(i), details: { i } }));

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it("moves the head with every append, including many rows in one statement", async () => {
    for (let i = 0; i < 3; i++) await append(i);
    await database.db.transaction().execute((trx) =>
      recordAuditMany(
        trx,
        SYSTEM_ACTOR,
        [3, 4, 5].map((i) => ({ action: "demo.seed" as const, entityType: "thing", entityId: String(i), details: { i } })),
      ),
    );
    expect(await verifyAuditTrail(database.db, 4)).toMatchObject({ ok: true, checked: 6 });
    const { rows } = await sql<{ event_count: string }>`SELECT event_count::text AS event_count FROM audit_head`.execute(database.db);
    expect(rows).toEqual([{ event_count: "6" }]);
  });

  it("refuses TRUNCATE of the trail, and any direct change to the head", async () => {
    const { db } = database;
    await expect(sql`TRUNCATE audit_events`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_head SET event_count = 0`.execute(db)).rejects.toThrow(/maintained by the audit trail/);
    await expect(sql`DELETE FROM audit_head`.execute(db)).rejects.toThrow(/maintained by the audit trail/);
    await expect(sql`TRUNCATE audit_head`.execute(db)).rejects.toThrow(/maintained by the audit trail/);
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, checked: 6 });
  });

  it("names a removed tail: the last event deleted with triggers off, as a superuser could", async () => {
    const { db } = database;
    const last = await db.selectFrom("audit_events").select("seq").orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
    // session_replication_role = replica skips ordinary triggers; SET LOCAL keeps it to this transaction.
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`DELETE FROM audit_events WHERE seq = ${last.seq}`.execute(trx);
    });
    const result = await verifyAuditTrail(db);
    expect(result).toMatchObject({ ok: false, reason: "head_mismatch", checked: 5, head: { count: "6", lastSeq: String(last.seq) } });
    expect(describeChainCheck(result)).toMatch(/removed from the end/);
  });

  it("names the break when the trail goes on after the removed tail", async () => {
    await append(99);
    const newest = await database.db.selectFrom("audit_events").select("seq").orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
    // The new event links to the head's hash, the deleted event's: the gap is visible in the chain itself.
    expect(await verifyAuditTrail(database.db)).toMatchObject({ ok: false, reason: "prev_hash", seq: String(newest.seq), checked: 5 });
  });

  it("notices when the head itself is removed (ALTER TABLE ... DISABLE TRIGGER, as a table owner could)", async () => {
    const fresh = await createTestDatabase();
    try {
      await fresh.db.transaction().execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: "demo.seed", entityType: "thing" }));
      await fresh.db.transaction().execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: "demo.seed", entityType: "thing" }));
      await fresh.db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(trx);
        await sql`ALTER TABLE audit_head DISABLE TRIGGER USER`.execute(trx);
        await sql`DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)`.execute(trx);
        await sql`DELETE FROM audit_head`.execute(trx);
        await sql`ALTER TABLE audit_events ENABLE TRIGGER USER`.execute(trx);
        await sql`ALTER TABLE audit_head ENABLE TRIGGER USER`.execute(trx);
      });
      const result = await verifyAuditTrail(fresh.db);
      expect(result).toMatchObject({ ok: false, reason: "head_missing", checked: 1 });
      expect(describeChainCheck(result)).toMatch(/head is missing/);
    } finally {
      await fresh.close();
    }
  });
});
