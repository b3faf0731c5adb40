// The lifecycle's states in the type of the assessments.status column, for SQL conditions. The
// column holds only the states in use so far (db/schema); the domain also names the review
// states so that workflow slots in, and an IN list naming them matches nothing until then.
import type { AssessmentStatus as StoredStatus } from "../../db/schema";
import { OPEN_STATUSES, type AssessmentStatus } from "../domain/assessment-lifecycle";

export function storedStatuses(statuses: readonly AssessmentStatus[]): readonly StoredStatus[] {
  return statuses as readonly StoredStatus[];
}

/** `OPEN_STATUSES`, for `where("status", "in", …)`. */
export const OPEN_STORED_STATUSES = storedStatuses(OPEN_STATUSES);
