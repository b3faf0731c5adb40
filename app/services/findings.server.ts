// Findings: raise, move through their statuses, vendor responses and remediation evidence.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Principal } from "../domain/permissions";

export async function findingsPanelData(db: Kysely<Database>, assessmentId: string, viewer: Principal) {
  void db;
  void assessmentId;
  void viewer;
  return null;
}
