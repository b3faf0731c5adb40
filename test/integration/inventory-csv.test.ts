import diagnostics_channel from "node:diagnostics_channel";
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database } from "../../db/schema";
import { seedDemoData } from "../../app/services/demo-seed.server";
import { SEED_USERS } from "../../db/seed-data";
import { CSV_COLUMNS } from "~/domain/inventory-import/adapters";
import { CSV_IMPORT_ORDER, type CsvKind } from "~/domain/inventory-import/kinds";
import { verifyAuditTrail } from "~/services/audit.server";
import type { AppContext } from "~/services/context.server";
import { exportCsvText } from "~/services/inventory-export.server";
import { applyImport, IMPORT_CHECK_CHANNEL, previewImport, type Importer } from "~/services/inventory-import.server";
import { createTestDatabase } from "../support/database";
import { startTestServer, WebClient, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";

const BOM = "\uFEFF";

/** Everything the inventory holds, keyed by external ids (never by uuid), sorted: comparable across databases. */
async function inventorySnapshot(db: Kysely<Database>) {
  const key = (table: string) => sql<string>`coalesce(${sql.ref(`${table}.external_id`)}, ${sql.ref(`${table}.id`)}::text)`;
  const suppliers = await db
    .selectFrom("suppliers as s")
    .leftJoin("users as u", "u.id", "s.procurement_owner_id")
    .select([key("s").as("key"), "s.name", "s.legal_name", "s.website", "s.country", "s.status", "u.email as owner", "s.notes"])
    .where("s.archived_at", "is", null)
    .orderBy("key")
    .execute();
  const contacts = await db
    .selectFrom("supplier_contacts as c")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .select([key("c").as("key"), key("s").as("supplier"), "c.name", "c.email", "c.title", "c.is_primary"])
    .orderBy("key")
    .execute();
  const components = await db
    .selectFrom("ai_components as c")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .select([
      key("c").as("key"),
      key("s").as("supplier"),
      "c.kind",
      "c.name",
      "c.version",
      "c.model_family",
      "c.update_cadence",
      "c.update_interval_days",
      "c.is_gpai",
      "c.data_residency",
      "c.description",
    ])
    .where("c.archived_at", "is", null)
    .orderBy("key")
    .execute();
  const systems = await db
    .selectFrom("ai_systems as sys")
    .leftJoin("users as u", "u.id", "sys.owner_id")
    .select([
      key("sys").as("key"),
      "sys.name",
      "sys.purpose",
      "u.email as owner",
      "sys.business_unit",
      "sys.criticality",
      "sys.eu_ai_act_class",
      "sys.lifecycle",
    ])
    .where("sys.archived_at", "is", null)
    .orderBy("key")
    .execute();
  const dependencies = await db
    .selectFrom("ai_system_dependencies as d")
    .innerJoin("ai_systems as sys", "sys.id", "d.ai_system_id")
    .innerJoin("ai_components as c", "c.id", "d.ai_component_id")
    .select([
      key("sys").as("system"),
      key("c").as("component"),
      "d.purpose",
      "d.data_categories",
      sql<string | null>`to_char(d.since, 'YYYY-MM-DD')`.as("since"),
    ])
    .orderBy("system")
    .orderBy("component")
    .execute();
  return { suppliers, contacts, components, systems, dependencies };
}

async function auditCount(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("audit_events").select(db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function tableCount(db: Kysely<Database>, table: "suppliers" | "csv_imports" | "ai_systems"): Promise<number> {
  const row = await db.selectFrom(table).select(db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

const dataLines = (csv: string) => csv.replace(BOM, "").trimEnd().split("\r\n").slice(1);
/** React separates adjacent text with empty comments; tests read the text as a person would. */
const readable = (html: string) => html.replace(/<!-- -->/g, "");
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];

describe("CSV import and export of the inventory", () => {
  let server: TestServer;
  let db: Kysely<Database>;
  let admin: WebClient;
  let procurement: WebClient;
  let riskOwner: WebClient;
  let viewer: WebClient;
  const exported = new Map<CsvKind, string>();

  beforeAll(async () => {
    server = await startTestServer();
    db = server.app.ctx.db;
    await seedDemoData(db);
    admin = await signIn(server, "admin@example.com");
    procurement = await signIn(server, "procurement@example.com");
    riskOwner = await signIn(server, "risk.owner@example.com");
    viewer = await signIn(server, "auditor@example.com");
  });
  afterAll(async () => server?.stop());

  function cookie(client: WebClient) {
    return [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** A multipart upload as the browser's form sends it. */
  async function upload(client: WebClient, kind: string, content: string | Uint8Array | Blob, fileName = `${kind}.csv`) {
    const form = new FormData();
    form.set("intent", "preview");
    form.set("kind", kind);
    form.set("file", content instanceof Blob ? content : new Blob([content as BlobPart], { type: "text/csv" }), fileName);
    const response = await fetch(new URL("/inventory/csv", server.baseUrl), {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { origin: server.baseUrl, cookie: cookie(client) },
    });
    return { status: response.status, html: readable(await response.text()) };
  }

  async function apply(client: WebClient, html: string) {
    const importId = hidden(html, "importId");
    const digest = hidden(html, "digest");
    expect(importId).toBeDefined();
    const response = await client.post("/inventory/csv", { intent: "apply", importId: importId!, digest: digest! });
    return { status: response.status, html: readable(await response.text()) };
  }

  it("exports each of the five kinds as a UTF-8 CSV attachment, to any staff member", async () => {
    const snapshot = await inventorySnapshot(db);
    for (const kind of CSV_IMPORT_ORDER) {
      const response = await viewer.get(`/inventory/csv/export/${kind}.csv`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="assay-${kind}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
      // Bytes, not response.text(): that would drop the BOM.
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
      expect(text.startsWith(`${BOM}${CSV_COLUMNS[kind].join(",")}\r\n`)).toBe(true);
      exported.set(kind, text);
    }
    expect(dataLines(exported.get("suppliers")!)).toHaveLength(snapshot.suppliers.length);
    expect(dataLines(exported.get("systems")!)).toHaveLength(snapshot.systems.length);
    expect(dataLines(exported.get("dependencies")!)).toHaveLength(snapshot.dependencies.length);
    expect(exported.get("suppliers")).toContain("SUP-001,");
    expect((await viewer.get("/inventory/csv/export/users.csv")).status).toBe(404);
    expect((await new WebClient(server.baseUrl).get("/inventory/csv/export/suppliers.csv")).status).toBe(302);
  });

  it("reproduces the inventory in a fresh, empty database from the five exports", async () => {
    const fresh = await createTestDatabase();
    try {
      // Users are not part of the inventory: the new installation has the same people.
      await fresh.db
        .insertInto("users")
        .values(SEED_USERS.map((u) => ({ email: u.email, name: u.name, role: u.role })))
        .execute();
      const freshAdmin = await fresh.db.selectFrom("users").select(["id", "email", "role"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
      const ctx: AppContext = { ...server.app.ctx, db: fresh.db, databaseKind: fresh.kind };
      for (const kind of CSV_IMPORT_ORDER) {
        const preview = await previewImport(ctx, freshAdmin, { kind, fileName: `${kind}.csv`, bytes: new TextEncoder().encode(exported.get(kind)!) });
        if (preview.status !== "ready") throw new Error(`${kind}: ${JSON.stringify(preview)}`);
        expect(preview.counts).toEqual({ create: dataLines(exported.get(kind)!).length, update: 0, unchanged: 0 });
        const applied = await applyImport(ctx, freshAdmin, { importId: preview.importId, digest: preview.digest });
        expect(applied.status).toBe("applied");
      }
      expect(await inventorySnapshot(fresh.db)).toEqual(await inventorySnapshot(db));
      // And the new database exports the same rows (in another order: ids differ).
      for (const kind of CSV_IMPORT_ORDER) {
        expect(dataLines(await exportCsvText(fresh.db, kind)).sort()).toEqual(dataLines(exported.get(kind)!).sort());
      }
      const events = await fresh.db.selectFrom("audit_events").select(["action", "entity_type"]).execute();
      expect(events.filter((e) => e.action === "supplier.import_create")).toHaveLength(dataLines(exported.get("suppliers")!).length);
      expect(events.filter((e) => e.action === "ai_system_dependency.import_create")).toHaveLength(dataLines(exported.get("dependencies")!).length);
      expect(events.filter((e) => e.action === "inventory.csv_import")).toHaveLength(5);
      expect((await verifyAuditTrail(fresh.db)).ok).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it("changes nothing when the same files are imported again", async () => {
    const before = { audit: await auditCount(db), imports: await tableCount(db, "csv_imports"), snapshot: await inventorySnapshot(db) };
    for (const kind of CSV_IMPORT_ORDER) {
      const { status, html } = await upload(admin, kind, exported.get(kind)!);
      expect(status).toBe(200);
      expect(html).toContain("Nothing to change");
      expect(html).not.toContain('name="importId"');
    }
    expect(await auditCount(db)).toBe(before.audit);
    expect(await tableCount(db, "csv_imports")).toBe(before.imports);
    expect(await inventorySnapshot(db)).toEqual(before.snapshot);
  });

  it("previews, then applies: creates and updates in one go, with an audit event per row", async () => {
    const header = CSV_COLUMNS.suppliers.join(",");
    const csv = [
      header,
      "SUP-NEW-1,Nimbus Labs,Nimbus Labs GmbH,https://nimbus.example,DE,prospective,procurement@example.com,=cmd|' /C calc'!A0",
      dataLines(exported.get("suppliers")!)
        .find((l) => l.startsWith("SUP-001,"))!
        .replace(",active,", ",offboarding,"),
    ].join("\n");
    const before = await auditCount(db);
    const preview = await upload(procurement, "suppliers", csv);
    expect(preview.status).toBe(200);
    expect(preview.html).toMatch(/<dt>To create<\/dt><dd>1<\/dd><dt>To update<\/dt><dd>1 \(status: 1\)<\/dd>/);
    expect(preview.html).toContain("status: active → offboarding");
    expect(await auditCount(db)).toBe(before);
    expect(await db.selectFrom("suppliers").select("id").where("external_id", "=", "SUP-NEW-1").executeTakeFirst()).toBeUndefined();

    // Only the uploader may apply it.
    const stolen = await apply(riskOwner, preview.html);
    expect(stolen.status).toBe(404);
    const applied = await apply(procurement, preview.html);
    expect(applied.status).toBe(200);
    expect(applied.html).toContain("1 created, 1 updated");

    const created = await db.selectFrom("suppliers").selectAll().where("external_id", "=", "SUP-NEW-1").executeTakeFirstOrThrow();
    expect(created.notes).toBe("=cmd|' /C calc'!A0");
    expect((await db.selectFrom("suppliers").select("status").where("external_id", "=", "SUP-001").executeTakeFirstOrThrow()).status).toBe("offboarding");
    const events = await db.selectFrom("audit_events").selectAll().where("seq", ">", String(before)).orderBy("seq").execute();
    expect(events.map((e) => e.action)).toEqual(["supplier.import_create", "supplier.import_update", "inventory.csv_import"]);
    expect(events[0]!.entity_id).toBe(created.id);
    expect(events[1]!.details).toMatchObject({ changes: { status: { from: "active", to: "offboarding" } } });
    expect(events[2]!.details).toMatchObject({ kind: "suppliers", create: 1, update: 1 });
    expect(events.every((e) => e.actor_label === "procurement@example.com")).toBe(true);

    // The export escapes the formula; importing that export changes nothing.
    const again = await (await procurement.get("/inventory/csv/export/suppliers.csv")).text();
    expect(again).toContain(`,'=cmd|' /C calc'!A0\r\n`);
    const reimport = await upload(procurement, "suppliers", again);
    expect(reimport.html).toContain("Nothing to change");

    const twice = await apply(procurement, preview.html);
    expect(twice.status).toBe(409);
    expect(twice.html).toContain("already been imported");
  });

  it("refuses a pending upload that is more than an hour old, or applied by someone else", async () => {
    const csv = `${CSV_COLUMNS.suppliers.join(",")}\nSUP-NEW-2,Orbit AI,,,,active,,\n`;
    const preview = await upload(procurement, "suppliers", csv);
    expect(preview.status).toBe(200);
    const other = await apply(admin, preview.html);
    expect(other.status).toBe(404);
    await db
      .updateTable("csv_imports")
      .set({ created_at: sql<Date>`now() - interval '61 minutes'` })
      .where("id", "=", hidden(preview.html, "importId")!)
      .execute();
    const late = await apply(procurement, preview.html);
    expect(late.status).toBe(410);
    expect(late.html).toContain("Upload the file again");
    expect(await db.selectFrom("suppliers").select("id").where("external_id", "=", "SUP-NEW-2").executeTakeFirst()).toBeUndefined();
  });

  it("checks again at apply time, and shows a new preview when the inventory changed", async () => {
    const csv = `${CSV_COLUMNS.suppliers.join(",")}\nSUP-002,Renamed Supplier,,,,active,,\n`;
    const preview = await upload(admin, "suppliers", csv);
    expect(preview.status).toBe(200);
    await db.updateTable("suppliers").set({ country: "FR" }).where("external_id", "=", "SUP-002").execute();
    const before = await auditCount(db);
    const changed = await apply(admin, preview.html);
    expect(changed.status).toBe(200);
    expect(changed.html).toContain("The inventory changed since your preview");
    expect(await auditCount(db)).toBe(before);
    const applied = await apply(admin, changed.html);
    expect(applied.html).toContain("0 created, 1 updated");
    expect(await db.selectFrom("suppliers").select(["name", "country"]).where("external_id", "=", "SUP-002").executeTakeFirstOrThrow()).toEqual({
      name: "Renamed Supplier",
      country: null,
    });
  });

  it("reads a country by name or code and stores its ISO code; an unknown country is a row and column problem", async () => {
    const header = CSV_COLUMNS.suppliers.join(",");
    const unknown = await upload(procurement, "suppliers", `${header}\nSUP-CTRY-1,Country One,,,Germany,active,,\nSUP-CTRY-2,Country Two,,,Narnia,active,,\n`);
    expect(unknown.status).toBe(422);
    expect(unknown.html).toMatch(/<td>3<\/td><td>country<\/td><td>Choose a country from the list, e.g. Germany or DE/);
    expect(await db.selectFrom("suppliers").select("id").where("external_id", "like", "SUP-CTRY-%").execute()).toEqual([]);

    const preview = await upload(procurement, "suppliers", `${header}\nSUP-CTRY-1,Country One,,,Germany,active,,\nSUP-CTRY-2,Country Two,,,gb,active,,\n`);
    expect(preview.status).toBe(200);
    expect((await apply(procurement, preview.html)).html).toContain("2 created, 0 updated");
    const rows = await db
      .selectFrom("suppliers")
      .select(["external_id", "country"])
      .where("external_id", "like", "SUP-CTRY-%")
      .orderBy("external_id")
      .execute();
    expect(rows).toEqual([
      { external_id: "SUP-CTRY-1", country: "DE" },
      { external_id: "SUP-CTRY-2", country: "GB" },
    ]);
  });

  it("reports the row and column of a bad row among good ones, and writes nothing", async () => {
    const lines = dataLines(exported.get("components")!);
    const bad = lines[2]!.replace(/,(hosted_api|model_weights|saas_feature|dataset|agent_tooling),/, ",robot,");
    const csv = [CSV_COLUMNS.components.join(","), lines[0]!, lines[1]!, bad, "CMP-NEW-9,SUP-001,dataset,Fresh data,,,unknown,,false,,"].join("\r\n");
    const before = { audit: await auditCount(db), imports: await tableCount(db, "csv_imports"), snapshot: await inventorySnapshot(db) };
    const { status, html } = await upload(procurement, "components", csv);
    expect(status).toBe(422);
    expect(html).toContain("Nothing was imported: 1 problem");
    expect(html).toMatch(/<td>4<\/td><td>kind<\/td><td>“robot” is not a valid kind: use one of hosted_api, model_weights/);
    expect(html).toContain("<caption");
    expect(await auditCount(db)).toBe(before.audit);
    expect(await tableCount(db, "csv_imports")).toBe(before.imports);
    expect(await inventorySnapshot(db)).toEqual(before.snapshot);
  });

  it("explains a wrong header, a wrong encoding and an empty file", async () => {
    const wrongKind = await upload(procurement, "suppliers", exported.get("contacts")!);
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.html).toContain("It looks like a supplier contacts file");
    expect(wrongKind.html).toContain(`The first row must name these columns: ${CSV_COLUMNS.suppliers.join(", ")}.`);

    const missing = await upload(procurement, "suppliers", "external_id,name,colour\nx,y,z\n");
    expect(missing.status).toBe(400);
    expect(missing.html).toContain("Missing: legal_name, website, country, status, procurement_owner_email, notes.");
    expect(missing.html).toContain("Not expected: colour.");

    const latin1 = new Uint8Array([
      ...new TextEncoder().encode(`${CSV_COLUMNS.suppliers.join(",")}\nSUP-X,Z`),
      0xfc,
      ...new TextEncoder().encode("rich AI,,,,active,,\n"),
    ]);
    const encoding = await upload(procurement, "suppliers", latin1);
    expect(encoding.status).toBe(400);
    expect(encoding.html).toContain("not valid UTF-8");

    const empty = await upload(procurement, "suppliers", "");
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("Choose a CSV file to upload");
    expect(await db.selectFrom("suppliers").select("id").where("external_id", "=", "SUP-X").executeTakeFirst()).toBeUndefined();
  });

  it("answers a 21 MB upload with 413, saves nothing and stays responsive", async () => {
    const before = { audit: await auditCount(db), imports: await tableCount(db, "csv_imports"), suppliers: await tableCount(db, "suppliers") };
    const junk = new Blob([new Uint8Array(21 * 1024 * 1024).fill(0x41)], { type: "text/csv" });
    const response = await upload(procurement, "suppliers", junk, "junk.csv");
    expect(response.status).toBe(413);
    expect(response.html).toContain("Nothing was saved");
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await auditCount(db)).toBe(before.audit);
    expect(await tableCount(db, "csv_imports")).toBe(before.imports);
    expect(await tableCount(db, "suppliers")).toBe(before.suppliers);
  });

  it("keeps answering other requests while it checks a large file", async () => {
    const row = (i: number) => `JUNK-${i},Junk supplier number ${i},${"x".repeat(80)},,,dormant,,${"y".repeat(60)}`;
    const csv = `${CSV_COLUMNS.suppliers.join(",")}\n${Array.from({ length: 45_000 }, (_, i) => row(i)).join("\n")}\n`;
    expect(csv.length).toBeGreaterThan(8 * 1024 * 1024);
    const health = async () => {
      const response = await fetch(`${server.baseUrl}/healthz`);
      await response.arrayBuffer();
      return response.status;
    };

    // The server runs in this process and says when it starts and ends checking a file. Health
    // checks answered while it receives the upload or renders the answer prove nothing; only
    // those asked and answered while the check runs count. Were the check to hold the event loop
    // for its whole duration, no question could even be asked then (this code would not run),
    // and none would count.
    let checking = false;
    let checksSeen = 0;
    const onCheck = (message: unknown) => {
      checking = (message as { phase: string }).phase === "start";
      if (checking) checksSeen += 1;
    };
    diagnostics_channel.subscribe(IMPORT_CHECK_CHANNEL, onCheck);
    try {
      let uploadAnswered = false;
      const pending = upload(procurement, "suppliers", csv).finally(() => {
        uploadAnswered = true;
      });
      // Ask again and again, each question after the last answer, until the upload is answered.
      const answeredWhileChecking: number[] = [];
      while (!uploadAnswered) {
        const askedWhileChecking = checking;
        const status = await health();
        if (askedWhileChecking && checking) answeredWhileChecking.push(status);
      }
      const { status, html } = await pending;
      expect(status).toBe(422);
      expect(html).toContain("…and ");
      expect(html).toContain("more problems not shown");
      expect(checksSeen).toBe(1);
      expect(answeredWhileChecking.length).toBeGreaterThan(0);
      expect(answeredWhileChecking.every((s) => s === 200)).toBe(true);
    } finally {
      diagnostics_channel.unsubscribe(IMPORT_CHECK_CHANNEL, onCheck);
    }
  });

  it("gives a viewer the export links but no upload form, and 403 on any post", async () => {
    const page = await viewer.get("/inventory/csv");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('href="/inventory/csv/export/suppliers.csv"');
    expect(html).not.toContain('type="file"');
    const before = await auditCount(db);
    expect((await upload(viewer, "suppliers", exported.get("suppliers")!)).status).toBe(403);
    expect((await viewer.post("/inventory/csv", { intent: "apply", importId: "00000000-0000-4000-8000-000000000000", digest: "x" })).status).toBe(403);
    expect(await auditCount(db)).toBe(before);
  });

  it("does not let procurement import AI systems", async () => {
    const page = await (await procurement.get("/inventory/csv")).text();
    expect(page).toContain('type="file"');
    expect(page).not.toContain('<option value="systems">');
    const before = { systems: await tableCount(db, "ai_systems"), imports: await tableCount(db, "csv_imports") };
    const csv = `${CSV_COLUMNS.systems.join(",")}\nSYS-NEW,Shadow system,,procurement@example.com,,low,minimal_risk,planned\n`;
    const response = await upload(procurement, "systems", csv);
    expect(response.status).toBe(403);
    expect(response.html).toContain("Your role cannot import AI systems");
    expect(await tableCount(db, "ai_systems")).toBe(before.systems);
    expect(await tableCount(db, "csv_imports")).toBe(before.imports);
  });

  it("lets a risk owner change their own systems and dependencies, and no one else's", async () => {
    const systems = dataLines(await (await riskOwner.get("/inventory/csv/export/systems.csv")).text());
    const mine = systems.find((l) => l.startsWith("SYS-001,"))!;
    const theirs = systems.find((l) => l.startsWith("SYS-002,"))!;
    const header = CSV_COLUMNS.systems.join(",");

    // Others' rows may be in the file as long as they do not change.
    const ok = await upload(riskOwner, "systems", [header, mine.replace(",critical,", ",high,"), theirs].join("\n"));
    expect(ok.status).toBe(200);
    expect(ok.html).toMatch(/<dt>To update<\/dt><dd>1 \(criticality: 1\)<\/dd><dt>Unchanged<\/dt><dd>1<\/dd>/);
    expect((await apply(riskOwner, ok.html)).status).toBe(200);

    const refused = await upload(
      riskOwner,
      "systems",
      [header, theirs.replace(",in_production", ",retired"), "SYS-NEW-7,Side project,,model.owner@example.com,,low,minimal_risk,planned"].join("\n"),
    );
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/<td>2<\/td><td>external_id<\/td><td>You can change only the AI systems you own/);
    expect(refused.html).toMatch(/<td>3<\/td><td>owner_email<\/td><td>You can import only AI systems you own: owner_email must be risk.owner@example.com/);

    const deps = `${CSV_COLUMNS.dependencies.join(",")}\nSYS-002,CMP-001,Sneaky,personal,2024-01-01\n`;
    const depRefused = await upload(riskOwner, "dependencies", deps);
    expect(depRefused.status).toBe(422);
    expect(depRefused.html).toMatch(/<td>2<\/td><td>system_external_id<\/td>/);
    const depOk = await upload(riskOwner, "dependencies", deps.replace("SYS-002", "SYS-001"));
    expect(depOk.status).toBe(200);
    expect((await apply(riskOwner, depOk.html)).html).toContain("1 created, 0 updated");
  });

  it("applies 10,000 new rows in batches, and exports them page by page", async () => {
    const fresh = await createTestDatabase();
    try {
      const [user] = await fresh.db
        .insertInto("users")
        .values({ email: "bulk@example.com", name: "Bulk", role: "procurement" })
        .returning(["id", "email", "role"])
        .execute();
      const importer: Importer = user!;
      const ctx: AppContext = { ...server.app.ctx, db: fresh.db, databaseKind: fresh.kind };
      const rows = Array.from(
        { length: 10_000 },
        (_, i) => `BULK-${i},Bulk supplier ${i},Bulk ${i} Ltd,https://bulk${i}.example,GB,active,bulk@example.com,Row ${i}`,
      );
      const csv = `${CSV_COLUMNS.suppliers.join(",")}\n${rows.join("\n")}\n`;
      const preview = await previewImport(ctx, importer, { kind: "suppliers", fileName: "bulk.csv", bytes: new TextEncoder().encode(csv) });
      if (preview.status !== "ready") throw new Error(JSON.stringify(preview));
      const applied = await applyImport(ctx, importer, { importId: preview.importId, digest: preview.digest });
      expect(applied).toMatchObject({ status: "applied", counts: { create: 10_000 } });
      expect(await tableCount(fresh.db, "suppliers")).toBe(10_000);
      expect(await auditCount(fresh.db)).toBe(10_001);

      // Change every 10th row: one batched update.
      const edited = `${CSV_COLUMNS.suppliers.join(",")}\n${rows.map((r, i) => (i % 10 === 0 ? r.replace(",active,", ",offboarding,") : r)).join("\n")}\n`;
      const second = await previewImport(ctx, importer, { kind: "suppliers", fileName: "bulk.csv", bytes: new TextEncoder().encode(edited) });
      if (second.status !== "ready") throw new Error(JSON.stringify(second));
      expect(second.counts).toEqual({ create: 0, update: 1000, unchanged: 9000 });
      expect((await applyImport(ctx, importer, { importId: second.importId, digest: second.digest })).status).toBe("applied");
      expect(
        Number(
          (await fresh.db.selectFrom("suppliers").select(fresh.db.fn.countAll<string>().as("n")).where("status", "=", "offboarding").executeTakeFirstOrThrow())
            .n,
        ),
      ).toBe(1000);

      const exportedBulk = await exportCsvText(fresh.db, "suppliers", 700);
      expect(dataLines(exportedBulk)).toHaveLength(10_000);
      expect(new Set(dataLines(exportedBulk).map((l) => l.split(",")[0])).size).toBe(10_000);
    } finally {
      await fresh.close();
    }
  });
});
