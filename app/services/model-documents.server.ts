// Importing a vendor's model documentation (CycloneDX 1.6 ML-BOM, SPDX 3.0.1 AI package) to
// pre-fill answers, in two steps on the import pipeline (app/domain/import/). Upload: read the
// document, propose answers (the mapping beside the built-in template), and keep the file for this
// contact so the preview survives a reload. Apply: read the kept file again against the answers as
// they are now, and save each accepted proposal through saveAnswer, the autosave's own path (same
// checks, same revisions; an answer the contact or a colleague gave meanwhile is a conflict and
// stays as it is), marked prefill_source "model_document"; then attach the document as evidence
// (its SHA-256 in the evidence row and the audit trail) and record the import in the audit trail.
// Procurement may import a document for the vendor on a component (a StaffImporter): the same
// preview and apply, but the accepted answers are written as pre-filled suggestions (prefilled, like
// the buyer's records at issue) that the vendor confirms or changes, only where no answer exists yet,
// and the audit event names the staff user.
// See docs/decisions/0024-model-document-import.md.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { MODEL_DOCUMENT_MAPPING } from "../../db/templates/model-document-mapping";
import { checkAnswer, describeValue, findQuestion } from "../domain/answers";
import { isOpen } from "../domain/assessment-lifecycle";
import { AppError, HTTP_STATUS, isAppError } from "../domain/errors";
import { cleanFileName, sniffFileType } from "../domain/file-types";
import { isUuid } from "../domain/ids";
import { planImport, type ImportPlan } from "../domain/import/pipeline";
import { countPlan } from "../domain/import/preview";
import { mergeProblems } from "../domain/import/problems";
import { checkSource, type CheckedRows } from "../domain/import/source";
import { FORMAT_LABELS, type ModelDocumentFormat } from "../domain/model-docs/detect";
import {
  answerKey,
  answersWorld,
  MODEL_DOCUMENT_LAYOUT,
  proposalAdapter,
  proposalValidator,
  type ProposalRecord,
  type StoredAnswerRow,
} from "../domain/model-docs/pipeline";
import type { ApplyOutcome, ModelDocumentPreview, ProposalLine, UploadOutcome } from "../domain/model-docs/preview";
import type { ModelMatch } from "../domain/model-docs/propose";
import { assessmentQuestionNumbers, numberOf } from "../domain/question-numbers";
import { sectionAllowed } from "../domain/section-assignment";
import type { TemplateDefinition } from "../domain/templates/definition";
import { ANSWERS_LOCKED_MESSAGE, saveAnswer } from "./answers.server";
import { assessmentAnswers, assessmentComponents } from "./assessment-queries.server";
import { recordAudit, userActor } from "./audit.server";
import type { AppContext } from "./context.server";
import { sha256Hex, uploadEvidence } from "./evidence.server";
import { findLiveGrant } from "./live-grant.server";
import { modelDocumentReader, readModelDocument } from "./model-document-reader.server";
import { vendorActor } from "./vendor-session.server";

/** The vendor contact importing: their grant, for exactly one assessment. */
export interface ImportingContact {
  grant: { id: string; email: string; sections: string[] | null };
  assessment: { id: string; status: string; templateVersionId: string };
}

/** A staff user (procurement) importing for the vendor, about one component of one open assessment. */
export interface StaffImporter {
  user: { id: string; email: string };
  componentId: string;
  assessment: { id: string; status: string; templateVersionId: string };
}

export type Importer = ImportingContact | StaffImporter;

const isStaff = (importer: Importer): importer is StaffImporter => "user" in importer;
/** Staff see every section; a contact only their assigned ones. */
const sectionsOf = (importer: Importer) => (isStaff(importer) ? { sections: null } : importer.grant);
const importerColumn = (importer: Importer) =>
  isStaff(importer) ? { column: "user_id" as const, id: importer.user.id } : { column: "grant_id" as const, id: importer.grant.id };

export type { ApplyOutcome, ModelDocumentPreview, ProposalLine, UploadOutcome };

/** A kept upload may be applied within a day; a new upload replaces it. */
export const PENDING_MODEL_DOCUMENT_HOURS = 24;

const NOT_FOUND_MESSAGE = "This upload was not found (an upload is kept until you upload another document, for a day at most). Upload the document again.";

