// The admin area's own navigation (Users · Mail delivery · Scoring methodology · Organisation profile · Webhooks · API tokens), shown on each admin
// page instead of more top-level items; each entry only for roles that may open it. Pages that show
// it add `adminNavLinks()` to their `links`.
import { NavLink, useRouteLoaderData } from "@remix-run/react";
import { canSometimes, type Action, type Role } from "~/domain/permissions";

const ADMIN_PAGES: ReadonlyArray<{ to: string; label: string; action: Action }> = [
  { to: "/admin/users", label: "Users", action: "user:manage" },
  { to: "/admin/mail", label: "Mail delivery", action: "mail:manage" },
  { to: "/admin/methodology", label: "Scoring methodology", action: "methodology:manage" },
  { to: "/admin/organisation", label: "Organisation profile", action: "organisation:manage" },
  { to: "/admin/webhooks", label: "Webhooks", action: "webhook:manage" },
  { to: "/admin/api-tokens", label: "API tokens", action: "user:manage" },
];

export const adminNavLinks = () => [{ rel: "stylesheet", href: "/styles/admin.css" }];

/** The admin pages the signed-in user may open (the staff layout's loader holds the user). */
export function AdminNav() {
  const layout = useRouteLoaderData("routes/_staff") as { user?: { role: Role } } | undefined;
  const role = layout?.user?.role;
  const pages = role ? ADMIN_PAGES.filter((p) => canSometimes(role, p.action)) : [];
  if (pages.length === 0) return null;
  return (
    <nav aria-label="Admin" className="admin-nav">
      <ul>
        {pages.map((p) => (
          <li key={p.to}>
            <NavLink to={p.to} prefetch="intent">
              {p.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
