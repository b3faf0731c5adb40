import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { COMPONENT_KINDS, CRITICALITIES, EU_AI_ACT_CLASSES, LIFECYCLES, SUPPLIER_STATUSES, UPDATE_CADENCES } from "~/domain/inventory";
import {
  checkHeader,
  CSV_COLUMNS,
  decodeCsvBytes,
  emptyWorld,
  escapeFormula,
  kindFromExportSegment,
  planImport,
  recordsToCsv,
  toCsvRow,
  unescapeFormula,
  validateRow,
  type ContactRecord,
  type CsvKind,
  type CsvRecord,
  type ExistingRow,
  type ImportWorld,
  type SupplierRecord,
  type SystemRecord,
} from "~/domain/inventory-csv";
import { readCsvText } from "~/services/inventory-csv.server";

// ------------------------------------------------------------------------------------------
// Generators of valid records, in the normal form the import produces (trimmed, empty = null)

const trimmedText = (max: number) =>
  fc
    .string({ unit: "grapheme", maxLength: Math.min(max, 80) })
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= max && !s.includes("\u0000"));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const tricky = fc.constantFrom("=SUM(A1:A2)", "+1 555", "-5", "@cmd", "'=already", "a,b", 'say "hi"', "line1\nline2", "x\r\ny", "Zürich ✓", "''+x");
const text = (max: number) => fc.oneof(trimmedText(max), tricky);
const externalId = fc.stringMatching(/^[A-Za-z0-9._:/-]{1,40}$/);
const email = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.stringMatching(/^[a-z]{1,10}$/)).map(([l, d]) => `${l}@${d}.example`);

const supplierRecord: fc.Arbitrary<SupplierRecord> = fc.record({
  external_id: externalId,
  name: text(200),
  legal_name: optional(text(300)),
  website: optional(fc.stringMatching(/^[a-z]{2,12}$/).map((d) => `https://${d}.example/path?q=1`)),
  country: optional(fc.stringMatching(/^[A-Z]{2}$/)),
  status: fc.constantFrom(...SUPPLIER_STATUSES),
  procurement_owner_email: optional(email),
  notes: optional(text(5000)),
});

/** CSV text -> records, through the same pure steps the import takes (csv-parse's sync API here). */
function readBack<K extends CsvKind>(kind: K, csv: string) {
  const [header, ...rows] = parse(csv, { record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true }) as string[][];
  const checked = checkHeader(kind, header!);
  if (!checked.ok) throw new Error(checked.message);
  return rows.map((fields, i) => {
    const cells = toCsvRow(checked.columns, fields, i + 2);
    if (!("row" in cells)) throw new Error(`row ${i + 2} unreadable`);
    return validateRow(kind, cells.row);
  });
}

function csvOf(kind: CsvKind, lines: string[][]): string {
  return [[...CSV_COLUMNS[kind]], ...lines].map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\n");
}

const supplierCells = (overrides: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = { external_id: "sup-1", name: "Acme AI", legal_name: "", website: "https://acme.example", country: "de", status: "active", procurement_owner_email: "", notes: "" };
  const merged = { ...base, ...overrides };
  return CSV_COLUMNS.suppliers.map((c) => merged[c] ?? "");
};

