// Findings: what a reviewer found wrong with a supplier's answers, how bad it is, and where it is
// in its life. The statuses follow OSCAL's risk statuses (open, investigating → remediating,
// deviation-approved → risk accepted, closed); moves not listed are refused with a reason.
import { STATUS_LABELS, type AssessmentStatus } from "../assessment-lifecycle";

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { low: "Low", medium: "Medium", high: "High", critical: "Critical" };
export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export const FINDING_STATUSES = ["open", "remediating", "risk_accepted", "closed"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: "Open",
  remediating: "Remediating",
  risk_accepted: "Risk accepted",
  closed: "Closed",
};
/** The OSCAL assessment-results risk status each maps to (interop issue exports use it). */
export const OSCAL_RISK_STATUS: Record<FindingStatus, string> = {
  open: "open",
  remediating: "remediating",
  risk_accepted: "deviation-approved",
  closed: "closed",
};

/** Where a finding came from: an answer, the scorecard, or a condition of an approval. */
export const FINDING_SOURCES = ["answer", "scorecard", "condition"] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

export type FindingEvent = "start_remediation" | "accept_risk" | "close" | "reopen" | "acceptance_expired";

const MOVES: Record<FindingStatus, Partial<Record<FindingEvent, FindingStatus>>> = {
  open: { start_remediation: "remediating", accept_risk: "risk_accepted", close: "closed" },
  remediating: { accept_risk: "risk_accepted", close: "closed", reopen: "open" },
  risk_accepted: { acceptance_expired: "open", close: "closed", reopen: "open" },
  closed: { reopen: "open" },
};

export type FindingMove = { ok: true; to: FindingStatus } | { ok: false; reason: string };

export function findingTransition(from: FindingStatus, event: FindingEvent): FindingMove {
  const to = MOVES[from][event];
  if (to) return { ok: true, to };
  const label = FINDING_STATUS_LABELS[from].toLowerCase();
  const words: Record<FindingEvent, string> = {
    start_remediation: "moved to remediation",
    accept_risk: "risk-accepted",
    close: "closed",
    reopen: "reopened",
    acceptance_expired: "reopened by an expired acceptance",
  };
  return { ok: false, reason: `A finding that is ${label} cannot be ${words[event]}.` };
}

/** Statuses from which `event` is allowed (for conditional SQL updates). */
export function findingStatusesAllowing(event: FindingEvent): FindingStatus[] {
  return FINDING_STATUSES.filter((s) => MOVES[s][event] !== undefined);
}

/** Still needs something done (open or remediating). */
export function isFindingActive(status: FindingStatus): boolean {
  return status === "open" || status === "remediating";
}

/** The buttons a staff member sees for each move (accepting a risk has its own form). */
export const FINDING_MOVE_LABELS: Record<Exclude<FindingEvent, "acceptance_expired">, string> = {
  start_remediation: "Start remediation",
  accept_risk: "Accept the risk",
  close: "Close",
  reopen: "Reopen",
};

/** The moves a staff member can make by hand from `status`, in the order the page shows them. */
export function manualMoves(status: FindingStatus): Array<"start_remediation" | "close" | "reopen"> {
  return (["start_remediation", "close", "reopen"] as const).filter((event) => MOVES[status][event] !== undefined);
}

export const FINDING_SOURCE_LABELS: Record<FindingSource, string> = {
  answer: "An answer",
  scorecard: "The scorecard",
  condition: "A condition of the decision",
};

export function isFindingStatus(value: unknown): value is FindingStatus {
  return typeof value === "string" && (FINDING_STATUSES as readonly string[]).includes(value);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === "string" && (SEVERITIES as readonly string[]).includes(value);
}

/** Still active and past its due date (dates as YYYY-MM-DD, compared as text). */
export function isFindingOverdue(status: FindingStatus, dueDate: string | null, today: string): boolean {
  return isFindingActive(status) && dueDate !== null && dueDate < today;
}

/** A vendor may respond (and upload remediation evidence) while a finding still needs something done. */
export function vendorMayRespond(status: FindingStatus): boolean {
  return isFindingActive(status);
}

/** Why a vendor may not respond to a finding in `status`, or null when they may. */
export function vendorResponseRefusal(status: FindingStatus): string | null {
  if (vendorMayRespond(status)) return null;
  return status === "closed" ? "This finding is closed: it needs no response." : "This finding needs no further response from you.";
}

/**
 * Why no finding can be raised on an assessment in `status`, or null when one can: findings are
 * about submitted answers, so not while the vendor is still answering for the first time, and not
 * on an assessment procurement has closed.
 */
export function findingRaiseRefusal(status: AssessmentStatus): string | null {
  if (status === "sent" || status === "in_progress") return "The vendor has not submitted this questionnaire yet: findings are raised on submitted answers.";
  if (status === "closed") return `This assessment is ${STATUS_LABELS.closed.toLowerCase()}: no new findings can be raised on it.`;
  return null;
}
