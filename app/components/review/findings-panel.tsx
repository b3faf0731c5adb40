// The findings panel of the staff assessment page: the assessment's findings with severity, status,
// owner and due date, and the way to raise one. It renders the data the loader passes
// (app/services/findings.server.ts, findingsPanelData); dates as YYYY-MM-DD or ISO strings.
import { Link } from "@remix-run/react";
import { isFindingActive } from "~/domain/review/findings";
import type { FindingsPanelData } from "~/domain/review/review-views";
import { FindingDue, FindingStatusBadge, SeverityBadge } from "./finding-badges";

export interface FindingsPanelProps {
  assessmentId: string;
  data: FindingsPanelData | null;
}

export function FindingsPanel({ assessmentId, data }: FindingsPanelProps) {
  if (!data) return null;
  const active = data.findings.filter((f) => isFindingActive(f.status)).length;
  return (
    <section aria-labelledby="findings-heading" className="panel">
      <h2 id="findings-heading">
        Findings <span className="muted">({data.findings.length === 0 ? "none" : `${active} open of ${data.findings.length}`})</span>
      </h2>
      {data.findings.length === 0 ? (
        <p className="muted">No findings raised on this assessment.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Findings of this assessment</caption>
            <thead>
              <tr>
                <th scope="col">Finding</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {data.findings.map((f) => (
                <tr key={f.id}>
                  <td>
                    <Link to={`/findings/${f.id}`}>{f.title}</Link>
                    {f.questionPrompt || f.componentName ? (
                      <span className="muted"> ({[f.questionPrompt && shorten(f.questionPrompt), f.componentName].filter(Boolean).join(", ")})</span>
                    ) : null}
                    {f.vendorRespondedAt ? (
                      <>
                        {" "}
                        <span className="badge badge--ok">Vendor responded</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <SeverityBadge severity={f.severity} />
                  </td>
                  <td>
                    <FindingStatusBadge status={f.status} />
                  </td>
                  <td>{f.ownerName ?? <span className="muted">Nobody</span>}</td>
                  <td>
                    <FindingDue dueDate={f.dueDate} today={data.today} active={isFindingActive(f.status)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.canRaise ? (
        <p>
          <Link to={`/assessments/${assessmentId}/findings/new`} className="button">
            Raise a finding
          </Link>{" "}
          {active > 0 ? (
            <>
              <Link to={`/assessments/${assessmentId}/findings/notify`} className="button button--quiet">
                Email the open findings to the vendor
              </Link>{" "}
            </>
          ) : null}
          <span className="muted">Findings can also be raised from an answer on the answers page.</span>
        </p>
      ) : data.raiseRefusal ? (
        <p className="muted">{data.raiseRefusal}</p>
      ) : null}
    </section>
  );
}

/** A question's prompt cut to a line. */
function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