describe("formula escaping", () => {
  it("puts an apostrophe before cells a spreadsheet would run, and takes exactly that one off again", () => {
    expect(escapeFormula("=1+1")).toBe("'=1+1");
    expect(escapeFormula("+49 30 1234")).toBe("'+49 30 1234");
    expect(escapeFormula("-x")).toBe("'-x");
    expect(escapeFormula("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(escapeFormula("Acme")).toBe("Acme");
    expect(escapeFormula("it's")).toBe("it's");
    expect(escapeFormula("'=x")).toBe("''=x");
    expect(unescapeFormula("'=1+1")).toBe("=1+1");
    expect(unescapeFormula("'quoted")).toBe("'quoted");
    expect(unescapeFormula("''=x")).toBe("'=x");
    expect(unescapeFormula("=raw")).toBe("=raw");
  });

  it("round-trips any string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => unescapeFormula(escapeFormula(s)) === s));
  });

  it("round-trips every value of any valid supplier row", () => {
    fc.assert(
      fc.property(supplierRecord, (record) => {
        for (const value of Object.values(record)) {
          if (typeof value === "string") expect(unescapeFormula(escapeFormula(value))).toBe(value);
        }
      }),
    );
  });

  it("escapes exported cells, so no exported cell starts a formula", () => {
    const csv = recordsToCsv("suppliers", [{ external_id: "s", name: "=HYPERLINK(\"x\")", legal_name: "@evil", website: null, country: null, status: "active", procurement_owner_email: null, notes: "-2+3" }]);
    const [cells] = parse(csv) as string[][];
    expect(cells).toEqual(["s", "'=HYPERLINK(\"x\")", "'@evil", "", "", "active", "", "'-2+3"]);
  });
});

describe("stringify then parse", () => {
  it("gives back the same supplier rows", () => {
    fc.assert(
      fc.property(fc.array(supplierRecord, { minLength: 1, maxLength: 8 }), (records) => {
        const back = readBack("suppliers", recordsToCsv("suppliers", records, { header: true }));
        expect(back.flatMap((r) => r.problems)).toEqual([]);
        expect(back.map((r) => r.record)).toEqual(records);
      }),
      { numRuns: 200 },
    );
  });

  it("gives back the same rows of the other kinds", () => {
    const component = fc.record({
      external_id: externalId,
      supplier_external_id: externalId,
      kind: fc.constantFrom(...COMPONENT_KINDS),
      name: text(200),
      version: optional(text(100)),
      model_family: optional(text(200)),
      update_cadence: fc.constantFrom(...UPDATE_CADENCES),
      update_interval_days: fc.integer({ min: 1, max: 3650 }),
      is_gpai: fc.boolean(),
      data_residency: optional(text(100)),
      description: optional(text(5000)),
    }).map((c) => ({ ...c, update_interval_days: c.update_cadence === "interval" ? c.update_interval_days : null }));
    const system = fc.record({
      external_id: externalId,
      name: text(200),
      purpose: optional(text(2000)),
      owner_email: optional(email),
      business_unit: optional(text(200)),
      criticality: fc.constantFrom(...CRITICALITIES),
      eu_ai_act_class: fc.constantFrom(...EU_AI_ACT_CLASSES),
      lifecycle: fc.constantFrom(...LIFECYCLES),
    });
    const dependency = fc.record({
      system_external_id: externalId,
      component_external_id: externalId,
      purpose: optional(text(1000)),
      data_categories: fc.oneof(fc.constant(["none"]), fc.subarray(["internal", "confidential", "personal", "special_category"])),
      since: optional(fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
    });
    const contact = fc.record({ external_id: externalId, supplier_external_id: externalId, name: text(200), email, title: optional(text(200)), is_primary: fc.boolean() });
    const cases: Array<[CsvKind, fc.Arbitrary<CsvRecord>]> = [
      ["components", component as fc.Arbitrary<CsvRecord>],
      ["systems", system],
      ["dependencies", dependency as fc.Arbitrary<CsvRecord>],
      ["contacts", contact],
    ];
    for (const [kind, arb] of cases) {
      fc.assert(
        fc.property(fc.array(arb, { minLength: 1, maxLength: 5 }), (records) => {
          const back = readBack(kind, recordsToCsv(kind, records as never, { header: true }));
          expect(back.flatMap((r) => r.problems)).toEqual([]);
          expect(back.map((r) => r.record)).toEqual(records);
        }),
        { numRuns: 60 },
      );
    }
  });
});

describe("reading a file", () => {
  it("decodes strict UTF-8, strips a BOM, and explains other encodings", () => {
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, text: "a" });
    const latin1 = decodeCsvBytes(new Uint8Array([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68])); // "Zürich" in Windows-1252
    expect(latin1.ok).toBe(false);
    expect(!latin1.ok && latin1.message).toMatch(/not valid UTF-8/);
    const utf16 = decodeCsvBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00]));
    expect(!utf16.ok && utf16.message).toMatch(/UTF-16/);
    expect(decodeCsvBytes(new TextEncoder().encode("a,\u0000b")).ok).toBe(false);
    expect(!decodeCsvBytes(new Uint8Array()).ok && "empty").toBe("empty");
    expect(decodeCsvBytes(new TextEncoder().encode("  \n")).ok).toBe(false);
  });

  it("names missing and unknown columns and lists the expected ones", () => {
    const result = checkHeader("suppliers", ["external_id", "name", "colour"]);
    expect(result.ok).toBe(false);
    const message = !result.ok ? result.message : "";
    expect(message).toContain("Missing: legal_name, website, country, status, procurement_owner_email, notes.");
    expect(message).toContain("Not expected: colour.");
    expect(message).toContain(`The first row must name these columns: ${CSV_COLUMNS.suppliers.join(", ")}.`);
  });

  it("accepts the columns in any order and any case, and recognises a file of another kind", () => {
    expect(checkHeader("suppliers", [...CSV_COLUMNS.suppliers].reverse().map((c) => c.toUpperCase())).ok).toBe(true);
    const wrongKind = checkHeader("suppliers", [...CSV_COLUMNS.contacts]);
    expect(!wrongKind.ok && wrongKind.message).toContain("It looks like a supplier contacts file");
  });

  it("reports every bad cell by row (header = row 1) and column", async () => {
    const csv = csvOf("suppliers", [
      supplierCells(),
      supplierCells({ external_id: "sup-2", name: "", status: "dormant", country: "Germany", procurement_owner_email: "not-an-email" }),
      ["too", "few"],
      supplierCells({ external_id: "", name: "No id" }),
    ]);
    const result = await readCsvText("suppliers", csv);
    if (!result.ok) throw new Error(result.message);
    expect(result.rowCount).toBe(4);
    expect(result.rows.map((r) => r.row)).toEqual([2]);
    expect(result.problems).toEqual([
      { row: 3, column: "name", message: "Enter the supplier's name" },
      { row: 3, column: "country", message: "Use a two-letter country code, like DE or US" },
      { row: 3, column: "status", message: "“dormant” is not a valid status: use one of prospective, active, offboarding, offboarded" },
      { row: 3, column: "procurement_owner_email", message: "Enter a valid email address, like name@example.com" },
      { row: 4, column: null, message: expect.stringContaining("This row has 2 cells, but the header has 8 columns") },
      { row: 5, column: "external_id", message: expect.stringContaining("Enter an external id") },
    ]);
    expect(result.rows[0]!.record).toMatchObject({ country: "DE", legal_name: null });
  });

  it("checks booleans, cadence and data categories strictly", async () => {
    const components = await readCsvText(
      "components",
      csvOf("components", [
        ["c-1", "sup-1", "hosted_api", "API", "", "", "interval", "", "maybe", "", ""],
        ["c-2", "sup-1", "hosted_api", "API 2", "", "", "on_release", "30", "false", "", ""],
      ]),
    );
    if (!components.ok) throw new Error(components.message);
    expect(components.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "update_interval_days"],
      [2, "is_gpai"],
      [3, "update_interval_days"],
    ]);
    const deps = await readCsvText("dependencies", csvOf("dependencies", [["sys-1", "c-1", "", "personal;secret", "2024-02-30"]]));
    if (!deps.ok) throw new Error(deps.message);
    expect(deps.problems.map((p) => p.column)).toEqual(["data_categories", "since"]);
  });

  it("skips blank lines but keeps counting them as rows, and reads semicolon-separated files", async () => {
    const csv = `${CSV_COLUMNS.suppliers.join(";")}\n\n${supplierCells({ notes: "a, b" }).join(";")}\n`;
    const result = await readCsvText("suppliers", csv);
    if (!result.ok) throw new Error(result.message);
    expect(result.rowCount).toBe(1);
    expect(result.rows[0]).toMatchObject({ row: 3, record: { name: "Acme AI", notes: "a, b" } });
  });

  it("gives one clear message for broken quoting, a header without rows, and too many rows", async () => {
    const broken = await readCsvText("suppliers", `${CSV_COLUMNS.suppliers.join(",")}\nsup-1,"Acme,,,active,,\n`);
    expect(!broken.ok && broken.message).toMatch(/quoted value is never closed/);
    const headerOnly = await readCsvText("suppliers", `${CSV_COLUMNS.suppliers.join(",")}\n`);
    expect(!headerOnly.ok && headerOnly.message).toMatch(/no data rows/);
    const line = supplierCells().join(",");
    const many = await readCsvText("suppliers", `${CSV_COLUMNS.suppliers.join(",")}\n${`${line}\n`.repeat(50_001)}`);
    expect(!many.ok && many.message).toMatch(/more than 50,000 data rows/);
  });

  it("keeps the event loop turning while it reads a large file", async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => supplierCells({ external_id: `sup-${i}`, name: `Supplier ${i}`, notes: "x".repeat(100) }).join(","));
    const csv = `${CSV_COLUMNS.suppliers.join(",")}\n${rows.join("\n")}`;
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    const result = await readCsvText("suppliers", csv);
    clearInterval(timer);
    expect(result.ok && result.rows.length).toBe(30_000);
    expect(longest).toBeLessThan(250);
  });
});

