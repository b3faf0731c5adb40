// The assessment's place in its cycles: for a reassessment, the cycle it follows and how its
// answers compare (with a link to the full comparison); for one that ended in a decision, its next
// cycle and the button that starts one.
import { Link } from "@remix-run/react";
import type { AssessmentStatus } from "../../domain/assessment-lifecycle";
import { formatDate } from "../../domain/calendar";
import type { CycleSummary } from "../../domain/review/cycle-diff";
import { DECISION_LABELS, type Decision } from "../../domain/review/decision";
import { AssessmentStatusBadge } from "../assessments/badges";

export interface CyclePanelData {
  previous: { id: string; createdAt: string; templateName: string; version: number; decision: Decision | null } | null;
  summary: CycleSummary | null;
  next: { id: string; status: AssessmentStatus; createdAt: string } | null;
  /** Null when the viewer may not issue questionnaires or the state does not allow a next cycle. */
  reassess: { allowed: boolean; reason: string | null } | null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function CyclePanel({ assessmentId, data }: { assessmentId: string; data: CyclePanelData | null }) {
  if (!data) return null;
  const { previous, summary, next, reassess } = data;
  return (
    <section aria-labelledby="cycle-heading" className="panel cycle-panel">
      <h2 id="cycle-heading">Assessment cycles</h2>
      {previous ? (
        <>
          <p>
            This is a reassessment. It follows <Link to={`/assessments/${previous.id}`}>the previous cycle</Link>, issued {formatDate(previous.createdAt)} with{" "}
            {previous.templateName}, version {previous.version}
            {previous.decision ? ` (${DECISION_LABELS[previous.decision].toLowerCase()})` : ""}. Its answers were carried over for the vendor to confirm or
            change.
          </p>
          {summary ? (
            <dl className="stat-grid cycle-summary">
              <div className="stat">
                <dt>Changed</dt>
                <dd>
                  <span className="stat__value">{summary.changed}</span>
                  <span className="stat__hint">differ from the previous cycle</span>
                </dd>
              </div>
              <div className="stat">
                <dt>Confirmed</dt>
                <dd>
                  <span className="stat__value">{summary.confirmed}</span>
                  <span className="stat__hint">saved again unchanged</span>
                </dd>
              </div>
              <div className="stat">
                <dt>Still unconfirmed</dt>
                <dd>
                  <span className="stat__value">{summary.unconfirmed}</span>
                  <span className="stat__hint">carried over, not yet confirmed</span>
                </dd>
              </div>
              <div className="stat">
                <dt>New questions</dt>
                <dd>
                  <span className="stat__value">{summary.newQuestions}</span>
                  <span className="stat__hint">not asked in the previous cycle</span>
                </dd>
              </div>
            </dl>
          ) : null}
          <p>
            <Link to={`/assessments/${assessmentId}/changes`}>See what changed since the previous cycle</Link>
            {summary ? (
              <span className="visually-hidden">
                : {plural(summary.changed, "answer", "answers")} changed, {summary.confirmed} confirmed, {summary.unconfirmed} still unconfirmed,{" "}
                {plural(summary.newQuestions, "new question", "new questions")}
              </span>
            ) : null}
          </p>
        </>
      ) : null}
      {next ? (
        <p>
          Next cycle: <Link to={`/assessments/${next.id}`}>reassessment issued {formatDate(next.createdAt)}</Link>{" "}
          <AssessmentStatusBadge status={next.status} />
        </p>
      ) : null}
      {reassess?.allowed ? (
        <p>
          <Link to={`/assessments/${assessmentId}/reassess`} className="button button--primary">
            Reassess
          </Link>{" "}
          <span className="muted">issue the next cycle, pre-filled with these answers and the evidence still valid.</span>
        </p>
      ) : null}
    </section>
  );
}
