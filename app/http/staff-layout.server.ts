// What the staff header needs on every page: who is signed in, the navigation their role may use,
// and (for admins) whether mail is failing. Used by the staff layout and by the staff area's 404.
import type { AppLoadContext } from "@remix-run/node";
import { canSometimes, type Action } from "../domain/permissions";
import { mailDeliveryAlert } from "../services/mail-outbox.server";
import type { StaffUser } from "./guard.server";

// The main row holds what people act from every day; the rest of the inventory sits behind one
// "Inventory" disclosure so the header stays one calm row (every page is still one click away).
/** One link of the header (app/components/staff-shell.tsx renders it). */
interface NavItem {
  to: string;
  label: string;
  group?: string;
}

const NAV: Array<NavItem & { action: Action }> = [
  { to: "/", label: "Dashboard", action: "dashboard:read" },
  { to: "/suppliers", label: "Suppliers", action: "inventory:read" },
  { to: "/components", label: "AI components", action: "inventory:read", group: "Inventory" },
  { to: "/ai-systems", label: "AI systems", action: "inventory:read", group: "Inventory" },
  { to: "/graph", label: "Graph", action: "inventory:read", group: "Inventory" },
  { to: "/inventory/csv", label: "Import / export", action: "inventory:read", group: "Inventory" },
  { to: "/assessments", label: "Assessments", action: "assessment:read" },
  { to: "/reviews", label: "Reviews", action: "assessment:read" },
  { to: "/findings", label: "Findings", action: "assessment:read" },
  { to: "/deadlines", label: "Deadlines", action: "dashboard:read" },
  { to: "/templates", label: "Templates", action: "template:read" },
  { to: "/admin/users", label: "Admin", action: "user:manage" },
];

export async function staffLayoutData(user: StaffUser, context: AppLoadContext) {
  const nav: NavItem[] = NAV.filter((item) => canSometimes(user.role, item.action)).map(({ to, label, group }) =>
    group ? { to, label, group } : { to, label },
  );
  // Admins are told when mail is not getting through (one query on a small partial index).
  const mailAlert = canSometimes(user.role, "mail:manage") ? await mailDeliveryAlert(context.app.db) : null;
  return { user: { name: user.name, email: user.email, role: user.role }, nav, mailAlert };
}
