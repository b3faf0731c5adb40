// How a thrown response or error reads to a person: shared by the root page and the staff layout's boundary.
import { isRouteErrorResponse } from "@remix-run/react";
import { isRefusal, whatRoleMay, whoMay, type Refusal } from "~/domain/permission-descriptions";
import { ROLE_LABELS, type Role } from "~/domain/permissions";

export interface ErrorLink {
  to: string;
  label: string;
}

/** What the error page knows about where it is: the address, and who is looking (inside the staff area). */
export interface ErrorContext {
  pathname?: string;
  role?: Role;
  /** The sections the person can reach, to offer a way back that exists for them. */
  nav?: ErrorLink[];
}

// The first segment of a staff address names the kind of record a 404 is about.
const RECORD_NOUNS: Record<string, string> = {
  suppliers: "supplier",
  components: "AI component",
  "ai-systems": "AI system",
  assessments: "assessment",
  findings: "finding",
  templates: "template",
  campaigns: "campaign",
};

function notFoundText(noun: string | undefined): string {
  return noun
    ? `Page not found: there is no ${noun} at this address, or it is not yours to see. It may have been removed, or the link is incomplete.`
    : "Page not found: there is nothing at this address, or it is not yours to see.";
}

export function describeError(error: unknown, context: ErrorContext = {}): { title: string; message: string } {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      const segments = (context.pathname ?? "").split("/").filter(Boolean);
      const noun = segments.length > 1 ? RECORD_NOUNS[segments[0] ?? ""] : undefined;
      return { title: noun ? `No such ${noun}` : "Page not found", message: notFoundText(noun) };
    }
    if (error.status === 403) return { title: "Not allowed", message: "Your role does not give you access to this page. Ask an admin if you need it." };
    if (error.status === 429) return { title: "Too many requests", message: "Please wait a few minutes and try again." };
    return { title: `Error ${error.status}`, message: typeof error.data === "string" && error.data ? error.data : "The request could not be completed." };
  }
  return { title: "Something went wrong", message: "An unexpected error happened on our side. Please try again." };
}

/** The links back: the list the record would be in (when the person can open it), then the dashboard. */
function waysBack(context: ErrorContext): ErrorLink[] {
  const first = (context.pathname ?? "").split("/").filter(Boolean)[0];
  const list = first ? context.nav?.find((item) => item.to === `/${first}`) : undefined;
  const links: ErrorLink[] = list ? [{ to: list.to, label: `Back to ${list.label.toLowerCase()}` }] : [];
  return [...links, { to: "/", label: "Go to the dashboard" }];
}

/** The title, the explanation and a way back; the caller decides what surrounds it. */
export function ErrorMessage({ error, context = {} }: { error: unknown; context?: ErrorContext }) {
  const { title, message } = describeError(error, context);
  const forbidden = isRouteErrorResponse(error) && error.status === 403;
  const refusal = forbidden && isRefusal(error.data) ? error.data : null;
  return (
    <>
      <h1>{title}</h1>
      {forbidden && (refusal || context.role) ? <RefusalExplained refusal={refusal} role={context.role} /> : <p>{message}</p>}
      <WaysBack context={context} />
    </>
  );
}

/** A 404 rendered by a page itself (the staff area's catch-all), worded as a thrown one would be. */
export function NotFoundMessage({ context }: { context: ErrorContext }) {
  const segments = (context.pathname ?? "").split("/").filter(Boolean);
  const noun = segments.length > 1 ? RECORD_NOUNS[segments[0] ?? ""] : undefined;
  return (
    <>
      <h1>{noun ? `No such ${noun}` : "Page not found"}</h1>
      <p>{notFoundText(noun)}</p>
      <WaysBack context={context} />
    </>
  );
}

function WaysBack({ context }: { context: ErrorContext }) {
  return (
    <ul className="error-page__links">
      {waysBack(context).map((link) => (
        <li key={link.to}>
          <a href={link.to}>{link.label}</a>
        </li>
      ))}
    </ul>
  );
}

/** Who may do what was refused, what this person's role may do, and whom to ask. */
function RefusalExplained({ refusal, role }: { refusal: Refusal | null; role?: Role }) {
  const admins = refusal?.admins ?? [];
  return (
    <>
      <p className="lead">
        {refusal?.action ? `${whoMay(refusal.action)} ` : "Your role does not give you access to this page. "}
        {role ? `You are signed in as ${article(ROLE_LABELS[role])} ${ROLE_LABELS[role].toLowerCase()}.` : null}
      </p>
      {role ? (
        <>
          <p>With your role you can:</p>
          <ul className="error-page__abilities">
            {whatRoleMay(role).map((phrase) => (
              <li key={phrase}>{phrase}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        If your work needs more, ask an admin to change your role
        {admins.length > 0 ? (
          <>
            {": "}
            {admins.map((admin, i) => (
              <span key={admin.email}>
                {i > 0 ? ", " : null}
                {admin.name} (<a href={`mailto:${admin.email}`}>{admin.email}</a>)
              </span>
            ))}
            .
          </>
        ) : (
          "."
        )}
      </p>
    </>
  );
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}
