// Importing an exported template (JSON) as a new template whose version 1 is a draft, for an
// admin to review and publish. The file is checked whole first: a bad file writes nothing.
import type { DefinitionProblem } from "../domain/templates/validate";
import { parseTemplateJson } from "../domain/templates/envelope";
import { questionCount } from "../domain/templates/validate";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { uniqueTemplateName } from "./template-names.server";
import { creatorId } from "./template-versions.server";

export type ImportResult = { ok: true; templateId: string; versionId: string; name: string } | { ok: false; problems: DefinitionProblem[] };

/**
 * Imports an exported template as a NEW template whose version 1 is a draft, for an admin to review
 * and publish. Any problem (not JSON, unknown fields, bad references…) is reported with its path and
 * nothing is written.
 */
export async function importTemplate(ctx: AppContext, actor: Actor, json: string, options: { name?: string } = {}): Promise<ImportResult> {
  const parsed = parseTemplateJson(json);
  if (!parsed.ok) return parsed;
  const { envelope } = parsed;
  const override = options.name?.trim();
  if (override !== undefined && override !== "" && override.length > 200)
    return { ok: false, problems: [{ path: "name", message: "Use at most 200 characters" }] };
  const wanted = override || envelope.name;
  return ctx.db.transaction().execute(async (trx) => {
    const name = await uniqueTemplateName(trx, wanted);
    const template = await trx
      .insertInto("questionnaire_templates")
      .values({ name, description: envelope.description || null, created_by: creatorId(actor) })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("template_versions")
      .values({ template_id: template.id, version: 1, status: "draft", definition: JSON.stringify(envelope.definition), created_by: creatorId(actor) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "template.import",
      entityType: "template",
      entityId: template.id,
      details: { name, importedName: envelope.name, versionId: version.id, questions: questionCount(envelope.definition) },
    });
    return { ok: true as const, templateId: template.id, versionId: version.id, name };
  });
}
