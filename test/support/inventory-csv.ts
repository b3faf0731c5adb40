// Shared by the inventory CSV unit tests: generators of valid records in the normal form the
// import produces (trimmed, empty = null), and small CSV builders.
import fc from "fast-check";
import { CSV_COLUMNS, type SupplierRecord } from "~/domain/inventory-import/adapters";
import type { CsvKind } from "~/domain/inventory-import/kinds";
import { COUNTRIES } from "~/domain/countries";
import { SUPPLIER_STATUSES } from "~/domain/inventory";

const trimmedText = (max: number) =>
  fc
    .string({ unit: "grapheme", maxLength: Math.min(max, 80) })
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= max && !s.includes("\u0000"));
export const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const tricky = fc.constantFrom("=SUM(A1:A2)", "+1 555", "-5", "@cmd", "'=already", "a,b", 'say "hi"', "line1\nline2", "x\r\ny", "Zürich ✓", "''+x");
export const text = (max: number) => fc.oneof(trimmedText(max), tricky);
export const externalId = fc.stringMatching(/^[A-Za-z0-9._:/-]{1,40}$/);
export const email = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.stringMatching(/^[a-z]{1,10}$/)).map(([l, d]) => `${l}@${d}.example`);

export const supplierRecord: fc.Arbitrary<SupplierRecord> = fc.record({
  external_id: externalId,
  name: text(200),
  legal_name: optional(text(300)),
  website: optional(fc.stringMatching(/^[a-z]{2,12}$/).map((d) => `https://${d}.example/path?q=1`)),
  country: optional(fc.constantFrom(...COUNTRIES.map((c) => c.code))),
  status: fc.constantFrom(...SUPPLIER_STATUSES),
  procurement_owner_email: optional(email),
  notes: optional(text(5000)),
});

/** A CSV file of this kind: the header, then these rows (quoted where needed, LF line ends). */
export function csvOf(kind: CsvKind, lines: string[][]): string {
  return [[...CSV_COLUMNS[kind]], ...lines].map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\n");
}

/** The cells of a valid supplier row, with some replaced. */
export const supplierCells = (overrides: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    external_id: "sup-1",
    name: "Acme AI",
    legal_name: "",
    website: "https://acme.example",
    country: "de",
    status: "active",
    procurement_owner_email: "",
    notes: "",
  };
  const merged = { ...base, ...overrides };
  return CSV_COLUMNS.suppliers.map((c) => merged[c] ?? "");
};
