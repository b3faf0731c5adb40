// The review panel of the staff assessment page: where the review stands, who reviews it and by
// when, "start review", the way to the decision page, and the decision once made. Its forms post
// to /assessments/:id/review (which shows this panel again with the message next to the field
// when something is refused) and work without JavaScript.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { AssessmentStatusBadge } from "~/components/assessments/badges";
import { FieldShell } from "~/components/field";
import { FormError } from "~/components/form-parts";
import { DecisionFacts } from "./decision-facts";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { ROLE_LABELS } from "~/domain/permissions";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "~/domain/review/findings";
import { REVIEW_DAYS } from "~/domain/review/review-dates";
import type { DecisionView, ReviewPanelView } from "~/domain/review/review-views";

export interface ReviewPanelFailure {
  fieldErrors: Record<string, string>;
  values: Record<string, unknown>;
}

const DONE: Record<string, string> = {
  assign: "Reviewer assigned.",
  unassign: "Reviewer removed.",
  due: "Review due date changed.",
  start: "The review has started.",
  decided: "The decision is recorded; procurement and the owners of the dependent systems are being told by email.",
};

/** What each state means for the review, in a sentence. */
const STATE_WORDS: Record<ReviewPanelView["status"], string> = {
  sent: "The vendor has not started answering yet. Reviewers assigned now are told when the answers arrive.",
  in_progress: "The vendor is answering. Reviewers assigned now are told when the answers arrive.",
  submitted: "The vendor has submitted: the answers are waiting for a reviewer to start the review.",
  in_review: "In review: read the answers, ask for clarifications, raise findings, then decide.",
  changes_requested: "Changes requested: the reopened questions are with the vendor until they resubmit.",
  resubmitted: "Resubmitted: the vendor answered the clarification requests. Continue the review or decide.",
  decided: "Decided.",
  expired: "Decided, and the decision has expired: the supplier is due for reassessment.",
  closed: "Closed.",
};

