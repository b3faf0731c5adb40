// A 50,000-row CSV import used to apply in one transaction: on the embedded database that holds the
// only connection for ~10 s, and /healthz waited up to 9 s. It now applies in batches, each its own
// transaction, and is all-or-nothing by compensation: a failing batch undoes the earlier ones, and
// an import a dead process left half-applied is undone from its undo log (decision 0011).
import diagnostics_channel from "node:diagnostics_channel";
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database } from "../../db/schema";
import { planImport } from "~/domain/import/pipeline";
import { adapterFor, CSV_COLUMNS } from "~/domain/inventory-import/adapters";
import { seedDemoData } from "~/services/demo-seed.server";
import { verifyAuditTrail } from "~/services/audit.server";
import { exportCsvText } from "~/services/inventory-export.server";
import { applyImport, checkCsvText, IMPORT_APPLY_CHANNEL, previewImport, type Importer } from "~/services/inventory-import.server";
import { recoverStalledImports } from "~/services/inventory-import/recovery.server";
import { storeFor } from "~/services/inventory-import/stores.server";
import { writeBatch } from "~/services/inventory-import/write.server";
import { startTestServer, type TestServer, type WebClient } from "../support/server";
import { signIn } from "../support/sign-in";

const HEADER = CSV_COLUMNS.suppliers.join(",");
const readable = (html: string) => html.replace(/<!-- -->/g, "");
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];
const newRow = (prefix: string, i: number) => `${prefix}-${i},${prefix} supplier ${i},${prefix} ${i} Ltd,https://s${i}.example,GB,active,,Row ${i}`;

interface ApplyMessage {
  importId: string;
  phase: "start" | "batch" | "rollback" | "end";
  done: number;
  total: number;
}

