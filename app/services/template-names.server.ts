// A free template name, taken under a lock so that two imports (or an import and the built-in
// template's installation) never pick the same one.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { AppError } from "../domain/errors";
import { copyNames } from "../domain/templates/meta";

// Any constant works: it serialises the choice of a name across transactions.
const TEMPLATE_NAME_LOCK = 4_201_044;

/** `name`, or its first "(copy N)" that no live template has (case-insensitive). */
export async function uniqueTemplateName(trx: Transaction<Database>, name: string): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(${TEMPLATE_NAME_LOCK})`.execute(trx);
  const rows = await trx.selectFrom("questionnaire_templates").select("name").where("archived_at", "is", null).execute();
  const taken = new Set(rows.map((r) => r.name.toLowerCase()));
  const free = copyNames(name).find((candidate) => !taken.has(candidate.toLowerCase()));
  if (!free) throw new AppError("conflict", "Too many templates have this name: choose another one", { field: "name" });
  return free;
}
