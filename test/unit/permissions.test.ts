import fc from "fast-check";
import { ACTIONS, can, canSometimes, ROLES, type Action } from "~/domain/permissions";

// Compile-time: ACTIONS names every Action and nothing else, so looping over it covers them all
// (npm run typecheck fails if Action ever gains a member that is not in the list).
type Listed = (typeof ACTIONS)[number];
const actionsListedExhaustively = true satisfies [Exclude<Action, Listed>, Exclude<Listed, Action>] extends [never, never] ? true : false;

/** Every action that changes something, derived from the list so a new one is covered at once. */
const WRITE_ACTIONS = ACTIONS.filter((action) => !action.endsWith(":read"));

describe("permissions", () => {
  const arbRole = fc.constantFrom(...ROLES);
  const arbAction = fc.constantFrom(...ACTIONS);
  const arbId = fc.uuid();

  it("lets admins do every action the permissions module lists, on anyone's resources", () => {
    expect(actionsListedExhaustively).toBe(true);
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
    const admin = { id: "admin-1", role: "admin" as const };
    expect(ACTIONS.filter((action) => !can(admin, action))).toEqual([]);
    expect(ACTIONS.filter((action) => !can(admin, action, { ownerId: "someone-else" }))).toEqual([]);
    expect(ACTIONS.filter((action) => !canSometimes("admin", action))).toEqual([]);
  });

  it("never lets a viewer change anything, whatever they own", () => {
    fc.assert(fc.property(fc.constantFrom(...WRITE_ACTIONS), arbId, (action, id) => !can({ id, role: "viewer" }, action, { ownerId: id })));
  });

  it("lets every role read the dashboard and inventory", () => {
    fc.assert(fc.property(arbRole, arbId, (role, id) => can({ id, role }, "dashboard:read") && can({ id, role }, "inventory:read")));
  });

  it("reserves user management to admins", () => {
    expect(ROLES.filter((role) => can({ id: "u", role }, "user:manage"))).toEqual(["admin"]);
  });

  it("reserves the organisation profile (name, logo, support contact, privacy notice) to admins", () => {
    expect(ROLES.filter((role) => can({ id: "u", role }, "organisation:manage", { ownerId: "u" }))).toEqual(["admin"]);
    expect(ROLES.filter((role) => canSometimes(role, "organisation:manage"))).toEqual(["admin"]);
  });

  it("lets a risk owner edit only the systems they own", () => {
    const owner = { id: "risk-1", role: "risk_owner" as const };
    expect(can(owner, "system:write", { ownerId: "risk-1" })).toBe(true);
    expect(can(owner, "system:write", { ownerId: "risk-2" })).toBe(false);
    expect(can(owner, "system:write", { ownerId: null })).toBe(false);
    expect(can(owner, "system:write")).toBe(false);
    expect(canSometimes("risk_owner", "system:write")).toBe(true);
  });

  it("lets procurement edit suppliers and components but not systems", () => {
    const p = { id: "p", role: "procurement" as const };
    expect(can(p, "supplier:write")).toBe(true);
    expect(can(p, "component:write")).toBe(true);
    expect(can(p, "system:write", { ownerId: "p" })).toBe(false);
  });

  it("lets procurement and admins issue and manage assessments, and everyone read them", () => {
    expect(ROLES.filter((role) => can({ id: "u", role }, "assessment:issue"))).toEqual(["admin", "procurement"]);
    expect(ROLES.filter((role) => can({ id: "u", role }, "assessment:manage"))).toEqual(["admin", "procurement"]);
    fc.assert(fc.property(arbRole, arbId, (role, id) => can({ id, role }, "assessment:read")));
    // Owning something never turns a risk owner into an issuer.
    expect(can({ id: "r", role: "risk_owner" }, "assessment:manage", { ownerId: "r" })).toBe(false);
  });

  it("lets risk owners and admins review and decide, procurement assign and track findings, viewers only read", () => {
    const allowed = (action: Parameters<typeof can>[1]) => ROLES.filter((role) => can({ id: "u", role }, action));
    expect(allowed("review:write")).toEqual(["admin", "risk_owner"]);
    expect(allowed("review:decide")).toEqual(["admin", "risk_owner"]);
    expect(allowed("review:assign")).toEqual(["admin", "procurement", "risk_owner"]);
    expect(allowed("finding:write")).toEqual(["admin", "procurement", "risk_owner"]);
    // A risk owner accepts only risks that bear on a system they own; an admin any.
    expect(can({ id: "r", role: "risk_owner" }, "risk:accept", { ownerId: "r" })).toBe(true);
    expect(can({ id: "r", role: "risk_owner" }, "risk:accept", { ownerId: "someone-else" })).toBe(false);
    expect(can({ id: "r", role: "risk_owner" }, "risk:accept")).toBe(false);
    expect(can({ id: "a", role: "admin" }, "risk:accept")).toBe(true);
    expect(can({ id: "p", role: "procurement" }, "risk:accept", { ownerId: "p" })).toBe(false);
  });

  it("treats an unknown role as having no rights", () => {
    fc.assert(fc.property(arbAction, (action) => !can({ id: "x", role: "superuser" as never }, action)));
  });
});
