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
