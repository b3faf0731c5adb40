// What the dashboard counts, shared by its service and its page (which runs in the browser too).
import type { AssessmentStatus } from "./assessment-lifecycle";

/** The states an assessment is "in flight" in: issued, not yet decided, expired or closed. */
export const IN_FLIGHT_STATUSES = [
  "sent",
  "in_progress",
  "submitted",
  "in_review",
  "changes_requested",
  "resubmitted",
] as const satisfies readonly AssessmentStatus[];
export type InFlightStatus = (typeof IN_FLIGHT_STATUSES)[number];

/** One thing on the signed-in user's plate, the count linking to the list filtered to exactly it. */
export interface NeedsYouEntry {
  href: string;
  label: string;
  /** In words: "Overdue by 2 days", "Due 1 Jan 2027". */
  note: string | null;
  overdue: boolean;
}

export interface NeedsYouItem {
  key: "my-reviews" | "overdue-reviews" | "my-findings" | "my-deadlines" | "my-overdue-questionnaires";
  title: string;
  count: number;
  href: string;
  /** A part of it that is late, with its own filtered link. */
  overdue: { count: number; href: string } | null;
  /** The first few, most urgent first. */
  entries: NeedsYouEntry[];
}
