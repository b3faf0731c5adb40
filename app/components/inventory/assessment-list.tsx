// The questionnaires sent about a supplier or a component, on its inventory page: status, due date,
// the vendor's progress and the latest grade, each linking to the assessment; and "Send
// questionnaire" pre-filled with this supplier (and component) for those who may issue one.
import { Link } from "@remix-run/react";
import { AssessmentStatusBadge, DueDate } from "~/components/assessments/badges";
import { EmptyState } from "~/components/list";
import { GradeBadge } from "~/components/scorecard/badges";
import { ratingAnchor, score } from "~/components/scorecard/format";
import type { AssessmentStatus } from "~/domain/assessment-lifecycle";
import { formatDate } from "~/domain/calendar";
import type { Grade } from "~/domain/templates/definition";

export interface AssessmentListProps {
  rows: ReadonlyArray<{
    id: string;
    status: AssessmentStatus;
    dueDate: string;
    issuedAt: string | Date;
    templateName: string;
    version: number;
    open: boolean;
    percent: number;
    requiredAnswered: number;
    required: number;
    grade: Grade | null;
    overall: number | null;
    scored: boolean;
  }>;
  total: number;
  today: string;
  /** "Acme" or "Acme Vision API": what the questionnaires are about. */
  subject: string;
  /** Where "Send questionnaire" goes (null when the user may not issue one). */
  issueHref: string | null;
  /** Where all of them are listed, when this page shows only the latest. */
  allHref?: string;
  /** On a component page: the grade is the component's, and the scorecard link jumps to it. */
  componentId?: string;
}

export function issueHrefFor(supplierId: string, componentId?: string): string {
  const params = new URLSearchParams({ supplierId });
  if (componentId) params.set("componentId", componentId);
  return `/assessments/new?${params}`;
}

export function AssessmentList({ rows, total, today, subject, issueHref, allHref, componentId }: AssessmentListProps) {
  return (
    <section aria-labelledby="assessments-heading" className="inventory-assessments">
      <div className="section-header">
        <h2 id="assessments-heading">Questionnaires ({total})</h2>
        {issueHref ? (
          <Link to={issueHref} className="button button--small">
            Send questionnaire<span className="visually-hidden"> about {subject}</span>
          </Link>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <EmptyState title={`No questionnaire has been sent about ${subject} yet.`}>
          <p>
            A questionnaire asks the vendor about their AI; once answered it is scored and reviewed here.{" "}
            {issueHref ? <Link to={issueHref}>Send the first one</Link> : "Procurement sends them."}
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Questionnaires about {subject}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Questionnaire</th>
                  <th scope="col">Status</th>
                  <th scope="col">Due</th>
                  <th scope="col">Progress</th>
                  <th scope="col">{componentId ? "Component grade" : "Grade"}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/assessments/${a.id}`}>
                        {a.templateName} v{a.version}
                      </Link>
                      <div className="muted">sent {formatDate(a.issuedAt)}</div>
                    </td>
                    <td>
                      <AssessmentStatusBadge status={a.status} />
                    </td>
                    <td>
                      <DueDate dueDate={a.dueDate} today={today} open={a.open} />
                    </td>
                    <td>
                      <span className="inventory-assessments__progress">
                        <progress
                          max={Math.max(a.required, 1)}
                          value={a.required ? a.requiredAnswered : 1}
                          aria-label={`Progress of ${a.templateName} sent ${formatDate(a.issuedAt)}`}
                        >
                          {a.percent}%
                        </progress>{" "}
                        <span className="nowrap">
                          {a.requiredAnswered} of {a.required} required
                        </span>
                      </span>
                    </td>
                    <td>
                      {a.scored ? (
                        <Link to={`/assessments/${a.id}/scorecard${componentId ? `#${ratingAnchor(componentId)}` : ""}`} className="nowrap">
                          <GradeBadge grade={a.grade} /> {score(a.overall)}
                          <span className="visually-hidden"> (open the scorecard)</span>
                        </Link>
                      ) : (
                        <span className="muted">Not scored yet</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {total > rows.length && allHref ? (
            <p>
              <Link to={allHref}>All {total} questionnaires</Link>
            </p>
          ) : total > rows.length ? (
            <p className="muted">
              The latest {rows.length} of {total}.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
