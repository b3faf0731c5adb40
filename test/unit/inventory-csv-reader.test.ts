// Reading an inventory CSV file: app/domain/import/csv-reader.ts (decoding, the header) and the
// streaming reader app/services/import/csv-reader.server.ts, through checkCsvText (rows checked
// by the inventory adapters, every problem with its row and column).
import { decodeCsvBytes, checkHeader } from "~/domain/import/csv-reader";
import { CSV_COLUMNS, layoutFor } from "~/domain/inventory-import/adapters";
import { readCsv } from "~/services/import/csv-reader.server";
import { checkCsvText } from "~/services/inventory-import.server";
import { csvOf, supplierCells } from "../support/inventory-csv";

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
    const result = checkHeader(layoutFor("suppliers"), ["external_id", "name", "colour"]);
    expect(result.ok).toBe(false);
    const message = !result.ok ? result.message : "";
    expect(message).toContain("Missing: legal_name, website, country, status, procurement_owner_email, notes.");
    expect(message).toContain("Not expected: colour.");
    expect(message).toContain(`The first row must name these columns: ${CSV_COLUMNS.suppliers.join(", ")}.`);
  });

  it("accepts the columns in any order and any case, and recognises a file of another kind", () => {
    expect(
      checkHeader(
        layoutFor("suppliers"),
        [...CSV_COLUMNS.suppliers].reverse().map((c) => c.toUpperCase()),
      ).ok,
    ).toBe(true);
    const wrongKind = checkHeader(layoutFor("suppliers"), [...CSV_COLUMNS.contacts]);
    expect(!wrongKind.ok && wrongKind.message).toContain("It looks like a supplier contacts file");
  });

  it("reports every bad cell by row (header = row 1) and column", async () => {
    const csv = csvOf("suppliers", [
      supplierCells(),
      supplierCells({ external_id: "sup-2", name: "", status: "dormant", country: "Narnia", procurement_owner_email: "not-an-email" }),
      ["too", "few"],
      supplierCells({ external_id: "", name: "No id" }),
    ]);
    const result = await checkCsvText("suppliers", csv);
    expect(result.rowCount).toBe(4);
    expect(result.rows.map((r) => r.row)).toEqual([2]);
    expect(result.problems).toEqual([
      { row: 3, column: "name", message: "Enter the supplier's name" },
      { row: 3, column: "country", message: "Choose a country from the list, e.g. Germany or DE" },
      { row: 3, column: "status", message: "“dormant” is not a valid status: use one of prospective, active, offboarding, offboarded" },
      { row: 3, column: "procurement_owner_email", message: "Enter a valid email address, like name@example.com" },
      { row: 4, column: null, message: expect.stringContaining("This row has 2 cells, but the header has 8 columns") },
      { row: 5, column: "external_id", message: expect.stringContaining("Enter an external id") },
    ]);
    expect(result.rows[0]!.record).toMatchObject({ country: "DE", legal_name: null });
  });

  it("checks booleans, cadence and data categories strictly", async () => {
    const components = await checkCsvText(
      "components",
      csvOf("components", [
        ["c-1", "sup-1", "hosted_api", "API", "", "", "interval", "", "maybe", "", ""],
        ["c-2", "sup-1", "hosted_api", "API 2", "", "", "on_release", "30", "false", "", ""],
      ]),
    );
    expect(components.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "update_interval_days"],
      [2, "is_gpai"],
      [3, "update_interval_days"],
    ]);
    const deps = await checkCsvText("dependencies", csvOf("dependencies", [["sys-1", "c-1", "", "personal;secret", "2024-02-30"]]));
    expect(deps.problems.map((p) => p.column)).toEqual(["data_categories", "since"]);
    expect(deps.problems[1]!.message).toBe("Enter a date as YYYY-MM-DD");
    const good = await checkCsvText("dependencies", csvOf("dependencies", [["sys-1", "c-1", "", "personal", " 2024-02-29 "]]));
    expect(good.rows[0]!.record.since).toBe("2024-02-29");
  });

  it("skips blank lines but keeps counting them as rows, and reads semicolon-separated files", async () => {
    const csv = `${CSV_COLUMNS.suppliers.join(";")}\n\n${supplierCells({ notes: "a, b" }).join(";")}\n`;
    const result = await checkCsvText("suppliers", csv);
    expect(result.rowCount).toBe(1);
    expect(result.rows[0]).toMatchObject({ row: 3, record: { name: "Acme AI", notes: "a, b" } });
  });

  it("gives one clear message for broken quoting, a header without rows, and too many rows", async () => {
    await expect(checkCsvText("suppliers", `${CSV_COLUMNS.suppliers.join(",")}\nsup-1,"Acme,,,active,,\n`)).rejects.toThrow(/quoted value is never closed/);
    await expect(checkCsvText("suppliers", `${CSV_COLUMNS.suppliers.join(",")}\n`)).rejects.toThrow(/no data rows/);
    const line = supplierCells().join(",");
    await expect(checkCsvText("suppliers", `${CSV_COLUMNS.suppliers.join(",")}\n${`${line}\n`.repeat(50_001)}`)).rejects.toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(/more than 50,000 data rows/),
    });
  });

  it("lets other work run while it reads a large file", async () => {
    const total = 30_000;
    const rows = Array.from({ length: total }, (_, i) => supplierCells({ external_id: `sup-${i}`, name: `Supplier ${i}`, notes: "x".repeat(100) }).join(","));
    const csv = `${CSV_COLUMNS.suppliers.join(",")}\n${rows.join("\n")}`;
    // Other work, scheduled on the event loop again and again while the file is read, notes how
    // many rows the reader has handed over so far. A reader that never let it run would show it
    // only "none yet" and "all of them".
    let received = 0;
    let reading = true;
    const seenByOtherWork: number[] = [];
    const otherWork = () => {
      seenByOtherWork.push(received);
      if (reading) setImmediate(otherWork);
    };
    setImmediate(otherWork);
    await readCsv(csv, layoutFor("suppliers"), {
      row: () => (received += 1),
      problem: () => (received += 1),
    });
    reading = false;
    expect(received).toBe(total);
    expect(seenByOtherWork.some((n) => n > 0 && n < total)).toBe(true);
  });
});
