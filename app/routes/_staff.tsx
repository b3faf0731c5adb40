import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { StaffShell, type NavItem } from "~/components/staff-shell";
import { canSometimes, type Action } from "~/domain/permissions";
import { requireStaffUser } from "~/http/guard.server";

const NAV: Array<NavItem & { action: Action }> = [
  { to: "/", label: "Dashboard", action: "dashboard:read" },
  { to: "/suppliers", label: "Suppliers", action: "inventory:read" },
  { to: "/components", label: "AI components", action: "inventory:read" },
  { to: "/ai-systems", label: "AI systems", action: "inventory:read" },
  { to: "/graph", label: "Graph", action: "inventory:read" },
  { to: "/inventory/csv", label: "Import / export", action: "inventory:read" },
  { to: "/assessments", label: "Assessments", action: "assessment:read" },
  { to: "/templates", label: "Templates", action: "template:read" },
  { to: "/admin/users", label: "Admin", action: "user:manage" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context);
  const nav = NAV.filter((item) => canSometimes(user.role, item.action)).map(({ to, label }) => ({ to, label }));
  return { user: { name: user.name, email: user.email, role: user.role }, nav };
}

export default function StaffLayout() {
  const { user, nav } = useLoaderData<typeof loader>();
  return (
    <StaffShell user={user} nav={nav}>
      <Outlet />
    </StaffShell>
  );
}
