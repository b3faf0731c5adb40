// /api/v1/templates: questionnaire templates (read) and the JSON import the templates page offers
// (the same envelope, the same service: a bad file writes nothing and names every problem's path).
import * as z from "zod";
import { AppError, notFoundError } from "../../../domain/errors";
import { TEMPLATE_FORMAT, TEMPLATE_FORMAT_VERSION } from "../../../domain/templates/envelope";
import { importTemplate } from "../../../services/template-import.server";
import { getTemplate, getTemplateVersion, listTemplates } from "../../../services/template-queries.server";
import { defineOperation, type ApiOperation } from "../operation";
import { isoDateTime, uuidParam } from "./assess-common";

const TAG = "Templates";
const versionStatus = z.enum(["draft", "published", "retired"]);

const templateSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  isBuiltin: z.boolean(),
  updatedAt: isoDateTime,
  currentVersion: z.object({ id: z.uuid(), version: z.number().int() }).nullable().describe("The highest published version: what new assessments use."),
  draftVersion: z.object({ id: z.uuid(), version: z.number().int() }).nullable(),
  versionCount: z.number().int(),
  questionCount: z.number().int(),
});

const versionSummary = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: versionStatus,
  checksum: z.string().nullable(),
  basedOnVersionId: z.uuid().nullable(),
  questionCount: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  publishedAt: isoDateTime.nullable(),
  retiredAt: isoDateTime.nullable(),
});

const templateDetail = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  isBuiltin: z.boolean(),
  createdAt: isoDateTime,
  currentVersionId: z.uuid().nullable(),
  versions: z.array(versionSummary).describe("Newest first."),
});

const definition = z.record(z.string(), z.unknown()).describe("The template definition: title, sections and their questions, as the export file holds it.");

const versionDetail = z.object({
  id: z.uuid(),
  templateId: z.uuid(),
  templateName: z.string(),
  version: z.number().int(),
  status: versionStatus,
  checksum: z.string().nullable(),
  publishedAt: isoDateTime.nullable(),
  updatedAt: isoDateTime,
  definition,
});

export const listTemplatesOp = defineOperation({
  method: "GET",
  path: "/templates",
  operationId: "listTemplates",
  tag: TAG,
  summary: "List questionnaire templates",
  description: "Every live template with its current published and draft versions, by name. The list is short, so it is not paged.",
  action: "template:read",
  scope: "read",
  response: z.object({ data: z.array(templateSummary) }),
  async handler({ app }) {
    const rows = await listTemplates(app.db);
    return {
      body: {
        data: rows.map((t) => ({
          id: t.id,
          name: t.name,
          description: t.description,
          isBuiltin: t.is_builtin,
          updatedAt: t.updated_at.toISOString(),
          currentVersion: t.current_version_id ? { id: t.current_version_id, version: t.current_version! } : null,
          draftVersion: t.draft_version_id ? { id: t.draft_version_id, version: t.draft_version! } : null,
          versionCount: t.version_count,
          questionCount: t.question_count,
        })),
      },
    };
  },
});

export const getTemplateOp = defineOperation({
  method: "GET",
  path: "/templates/{templateId}",
  operationId: "getTemplate",
  tag: TAG,
  summary: "Get a template with its versions",
  action: "template:read",
  scope: "read",
  params: z.object({ templateId: uuidParam("template") }),
  response: templateDetail,
  async handler({ app, params }) {
    const t = await getTemplate(app.db, params.templateId);
    if (!t) throw notFoundError("No template has this id.");
    return {
      body: {
        id: t.id,
        name: t.name,
        description: t.description,
        isBuiltin: t.is_builtin,
        createdAt: t.created_at.toISOString(),
        currentVersionId: t.current_version_id,
        versions: t.versions.map((v) => ({
          id: v.id,
          version: v.version,
          status: v.status,
          checksum: v.checksum,
          basedOnVersionId: v.based_on_version_id,
          questionCount: v.question_count,
          createdAt: v.created_at.toISOString(),
          updatedAt: v.updated_at.toISOString(),
          publishedAt: v.published_at?.toISOString() ?? null,
          retiredAt: v.retired_at?.toISOString() ?? null,
        })),
      },
    };
  },
});

export const getTemplateVersionOp = defineOperation({
  method: "GET",
  path: "/templates/{templateId}/versions/{versionId}",
  operationId: "getTemplateVersion",
  tag: TAG,
  summary: "Get one template version with its sections and questions",
  action: "template:read",
  scope: "read",
  params: z.object({ templateId: uuidParam("template"), versionId: uuidParam("template version") }),
  response: versionDetail,
  async handler({ app, params }) {
    const v = await getTemplateVersion(app.db, params.versionId);
    if (!v || v.template_id !== params.templateId) throw notFoundError("This template has no version with this id.");
    return {
      body: {
        id: v.id,
        templateId: v.template_id,
        templateName: v.template_name,
        version: v.version,
        status: v.status,
        checksum: v.checksum,
        publishedAt: v.published_at?.toISOString() ?? null,
        updatedAt: v.updated_at.toISOString(),
        definition: v.definition as unknown as Record<string, unknown>,
      },
    };
  },
});

/** The export envelope, loosely: the import service checks it strictly and names every problem. */
const importBody = z
  .looseObject({
    format: z.literal(TEMPLATE_FORMAT),
    formatVersion: z.literal(TEMPLATE_FORMAT_VERSION),
    name: z.string().describe("The template's name (made unique if taken)."),
    description: z.string().optional(),
    definition: z.record(z.string(), z.unknown()).describe("Sections and questions, as exported."),
  })
  .describe("A template file as /templates/{id}/versions/{id}/export gives it (format assay-template, version 1).");

export const importTemplateOp = defineOperation({
  method: "POST",
  path: "/templates",
  operationId: "importTemplate",
  tag: TAG,
  summary: "Import a template file as a new template (version 1, a draft)",
  description:
    "The same JSON the templates page imports. The file is checked whole first: any problem (unknown fields, bad references…) is returned with its path and nothing is written. An admin reviews and publishes the draft.",
  action: "template:write",
  scope: "write",
  creates: true,
  status: 201,
  query: z.strictObject({ name: z.string().trim().max(200, "Use at most 200 characters").optional().describe("A name to use instead of the file's.") }),
  body: importBody,
  response: z.object({ templateId: z.uuid(), versionId: z.uuid(), name: z.string() }),
  async handler({ app, actor, body, query, url }) {
    const result = await importTemplate(app, actor, JSON.stringify(body), { name: query.name });
    if (!result.ok) {
      const fields: Record<string, string> = {};
      for (const p of result.problems) fields[p.path] ??= p.message;
      const n = result.problems.length;
      throw new AppError("invalid", `Nothing was imported: ${n} ${n === 1 ? "problem" : "problems"} in the template.`, { fields });
    }
    return {
      status: 201,
      location: url(`/templates/${result.templateId}`),
      body: { templateId: result.templateId, versionId: result.versionId, name: result.name },
    };
  },
});

export const TEMPLATE_OPERATIONS: ApiOperation[] = [listTemplatesOp, getTemplateOp, getTemplateVersionOp, importTemplateOp] as unknown as ApiOperation[];
