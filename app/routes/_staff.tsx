import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { ErrorMessage } from "~/components/error-message";
import { StaffShell, type NavItem } from "~/components/staff-shell";
import { canSometimes, type Action } from "~/domain/permissions";
import { requireStaffUser } from "~/http/guard.server";
import { mailDeliveryAlert } from "~/services/mail-outbox.server";

const NAV: Array<NavItem & { action: Action }> = [
  { to: "/", label: "Dashboard", action: "dashboard:read" },
  { to: "/suppliers", label: "Suppliers", action: "inventory:read" },
  { to: "/components", label: "AI components", action: "inventory:read" },
  { to: "/ai-systems", label: "AI systems", action: "inventory:read" },
  { to: "/graph", label: "Graph", action: "inventory:read" },
  { to: "/inventory/csv", label: "Import / export", action: "inventory:read" },
  { to: "/assessments", label: "Assessments", action: "assessment:read" },
  { to: "/reviews", label: "Reviews", action: "assessment:read" },
  { to: "/findings", label: "Findings", action: "assessment:read" },
  { to: "/deadlines", label: "Deadlines", action: "dashboard:read" },
  { to: "/templates", label: "Templates", action: "template:read" },
  { to: "/admin/users", label: "Admin", action: "user:manage" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context);
  const nav = NAV.filter((item) => canSometimes(user.role, item.action)).map(({ to, label }) => ({ to, label }));
  // Admins are told when mail is not getting through (one query on a small partial index).
  const mailAlert = canSometimes(user.role, "mail:manage") ? await mailDeliveryAlert(context.app.db) : null;
  return { user: { name: user.name, email: user.email, role: user.role }, nav, mailAlert };
}

export default function StaffLayout() {
  const { user, nav, mailAlert } = useLoaderData<typeof loader>();
  return (
    <StaffShell user={user} nav={nav} mailAlert={mailAlert}>
      <Outlet />
    </StaffShell>
  );
}

/**
 * A 403, 404 or 500 inside the staff area keeps the header and navigation around the message.
 * If this layout's own loader failed there is no user to show, so the message stands alone.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const layout = useRouteLoaderData<typeof loader>("routes/_staff");
  if (!layout) {
    return (
      <main id="main" className="error-page">
        <ErrorMessage error={error} />
      </main>
    );
  }
  return (
    <StaffShell user={layout.user} nav={layout.nav} mailAlert={layout.mailAlert}>
      <div className="error-page">
        <ErrorMessage error={error} />
      </div>
    </StaffShell>
  );
}
