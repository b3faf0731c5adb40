import { sql } from "kysely";
import type { DatabaseHandle } from "../../db/connection";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { graphInventoryVersion, loadDependencyGraph, loadGraphCached } from "../../app/services/graph.server";
import { createTestDatabase } from "../support/database";

// The graph page's reads are cached per inventory version (migration 0017); each change that shows on
// the graph moves the version, so the next page view reads again, filtered by system or supplier in SQL.
describe("the dependency graph cache and its filtered queries", () => {
  let handle: DatabaseHandle;
  const db = () => handle.db;
  const idOf = async (table: "ai_systems" | "suppliers" | "ai_components", name: string) =>
    (await db().selectFrom(table).select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemoData(handle.db);
  });
  afterAll(async () => handle?.close());

  it("filters by system and by supplier in SQL: only that system's or that supplier's dependencies", async () => {
    const system = await idOf("ai_systems", "Internal Code Assistant");
    const bySystem = await loadDependencyGraph(db(), { kind: "system", id: system });
    expect(bySystem.rows.length).toBeGreaterThan(0);
    expect(new Set(bySystem.rows.map((r) => r.systemId))).toEqual(new Set([system]));
    expect(bySystem.counts.systems).toBe(1);
    expect(bySystem.counts.dependencies).toBe(bySystem.rows.length);

    const supplier = await idOf("suppliers", "Parolex Speech");
    const bySupplier = await loadDependencyGraph(db(), { kind: "supplier", id: supplier });
    expect(bySupplier.rows.length).toBeGreaterThan(0);
    expect(new Set(bySupplier.rows.map((r) => r.supplierId))).toEqual(new Set([supplier]));
    const all = await loadDependencyGraph(db(), null);
    expect(all.rows.length).toBeGreaterThan(bySupplier.rows.length);
  });

  it("answers from the cache until the inventory changes, then reads again", async () => {
    const system = await idOf("ai_systems", "Internal Code Assistant");
    const filter = { kind: "system" as const, id: system };
    const first = await loadGraphCached(db(), filter, filter);
    const again = await loadGraphCached(db(), filter, filter);
    expect(again.version).toBe(first.version);
    expect(again.graph).toBe(first.graph); // the same object: not read again

    // A rename shows on the graph: the version moves and the next view has the new name.
    await db().updateTable("ai_systems").set({ name: "Internal Code Assistant (renamed)" }).where("id", "=", system).execute();
    const renamed = await loadGraphCached(db(), filter, filter);
    expect(renamed.version).not.toBe(first.version);
    expect(renamed.graph.rows[0]!.systemName).toBe("Internal Code Assistant (renamed)");

    // A dependency removed: fewer rows on the next view.
    const before = renamed.graph.rows.length;
    await db()
      .deleteFrom("ai_system_dependencies")
      .where("ai_system_id", "=", system)
      .where("ai_component_id", "=", renamed.graph.rows[0]!.componentId)
      .execute();
    expect((await loadGraphCached(db(), filter, filter)).graph.rows.length).toBe(before - 1);

    // Archiving the supplier of a drawn component removes its dependencies from the unfiltered graph.
    const all = await loadGraphCached(db(), null, null);
    const supplierId = all.graph.rows[0]!.supplierId;
    await db().updateTable("suppliers").set({ archived_at: new Date() }).where("id", "=", supplierId).execute();
    const afterArchive = await loadGraphCached(db(), null, null);
    expect(afterArchive.graph.rows.some((r) => r.supplierId === supplierId)).toBe(false);
    expect(afterArchive.options.suppliers.some((s) => s.id === supplierId)).toBe(false);
  });

  it("does not move the version for writes the graph does not show", async () => {
    const version = await graphInventoryVersion(db());
    await db().insertInto("suppliers").values({ name: "Unlinked Supplier", status: "active" }).execute();
    await db().updateTable("suppliers").set({ status: "active" }).where("name", "=", "Unlinked Supplier").execute();
    expect(await graphInventoryVersion(db())).toBe(version);
    // A write that rolls back leaves it too.
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`UPDATE ai_systems SET name = name`.execute(trx);
        throw new Error("roll back");
      })
      .catch(() => {});
    expect(await graphInventoryVersion(db())).toBe(version);
  });
});
