// The top of the staff assessment page: where the assessment stands, what happens next and the
// actions that move it on, before the review panels and the details.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { AssessmentStatusBadge, DueDate } from "./badges";
import { ListProgressBar } from "./list-progress";
import { isOpen, isWithBuyer, type AssessmentStatus } from "~/domain/assessment-lifecycle";
import { formatDate, formatDateTime } from "~/domain/calendar";

export interface StatusSummaryProps {
  assessmentId: string;
  status: AssessmentStatus;
  dueDate: string;
  today: string;
  submittedAt: Date | string | null;
  validUntil: string | null;
  progress: { required: number; requiredAnswered: number };
  contacts: number;
  opened: number;
  lastReminder: { kind: string; sentAt: string; recipient: string | null } | null;
  actions?: ReactNode;
}

/** What happens next, in a sentence, for each status. */
export function nextStep(p: Pick<StatusSummaryProps, "status" | "dueDate" | "submittedAt" | "validUntil" | "progress" | "contacts" | "opened">): string {
  const due = formatDate(p.dueDate);
  switch (p.status) {
    case "sent":
      return p.opened === 0
        ? `Sent to ${p.contacts} vendor contact${p.contacts === 1 ? "" : "s"}; nobody has opened it yet. Next: the vendor answers and submits by ${due}.`
        : `The vendor has opened it. Next: they answer and submit by ${due}.`;
    case "in_progress":
      return `The vendor is answering: ${p.progress.requiredAnswered} of ${p.progress.required} required questions so far. Next: they submit by ${due}.`;
    case "changes_requested":
      return "Back with the vendor for the changes the reviewers asked for. Next: the vendor resubmits, then the review goes on.";
    case "submitted":
    case "resubmitted":
      return `${p.status === "submitted" ? "Submitted" : "Resubmitted"}${p.submittedAt ? ` on ${formatDateTime(p.submittedAt)}` : ""}. Next: a reviewer reads the answers and records a decision.`;
    case "in_review":
      return "In review. Next: the reviewers ask for clarifications or raise findings, then record the decision.";
    case "decided":
      return p.validUntil
        ? `Decided. The decision holds until ${formatDate(p.validUntil)}; then the component is due for reassessment.`
        : "Decided. Reassess when the component's next deadline comes.";
    case "expired":
      return "The decision has expired. Next: issue a reassessment.";
    case "closed":
      return "Closed without a decision. Nothing more happens.";
  }
}

const REMINDER_WORDS = (kind: string) =>
  kind === "overdue" ? "the overdue reminder" : kind === "escalation" ? "the escalation to the procurement owner" : `the reminder ${kind.slice(4)} days before`;

export function StatusSummary(props: StatusSummaryProps) {
  const { assessmentId, status, dueDate, today, progress, lastReminder, actions } = props;
  const open = isOpen(status);
  return (
    <section aria-labelledby="status-heading" className="panel status-summary">
      <h2 id="status-heading">Where it stands</h2>
      <div className="status-summary__facts">
        <p className="status-summary__status">
          <AssessmentStatusBadge status={status} />
          <span>
            Due <DueDate dueDate={dueDate} today={today} open={open} />
          </span>
        </p>
        <ListProgressBar required={progress.required} answered={progress.requiredAnswered} />
      </div>
      <p className="status-summary__next" data-testid="next-step">
        {nextStep(props)}
      </p>
      {open ? (
        <p className="muted status-summary__reminders">
          Reminders go to the vendor contacts 7, 3 and 1 days before the due date and once it has passed.{" "}
          {lastReminder
            ? `Last sent: ${REMINDER_WORDS(lastReminder.kind)}${lastReminder.recipient ? `, to ${lastReminder.recipient}` : ""}, on ${formatDateTime(lastReminder.sentAt)}.`
            : "None sent yet."}
        </p>
      ) : null}
      <div className="status-summary__actions">
        <Link to={`/assessments/${assessmentId}/answers`} className={isWithBuyer(status) ? "button button--primary" : "button"}>
          Review the answers
        </Link>
        <Link to={`/assessments/${assessmentId}/scorecard`} className="button">
          Open the scorecard
        </Link>
        {open ? (
          <a href="#access-heading" className="button button--quiet">
            Who has access
          </a>
        ) : null}
        {actions}
      </div>
    </section>
  );
}
