// The five kinds of inventory file, their names in the interface and the audit trail, who may
// import each, and the limits of one upload. The per-kind rules are in the files next to this one.
import type { InventoryEntity } from "../audit-events";
import { today } from "../calendar";
import { can, canSometimes, type Principal } from "../permissions";

export const CSV_KINDS = ["suppliers", "contacts", "components", "systems", "dependencies"] as const;
export type CsvKind = (typeof CSV_KINDS)[number];

export const CSV_KIND_LABELS: Record<CsvKind, string> = {
  suppliers: "Suppliers",
  contacts: "Supplier contacts",
  components: "AI components",
  systems: "AI systems",
  dependencies: "Dependencies",
};

/** The kind in running text: "Import AI systems", "a supplier contacts file". */
export const CSV_KIND_NOUNS: Record<CsvKind, string> = {
  suppliers: "suppliers",
  contacts: "supplier contacts",
  components: "AI components",
  systems: "AI systems",
  dependencies: "dependencies",
};

/** The entity type and action prefix of audit events, as the edit forms write them. */
export const CSV_AUDIT_ENTITY: Record<CsvKind, InventoryEntity> = {
  suppliers: "supplier",
  contacts: "supplier_contact",
  components: "ai_component",
  systems: "ai_system",
  dependencies: "ai_system_dependency",
};

/** Suppliers first: each later file refers to rows of the earlier ones. */
export const CSV_IMPORT_ORDER: readonly CsvKind[] = CSV_KINDS;

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

export function isCsvKind(value: unknown): value is CsvKind {
  return typeof value === "string" && (CSV_KINDS as readonly string[]).includes(value);
}

/** Whether the role may import this kind of file at all (rows may still be refused one by one). */
export function canImportKind(principal: Principal, kind: CsvKind): boolean {
  switch (kind) {
    case "suppliers":
    case "contacts":
      return can(principal, "supplier:write");
    case "components":
      return can(principal, "component:write");
    case "systems":
    case "dependencies":
      return canSometimes(principal.role, "system:write");
  }
}

export function importableKinds(principal: Principal): CsvKind[] {
  return CSV_KINDS.filter((kind) => canImportKind(principal, kind));
}

export function cannotImportMessage(kind: CsvKind): string {
  return `Your role cannot import ${CSV_KIND_NOUNS[kind]}`;
}

/** The exported file's name: assay-suppliers-2025-01-31.csv */
export function exportFileName(kind: CsvKind, now = new Date()): string {
  return `assay-${kind}-${today(now)}.csv`;
}

/** "suppliers.csv" (the URL segment) to a kind, or null. */
export function kindFromExportSegment(segment: string | undefined): CsvKind | null {
  const match = /^([a-z]+)\.csv$/.exec(segment ?? "");
  return match && isCsvKind(match[1]) ? match[1] : null;
}
