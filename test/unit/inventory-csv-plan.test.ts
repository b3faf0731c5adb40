// Planning an import (app/domain/import/pipeline.ts) with the inventory adapters, against a
// made-up database.
import { emptyWorld, type ExistingRow, type ImportWorld, type Refs } from "~/domain/import/adapter";
import { planImport } from "~/domain/import/pipeline";
import { INVENTORY_ADAPTERS, type ContactRecord, type DependencyRecord, type SupplierRecord, type SystemRecord } from "~/domain/inventory-import/adapters";

const admin = { id: "00000000-0000-4000-8000-000000000001", role: "admin" as const, email: "admin@example.com" };
const riskOwner = { id: "00000000-0000-4000-8000-000000000002", role: "risk_owner" as const, email: "risk@example.com" };
const otherOwner = { id: "00000000-0000-4000-8000-000000000003", role: "risk_owner" as const, email: "other@example.com" };
const UUID_A = "11111111-1111-4111-8111-111111111111";

function supplier(overrides: Partial<SupplierRecord> = {}): SupplierRecord {
  return {
    external_id: "sup-1",
    name: "Acme AI",
    legal_name: null,
    website: null,
    country: "DE",
    status: "active",
    procurement_owner_email: null,
    notes: null,
    ...overrides,
  };
}

function existing<R>(id: string, record: R, refs: Refs = {}, extra: Partial<ExistingRow<R>> = {}): ExistingRow<R> {
  return { id, hasExternalId: true, archived: false, record, refs, ...extra };
}

