// Risk acceptances as a list: who approved what, why, until when, and whether it still holds; with
// a revoke button for those who may. Used on a finding's page and on a component's pages.
import { Form } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/domain/calendar";

export interface AcceptanceItem {
  id: string;
  systemName: string | null;
  residualRisk: string | null;
  rationale: string;
  approverName: string;
  createdByName: string | null;
  createdAt: string;
  expiresOn: string;
  revokedAt: string | null;
  expiredAt: string | null;
  active: boolean;
}

function StateOf({ a }: { a: AcceptanceItem }) {
  if (a.active) return <span className="badge badge--ok">In force until {formatDate(a.expiresOn)}</span>;
  if (a.revokedAt) return <span className="badge badge--muted">Revoked {formatDate(a.revokedAt)}</span>;
  return <span className="badge badge--muted">Expired {formatDate(a.expiresOn)}</span>;
}

export function AcceptanceList({
  acceptances,
  canRevoke,
  action,
  caption,
  kind,
}: {
  acceptances: readonly AcceptanceItem[];
  canRevoke: boolean;
  /** Where the revoke form posts (the page's own action when omitted). */
  action?: string;
  caption: string;
  kind: "finding" | "component";
}) {
  return (
    <ul className="acceptance-list">
      {acceptances.map((a) => (
        <li key={a.id} className="acceptance-list__item">
          <p className="acceptance-list__head">
            <StateOf a={a} />{" "}
            {kind === "component" ? (
              <span>
                Residual risk{a.residualRisk ? ` (${a.residualRisk})` : ""} accepted{" "}
                {a.systemName ? `for ${a.systemName}` : "for every system that depends on it"}
              </span>
            ) : (
              <span>Risk accepted</span>
            )}{" "}
            by <strong>{a.approverName}</strong>
            <span className="muted">
              {" "}
              · recorded {formatDateTime(a.createdAt)}
              {a.createdByName && a.createdByName !== a.approverName ? ` by ${a.createdByName}` : ""}
            </span>
          </p>
          <p className="prewrap acceptance-list__rationale">{a.rationale}</p>
          {a.active && canRevoke ? (
            <Form method="post" action={action} className="inline-form">
              <input type="hidden" name="intent" value="revoke" />
              <input type="hidden" name="acceptanceId" value={a.id} />
              <button type="submit" className="button button--small button--danger">
                Revoke
                <span className="visually-hidden">
                  {" "}
                  the acceptance {caption} until {formatDate(a.expiresOn)}
                </span>
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
