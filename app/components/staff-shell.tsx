import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { ROLE_LABELS, type Role } from "~/domain/permissions";

export interface NavItem {
  to: string;
  label: string;
}

/** Undelivered mail worth an admin's attention (see app/services/mail-outbox.server.ts). */
export interface MailAlert {
  pending: number;
  failed: number;
}

interface StaffShellProps {
  user: { name: string; email: string; role: Role };
  nav: NavItem[];
  mailAlert?: MailAlert | null;
  children: ReactNode;
}

export function StaffShell({ user, nav, mailAlert, children }: StaffShellProps) {
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
          <Link to="/profile" className="shell__user-more">
            Profile
          </Link>
          <Form method="post" action="/logout">
            <button type="submit" className="button button--quiet">
              Sign out
            </button>
          </Form>
          <Link to="/logout" className="shell__user-more">
            Sign out everywhere…
          </Link>
        </div>
      </header>
      <main id="main" className="shell__main" tabIndex={-1}>
        {mailAlert ? <MailAlertBanner alert={mailAlert} /> : null}
        {children}
      </main>
    </div>
  );
}

function MailAlertBanner({ alert }: { alert: MailAlert }) {
  const parts = [
    alert.pending > 0 ? `${alert.pending} ${alert.pending === 1 ? "mail has" : "mails have"} waited more than 15 minutes` : null,
    alert.failed > 0 ? `${alert.failed} ${alert.failed === 1 ? "mail" : "mails"} could not be delivered` : null,
  ].filter(Boolean);
  return (
    <p className="flash flash--error" role="status" data-testid="mail-alert">
      <strong>Mail delivery is failing:</strong> {parts.join("; ")}. <a href="/admin/mail">Review undelivered mail</a>
    </p>
  );
}