export function ReviewPanel({ assessmentId, data, failure }: { assessmentId: string; data: ReviewPanelView | null; failure?: ReviewPanelFailure | null }) {
  const [params] = useSearchParams();
  if (!data) return null;
  const done = params.get("review");
  const errors = failure?.fieldErrors ?? {};
  const sent = (name: string) => (typeof failure?.values[name] === "string" ? (failure.values[name] as string) : undefined);
  const action = `/assessments/${assessmentId}/review`;
  const suggested = data.candidates.filter((c) => c.suggestedBecause);
  const others = data.candidates.filter((c) => !c.suggestedBecause);
  return (
    <section id="review" aria-labelledby="review-heading" className="panel review-panel">
      <h2 id="review-heading">Review</h2>
      {done && DONE[done] ? (
        <p className="flash flash--ok" role="status">
          {DONE[done]}
        </p>
      ) : null}
      <FormError message={errors.form} />
      <p className="review-panel__state">
        <AssessmentStatusBadge status={data.status} /> {STATE_WORDS[data.status]}
      </p>

      <dl className="detail-grid">
        <dt>Submitted</dt>
        <dd>{data.submittedAt ? formatDateTime(data.submittedAt) : <span className="muted">Not yet</span>}</dd>
        <dt>Review started</dt>
        <dd>{data.reviewStartedAt ? formatDateTime(data.reviewStartedAt) : <span className="muted">Not yet</span>}</dd>
        <dt>Review due</dt>
        <dd>
          {data.reviewDueDate ? (
            <>
              <span className="nowrap">{formatDate(data.reviewDueDate)}</span>{" "}
              {data.due ? (
                <span className={`badge ${data.due.overdue ? "badge--danger" : data.due.soon ? "badge--warn" : "badge--muted"}`}>{data.due.text}</span>
              ) : null}
            </>
          ) : (
            <span className="muted">Not set yet: it is set to {REVIEW_DAYS} days after the vendor submits</span>
          )}
        </dd>
        <dt>Reviewers</dt>
        <dd>
          {data.reviewers.length === 0 ? (
            <span className="muted">No reviewer yet.</span>
          ) : (
            <ul className="review-panel__reviewers">
              {data.reviewers.map((r) => (
                <li key={r.id}>
                  {r.name} <span className="muted">&lt;{r.email}&gt;</span>{" "}
                  <span className="muted">
                    assigned {formatDate(r.assignedAt)}
                    {r.assignedByName ? ` by ${r.assignedByName}` : ""}
                  </span>
                  {data.can.assign ? (
                    <Form method="post" action={action} className="inline-form">
                      <input type="hidden" name="intent" value="unassign" />
                      <input type="hidden" name="userId" value={r.id} />
                      <button type="submit" className="button button--small button--quiet">
                        Remove<span className="visually-hidden"> {r.name} as a reviewer</span>
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
        {data.systemOwners.length ? (
          <>
            <dt>Owners of dependent systems</dt>
            <dd>
              <ul className="review-panel__owners">
                {data.systemOwners.map((o) => (
                  <li key={o.id}>
                    {o.name} <span className="muted">({o.owns})</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>

      {data.can.start || data.can.decide ? (
        <div className="form-actions review-panel__actions">
          {data.can.start ? (
            <Form method="post" action={action}>
              <input type="hidden" name="intent" value="start" />
              <button type="submit" className="button button--primary">
                Start review
              </button>
            </Form>
          ) : null}
          {data.can.decide ? (
            <Link to={`/assessments/${assessmentId}/decision`} className="button button--primary">
              Record the decision
            </Link>
          ) : null}
        </div>
      ) : null}

      {data.can.assign ? (
        <div className="form-grid review-panel__forms">
          <Form method="post" action={action} className="stack review-panel__form" aria-labelledby="assign-reviewer-heading">
            <h3 id="assign-reviewer-heading">Assign a reviewer</h3>
            <input type="hidden" name="intent" value="assign" />
            {data.candidates.length === 0 ? (
              <p className="muted">Every risk owner and admin is already a reviewer.</p>
            ) : (
              <div className="form-row">
                <FieldShell
                  id="review-userId"
                  label="Reviewer"
                  error={errors.userId}
                  hint={suggested.length ? "Owners of the internal systems that depend on these components are listed first." : "Risk owners and admins."}
                >
                  {(describedBy) => (
                    <select
                      id="review-userId"
                      name="userId"
                      defaultValue={sent("userId") ?? suggested[0]?.id ?? ""}
                      aria-invalid={errors.userId ? true : undefined}
                      aria-describedby={describedBy}
                    >
                      <option value="">Choose a reviewer</option>
                      {suggested.length ? (
                        <optgroup label="Suggested: owners of dependent systems">
                          {suggested.map((c) => (
                            <option key={c.id} value={c.id}>
                              {c.name} ({c.suggestedBecause})
                            </option>
                          ))}
                        </optgroup>
                      ) : null}
                      {others.length ? (
                        <optgroup label={suggested.length ? "Other risk owners and admins" : "Risk owners and admins"}>
                          {others.map((c) => (
                            <option key={c.id} value={c.id}>
                              {c.name} ({ROLE_LABELS[c.role]})
                            </option>
                          ))}
                        </optgroup>
                      ) : null}
                    </select>
                  )}
                </FieldShell>
                <button type="submit" className="button">
                  Assign
                </button>
              </div>
            )}
          </Form>
          <Form method="post" action={action} className="stack review-panel__form" aria-labelledby="review-due-heading">
            <h3 id="review-due-heading">Review due date</h3>
            <input type="hidden" name="intent" value="due" />
            <div className="form-row">
              <FieldShell id="review-reviewDueDate" label="Due on" error={errors.reviewDueDate} hint="When the decision is expected">
                {(describedBy) => (
                  <input
                    id="review-reviewDueDate"
                    name="reviewDueDate"
                    type="date"
                    min={data.today}
                    defaultValue={sent("reviewDueDate") ?? data.suggestedDueDate}
                    aria-invalid={errors.reviewDueDate ? true : undefined}
                    aria-describedby={describedBy}
                  />
                )}
              </FieldShell>
              <button type="submit" className="button">
                {data.reviewDueDate ? "Change the due date" : "Set the due date"}
              </button>
            </div>
          </Form>
        </div>
      ) : null}

      {data.decision ? <DecisionSummary decision={data.decision} /> : null}
    </section>
  );
}

/** The recorded decision: what, why, who and when, until when, and its conditions. */
export function DecisionSummary({ decision, headingLevel = 3 }: { decision: DecisionView; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="review-decision">
      <Heading id="review-decision-heading">Decision</Heading>
      <DecisionFacts decision={decision} />
      {decision.conditions.length ? (
        <div className="table-wrap">
          <table className="review-conditions">
            <caption>Conditions of the approval</caption>
            <thead>
              <tr>
                <th scope="col">Condition</th>
                <th scope="col">Severity</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {decision.conditions.map((c) => (
                <tr key={c.id}>
                  <td>{c.title}</td>
                  <td>{SEVERITY_LABELS[c.severity]}</td>
                  <td className="nowrap">{c.dueDate ? formatDate(c.dueDate) : "—"}</td>
                  <td>{FINDING_STATUS_LABELS[c.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
