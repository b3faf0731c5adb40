// The review's outcome on the scorecard: the decision (or "not yet decided") with its rationale,
// who and when, how long it holds and its conditions; then the findings still open.
import { Link } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/domain/calendar";
import type { Decision } from "~/domain/review/decision";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS, type FindingSource, type FindingStatus, type Severity } from "~/domain/review/findings";

export interface ReviewOutcomeProps {
  assessmentId: string;
  decision: {
    decision: Decision;
    label: string;
    rationale: string;
    decidedByName: string | null;
    decidedAt: string | Date;
    validUntil: string | null;
    expiredAt: string | Date | null;
    conditions: Array<{ id: string; title: string; severity: Severity; dueDate: string | null; status: FindingStatus }>;
  } | null;
  openFindings: Array<{ id: string; title: string; severity: Severity; status: FindingStatus; dueDate: string | null; source: FindingSource }>;
}

const TONES: Record<Decision, string> = { approved: "badge--ok", approved_with_conditions: "badge--warn", rejected: "badge--danger" };

export function ReviewOutcome({ assessmentId, decision, openFindings }: ReviewOutcomeProps) {
  return (
    <>
      {decision ? (
        <>
          <p>
            <span className={`badge ${TONES[decision.decision]}`}>{decision.label}</span>{" "}
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
            {decision.conditions.length ? (
              <>
                <dt>Conditions</dt>
                <dd>
                  <ul>
                    {decision.conditions.map((c) => (
                      <li key={c.id}>
                        {c.title}{" "}
                        <span className="muted">
                          ({SEVERITY_LABELS[c.severity]}
                          {c.dueDate ? `, due ${formatDate(c.dueDate)}` : ""}, {FINDING_STATUS_LABELS[c.status].toLowerCase()})
                        </span>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
          </dl>
        </>
      ) : (
        <p>
          Not yet decided. <Link to={`/assessments/${assessmentId}#review`}>Go to the review</Link>
        </p>
      )}
      <h3>Open findings</h3>
      {openFindings.length === 0 ? (
        <p className="muted">No open findings.</p>
      ) : (
        <ul>
          {openFindings.map((f) => (
            <li key={f.id}>
              {f.title}
              {f.source === "condition" ? " (condition)" : ""}{" "}
              <span className="muted">
                ({SEVERITY_LABELS[f.severity]}, {FINDING_STATUS_LABELS[f.status].toLowerCase()}
                {f.dueDate ? `, due ${formatDate(f.dueDate)}` : ""})
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
