// A small scorable template (the scoring tests' golden one, with a knock-out), issued to a new
// supplier about two components, with answers and evidence written straight to the database.
import { createHash, randomBytes } from "node:crypto";
import { addDays, today } from "../../app/domain/calendar";
import type { TemplateDefinition } from "../../app/domain/templates/definition";
import { issueAssessment } from "../../app/services/assessment-issue.server";
import type { Actor } from "../../app/services/audit.server";
import type { AppContext } from "../../app/services/context.server";
import { createTemplate, publishVersion, saveDraft } from "../../app/services/template-versions.server";
import { goldenDefinition } from "../unit/scoring-fixtures";

export async function publishGolden(ctx: AppContext, actor: Actor, definition: TemplateDefinition = goldenDefinition()): Promise<string> {
  const { versionId } = await createTemplate(ctx, actor, { name: `Scoring check ${randomBytes(4).toString("hex")}`, description: null });
  const saved = await saveDraft(ctx, actor, versionId, definition);
  if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
  const published = await publishVersion(ctx, actor, versionId);
  if (!published.ok) throw new Error(JSON.stringify(published.problems));
  return versionId;
}

export interface Issued {
  assessmentId: string;
  supplierId: string;
  supplierName: string;
  componentIds: [string, string];
  grant: { id: string; email: string };
}

let n = 0;

export async function issueGolden(ctx: AppContext, actor: Actor, versionId: string, supplierName?: string): Promise<Issued> {
  n += 1;
  const slug = `${n}${randomBytes(3).toString("hex")}`;
  const db = ctx.db;
  const name = supplierName ?? `Scored supplier ${slug}`;
  const supplier = await db.insertInto("suppliers").values({ name, status: "active" }).returning("id").executeTakeFirstOrThrow();
  const contact = await db
    .insertInto("supplier_contacts")
    .values({ supplier_id: supplier.id, name: "Sam Vendor", email: `sam.${slug}@vendor.example`, is_primary: true })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  const components: string[] = [];
  for (const label of ["Vision API", "Text model"]) {
    const c = await db
      .insertInto("ai_components")
      .values({ supplier_id: supplier.id, kind: "hosted_api", name: `${label} ${slug}`, update_cadence: "unknown" })
      .returning("id")
      .executeTakeFirstOrThrow();
    components.push(c.id);
  }
  const { assessmentId, grantIds } = await issueAssessment(ctx, actor, {
    supplierId: supplier.id,
    templateVersionId: versionId,
    componentIds: components,
    contactIds: [contact.id],
    dueDate: addDays(today(), 30),
    message: null,
  });
  return {
    assessmentId,
    supplierId: supplier.id,
    supplierName: name,
    componentIds: components as [string, string],
    grant: { id: grantIds[0]!, email: contact.email },
  };
}

async function addEvidence(ctx: AppContext, assessmentId: string, questionKey: string, componentId: string | null, validUntil: string | null) {
  const bytes = Buffer.from(`%PDF-1.4 evidence for ${questionKey} ${randomBytes(4).toString("hex")}`);
  const row = await ctx.db
    .insertInto("evidence")
    .values({
      assessment_id: assessmentId,
      question_key: questionKey,
      ai_component_id: componentId,
      file_name: `${questionKey}.pdf`,
      content_type: "application/pdf",
      size_bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes,
      valid_until: validUntil,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Answers every required question (x: the golden answers; y: weaker, with expired evidence).
 * `incident: "no"` fires the critical knock-out that caps the grade at E.
 */
export async function answerGolden(ctx: AppContext, issued: Issued, options: { incident?: "yes" | "no" } = {}): Promise<void> {
  const [x, y] = issued.componentIds;
  const id = issued.assessmentId;
  const valid = await addEvidence(ctx, id, "c_model_card", x, addDays(today(), 200));
  const expired = await addEvidence(ctx, id, "c_model_card", y, addDays(today(), -10));
  await addEvidence(ctx, id, "s_iso", null, null);
  const answers: Array<[string, string | null, unknown, boolean?]> = [
    ["s_policy", null, "partial"],
    ["s_iso", null, "in_progress"],
    ["s_notes", null, "We keep notes."],
    ["s_incident", null, options.incident ?? "yes"],
    ["c_gpai", x, "yes"],
    ["c_bias", x, "yes"],
    ["c_notice_days", x, 14],
    ["c_controls", x, ["a", "b"]],
    ["c_model_card", x, [valid]],
    ["c_gpai", y, "no"],
    ["c_bias", y, null, true],
    ["c_notice_days", y, 3],
    ["c_controls", y, ["c"]],
    ["c_model_card", y, [expired]],
  ];
  await ctx.db
    .insertInto("answers")
    .values(
      answers.map(([key, componentId, value, isNa]) => ({
        assessment_id: id,
        question_key: key,
        ai_component_id: componentId,
        value: value === null ? null : JSON.stringify(value),
        is_na: isNa ?? false,
      })),
    )
    .execute();
}
