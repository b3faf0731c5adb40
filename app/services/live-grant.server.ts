// "This contact may still act on this assessment": the grant exists, belongs to the assessment, is
// not revoked and has not expired. One query, used by the vendor session guard and by every vendor
// write (answers, evidence, delegation, submit) inside its own transaction.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { isUuid } from "../domain/ids";

export interface LiveGrant {
  id: string;
  email: string;
  name: string;
  /** Assigned section keys; null means every section. */
  sections: string[] | null;
  expiresAt: Date;
}

/** The grant when it is live and of this assessment, else null (the caller answers "not found"). Pass a transaction to read under it. */
export async function findLiveGrant(db: Kysely<Database>, grantId: string, assessmentId: string, now = new Date()): Promise<LiveGrant | null> {
  if (!isUuid(grantId) || !isUuid(assessmentId)) return null;
  const row = await db
    .selectFrom("access_grants")
    .select(["id", "email", "name", "sections", "expires_at"])
    .where("id", "=", grantId)
    .where("assessment_id", "=", assessmentId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row ? { id: row.id, email: row.email, name: row.name, sections: row.sections, expiresAt: row.expires_at } : null;
}
