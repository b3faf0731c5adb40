import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p className="flash flash--error" role="alert">
      {message}
    </p>
  );
}

export function FormActions({ submitLabel, cancelTo, busy, children }: { submitLabel: string; cancelTo: string; busy: boolean; children?: ReactNode }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
      </button>
      <Link to={cancelTo} className="button button--quiet">
        Cancel
      </Link>
      {children}
    </div>
  );
}

export function Breadcrumbs({ items }: { items: Array<{ to?: string; label: string }> }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        {items.map((item, i) =>
          item.to ? (
            <li key={i}>
              <Link to={item.to}>{item.label}</Link>
            </li>
          ) : (
            <li key={i} aria-current="page">
              {item.label}
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}

/** Values a failed server round trip sent back, as strings for defaultValue. */
export function echoed(values: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = values?.[name];
  return typeof value === "string" ? value : undefined;
}
