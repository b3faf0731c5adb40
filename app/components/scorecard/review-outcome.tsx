// The review's outcome on the scorecard: the decision (or "not yet decided") with its rationale,
// who and when, how long it holds and its conditions; then the findings still open.
import { Link } from "@remix-run/react";
import { DecisionFacts, type DecisionFactsView } from "~/components/review/decision-facts";
import { formatDate } from "~/domain/calendar";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS, type FindingSource, type FindingStatus, type Severity } from "~/domain/review/findings";

export interface ReviewOutcomeProps {
  assessmentId: string;
  decision:
    (DecisionFactsView & { conditions: Array<{ id: string; title: string; severity: Severity; dueDate: string | null; status: FindingStatus }> }) | null;
  openFindings: Array<{ id: string; title: string; severity: Severity; status: FindingStatus; dueDate: string | null; source: FindingSource }>;
}

export function ReviewOutcome({ assessmentId, decision, openFindings }: ReviewOutcomeProps) {
  return (
    <>
      {decision ? (
        <>
          <DecisionFacts decision={decision}>
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
          </DecisionFacts>
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
