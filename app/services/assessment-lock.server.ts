// Every move of an assessment starts by locking its row (FOR UPDATE) in the mover's transaction,
// so two moves of one assessment run one after the other and each sees the state the other left.
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { transition, type AssessmentEvent, type AssessmentStatus } from "../domain/assessment-lifecycle";
import { notFoundError, stateError } from "../domain/errors";
import { isUuid } from "../domain/ids";

/** The assessment's row, locked for the rest of the transaction; not found for a malformed or unknown id. */
export async function lockAssessment(trx: Transaction<Database>, id: string) {
  if (!isUuid(id)) throw notFoundError();
  const row = await trx
    .selectFrom("assessments")
    .select(["id", "status", "template_version_id", "supplier_id", "submitted_at", "review_due_date", "valid_until"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFoundError();
  return row;
}

/** The state `event` takes the assessment to, or a "state" AppError with the lifecycle's reason. */
export function allowed(from: AssessmentStatus, event: AssessmentEvent): AssessmentStatus {
  const move = transition(from, event);
  if (!move.ok) throw stateError(move.reason);
  return move.to;
}
