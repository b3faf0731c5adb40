// The next cycle: reassess with the last cycle's answers and still-valid evidence carried over.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Principal } from "../domain/permissions";

export async function cyclePanelData(db: Kysely<Database>, assessmentId: string, viewer: Principal) {
  void db;
  void assessmentId;
  void viewer;
  return null;
}

export type CycleChange = "new_question" | "changed" | "unchanged" | "confirmed";

/**
 * For a reassessment: per answer (threadKey from answer-comments), how it compares with the
 * previous cycle. Null when the assessment has no previous cycle.
 */
export async function previousCycleChanges(db: Kysely<Database>, assessmentId: string): Promise<Map<string, CycleChange> | null> {
  void db;
  void assessmentId;
  return null;
}
