// Small pieces shared by the finding pages (staff and vendor): severity, status and due date, each
// said in words (the colour only repeats what the text says).
import { daysBetween, formatDate, type CalendarDate } from "~/domain/calendar";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS, type FindingStatus, type Severity } from "~/domain/review/findings";

const SEVERITY_TONES: Record<Severity, string> = {
  low: "badge--muted",
  medium: "badge--warn",
  high: "badge--danger",
  critical: "badge--danger severity--critical",
};

const STATUS_TONES: Record<FindingStatus, string> = {
  open: "badge--warn",
  remediating: "badge--ok",
  risk_accepted: "badge--muted",
  closed: "badge--muted",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge ${SEVERITY_TONES[severity]}`}>
      <span className="visually-hidden">Severity: </span>
      {SEVERITY_LABELS[severity]}
    </span>
  );
}

export function FindingStatusBadge({ status }: { status: FindingStatus }) {
  return (
    <span className={`badge ${STATUS_TONES[status]}`}>
      <span className="visually-hidden">Status: </span>
      {FINDING_STATUS_LABELS[status]}
    </span>
  );
}

/** The due date, and while the finding is active whether it is late (dates YYYY-MM-DD). */
export function FindingDue({ dueDate, today, active }: { dueDate: string | null; today: string; active: boolean }) {
  if (!dueDate) return <span className="muted">No due date</span>;
  const days = daysBetween(today as CalendarDate, dueDate as CalendarDate);
  return (
    <span className="due">
      <span className="nowrap">{formatDate(dueDate)}</span>{" "}
      {active && days < 0 ? (
        <span className="badge badge--danger">
          Overdue {-days} day{days === -1 ? "" : "s"}
        </span>
      ) : active && days === 0 ? (
        <span className="badge badge--warn">Due today</span>
      ) : null}
    </span>
  );
}