async function loadScope(db: Kysely<Database>, contact: Importer) {
  const [definitionRow, components, answers] = await Promise.all([
    db.selectFrom("template_versions").select("definition").where("id", "=", contact.assessment.templateVersionId).executeTakeFirstOrThrow(),
    assessmentComponents(db, contact.assessment.id),
    assessmentAnswers(db, contact.assessment.id),
  ]);
  const stored: StoredAnswerRow[] = answers.map((a) => ({
    questionKey: a.questionKey,
    componentId: a.componentId,
    value: a.value,
    isNa: a.isNa,
    revision: a.revision,
  }));
  return { definition: definitionRow.definition as TemplateDefinition, components, stored };
}

type Scope = Awaited<ReturnType<typeof loadScope>>;

/** Reads the document through the pipeline: its proposals checked, then planned against the stored answers. */
async function planDocument(contact: Importer, scope: Scope, text: string) {
  const matches: ModelMatch[] = [];
  const reader = modelDocumentReader({
    definition: scope.definition,
    // Staff import about one component: only its model is matched.
    components: scope.components.filter((c) => !isStaff(contact) || c.id === contact.componentId).map((c) => ({ id: c.id, name: c.name, version: c.version })),
    mapping: MODEL_DOCUMENT_MAPPING,
    sectionAllowed: (key) => sectionAllowed(sectionsOf(contact), key),
    matches,
  });
  const read: CheckedRows<ProposalRecord> = await checkSource(reader, text, MODEL_DOCUMENT_LAYOUT, proposalValidator(scope.definition, scope.stored));
  // The proposals' adapter never asks the principal (its authorize allows every row): the contact's
  // sections were applied by the reader, and each save checks the grant again. "viewer": no staff rights.
  const who = isStaff(contact) ? contact.user : contact.grant;
  const plan: ImportPlan<ProposalRecord> = planImport(proposalAdapter, read.rows, answersWorld(scope.stored), {
    id: who.id,
    role: "viewer",
    email: who.email,
  });
  return { read, plan, matches };
}

function questionOrder(definition: TemplateDefinition, questionKey: string): number {
  const found = findQuestion(definition, questionKey);
  return found ? found.sectionIndex * 10_000 + found.questionIndex : Number.MAX_SAFE_INTEGER;
}

function linesOf(scope: Scope, plan: ImportPlan<ProposalRecord>): ProposalLine[] {
  const numbers = assessmentQuestionNumbers(
    scope.definition,
    scope.components.map((c) => c.id),
    scope.stored,
  );
  const componentName = (id: string | null) => (id ? (scope.components.find((c) => c.id === id)?.name ?? null) : null);
  const stored = new Map(scope.stored.map((a) => [answerKey(a.questionKey, a.componentId), a]));
  const lines = plan.items.map((item): ProposalLine => {
    const r = item.record;
    const question = findQuestion(scope.definition, r.question_key)!.question;
    const current = stored.get(item.key);
    return {
      key: item.key,
      questionKey: r.question_key,
      componentId: r.component_id,
      componentName: componentName(r.component_id),
      number: numberOf(numbers, r.question_key, r.component_id),
      prompt: question.prompt,
      proposed: describeValue(question, r.value, false),
      source: r.source,
      why: r.why,
      model: r.model,
      status: item.action === "create" ? "new" : item.action === "update" ? "conflict" : "same",
      current: current && item.action !== "create" ? describeValue(question, current.value, current.isNa) : null,
    };
  });
  const componentOrder = (id: string | null) => (id === null ? -1 : scope.components.findIndex((c) => c.id === id));
  return lines.sort(
    (a, b) =>
      componentOrder(a.componentId) - componentOrder(b.componentId) ||
      questionOrder(scope.definition, a.questionKey) - questionOrder(scope.definition, b.questionKey),
  );
}

const rejected = (error: AppError): UploadOutcome => ({ status: "rejected", httpStatus: HTTP_STATUS[error.kind], message: error.message });

