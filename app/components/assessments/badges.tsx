// Small pieces shared by the assessment pages: the status badge and the due date with its urgency.
import type { AssessmentStatus } from "../../../db/schema";
import { formatDate } from "../../domain/calendar";

export const STATUS_LABELS: Record<AssessmentStatus, string> = {
  sent: "Sent",
  in_progress: "In progress",
  submitted: "Submitted",
  closed: "Closed",
};

const STATUS: Record<AssessmentStatus, { label: string; tone: string }> = {
  sent: { label: "Sent", tone: "badge--muted" },
  in_progress: { label: "In progress", tone: "badge--warn" },
  submitted: { label: "Submitted", tone: "badge--ok" },
  closed: { label: "Closed", tone: "badge--muted" },
};

export function AssessmentStatusBadge({ status }: { status: AssessmentStatus }) {
  const s = STATUS[status];
  return <span className={`badge ${s.tone}`}>{s.label}</span>;
}

const DAY_MS = 86_400_000;

/** Whole days from `today` to `dueDate` (both YYYY-MM-DD). */
export function daysBetween(today: string, dueDate: string): number {
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

export function DueDate({ dueDate, today, open }: { dueDate: string; today: string; open: boolean }) {
  const days = daysBetween(today, dueDate);
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
