// The built-in questionnaire (db/templates), installed once as a published version 1 on start
// and by the seed: safe to run on every start and from several instances at once.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { definitionChecksum, questionCount, validateDefinition } from "../domain/templates/validate";
import { recordAudit, SYSTEM_ACTOR } from "./audit.server";
import { uniqueTemplateName } from "./template-names.server";

export const BUILTIN_TEMPLATE_NAME = "AI supplier due diligence";
const BUILTIN_TEMPLATE_DESCRIPTION =
  "The built-in questionnaire for AI suppliers: training data, data quality, bias, transparency, change management, security and privacy, governance, regulation and supply chain.";

// Any constant works: it serialises the built-in template's creation across instances starting together.
const BUILTIN_TEMPLATE_LOCK = 4_201_043;

function inTransaction<T>(db: Kysely<Database>, run: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}

/**
 * Installs the built-in template, published as version 1, unless a built-in template exists.
 * Safe to call on every start and from several instances at once; runs in the caller's transaction if given one.
 */
export async function ensureBuiltinTemplate(db: Kysely<Database>): Promise<{ created: boolean; templateId: string }> {
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${BUILTIN_TEMPLATE_LOCK})`.execute(trx);
    const existing = await trx.selectFrom("questionnaire_templates").select("id").where("is_builtin", "=", true).executeTakeFirst();
    if (existing) return { created: false, templateId: existing.id };
    const check = validateDefinition(AI_SUPPLIER_DUE_DILIGENCE);
    if (!check.ok) {
      const listed = check.problems
        .slice(0, 10)
        .map((p) => `${p.path}: ${p.message}`)
        .join("; ");
      throw new Error(`The built-in template is invalid (${check.problems.length} problems): ${listed}`);
    }
    const checksum = await definitionChecksum(check.definition);
    const name = await uniqueTemplateName(trx, BUILTIN_TEMPLATE_NAME);
    const now = new Date();
    const template = await trx
      .insertInto("questionnaire_templates")
      .values({ name, description: BUILTIN_TEMPLATE_DESCRIPTION, is_builtin: true, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("template_versions")
      .values({
        template_id: template.id,
        version: 1,
        status: "published",
        definition: JSON.stringify(check.definition),
        checksum,
        created_at: now,
        updated_at: now,
        published_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, SYSTEM_ACTOR, {
      action: "template.create",
      entityType: "template",
      entityId: template.id,
      details: { name, builtin: true, versionId: version.id },
    });
    await recordAudit(trx, SYSTEM_ACTOR, {
      action: "template.publish",
      entityType: "template",
      entityId: template.id,
      details: { versionId: version.id, version: 1, checksum, questions: questionCount(check.definition) },
    });
    return { created: true, templateId: template.id };
  });
}