/** Step 1: read and check the document, and keep it for this contact. Writes no answer. */
export async function uploadModelDocument(ctx: AppContext, contact: Importer, input: { fileName: string; bytes: Uint8Array }): Promise<UploadOutcome> {
  if (!isOpen(contact.assessment.status as never)) return rejected(new AppError("state", ANSWERS_LOCKED_MESSAGE));
  let document: Awaited<ReturnType<typeof readModelDocument>>;
  try {
    document = await readModelDocument(input.bytes);
  } catch (error) {
    if (isAppError(error)) return rejected(error);
    throw error;
  }
  const fileName = cleanFileName(input.fileName || "model-document.json").slice(0, 300);
  const importer = importerColumn(contact);
  const row = await ctx.db.transaction().execute(async (trx) => {
    // One kept upload per contact (or staff user) and assessment, and none left from long ago.
    await trx
      .deleteFrom("model_document_imports")
      .where((eb) =>
        eb.or([
          eb.and([eb(importer.column, "=", importer.id), eb("assessment_id", "=", contact.assessment.id)]),
          eb("created_at", "<", sql<Date>`now() - make_interval(hours => ${PENDING_MODEL_DOCUMENT_HOURS})`),
        ]),
      )
      .execute();
    return trx
      .insertInto("model_document_imports")
      .values({
        assessment_id: contact.assessment.id,
        grant_id: importer.column === "grant_id" ? importer.id : null,
        user_id: importer.column === "user_id" ? importer.id : null,
        file_name: fileName,
        format: document.format,
        content: document.text,
        // Of the text kept (the file without a byte-order mark, if it had one): the bytes attached as evidence.
        sha256: sha256Hex(new TextEncoder().encode(document.text)),
        size_bytes: input.bytes.byteLength,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
  return { status: "stored", importId: row.id };
}

async function pendingImport(db: Kysely<Database>, contact: Importer, importId: string) {
  if (!isUuid(importId)) return null;
  const importer = importerColumn(contact);
  const row = await db
    .selectFrom("model_document_imports")
    .select([
      "id",
      "file_name",
      "format",
      "content",
      "sha256",
      "applied_at",
      sql<boolean>`created_at < now() - make_interval(hours => ${PENDING_MODEL_DOCUMENT_HOURS})`.as("expired"),
    ])
    .where("id", "=", importId)
    .where(importer.column, "=", importer.id)
    .where("assessment_id", "=", contact.assessment.id)
    .executeTakeFirst();
  return row && !row.expired ? row : null;
}

/** The preview of a kept upload, against the answers as they are now; a not_found AppError when it is not this contact's or gone. */
export async function modelDocumentPreview(ctx: AppContext, contact: Importer, importId: string): Promise<ModelDocumentPreview> {
  const pending = await pendingImport(ctx.db, contact, importId);
  if (!pending || pending.applied_at) throw new AppError("not_found", NOT_FOUND_MESSAGE);
  const scope = await loadScope(ctx.db, contact);
  const { read, plan } = await planDocument(contact, scope, pending.content);
  const { problems, more } = mergeProblems(read, plan.problems);
  return {
    importId: pending.id,
    fileName: pending.file_name,
    format: FORMAT_LABELS[pending.format as ModelDocumentFormat],
    sha256: pending.sha256,
    lines: linesOf(scope, plan),
    problems,
    more,
    counts: countPlan(plan.items),
  };
}

/**
 * Step 2: saves the accepted proposals (`accepted`: answer keys, or "all") that still fill an empty
 * answer, one saveAnswer each in question order, then attaches the document as evidence to each
 * matched component's model-card question and records the import. Conflicts and proposals that no
 * longer apply are reported, never written.
 */
export async function applyModelDocument(
  ctx: AppContext,
  contact: Importer,
  input: { importId: string; accepted: readonly string[] | "all" },
  now = new Date(),
): Promise<ApplyOutcome> {
  if (!isOpen(contact.assessment.status as never)) throw new AppError("state", ANSWERS_LOCKED_MESSAGE);
  const pending = await pendingImport(ctx.db, contact, input.importId);
  if (!pending || pending.applied_at) throw new AppError("not_found", NOT_FOUND_MESSAGE);
  if (input.accepted !== "all" && input.accepted.length === 0)
    throw new AppError("invalid", "Choose at least one proposed answer to accept.", { field: "accept" });
  const scope = await loadScope(ctx.db, contact);
  const { plan, matches } = await planDocument(contact, scope, pending.content);
  const wanted = input.accepted === "all" ? null : new Set(input.accepted);
  const lines = new Map(linesOf(scope, plan).map((l) => [l.key, l]));
  const labelOf = (key: string) => {
    const line = lines.get(key);
    return line ? `${line.number ? `${line.number} ` : ""}${line.prompt}${line.componentName ? ` (${line.componentName})` : ""}` : key;
  };
  const revisions = new Map(scope.stored.map((a) => [answerKey(a.questionKey, a.componentId), a.revision]));
  const outcome: ApplyOutcome = { saved: [], conflicts: [], skipped: [], evidenceAttached: 0 };

  const chosen = plan.items
    .filter((item) => wanted === null || wanted.has(item.key))
    .sort((a, b) => questionOrder(scope.definition, a.record.question_key) - questionOrder(scope.definition, b.record.question_key));
  for (const item of chosen) {
    if (item.action === "update") {
      outcome.conflicts.push({ key: item.key, label: labelOf(item.key) });
      continue;
    }
    if (item.action === "unchanged") continue;
    try {
      if (isStaff(contact)) {
        await prefillForVendor(ctx, contact.assessment.id, item.record, now);
        outcome.saved.push({ key: item.key, label: labelOf(item.key) });
        continue;
      }
      await saveAnswer(
        ctx,
        contact.grant,
        {
          assessmentId: contact.assessment.id,
          questionKey: item.record.question_key,
          componentId: item.record.component_id,
          value: item.record.value,
          isNa: false,
          comment: null,
          baseRevision: revisions.get(item.key) ?? 0,
        },
        now,
        { prefillSource: "model_document" },
      );
      outcome.saved.push({ key: item.key, label: labelOf(item.key) });
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.kind === "conflict") outcome.conflicts.push({ key: item.key, label: labelOf(item.key) });
      else outcome.skipped.push({ label: labelOf(item.key), reason: error.message });
    }
  }

  // The document as evidence on each matched component's model-card question (once per file).
  const evidenceQuestion = MODEL_DOCUMENT_MAPPING.evidenceQuestion;
  const found = evidenceQuestion ? findQuestion(scope.definition, evidenceQuestion) : null;
  if (found && found.question.type === "file" && sectionAllowed(sectionsOf(contact), found.section.key)) {
    const bytes = new TextEncoder().encode(pending.content);
    for (const match of matches) {
      const componentId = found.section.scope === "component" ? match.componentId : null;
      const already = await ctx.db
        .selectFrom("evidence")
        .select("id")
        .where("assessment_id", "=", contact.assessment.id)
        .where("question_key", "=", found.question.key)
        .where("sha256", "=", sha256Hex(bytes))
        .where((eb) => (componentId === null ? eb("ai_component_id", "is", null) : eb("ai_component_id", "=", componentId)))
        .executeTakeFirst();
      if (already) continue;
      try {
        if (isStaff(contact)) {
          if (await attachForVendor(ctx, contact.assessment.id, found.question.key, componentId, pending.file_name, bytes, now)) outcome.evidenceAttached += 1;
          else
            outcome.skipped.push({
              label: `The document as evidence for “${found.question.prompt}”`,
              reason: "The vendor has already answered this question.",
            });
          continue;
        }
        await uploadEvidence(
          ctx,
          contact.grant,
          { assessmentId: contact.assessment.id, questionKey: found.question.key, componentId, fileName: pending.file_name, bytes, validUntil: null },
          now,
        );
        outcome.evidenceAttached += 1;
      } catch (error) {
        if (!isAppError(error)) throw error;
        outcome.skipped.push({ label: `The document as evidence for “${found.question.prompt}”`, reason: error.message });
      }
    }
  }

  await ctx.db.transaction().execute(async (trx) => {
    if (!isStaff(contact) && !(await findLiveGrant(trx, contact.grant.id, contact.assessment.id, now))) throw new AppError("not_found", "Not found");
    await trx.updateTable("model_document_imports").set({ applied_at: now }).where("id", "=", pending.id).execute();
    await recordAudit(trx, isStaff(contact) ? userActor(contact.user) : vendorActor(contact.grant), {
      action: "assessment.model_document_import",
      entityType: "assessment",
      entityId: contact.assessment.id,
      details: {
        ...(isStaff(contact) ? { componentId: contact.componentId, onBehalfOfVendor: true } : {}),
        fileName: pending.file_name,
        format: pending.format,
        sha256: pending.sha256,
        saved: outcome.saved.map((s) => s.key),
        conflicts: outcome.conflicts.map((s) => s.key),
        skipped: outcome.skipped.length,
        evidenceAttached: outcome.evidenceAttached,
      },
    });
  });
  return outcome;
}

/**
 * A staff import's answer, for the vendor: checked as an autosave checks it (the answer rules, the
 * answers in scope), written as a pre-filled suggestion (revision 1, no grant, prefilled) only when
 * there is no answer yet; an answer the vendor gave meanwhile is a conflict and stays as it is.
 */
async function prefillForVendor(ctx: AppContext, assessmentId: string, record: ProposalRecord, now: Date): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    // FOR SHARE, as a save: not past a submit.
    const assessment = await trx
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select(["a.id", "a.status", "v.definition"])
      .where("a.id", "=", assessmentId)
      .forShare("a")
      .executeTakeFirstOrThrow();
    // Changes requested: only reopened answers may change, and those are the vendor's to give.
    if (!isOpen(assessment.status)) throw new AppError("state", ANSWERS_LOCKED_MESSAGE);
    if (assessment.status === "changes_requested") throw new AppError("state", "Changes are requested on this questionnaire: only the vendor answers now.");
    const definition = assessment.definition as TemplateDefinition;
    const others = await trx
      .selectFrom("answers")
      .select(["question_key", "value", "is_na"])
      .where("assessment_id", "=", assessmentId)
      .where((eb) =>
        record.component_id === null
          ? eb("ai_component_id", "is", null)
          : eb.or([eb("ai_component_id", "is", null), eb("ai_component_id", "=", record.component_id)]),
      )
      .execute();
    const inScope: Record<string, { value: unknown; isNa: boolean }> = {};
    for (const row of others) inScope[row.question_key] = { value: row.value, isNa: row.is_na };
    const check = checkAnswer(definition, record.component_id === null ? "supplier" : "component", record.question_key, record.value, false, inScope);
    if (!check.ok) throw new AppError("invalid", check.message, { field: check.path, details: { code: check.code } });
    const inserted = await trx
      .insertInto("answers")
      .values({
        assessment_id: assessmentId,
        question_key: record.question_key,
        ai_component_id: record.component_id,
        value: check.value === null ? null : JSON.stringify(check.value),
        is_na: false,
        comment: null,
        revision: 1,
        updated_by_grant_id: null,
        updated_at: now,
        prefilled: true,
        prefill_source: "model_document",
      })
      .onConflict((oc) => oc.columns(["assessment_id", "question_key", "scope_id"]).doNothing())
      .returning("revision")
      .executeTakeFirst();
    if (!inserted) throw new AppError("conflict", "The vendor has answered this question meanwhile.");
  });
}

