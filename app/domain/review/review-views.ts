// What the review's pages render (the review panel, the decision page), as the loaders send it:
// dates as ISO strings. Services build these; components declare them as their props.
import type { AssessmentStatus } from "../assessment-lifecycle";
import type { Role } from "../permissions";
import type { Decision } from "./decision";
import type { FindingSource, FindingStatus, Severity } from "./findings";
import type { DueWords } from "./review-dates";

export interface DecisionView {
  decision: Decision;
  label: string;
  rationale: string;
  decidedByName: string | null;
  decidedAt: string;
  validUntil: string | null;
  expiredAt: string | null;
  conditions: Array<{ id: string; title: string; severity: Severity; dueDate: string | null; status: FindingStatus }>;
}

export interface ReviewPanelView {
  status: AssessmentStatus;
  submittedAt: string | null;
  reviewStartedAt: string | null;
  reviewDueDate: string | null;
  /** The review due date in words while the answers are with us. */
  due: DueWords | null;
  today: string;
  /** For the due-date fields: the current date, or REVIEW_DAYS from today. */
  suggestedDueDate: string;
  reviewers: Array<{ id: string; name: string; email: string; assignedAt: string; assignedByName: string | null }>;
  /** Who can be assigned, owners of dependent systems first (suggestedBecause set). */
  candidates: Array<{ id: string; name: string; email: string; role: Role; suggestedBecause: string | null }>;
  /** The owners of the internal systems that depend on the assessed components (told on submit). */
  systemOwners: Array<{ id: string; name: string; owns: string }>;
  decision: DecisionView | null;
  /** What the viewer may do now (permission and state). */
  can: { assign: boolean; start: boolean; decide: boolean };
  /** Why reviewers cannot change in this state (null when they can). */
  assignRefusal: string | null;
}

export interface DecisionPageView {
  assessment: { id: string; supplierName: string; templateName: string; version: number; status: AssessmentStatus; submittedAt: string | null };
  /** Why it cannot be decided now (null when it can). */
  refusal: string | null;
  decision: DecisionView | null;
  today: string;
  defaultValidUntil: string;
  /** How the default was chosen, in words. */
  validityReason: string;
  /** Open findings already raised on this assessment (the decider should know them). */
  openFindings: Array<{ id: string; title: string; severity: Severity; status: FindingStatus; dueDate: string | null }>;
}

/** An answer as the clarification panel shows it, before or after. */
export interface ClarificationAnswerView {
  /** The answer in a few words; null when there was none. */
  text: string | null;
  comment: string | null;
}

export interface ClarificationsPanelData {
  status: AssessmentStatus;
  canRequest: boolean;
  requestHref: string;
  rounds: Array<{
    round: number;
    requestedBy: string | null;
    requestedAt: string;
    resolvedAt: string | null;
    items: Array<{
      id: string;
      number: string;
      prompt: string;
      componentName: string | null;
      message: string;
      before: ClarificationAnswerView;
      /** Null until the vendor resubmits. */
      after: ClarificationAnswerView | null;
      /** Whether the resubmitted answer differs from the one asked about (null until resubmitted). */
      changed: boolean | null;
    }>;
  }>;
}

/** A finding as the assessment page's findings panel lists it. */
export interface FindingSummary {
  id: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  dueDate: string | null;
  overdue: boolean;
  ownerName: string | null;
  source: FindingSource;
  questionKey: string | null;
  /** The question's prompt, as the reviewer reads it (not its key). */
  questionPrompt: string | null;
  componentName: string | null;
  vendorRespondedAt: string | null;
}

export interface FindingsPanelData {
  findings: FindingSummary[];
  /** The viewer may raise findings and the assessment takes them. */
  canRaise: boolean;
  /** Why none can be raised now (shown to those who could otherwise). */
  raiseRefusal: string | null;
  today: string;
}
