// The review panel of the staff assessment page: reviewers, review due date, state actions, decision.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Principal } from "../domain/permissions";

export async function reviewPanelData(db: Kysely<Database>, assessmentId: string, viewer: Principal, now = new Date()) {
  void db;
  void assessmentId;
  void viewer;
  void now;
  return null;
}
