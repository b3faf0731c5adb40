import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { ROLE_LABELS, type Role } from "~/domain/permissions";

export interface NavItem {
  to: string;
  label: string;
  /** Items of a group sit behind one disclosure ("Inventory ▾") instead of in the main row. */
  group?: string;
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

type NavEntry = { kind: "link"; item: NavItem } | { kind: "group"; label: string; items: NavItem[] };

/** The nav in display order: a group takes the place of its first item. */
function navEntries(nav: NavItem[]): NavEntry[] {
  const entries: NavEntry[] = [];
  for (const item of nav) {
    if (!item.group) {
      entries.push({ kind: "link", item });
      continue;
    }
    const group = entries.find((e): e is Extract<NavEntry, { kind: "group" }> => e.kind === "group" && e.label === item.group);
    if (group) group.items.push(item);
    else entries.push({ kind: "group", label: item.group, items: [item] });
  }
  return entries;
}

function isCurrent(pathname: string, to: string): boolean {
  return to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`);
}

export function StaffShell({ user, nav, mailAlert, children }: StaffShellProps) {
  const { pathname } = useLocation();
  const navRef = useRef<HTMLElement>(null);
  // A group's menu is a <details>: it works without JavaScript; with it, it closes after a navigation.
  useEffect(() => {
    navRef.current?.querySelectorAll("details[open]").forEach((details) => details.removeAttribute("open"));
  }, [pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <div className="shell__bar">
          <a href="/" className="brand">
            <span className="brand__mark" aria-hidden="true" />
            Assay
          </a>
          <div className="shell__user">
            <span className="shell__who">
              <span className="shell__user-name">{user.name}</span>
              <span className="shell__user-role">{ROLE_LABELS[user.role]}</span>
            </span>
            <Link to="/profile" className="shell__user-link">
              Profile
            </Link>
            <Form method="post" action="/logout" className="shell__signout">
              <button type="submit" className="button button--small">
                Sign out
              </button>
            </Form>
            <Link to="/logout" className="shell__user-link shell__user-link--minor">
              Sign out everywhere…
            </Link>
          </div>
        </div>
        <nav aria-label="Main" className="shell__nav" ref={navRef}>
          <ul className="shell__nav-list">
            {navEntries(nav).map((entry) =>
              entry.kind === "link" ? (
                <li key={entry.item.to}>
                  <NavLink to={entry.item.to} end={entry.item.to === "/"} prefetch="intent" className="shell__nav-link">
                    {entry.item.label}
                  </NavLink>
                </li>
              ) : (
                <li key={entry.label} className="nav-group">
                  <details>
                    <summary className={entry.items.some((i) => isCurrent(pathname, i.to)) ? "shell__nav-link active" : "shell__nav-link"}>
                      {entry.label}
                    </summary>
                    <ul className="nav-group__panel">
                      {entry.items.map((item) => (
                        <li key={item.to}>
                          <NavLink to={item.to} prefetch="intent">
                            {item.label}
                          </NavLink>
                        </li>
                      ))}
                    </ul>
                  </details>
                </li>
              ),
            )}
          </ul>
        </nav>
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
