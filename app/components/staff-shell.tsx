import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { ROLE_LABELS, type Role } from "~/domain/permissions";

export interface NavItem {
  to: string;
  label: string;
}

interface StaffShellProps {
  user: { name: string; email: string; role: Role };
  nav: NavItem[];
  children: ReactNode;
}

export function StaffShell({ user, nav, children }: StaffShellProps) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <a href="/" className="brand">
          Assay
        </a>
        <nav aria-label="Main" className="shell__nav">
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="shell__user">
          <span>
            <span className="shell__user-name">{user.name}</span>
            <span className="shell__user-role">{ROLE_LABELS[user.role]}</span>
          </span>
          <Form method="post" action="/logout">
            <button type="submit" className="button button--quiet">
              Sign out
            </button>
          </Form>
        </div>
      </header>
      <main id="main" className="shell__main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
