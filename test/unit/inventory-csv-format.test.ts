// app/domain/import/csv-format.ts and csv-reader.ts with the inventory adapters: formula escaping,
// and that an export reads back as the same records.
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { COMPONENT_KINDS, CRITICALITIES, EU_AI_ACT_CLASSES, LIFECYCLES, UPDATE_CADENCES } from "~/domain/inventory";
import { escapeFormula, recordsToCsv, unescapeFormula } from "~/domain/import/csv-format";
import { checkHeader, toCsvRow } from "~/domain/import/csv-reader";
import { adapterFor, CSV_COLUMNS, layoutFor, type CsvRecord } from "~/domain/inventory-import/adapters";
import { kindFromExportSegment, type CsvKind } from "~/domain/inventory-import/kinds";
import { email, externalId, optional, supplierRecord, text } from "../support/inventory-csv";

/** CSV text -> records, through the same pure steps the import takes (csv-parse's sync API here). */
function readBack<K extends CsvKind>(kind: K, csv: string) {
  const [header, ...rows] = parse(csv, { record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true }) as string[][];
  const checked = checkHeader(layoutFor(kind), header!);
  if (!checked.ok) throw new Error(checked.message);
  return rows.map((fields, i) => {
    const cells = toCsvRow(checked.columns, fields, i + 2);
    if (!("row" in cells)) throw new Error(`row ${i + 2} unreadable`);
    return adapterFor(kind).validate(cells.row);
  });
}

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
    const csv = recordsToCsv(CSV_COLUMNS.suppliers, [
      {
        external_id: "s",
        name: '=HYPERLINK("x")',
        legal_name: "@evil",
        website: null,
        country: null,
        status: "active",
        procurement_owner_email: null,
        notes: "-2+3",
      },
    ]);
    const [cells] = parse(csv) as string[][];
    expect(cells).toEqual(["s", '\'=HYPERLINK("x")', "'@evil", "", "", "active", "", "'-2+3"]);
  });
});

describe("stringify then parse", () => {
  it("gives back the same supplier rows", () => {
    fc.assert(
      fc.property(fc.array(supplierRecord, { minLength: 1, maxLength: 8 }), (records) => {
        const back = readBack("suppliers", recordsToCsv(CSV_COLUMNS.suppliers, records, { header: true }));
        expect(back.flatMap((r) => r.problems)).toEqual([]);
        expect(back.map((r) => r.record)).toEqual(records);
      }),
      { numRuns: 200 },
    );
  });

  it("gives back the same rows of the other kinds", () => {
    const component = fc
      .record({
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
      })
      .map((c) => ({ ...c, update_interval_days: c.update_cadence === "interval" ? c.update_interval_days : null }));
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
    const contact = fc.record({
      external_id: externalId,
      supplier_external_id: externalId,
      name: text(200),
      email,
      title: optional(text(200)),
      is_primary: fc.boolean(),
    });
    const cases: Array<[CsvKind, fc.Arbitrary<CsvRecord>]> = [
      ["components", component as fc.Arbitrary<CsvRecord>],
      ["systems", system],
      ["dependencies", dependency as fc.Arbitrary<CsvRecord>],
      ["contacts", contact],
    ];
    for (const [kind, arb] of cases) {
      fc.assert(
        fc.property(fc.array(arb, { minLength: 1, maxLength: 5 }), (records) => {
          const back = readBack(kind, recordsToCsv(CSV_COLUMNS[kind], records, { header: true }));
          expect(back.flatMap((r) => r.problems)).toEqual([]);
          expect(back.map((r) => r.record)).toEqual(records);
        }),
        { numRuns: 60 },
      );
    }
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