// ------------------------------------------------------------------------------------------
// Planning against a made-up database

const admin = { id: "00000000-0000-4000-8000-000000000001", role: "admin" as const, email: "admin@example.com" };
const riskOwner = { id: "00000000-0000-4000-8000-000000000002", role: "risk_owner" as const, email: "risk@example.com" };
const otherOwner = { id: "00000000-0000-4000-8000-000000000003", role: "risk_owner" as const, email: "other@example.com" };
const UUID_A = "11111111-1111-4111-8111-111111111111";

function supplier(overrides: Partial<SupplierRecord> = {}): SupplierRecord {
  return { external_id: "sup-1", name: "Acme AI", legal_name: null, website: null, country: "DE", status: "active", procurement_owner_email: null, notes: null, ...overrides };
}

function existing<K extends CsvKind>(id: string, record: CsvRecord<K>, refs: Record<string, string | null> = {}, extra: Partial<ExistingRow<K>> = {}): ExistingRow<K> {
  return { id, hasExternalId: true, archived: false, record, refs, ...extra };
}

describe("planning an import", () => {
  it("sorts rows into create, update (with the changed columns) and unchanged", () => {
    const world = emptyWorld<"suppliers">();
    world.existing.set("sup-1", existing("id-1", supplier()));
    world.existing.set("sup-2", existing("id-2", supplier({ external_id: "sup-2", name: "Beta" })));
    world.holders.set("supplier-name|acme ai", { id: "id-1", label: "Acme AI" });
    world.holders.set("supplier-name|beta", { id: "id-2", label: "Beta" });
    const plan = planImport(
      "suppliers",
      [
        { row: 2, record: supplier() },
        { row: 3, record: supplier({ external_id: "sup-2", name: "Beta", status: "offboarding" }) },
        { row: 4, record: supplier({ external_id: "sup-3", name: "Gamma" }) },
      ],
      world,
      admin,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.items.map((i) => [i.row, i.action, i.changes.map((c) => c.column)])).toEqual([
      [2, "unchanged", []],
      [3, "update", ["status"]],
      [4, "create", []],
    ]);
  });

  it("finds duplicates in the file and names already taken by other rows", () => {
    const world = emptyWorld<"suppliers">();
    world.holders.set("supplier-name|taken", { id: "id-9", label: "Taken" });
    const plan = planImport(
      "suppliers",
      [
        { row: 2, record: supplier() },
        { row: 3, record: supplier({ name: "Other" }) },
        { row: 4, record: supplier({ external_id: "sup-4", name: "ACME ai" }) },
        { row: 5, record: supplier({ external_id: "sup-5", name: "taken" }) },
      ],
      world,
      admin,
    );
    expect(plan.problems.map((p) => [p.row, p.column])).toEqual([
      [3, "external_id"],
      [4, "name"],
      [5, "name"],
    ]);
    expect(plan.problems[0]!.message).toBe("The external id “sup-1” already appears in row 2");
  });

  it("matches a uuid to the row without an external id, and sets it only when the row changes anyway", () => {
    const world = emptyWorld<"suppliers">();
    world.existing.set(UUID_A, existing(UUID_A, supplier({ external_id: UUID_A }), {}, { hasExternalId: false }));
    const same = planImport("suppliers", [{ row: 2, record: supplier({ external_id: UUID_A }) }], world, admin);
    expect(same.items[0]).toMatchObject({ action: "unchanged", id: UUID_A });
    const changed = planImport("suppliers", [{ row: 2, record: supplier({ external_id: UUID_A, notes: "new" }) }], world, admin);
    expect(changed.items[0]!.changes.map((c) => c.column)).toEqual(["external_id", "notes"]);
  });

  it("checks owner emails against users and their roles", () => {
    const world = emptyWorld<"suppliers">();
    world.users.set("viewer@example.com", { id: "u-v", email: "viewer@example.com", role: "viewer", disabled: false });
    world.users.set("buyer@example.com", { id: "u-b", email: "buyer@example.com", role: "procurement", disabled: false });
    const plan = planImport(
      "suppliers",
      [
        { row: 2, record: supplier({ procurement_owner_email: "nobody@example.com" }) },
        { row: 3, record: supplier({ external_id: "sup-3", name: "B", procurement_owner_email: "viewer@example.com" }) },
        { row: 4, record: supplier({ external_id: "sup-4", name: "C", procurement_owner_email: "buyer@example.com" }) },
      ],
      world,
      admin,
    );
    expect(plan.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [2, "procurement_owner_email", "No Assay user has the email nobody@example.com"],
      [3, "procurement_owner_email", expect.stringContaining("must be an active procurement user or admin")],
    ]);
    expect(plan.items[0]!.refs.procurement_owner_id).toBe("u-b");
  });

  it("lets a risk owner import only systems they own, and leaves others' unchanged rows alone", () => {
    const system = (overrides: Partial<SystemRecord>): SystemRecord => ({
      external_id: "sys-1", name: "Mine", purpose: null, owner_email: riskOwner.email, business_unit: null, criticality: "high", eu_ai_act_class: "limited_risk", lifecycle: "in_production", ...overrides,
    });
    const world = emptyWorld<"systems">();
    world.users.set(riskOwner.email, { ...riskOwner, disabled: false });
    world.users.set(otherOwner.email, { ...otherOwner, disabled: false });
    world.existing.set("sys-2", existing("id-2", system({ external_id: "sys-2", name: "Theirs", owner_email: otherOwner.email }), { owner_id: otherOwner.id }));
    world.existing.set("sys-3", existing("id-3", system({ external_id: "sys-3", name: "Also theirs", owner_email: otherOwner.email }), { owner_id: otherOwner.id }));
    const plan = planImport(
      "systems",
      [
        { row: 2, record: system({}) },
        { row: 3, record: system({ external_id: "sys-2", name: "Theirs", owner_email: otherOwner.email, criticality: "low" }) },
        { row: 4, record: system({ external_id: "sys-3", name: "Also theirs", owner_email: otherOwner.email }) },
        { row: 5, record: system({ external_id: "sys-5", name: "For someone else", owner_email: otherOwner.email }) },
      ],
      world,
      riskOwner,
    );
    expect(plan.problems.map((p) => [p.row, p.column])).toEqual([
      [3, "external_id"],
      [5, "owner_email"],
    ]);
    expect(plan.items.map((i) => [i.row, i.action])).toEqual([
      [2, "create"],
      [4, "unchanged"],
    ]);
  });

  it("resolves references, refusing unknown and archived ones", () => {
    const contact = (overrides: Partial<ContactRecord>): ContactRecord => ({ external_id: "con-1", supplier_external_id: "sup-1", name: "Ann", email: "ann@acme.example", title: null, is_primary: true, ...overrides });
    const world: ImportWorld<"contacts"> = emptyWorld();
    world.suppliers.set("sup-1", { id: "s-1", archived: false, label: "Acme", ownerId: null });
    world.suppliers.set("sup-old", { id: "s-2", archived: true, label: "Old", ownerId: null });
    const plan = planImport(
      "contacts",
      [
        { row: 2, record: contact({}) },
        { row: 3, record: contact({ external_id: "con-2", supplier_external_id: "sup-x" }) },
        { row: 4, record: contact({ external_id: "con-3", supplier_external_id: "sup-old" }) },
        { row: 5, record: contact({ external_id: "con-4", email: "bob@acme.example" }) },
      ],
      world,
      admin,
    );
    expect(plan.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [3, "supplier_external_id", expect.stringContaining("No supplier has the external id “sup-x”")],
      [4, "supplier_external_id", expect.stringContaining("is archived")],
      [5, "is_primary", "A primary contact for this supplier is also in row 2"],
    ]);
  });

  it("lets a file hand the primary contact from one row to another", () => {
    const world: ImportWorld<"contacts"> = emptyWorld();
    world.suppliers.set("sup-1", { id: "s-1", archived: false, label: "Acme", ownerId: null });
    const ann: ContactRecord = { external_id: "con-1", supplier_external_id: "sup-1", name: "Ann", email: "ann@acme.example", title: null, is_primary: true };
    world.existing.set("con-1", existing("c-1", ann, { supplier_id: "s-1" }));
    world.holders.set("contact-primary|s-1", { id: "c-1", label: "Ann" });
    world.holders.set("contact-email|s-1|ann@acme.example", { id: "c-1", label: "Ann" });
    const rows = [
      { row: 2, record: { ...ann, is_primary: false } },
      { row: 3, record: { ...ann, external_id: "con-2", name: "Bob", email: "bob@acme.example", is_primary: true } },
    ];
    const plan = planImport("contacts", rows, world, admin);
    expect(plan.problems).toEqual([]);
    expect(plan.items.map((i) => [i.action, i.releasesPrimary])).toEqual([
      ["update", true],
      ["create", false],
    ]);
    const without = planImport("contacts", [rows[1]!], world, admin);
    expect(without.problems.map((p) => p.column)).toEqual(["is_primary"]);
  });
});

describe("export names", () => {
  it("maps URL segments to kinds", () => {
    expect(kindFromExportSegment("suppliers.csv")).toBe("suppliers");
    expect(kindFromExportSegment("dependencies.csv")).toBe("dependencies");
    expect(kindFromExportSegment("users.csv")).toBeNull();
    expect(kindFromExportSegment("suppliers")).toBeNull();
  });
});