async function count(db: Kysely<Database>, prefix: string): Promise<number> {
  const row = await db.selectFrom("suppliers").select(db.fn.countAll<string>().as("n")).where("external_id", "like", `${prefix}-%`).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every supplier column, updated_at included: an undone update must give back exactly what was there. */
const allSuppliers = (db: Kysely<Database>) =>
  db
    .selectFrom("suppliers")
    .select([
      "id",
      "external_id",
      "name",
      "legal_name",
      "website",
      "country",
      "status",
      "procurement_owner_id",
      "notes",
      sql<string>`updated_at::text`.as("updated"),
      "archived_at",
    ])
    .orderBy("id")
    .execute();

describe("a large CSV import applied in batches", () => {
  let server: TestServer;
  let db: Kysely<Database>;
  let procurement: WebClient;
  let importer: Importer;

  beforeAll(async () => {
    server = await startTestServer();
    db = server.app.ctx.db;
    await seedDemoData(db);
    procurement = await signIn(server, "procurement@example.com");
    importer = await db.selectFrom("users").select(["id", "email", "role"]).where("email", "=", "procurement@example.com").executeTakeFirstOrThrow();
  });
  afterAll(async () => server?.stop());

  function cookie(client: WebClient) {
    return [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  it("keeps answering /healthz while it applies 50,000 rows, and applies them all", async () => {
    const csv = `${HEADER}\n${Array.from({ length: 50_000 }, (_, i) => newRow("BIG", i)).join("\n")}\n`;
    const form = new FormData();
    form.set("intent", "preview");
    form.set("kind", "suppliers");
    form.set("file", new Blob([csv], { type: "text/csv" }), "big.csv");
    const previewed = await fetch(new URL("/inventory/csv", server.baseUrl), {
      method: "POST",
      body: form,
      headers: { origin: server.baseUrl, cookie: cookie(procurement) },
    });
    const preview = readable(await previewed.text());
    expect(previewed.status).toBe(200);
    expect(preview).toContain("<dt>To create</dt><dd>50000</dd>");

    // Only health checks asked after the apply started and answered before its last batch committed
    // count: were all rows written in one transaction, none could be (it holds the only connection).
    let applying = false;
    const phases: string[] = [];
    const onApply = (message: unknown) => {
      const { phase, done, total } = message as ApplyMessage;
      phases.push(phase);
      if (phase === "start") applying = true;
      if (phase === "end" || (phase === "batch" && done === total)) applying = false;
    };
    diagnostics_channel.subscribe(IMPORT_APPLY_CHANNEL, onApply);
    try {
      let answered = false;
      const pending = procurement
        .post("/inventory/csv", { intent: "apply", importId: hidden(preview, "importId")!, digest: hidden(preview, "digest")! })
        .then(async (r) => ({ status: r.status, html: readable(await r.text()) }))
        .finally(() => {
          answered = true;
        });
      const duringApply: number[] = [];
      const latencies: number[] = [];
      while (!answered) {
        const askedWhileApplying = applying;
        const started = performance.now();
        const response = await fetch(`${server.baseUrl}/healthz`);
        await response.arrayBuffer();
        if (askedWhileApplying && applying) {
          duringApply.push(response.status);
          latencies.push(performance.now() - started);
        }
        if (!applying) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const { status, html } = await pending;
      expect(status).toBe(200);
      expect(html).toContain("50000 created, 0 updated");
      expect(phases.filter((p) => p === "batch")).toHaveLength(50);
      expect(duringApply.length).toBeGreaterThan(0);
      expect(duringApply.every((s) => s === 200)).toBe(true);
      console.info(`healthz during apply: ${duringApply.length} answers, slowest ${Math.round(Math.max(...latencies))} ms`);
    } finally {
      diagnostics_channel.unsubscribe(IMPORT_APPLY_CHANNEL, onApply);
    }
    expect(await count(db, "BIG")).toBe(50_000);
    const events = await db
      .selectFrom("audit_events")
      .select(db.fn.countAll<string>().as("n"))
      .where("action", "=", "supplier.import_create")
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBeGreaterThanOrEqual(50_000);
    expect(await db.selectFrom("csv_import_undo").select("seq").limit(1).execute()).toEqual([]);
    expect(
      await db.selectFrom("csv_imports").select(["state", "rows_done"]).where("state", "=", "applied").orderBy("created_at", "desc").executeTakeFirst(),
    ).toEqual({
      state: "applied",
      rows_done: 50_000,
    });
  }, 240_000);

  it("undoes the earlier batches when a later one fails: nothing imported, updated rows as they were", async () => {
    const exported = (await exportCsvText(db, "suppliers")).replace("\uFEFF", "").split("\r\n");
    const updates = exported.filter((l) => /^SUP-00\d,/.test(l) && l.includes(",active,")).map((l) => l.replace(",active,", ",offboarding,"));
    expect(updates.length).toBeGreaterThan(0);
    const creates = Array.from({ length: 4_000 }, (_, i) => newRow("UNDO", i));
    const csv = `${HEADER}\n${[...updates, ...creates].join("\n")}\n`;
    const preview = await previewImport(server.app.ctx, importer, { kind: "suppliers", fileName: "undo.csv", bytes: new TextEncoder().encode(csv) });
    if (preview.status !== "ready") throw new Error(JSON.stringify(preview));
    const before = await allSuppliers(db);
    const auditBefore = Number((await db.selectFrom("audit_events").select(db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

    // When batch 2 has committed, someone else creates a supplier with the name of a row of the last batch.
    let rival: Promise<unknown> | null = null;
    const seen: ApplyMessage[] = [];
    const onApply = (message: unknown) => {
      const m = message as ApplyMessage;
      seen.push(m);
      if (m.phase === "batch" && m.done === 2_000 && !rival) {
        rival = db.insertInto("suppliers").values({ name: "UNDO supplier 3999", status: "active" }).execute();
      }
    };
    diagnostics_channel.subscribe(IMPORT_APPLY_CHANNEL, onApply);
    let outcome;
    try {
      outcome = await applyImport(server.app.ctx, importer, { importId: preview.importId, digest: preview.digest });
    } finally {
      diagnostics_channel.unsubscribe(IMPORT_APPLY_CHANNEL, onApply);
    }
    await rival;
    expect(outcome).toMatchObject({ status: "rejected", httpStatus: 409 });
    const message = (outcome as { message: string }).message;
    expect(message).toContain("nothing was imported");
    expect(message).toMatch(/\(row \d+: The name “undo supplier 3999” \(ignoring case\) is already used by “UNDO supplier 3999”/);
    // Batches 1 and 2 committed (on PostgreSQL, where the rival writes on its own connection, maybe
    // one or two more before its write lands), never the last one (5 of them), then the undo ran.
    const phases = seen.map((m) => m.phase);
    expect(phases[0]).toBe("start");
    expect(phases.slice(-2)).toEqual(["rollback", "end"]);
    expect(phases.filter((p) => p === "batch").length).toBeGreaterThanOrEqual(2);
    expect(phases.filter((p) => p === "batch").length).toBeLessThanOrEqual(4);

    // Nothing of the file remains; the updated suppliers have their old values, updated_at included.
    expect(await count(db, "UNDO")).toBe(0);
    const after = (await allSuppliers(db)).filter((s) => s.name !== "UNDO supplier 3999");
    expect(after).toEqual(before);
    const stored = await db.selectFrom("csv_imports").select(["state", "failure"]).where("id", "=", preview.importId).executeTakeFirstOrThrow();
    expect(stored.state).toBe("failed");
    expect(stored.failure).toContain("UNDO supplier 3999");
    expect(await db.selectFrom("csv_import_undo").select("seq").where("import_id", "=", preview.importId).execute()).toEqual([]);

    // The trail keeps the events of the undone rows (append-only) and says they were undone.
    const events = await db.selectFrom("audit_events").select(["action", "details"]).where("seq", ">", String(auditBefore)).orderBy("seq").execute();
    const rolledBack = events.filter((e) => e.action === "inventory.csv_import_rolled_back");
    expect(rolledBack).toHaveLength(1);
    expect(rolledBack[0]!.details).toMatchObject({ kind: "suppliers", fileName: "undo.csv", restored: updates.length });
    expect(events.filter((e) => e.action === "inventory.csv_import")).toHaveLength(0);
    expect(events.filter((e) => e.action === "supplier.import_update")).toHaveLength(updates.length);
    expect((await verifyAuditTrail(db)).ok).toBe(true);

    // Applying it again is refused with the reason; a new upload is the way on.
    const again = await applyImport(server.app.ctx, importer, { importId: preview.importId, digest: preview.digest });
    expect(again).toMatchObject({ status: "rejected", httpStatus: 409 });
    expect((again as { message: string }).message).toContain("nothing was imported");
  });

  it("undoes an import a dead process left half-applied, from its undo log", async () => {
    const exported = (await exportCsvText(db, "suppliers")).replace("\uFEFF", "").split("\r\n");
    const update = exported.find((l) => l.startsWith("SUP-002,"))!.replace(/,Row \d+$|,[^,]*$/, ",Changed by a crashed import");
    const csv = `${HEADER}\n${[update, ...Array.from({ length: 2_500 }, (_, i) => newRow("CRASH", i))].join("\n")}\n`;
    const preview = await previewImport(server.app.ctx, importer, { kind: "suppliers", fileName: "crash.csv", bytes: new TextEncoder().encode(csv) });
    if (preview.status !== "ready") throw new Error(JSON.stringify(preview));
    const before = await allSuppliers(db);

    // As the apply would: mark it applying, then write two batches of 1,000, each in its transaction,
    // with their undo log and audit events. Then the process "dies": nothing more happens.
    const read = await checkCsvText("suppliers", csv);
    const store = storeFor("suppliers");
    const plan = planImport(
      adapterFor("suppliers"),
      read.rows,
      await store.loadWorld(
        db,
        read.rows.map((r) => r.record),
      ),
      importer,
    );
    const changed = plan.items.filter((i) => i.action !== "unchanged");
    expect(changed[0]!.action).toBe("update");
    await db
      .updateTable("csv_imports")
      .set({ state: "applying", heartbeat_at: new Date(), rows_total: changed.length })
      .where("id", "=", preview.importId)
      .execute();
    for (const batch of [changed.slice(0, 1000), changed.slice(1000, 2000)]) {
      await db.transaction().execute((trx) => writeBatch(trx, "suppliers", store, batch, importer, preview.importId));
    }
    expect(await count(db, "CRASH")).toBe(1_999);

    // Still within its heartbeat: a live process could be applying it, so recovery leaves it alone.
    expect(await recoverStalledImports(db)).toEqual([]);
    expect(await count(db, "CRASH")).toBe(1_999);

    await db
      .updateTable("csv_imports")
      .set({ heartbeat_at: sql<Date>`now() - interval '6 minutes'` })
      .where("id", "=", preview.importId)
      .execute();
    expect(await recoverStalledImports(db)).toEqual([preview.importId]);
    expect(await count(db, "CRASH")).toBe(0);
    expect(await allSuppliers(db)).toEqual(before);
    expect(await db.selectFrom("csv_imports").select(["state", "failure"]).where("id", "=", preview.importId).executeTakeFirstOrThrow()).toEqual({
      state: "failed",
      failure: "the import was interrupted (the server stopped while it ran)",
    });
    const event = await db
      .selectFrom("audit_events")
      .select(["actor_type", "details"])
      .where("action", "=", "inventory.csv_import_rolled_back")
      .where("entity_id", "=", preview.importId)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_type: "system", details: { deleted: 1_999, restored: 1 } });
    expect((await verifyAuditTrail(db)).ok).toBe(true);
  });
});
