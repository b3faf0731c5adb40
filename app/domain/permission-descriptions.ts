// The permission table in words, for people refused a page: who may do a thing, and what a role
// may do. Derived from app/domain/permissions.ts, so the sentences cannot drift from the rules.
import { ACTIONS, canSometimes, ROLES, type Action, type Role } from "./permissions";

/** Each action as a verb phrase: "Risk owners and admins … add AI systems". */
export const ACTION_PHRASES: Record<Action, string> = {
  "dashboard:read": "see the dashboard and deadlines",
  "inventory:read": "see suppliers, AI components and AI systems",
  "supplier:write": "add and edit suppliers",
  "component:write": "add and edit AI components",
  "system:create": "add AI systems",
  "system:write": "edit AI systems",
  "template:read": "see questionnaire templates",
  "template:write": "create and edit questionnaire templates",
  "assessment:read": "see assessments, reviews and findings",
  "assessment:issue": "send questionnaires to suppliers",
  "assessment:manage": "manage assessments (deadlines, reminders, vendor access)",
  "user:read": "see who works in Assay",
  "user:manage": "invite users and change roles",
  "audit:read": "read the audit trail",
  "mail:manage": "look after outgoing mail",
  "methodology:manage": "change the scoring methodology",
  "review:write": "review answers and ask for clarifications",
  "review:assign": "assign reviewers",
  "review:decide": "record review decisions",
  "finding:write": "raise and update findings",
  "risk:accept": "accept risks",
  "organisation:manage": "set the organisation profile shown to vendors",
  "webhook:manage": "register webhook endpoints and see their deliveries",
};

const ROLE_PLURALS: Record<Role, string> = {
  admin: "admins",
  procurement: "procurement staff",
  risk_owner: "risk owners",
  viewer: "viewers",
};

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Roles that may do the action (to some or all records), admins last: they may do everything. */
export function rolesAllowed(action: Action): Role[] {
  const roles = ROLES.filter((role) => canSometimes(role, action));
  return [...roles.filter((r) => r !== "admin"), ...roles.filter((r) => r === "admin")];
}

/** "Risk owners and admins add AI systems." */
export function whoMay(action: Action): string {
  const text = `${listInWords(rolesAllowed(action).map((role) => ROLE_PLURALS[role]))} ${ACTION_PHRASES[action]}.`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the role may do, as phrases in the order of the table. */
export function whatRoleMay(role: Role): string[] {
  return ACTIONS.filter((action) => canSometimes(role, action)).map((action) => ACTION_PHRASES[action]);
}

export function isAction(value: unknown): value is Action {
  return typeof value === "string" && (ACTIONS as readonly string[]).includes(value);
}

/** The body of a 403 from the guard: which action was refused, and the admins who can change a role. */
export interface Refusal {
  message: string;
  action: Action | null;
  admins: Array<{ name: string; email: string }>;
}

export function isRefusal(value: unknown): value is Refusal {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<Refusal>;
  return typeof v.message === "string" && (v.action === null || isAction(v.action)) && Array.isArray(v.admins);
}
