// Who may do what: one pure table, consulted by every loader and action through one guard.
export const ROLES = ["admin", "procurement", "risk_owner", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  procurement: "Procurement",
  risk_owner: "Risk owner",
  viewer: "Viewer / auditor",
};

export const ACTIONS = [
  "dashboard:read",
  "inventory:read",
  "supplier:write",
  "component:write",
  "system:create",
  "system:write",
  "template:read",
  "template:write",
  "assessment:read",
  "assessment:issue",
  "assessment:manage",
  "user:read",
  "user:manage",
  "audit:read",
  "mail:manage",
  "methodology:manage",
  // The buying organisation's profile (name, logo, support contact, privacy notice): admins only.
  "organisation:manage",
  // The review workflow: comment, request clarification, start a review (review:write); assign
  // reviewers (review:assign); decide (review:decide); raise and move findings (finding:write);
  // accept a risk — risk owners only for risks that bear on their own systems (risk:accept).
  "review:write",
  "review:assign",
  "review:decide",
  "finding:write",
  "risk:accept",
  // Webhook endpoints, their delivery log and the private-targets setting: admins only.
  "webhook:manage",
] as const;
export type Action = (typeof ACTIONS)[number];

/** What a check may need to know about the thing acted on. */
export interface Resource {
  ownerId?: string | null;
}

export interface Principal {
  id: string;
  role: Role;
}

const READ_ALL: Action[] = ["dashboard:read", "inventory:read", "template:read", "assessment:read", "audit:read"];

/** `own` means: allowed when the principal owns the resource (risk owners and their systems). */
type Grant = "any" | "own";

const MATRIX: Record<Role, Partial<Record<Action, Grant>>> = {
  admin: Object.fromEntries(ACTIONS.map((a) => [a, "any"])) as Record<Action, Grant>,
  procurement: {
    ...grantAll(READ_ALL),
    "supplier:write": "any",
    "component:write": "any",
    "assessment:issue": "any",
    "assessment:manage": "any",
    "user:read": "any",
    "review:assign": "any",
    "finding:write": "any",
  },
  risk_owner: {
    ...grantAll(READ_ALL),
    "system:create": "any",
    "system:write": "own",
    "user:read": "any",
    "review:write": "any",
    "review:assign": "any",
    "review:decide": "any",
    "finding:write": "any",
    "risk:accept": "own",
  },
  viewer: grantAll([...READ_ALL, "user:read"]),
};

function grantAll(actions: Action[]): Partial<Record<Action, Grant>> {
  return Object.fromEntries(actions.map((a) => [a, "any" as const]));
}

export function can(principal: Principal, action: Action, resource?: Resource): boolean {
  const grant = MATRIX[principal.role]?.[action];
  if (grant === "any") return true;
  if (grant === "own") return resource !== undefined && resource.ownerId === principal.id;
  return false;
}

/** Whether the role may do the action to at least some resources (to show a button or a nav link). */
export function canSometimes(role: Role, action: Action): boolean {
  return MATRIX[role]?.[action] !== undefined;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
