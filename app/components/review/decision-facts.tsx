// A recorded decision's facts: what (as a badge), who and when, the rationale and how long it holds.
// The review panel and the scorecard both show them; each adds its own rows (conditions) after.
import type { ReactNode } from "react";
import { formatDate, formatDateTime } from "~/domain/calendar";
import type { Decision } from "~/domain/review/decision";

const DECISION_TONES: Record<Decision, string> = { approved: "badge--ok", approved_with_conditions: "badge--warn", rejected: "badge--danger" };

export interface DecisionFactsView {
  decision: Decision;
  label: string;
  rationale: string;
  decidedByName: string | null;
  decidedAt: string | Date;
  validUntil: string | null;
  expiredAt: string | Date | null;
}

export function DecisionFacts({ decision, children }: { decision: DecisionFactsView; children?: ReactNode }) {
  return (
    <>
      <p>
        <span className={`badge ${DECISION_TONES[decision.decision]}`}>{decision.label}</span>{" "}
        <span className="muted">
          by {decision.decidedByName ?? "a former user"} on {formatDateTime(decision.decidedAt)}
        </span>
      </p>
      <dl className="detail-grid">
        <dt>Rationale</dt>
        <dd className="prewrap">{decision.rationale}</dd>
        <dt>Valid until</dt>
        <dd>
          {decision.validUntil ? formatDate(decision.validUntil) : "—"}
          {decision.expiredAt ? <span className="badge badge--muted">Expired {formatDate(decision.expiredAt)}</span> : null}
        </dd>
        {children}
      </dl>
    </>
  );
}