/**
 * A staff import's document as evidence on the model-card question, with the file answer pointing at
 * it (pre-filled), only while the vendor has not answered that question; false when they have.
 */
async function attachForVendor(
  ctx: AppContext,
  assessmentId: string,
  questionKey: string,
  componentId: string | null,
  fileName: string,
  bytes: Uint8Array,
  now: Date,
): Promise<boolean> {
  const sniffed = sniffFileType(bytes, fileName);
  if (!sniffed.ok) throw new AppError("unsupported", sniffed.message);
  return ctx.db.transaction().execute(async (trx) => {
    const answered = await trx
      .selectFrom("answers")
      .select("id")
      .where("assessment_id", "=", assessmentId)
      .where("question_key", "=", questionKey)
      .where((eb) => (componentId === null ? eb("ai_component_id", "is", null) : eb("ai_component_id", "=", componentId)))
      .forUpdate()
      .executeTakeFirst();
    if (answered) return false;
    const evidence = await trx
      .insertInto("evidence")
      .values({
        assessment_id: assessmentId,
        question_key: questionKey,
        ai_component_id: componentId,
        file_name: cleanFileName(fileName),
        content_type: sniffed.contentType,
        size_bytes: bytes.byteLength,
        sha256: sha256Hex(bytes),
        bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        valid_until: null,
        uploaded_by_grant_id: null,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto("answers")
      .values({
        assessment_id: assessmentId,
        question_key: questionKey,
        ai_component_id: componentId,
        value: JSON.stringify([evidence.id]),
        revision: 1,
        updated_by_grant_id: null,
        updated_at: now,
        prefilled: true,
        prefill_source: "model_document",
      })
      .onConflict((oc) => oc.columns(["assessment_id", "question_key", "scope_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw new AppError("conflict", "The vendor has answered this question meanwhile.");
    return true;
  });
}

/** The open assessments about a component (newest first): the ones a staff import can pre-fill. */
export async function openAssessmentsForComponent(db: Kysely<Database>, componentId: string) {
  if (!isUuid(componentId)) return [];
  return db
    .selectFrom("assessment_components as ac")
    .innerJoin("assessments as a", "a.id", "ac.assessment_id")
    .select(["a.id", "a.status", "a.template_version_id as templateVersionId", "a.created_at"])
    .where("ac.ai_component_id", "=", componentId)
    .where("a.status", "in", ["sent", "in_progress", "changes_requested"])
    .orderBy("a.created_at", "desc")
    .execute();
}
