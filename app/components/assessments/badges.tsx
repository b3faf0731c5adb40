// Small pieces shared by the assessment pages: the status badge and the due date with its urgency.
import { STATUS_LABELS, type AssessmentStatus } from "../../domain/assessment-lifecycle";
import { calendarDate, daysBetween, formatDate } from "../../domain/calendar";

/** How loud each state's badge is: waiting on the vendor, with the buyer, or done. */
const TONES: Record<AssessmentStatus, string> = {
  sent: "badge--muted",
  in_progress: "badge--warn",
  submitted: "badge--ok",
  in_review: "badge--ok",
  changes_requested: "badge--warn",
  resubmitted: "badge--ok",
  decided: "badge--ok",
  expired: "badge--muted",
  closed: "badge--muted",
};

export function AssessmentStatusBadge({ status }: { status: AssessmentStatus }) {
  return <span className={`badge ${TONES[status]}`}>{STATUS_LABELS[status]}</span>;
}

/** The due date, and while the assessment is open how soon (or how late) it is; both dates YYYY-MM-DD. */
export function DueDate({ dueDate, today, open }: { dueDate: string; today: string; open: boolean }) {
  const days = daysBetween(calendarDate(today), calendarDate(dueDate));
  return (
    <span className="due">
      <span className="nowrap">{formatDate(dueDate)}</span>{" "}
      {open && days < 0 ? (
        <span className="badge badge--danger">
          Overdue {-days} day{days === -1 ? "" : "s"}
        </span>
      ) : open && days === 0 ? (
        <span className="badge badge--warn">Due today</span>
      ) : open && days <= 7 ? (
        <span className="badge badge--warn">
          In {days} day{days === 1 ? "" : "s"}
        </span>
      ) : null}
    </span>
  );
}
