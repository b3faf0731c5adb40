// The Rating panel of a supplier or component page: the current grade and score, the residual risk
// with its reason in words, the trend over assessment cycles (a sparkline beside a table that reads
// without JavaScript or colour) and the latest scorecard; an empty state until something is scored.
import { Link } from "@remix-run/react";
import { EmptyState } from "~/components/list";
import { GradeBadge, RiskBadge } from "~/components/scorecard/badges";
import { ratingAnchor, score } from "~/components/scorecard/format";
import { formatDate } from "~/domain/calendar";
import type { RiskLevel } from "~/domain/scoring/methodology";
import type { Grade } from "~/domain/templates/definition";
import { Sparkline } from "./sparkline";

export interface RatingPanelProps {
  current: { assessmentId: string; grade: Grade | null; overall: number | null; scoringDate: string; methodologyVersion: number } | null;
  residual: { level: RiskLevel | null; reason: string };
  trend: ReadonlyArray<{ assessmentId: string; grade: Grade | null; overall: number | null; scoringDate: string }>;
  /** Where "send a questionnaire" goes. */
  issueHref: string;
  /** On a component page: the scorecard links jump to this component's rating. */
  componentId?: string;
}

export function RatingPanel({ current, residual, trend, issueHref, componentId }: RatingPanelProps) {
  const scorecard = (assessmentId: string) => `/assessments/${assessmentId}/scorecard${componentId ? `#${ratingAnchor(componentId)}` : ""}`;
  return (
    <section aria-labelledby="rating-heading" className="panel">
      <h2 id="rating-heading">Rating</h2>
      {current === null ? (
        <EmptyState title="Not rated yet — send a questionnaire.">
          <p>
            A rating appears once the vendor submits an assessment. <Link to={issueHref}>Send a questionnaire</Link>.
          </p>
        </EmptyState>
      ) : (
        <>
          <dl className="detail-grid">
            <dt>Current grade</dt>
            <dd>
              <GradeBadge grade={current.grade} /> score {score(current.overall)} of 100, scored on {formatDate(current.scoringDate)} (methodology version{" "}
              {current.methodologyVersion})
            </dd>
            <dt>Residual risk</dt>
            <dd>
              <RiskBadge level={residual.level} /> {residual.reason}
            </dd>
          </dl>
          <p>
            <Link to={scorecard(current.assessmentId)}>Open the latest scorecard</Link>
          </p>
          <h3 id="trend-heading">Trend over cycles</h3>
          <Sparkline points={trend} />
          <div className="table-wrap">
            <table aria-labelledby="trend-heading">
              <thead>
                <tr>
                  <th scope="col">Scored on</th>
                  <th scope="col">Grade</th>
                  <th scope="col">Score</th>
                  <th scope="col">Scorecard</th>
                </tr>
              </thead>
              <tbody>
                {[...trend].reverse().map((point) => (
                  <tr key={point.assessmentId}>
                    <td>{formatDate(point.scoringDate)}</td>
                    <td>{point.grade ?? "No grade"}</td>
                    <td>{score(point.overall)}</td>
                    <td>
                      <Link to={scorecard(point.assessmentId)}>
                        Scorecard<span className="visually-hidden"> of {formatDate(point.scoringDate)}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
