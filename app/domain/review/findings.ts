// Findings: what a reviewer found wrong with a supplier's answers, how bad it is, and where it is
// in its life. The statuses follow OSCAL's risk statuses (open, investigating → remediating,
// deviation-approved → risk accepted, closed); moves not listed are refused with a reason.
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