describe("planning an import", () => {
  it("sorts rows into create, update (with the changed columns) and unchanged", () => {
    const world = emptyWorld<SupplierRecord>();
    world.existing.set("sup-1", existing("id-1", supplier()));
    world.existing.set("sup-2", existing("id-2", supplier({ external_id: "sup-2", name: "Beta" })));
    world.holders.set("supplier-name|acme ai", { id: "id-1", label: "Acme AI" });
    world.holders.set("supplier-name|beta", { id: "id-2", label: "Beta" });
    const plan = planImport(
      INVENTORY_ADAPTERS.suppliers,
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
    const world = emptyWorld<SupplierRecord>();
    world.holders.set("supplier-name|taken", { id: "id-9", label: "Taken" });
    const plan = planImport(
      INVENTORY_ADAPTERS.suppliers,
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
    expect(plan.problems[1]!.message).toBe("The name “acme ai” (ignoring case) is also in row 2");
  });

  it("matches a uuid to the row without an external id, and sets it only when the row changes anyway", () => {
    const world = emptyWorld<SupplierRecord>();
    world.existing.set(UUID_A, existing(UUID_A, supplier({ external_id: UUID_A }), {}, { hasExternalId: false }));
    const same = planImport(INVENTORY_ADAPTERS.suppliers, [{ row: 2, record: supplier({ external_id: UUID_A }) }], world, admin);
    expect(same.items[0]).toMatchObject({ action: "unchanged", id: UUID_A });
    const changed = planImport(INVENTORY_ADAPTERS.suppliers, [{ row: 2, record: supplier({ external_id: UUID_A, notes: "new" }) }], world, admin);
    expect(changed.items[0]!.changes.map((c) => c.column)).toEqual(["external_id", "notes"]);
  });

  it("checks owner emails against users and their roles", () => {
    const world = emptyWorld<SupplierRecord>();
    world.users.set("viewer@example.com", { id: "u-v", email: "viewer@example.com", role: "viewer", disabled: false });
    world.users.set("buyer@example.com", { id: "u-b", email: "buyer@example.com", role: "procurement", disabled: false });
    const plan = planImport(
      INVENTORY_ADAPTERS.suppliers,
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
      external_id: "sys-1",
      name: "Mine",
      purpose: null,
      owner_email: riskOwner.email,
      business_unit: null,
      criticality: "high",
      eu_ai_act_class: "limited_risk",
      lifecycle: "in_production",
      ...overrides,
    });
    const world = emptyWorld<SystemRecord>();
    world.users.set(riskOwner.email, { ...riskOwner, disabled: false });
    world.users.set(otherOwner.email, { ...otherOwner, disabled: false });
    world.existing.set("sys-2", existing("id-2", system({ external_id: "sys-2", name: "Theirs", owner_email: otherOwner.email }), { owner_id: otherOwner.id }));
    world.existing.set(
      "sys-3",
      existing("id-3", system({ external_id: "sys-3", name: "Also theirs", owner_email: otherOwner.email }), { owner_id: otherOwner.id }),
    );
    const plan = planImport(
      INVENTORY_ADAPTERS.systems,
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
    const contact = (overrides: Partial<ContactRecord>): ContactRecord => ({
      external_id: "con-1",
      supplier_external_id: "sup-1",
      name: "Ann",
      email: "ann@acme.example",
      title: null,
      is_primary: true,
      ...overrides,
    });
    const world: ImportWorld<ContactRecord> = emptyWorld();
    world.targets.suppliers = new Map([
      ["sup-1", { id: "s-1", archived: false, label: "Acme", ownerId: null }],
      ["sup-old", { id: "s-2", archived: true, label: "Old", ownerId: null }],
    ]);
    const plan = planImport(
      INVENTORY_ADAPTERS.contacts,
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
    const world: ImportWorld<ContactRecord> = emptyWorld();
    world.targets.suppliers = new Map([["sup-1", { id: "s-1", archived: false, label: "Acme", ownerId: null }]]);
    const ann: ContactRecord = { external_id: "con-1", supplier_external_id: "sup-1", name: "Ann", email: "ann@acme.example", title: null, is_primary: true };
    world.existing.set("con-1", existing("c-1", ann, { supplier_id: "s-1" }));
    world.holders.set("contact-primary|s-1", { id: "c-1", label: "Ann" });
    world.holders.set("contact-email|s-1|ann@acme.example", { id: "c-1", label: "Ann" });
    const rows = [
      { row: 2, record: { ...ann, is_primary: false } },
      { row: 3, record: { ...ann, external_id: "con-2", name: "Bob", email: "bob@acme.example", is_primary: true } },
    ];
    const plan = planImport(INVENTORY_ADAPTERS.contacts, rows, world, admin);
    expect(plan.problems).toEqual([]);
    expect(plan.items.map((i) => [i.action, i.releases])).toEqual([
      ["update", true],
      ["create", false],
    ]);
    const without = planImport(INVENTORY_ADAPTERS.contacts, [rows[1]!], world, admin);
    expect(without.problems.map((p) => p.column)).toEqual(["is_primary"]);
  });

  it("matches dependencies by the system and component they join, and lets only the system's owner change them", () => {
    const world = emptyWorld<DependencyRecord>();
    world.targets.systems = new Map([["sys-1", { id: "s-1", archived: false, label: "Credit model", ownerId: otherOwner.id }]]);
    world.targets.components = new Map([["cmp-1", { id: "c-1", archived: false, label: "Vision API", ownerId: null }]]);
    world.existing.set(
      "s-1|c-1",
      existing(
        "d-1",
        { system_external_id: "sys-1", component_external_id: "cmp-1", purpose: null, data_categories: ["none"], since: null },
        { ai_system_id: "s-1", ai_component_id: "c-1" },
      ),
    );
    const deps: Array<{ row: number; record: DependencyRecord }> = [
      { row: 2, record: { system_external_id: "sys-1", component_external_id: "cmp-1", purpose: "Scoring", data_categories: ["none"], since: null } },
      { row: 3, record: { system_external_id: "sys-1", component_external_id: "cmp-1", purpose: null, data_categories: ["none"], since: null } },
    ];
    const plan = planImport(INVENTORY_ADAPTERS.dependencies, deps, world, admin);
    expect(plan.problems.map((p) => [p.row, p.column, p.message])).toEqual([[3, "component_external_id", "This dependency already appears in row 2"]]);
    expect(plan.items.map((i) => [i.row, i.action, i.key])).toEqual([[2, "update", "sys-1 → cmp-1"]]);
    const refused = planImport(INVENTORY_ADAPTERS.dependencies, [deps[0]!], world, riskOwner);
    expect(refused.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [2, "system_external_id", "You can change only the dependencies of AI systems you own, and another user owns “Credit model”"],
    ]);
  });
});
