// The staff assessment page's clarification requests: each round (who asked, when, whether the
// vendor has resubmitted) and, per reopened question, what was asked and the answer before and
// after, so the reviewer sees what changed. A link to ask for clarification when the state allows it.
import { Link, useSearchParams } from "@remix-run/react";
import { formatDateTime } from "~/domain/calendar";
import type { ClarificationAnswerView, ClarificationsPanelData } from "~/domain/review/review-views";

/** What the panel renders (clarificationsPanelData's result as the loader serialises it). */
export interface ClarificationsPanelProps {
  assessmentId: string;
  data: ClarificationsPanelData | null;
}

function Answer({ answer, empty }: { answer: ClarificationAnswerView; empty: string }) {
  if (answer.text === null) return <span className="muted">{empty}</span>;
  return (
    <>
      <span className="prewrap">{answer.text}</span>
      {answer.comment ? (
        <span className="muted">
          <br />
          Comment: <span className="prewrap">{answer.comment}</span>
        </span>
      ) : null}
    </>
  );
}

export function ClarificationsPanel({ data }: ClarificationsPanelProps) {
  const [params] = useSearchParams();
  if (!data || (data.rounds.length === 0 && !data.canRequest)) return null;
  const sent = params.get("clarification") === "sent";
  return (
    <section aria-labelledby="clarifications-heading" className="panel" id="clarifications">
      <h2 id="clarifications-heading">Clarification requests</h2>
      {sent ? (
        <p className="flash flash--ok" role="status">
          Clarification requested: the questions are open again for the vendor, and their contacts were emailed a new link.
        </p>
      ) : null}
      {data.rounds.length === 0 ? <p className="muted">No clarification has been requested.</p> : null}
      {data.rounds.map((round) => (
        <div key={round.round} className="clarification-round">
          <h3>{`Round ${round.round}: ${round.items.length} question${round.items.length === 1 ? "" : "s"}`}</h3>
          <p>
            Requested {formatDateTime(round.requestedAt)}
            {round.requestedBy ? ` by ${round.requestedBy}` : ""}.{" "}
            {round.resolvedAt ? <>Resubmitted by the vendor {formatDateTime(round.resolvedAt)}.</> : <strong>Waiting for the vendor to resubmit.</strong>}
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Round {round.round}: questions asked about, with the answer before and after</caption>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">What was asked</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {round.items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      {item.number} {item.prompt}
                      {item.componentName ? <span className="muted"> ({item.componentName})</span> : null}
                    </th>
                    <td className="prewrap">{item.message}</td>
                    <td>
                      <Answer answer={item.before} empty="Unanswered" />
                    </td>
                    <td>
                      {item.after === null ? (
                        <span className="muted">Not answered yet</span>
                      ) : (
                        <>
                          <Answer answer={item.after} empty="Unanswered" />
                          {item.changed === false ? <span className="muted"> (unchanged)</span> : null}
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      {data.canRequest ? (
        <p>
          <Link to={data.requestHref} className="button">
            Request clarification
          </Link>{" "}
          <span className="muted">reopen chosen questions for the vendor, with what is needed.</span>
        </p>
      ) : null}
    </section>
  );
}
