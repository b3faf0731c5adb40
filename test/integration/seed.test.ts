import { seedDemoData, shouldAutoSeed } from "../../app/services/demo-seed.server";
import { getInventoryCounts } from "~/services/dashboard.server";
import { verifyAuditTrail } from "~/services/audit.server";
import { createTestDatabase } from "../support/database";

describe("demo seed", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it("fills an empty database once, with the inventory the dashboard counts", async () => {
    expect(await shouldAutoSeed(database.db)).toBe(true);
    const first = await seedDemoData(database.db);
    expect(first).toEqual({ users: 5, suppliers: 6, components: expect.any(Number), systems: 5, dependencies: expect.any(Number) });
    expect(first.components).toBeGreaterThanOrEqual(10);
    expect(await shouldAutoSeed(database.db)).toBe(false);

    const again = await seedDemoData(database.db);
    expect(again).toEqual({ users: 0, suppliers: 0, components: 0, systems: 0, dependencies: 0 });
    const counts = await getInventoryCounts(database.db);
    expect(counts).toEqual({ suppliers: 6, components: first.components, systems: 5, dependencies: first.dependencies });

    const roles = await database.db.selectFrom("users").select("role").execute();
    expect(roles.map((r) => r.role).sort()).toEqual(["admin", "procurement", "risk_owner", "risk_owner", "viewer"]);
    expect(await verifyAuditTrail(database.db)).toMatchObject({ ok: true });
  });
});
