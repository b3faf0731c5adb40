// The life of an assessment, in one place: its states, which of them a vendor may still answer
// in, and every allowed move between them with the reason a refused move is refused.
//
//   sent ──first answer──▶ in_progress ──submit──▶ submitted ──start review──▶ in_review
//     └──────────────submit──────────────────────────▲  │ reopen ▲                 │
//                                                    │  ▼        │                 ├─request changes─▶ changes_requested
//                                                    in_progress                   │                      │ resubmit
//                                                                                  │◀──start review── resubmitted
//                                                                                  └─decide─▶ decided ──validity ends──▶ expired
//   closed: procurement ends it from any state but closed (withdrawn, cancelled, superseded).
//
// The review: a submitted (or resubmitted) questionnaire is taken into review; the reviewer asks
// for changes (only the questions asked reopen) or decides; a decision holds until its validity
// ends, then the sweep marks it expired (app/services/assessment-lifecycle.server.ts).

export const ASSESSMENT_STATUSES = [
  "sent",
  "in_progress",
  "submitted",
  "in_review",
  "changes_requested",
  "resubmitted",
  "decided",
  "expired",
  "closed",
] as const;

export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** States in which the vendor is still answering (in `changes_requested`, only reopened questions). */
export const OPEN_STATUSES = ["sent", "in_progress", "changes_requested"] as const satisfies readonly AssessmentStatus[];
/** States in which the vendor's answers are with the buyer. */
export const WITH_BUYER_STATUSES = ["submitted", "in_review", "resubmitted"] as const satisfies readonly AssessmentStatus[];
/** States that are over: nothing more happens to the assessment itself. */
export const FINAL_STATUSES = ["decided", "expired", "closed"] as const satisfies readonly AssessmentStatus[];
/** Submitted and waiting for a decision: the review queue (with the buyer, or back with the vendor for changes). */
export const UNDER_REVIEW_STATUSES = ["submitted", "in_review", "changes_requested", "resubmitted"] as const satisfies readonly AssessmentStatus[];

export function isAssessmentStatus(value: unknown): value is AssessmentStatus {
  return typeof value === "string" && (ASSESSMENT_STATUSES as readonly string[]).includes(value);
}

/** The vendor may still answer and submit. */
export function isOpen(status: AssessmentStatus | string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export function isWithBuyer(status: AssessmentStatus | string): boolean {
  return (WITH_BUYER_STATUSES as readonly string[]).includes(status);
}

export function isFinal(status: AssessmentStatus | string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

export function isUnderReview(status: AssessmentStatus | string): boolean {
  return (UNDER_REVIEW_STATUSES as readonly string[]).includes(status);
}

/**
 * Why reviewers (and the review due date) cannot change in this state, or null when they can:
 * before the submit (they are told when it comes) and during the review; not once it is over.
 */
export function reviewersRefusal(status: AssessmentStatus): string | null {
  if (status === "closed") return "This questionnaire is closed.";
  if (isFinal(status)) return `A questionnaire that is ${STATUS_LABELS[status].toLowerCase()} has no review left to assign.`;
  return null;
}

export type AssessmentEvent =
  | "start" // the vendor's first saved answer
  | "submit"
  | "reopen" // procurement sends a submitted questionnaire back to the vendor
  | "start_review"
  | "request_changes"
  | "resubmit"
  | "decide"
  | "expire"
  | "close";

/** from → event → to. A move not listed is refused. */
const TRANSITIONS: Record<AssessmentStatus, Partial<Record<AssessmentEvent, AssessmentStatus>>> = {
  sent: { start: "in_progress", submit: "submitted", close: "closed" },
  in_progress: { submit: "submitted", close: "closed" },
  submitted: { reopen: "in_progress", start_review: "in_review", close: "closed" },
  in_review: { request_changes: "changes_requested", decide: "decided", close: "closed" },
  changes_requested: { resubmit: "resubmitted", close: "closed" },
  resubmitted: { start_review: "in_review", request_changes: "changes_requested", decide: "decided", close: "closed" },
  decided: { expire: "expired", close: "closed" },
  expired: { close: "closed" },
  closed: {},
};

export const STATUS_LABELS: Record<AssessmentStatus, string> = {
  sent: "Sent",
  in_progress: "In progress",
  submitted: "Submitted",
  in_review: "In review",
  changes_requested: "Changes requested",
  resubmitted: "Resubmitted",
  decided: "Decided",
  expired: "Expired",
  closed: "Closed",
};

const EVENT_WORDS: Record<AssessmentEvent, string> = {
  start: "started",
  submit: "submitted",
  reopen: "reopened",
  start_review: "taken into review",
  request_changes: "sent back for changes",
  resubmit: "resubmitted",
  decide: "decided",
  expire: "expired",
  close: "closed",
};

/** Why a refused move is refused, in words a user can act on. */
function refusal(from: AssessmentStatus, event: AssessmentEvent): string {
  if (from === "closed") return "This questionnaire is closed.";
  if (event === "submit" || event === "start" || event === "resubmit") {
    if (isWithBuyer(from)) return "This questionnaire has been submitted and is not open for answers.";
    return "This questionnaire is not open for answers.";
  }
  if (event === "reopen") return "Only a submitted questionnaire can be reopened.";
  if (event === "start_review") {
    if (from === "in_review") return "This questionnaire is already in review.";
    return `Only a submitted or resubmitted questionnaire can be taken into review; this one is ${STATUS_LABELS[from].toLowerCase()}.`;
  }
  if (event === "decide") {
    if (from === "submitted") return "Start the review before deciding.";
    if (from === "decided" || from === "expired") return "This questionnaire has already been decided.";
    return `Only a questionnaire in review can be decided; this one is ${STATUS_LABELS[from].toLowerCase()}.`;
  }
  if (event === "expire") return "Only a decided questionnaire can expire.";
  return `A questionnaire that is ${STATUS_LABELS[from].toLowerCase()} cannot be ${EVENT_WORDS[event]}.`;
}

export type Transition = { ok: true; to: AssessmentStatus } | { ok: false; reason: string };

/** Where `event` takes an assessment in state `from`, or why it cannot. */
export function transition(from: AssessmentStatus, event: AssessmentEvent): Transition {
  const to = TRANSITIONS[from]?.[event];
  return to ? { ok: true, to } : { ok: false, reason: refusal(from, event) };
}

/** Whether some event moves `from` to `to`. */
export function canTransition(from: AssessmentStatus, to: AssessmentStatus): boolean {
  return Object.values(TRANSITIONS[from] ?? {}).includes(to);
}

/** The states from which `event` is allowed (for conditional SQL updates). */
export function statusesAllowing(event: AssessmentEvent): AssessmentStatus[] {
  return ASSESSMENT_STATUSES.filter((s) => TRANSITIONS[s][event] !== undefined);
}
