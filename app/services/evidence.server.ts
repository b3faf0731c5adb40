// Evidence files that vendor contacts attach to questions. Callers have checked the vendor session (requireVendorGrant) or the
// staff permission; every function here checks again that what it touches belongs to the
// assessment in hand, and answers "not found" (404) for anything that does not, never more.
//
// An upload is one transaction: the evidence row (bytes, SHA-256, the type found by sniffing the
// content), the question's answer (its value is the JSON array of the question's evidence ids,
// revision + 1, so the answer history records each change) and the audit event (hash, size, type;
// never the bytes).
import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { findQuestion } from "../domain/answers";
import { isOpen } from "../domain/assessment-lifecycle";
import { parseCalendarDate, today } from "../domain/calendar";
import { AppError } from "../domain/errors";
import { cleanFileName, formatFileSize, MAX_EVIDENCE_BYTES, sniffFileType } from "../domain/file-types";
import { isUuid } from "../domain/ids";
import { sectionAllowed } from "../domain/section-assignment";
import type { Question, TemplateDefinition } from "../domain/templates/definition";
import { markStarted } from "./assessment-lifecycle.server";
import { recordAudit, type Actor } from "./audit.server";
import { assertReopened } from "./clarifications.server";
import type { AppContext } from "./context.server";
import { findLiveGrant } from "./live-grant.server";
import { vendorActor } from "./vendor-session.server";
import { refreshAssessmentDeadlines } from "./deadlines.server";

export { MAX_EVIDENCE_BYTES };

const NOT_FOUND = () => new AppError("not_found", "Not found");

/** The vendor contact acting: their grant (requireVendorGrant's `access.grant`). */
export interface ActingGrant {
  id: string;
  email: string;
  /** Assigned section keys; null means every section. */
  sections: string[] | null;
}

export interface UploadInput {
  assessmentId: string;
  questionKey: string;
  /** Null for supplier-scope questions; a component in scope for component-scope ones. */
  componentId: string | null;
  fileName: string;
  bytes: Uint8Array;
  /** YYYY-MM-DD or null/empty. */
  validUntil: string | null;
}

export interface UploadedEvidence {
  id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  valid_until: string | null;
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export const takesFiles = (question: Question) => question.type === "file" || Boolean(question.evidence);

/** A valid-until date: a real calendar date after today (UTC). Returns the problem, or null. */
export function validUntilProblem(value: string, now = new Date()): string | null {
  const date = parseCalendarDate(value);
  if (!date) return "Enter the valid-until date as a date, like 2027-03-31";
  if (date <= today(now)) return "This document has expired: the valid-until date must be after today";
  return null;
}

/**
 * The assessment (locked against a concurrent submit or close), the acting grant (live, of this
 * assessment), and the question in its pinned definition, in the caller's transaction. Any
 * mismatch is "not found"; a questionnaire no longer open is a 409 the page can show, and so is,
 * while changes are requested, a question the reviewer did not reopen (a "state" AppError).
 */
async function lockTarget(trx: Transaction<Database>, grant: ActingGrant, assessmentId: string, questionKey: string, componentId: string | null, now: Date) {
  if (!isUuid(assessmentId) || (componentId !== null && !isUuid(componentId))) throw NOT_FOUND();
  const row = await trx
    .selectFrom("assessments as a")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .select(["a.id", "a.status", "v.definition"])
    .where("a.id", "=", assessmentId)
    .forUpdate("a")
    .executeTakeFirst();
  if (!row) throw NOT_FOUND();
  const live = await findLiveGrant(trx, grant.id, assessmentId, now);
  if (!live) throw NOT_FOUND();
  const found = findQuestion(row.definition as TemplateDefinition, questionKey);
  // A question the contact may not answer is as absent as one that does not exist.
  if (!found || !takesFiles(found.question) || !sectionAllowed(live, found.section.key)) throw NOT_FOUND();
  if (found.section.scope === "supplier" ? componentId !== null : componentId === null) throw NOT_FOUND();
  if (componentId) {
    const inScope = await trx
      .selectFrom("assessment_components")
      .select("ai_component_id")
      .where("assessment_id", "=", assessmentId)
      .where("ai_component_id", "=", componentId)
      .executeTakeFirst();
    if (!inScope) throw NOT_FOUND();
  }
  if (!isOpen(row.status)) {
    throw new AppError("conflict", "This questionnaire is no longer open for answers: files cannot be added or removed.");
  }
  if (row.status === "changes_requested") {
    try {
      await assertReopened(trx, assessmentId, row.status, row.definition as TemplateDefinition, questionKey, componentId);
    } catch (error) {
      if (error instanceof AppError && error.details.code === "not_reopened") {
        throw new AppError("state", "The reviewer did not reopen this question: files can be added or removed only on the questions they asked about.", {
          field: "file",
          details: { code: "not_reopened" },
        });
      }
      throw error;
    }
  }
  return { ...found, status: row.status };
}

/** Sets the answer's value to the question's evidence ids (in upload order), revision + 1. */
async function syncAnswer(trx: Transaction<Database>, grantId: string, assessmentId: string, questionKey: string, componentId: string | null, now: Date) {
  const ids = await trx
    .selectFrom("evidence")
    .select("id")
    .where("assessment_id", "=", assessmentId)
    .where("question_key", "=", questionKey)
    .where(componentId === null ? sql<boolean>`ai_component_id IS NULL` : sql<boolean>`ai_component_id = ${componentId}`)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const value = ids.length ? JSON.stringify(ids.map((r) => r.id)) : null;
  await trx
    .insertInto("answers")
    .values({ assessment_id: assessmentId, question_key: questionKey, ai_component_id: componentId, value, updated_by_grant_id: grantId, updated_at: now })
    .onConflict((oc) =>
      oc.columns(["assessment_id", "question_key", "scope_id"]).doUpdateSet({
        value: (eb) => eb.ref("excluded.value"),
        is_na: false,
        prefilled: false,
        revision: sql`answers.revision + 1`,
        updated_by_grant_id: grantId,
        updated_at: now,
      }),
    )
    .execute();
}

export async function uploadEvidence(ctx: AppContext, grant: ActingGrant, input: UploadInput, now = new Date()): Promise<UploadedEvidence> {
  const fileName = cleanFileName(input.fileName);
  const validUntil = input.validUntil?.trim() ? input.validUntil.trim() : null;
  // Everything that needs no database first; the hash is computed outside the transaction.
  const checkFile = () => {
    if (input.bytes.byteLength === 0) throw new AppError("invalid", input.fileName ? "This file is empty." : "Choose a file to upload.", { field: "file" });
    if (input.bytes.byteLength > MAX_EVIDENCE_BYTES) {
      throw new AppError(
        "too_large",
        `This file is ${formatFileSize(input.bytes.byteLength)}: files can be at most ${formatFileSize(MAX_EVIDENCE_BYTES)}. Nothing was saved.`,
        { field: "file" },
      );
    }
    const sniffed = sniffFileType(input.bytes, fileName);
    if (!sniffed.ok) throw new AppError("unsupported", `${sniffed.message} Nothing was saved.`, { field: "file" });
    return sniffed.contentType;
  };
  const sha256 = sha256Hex(input.bytes);
  return ctx.db.transaction().execute(async (trx) => {
    const { question } = await lockTarget(trx, grant, input.assessmentId, input.questionKey, input.componentId, now);
    const contentType = checkFile();
    if (question.evidence?.requireValidUntil && !validUntil) {
      throw new AppError("invalid", "Enter the date until which this document is valid.", { field: "validUntil" });
    }
    if (validUntil) {
      const problem = validUntilProblem(validUntil, now);
      if (problem) throw new AppError("invalid", problem, { field: "validUntil" });
    }
    const row = await trx
      .insertInto("evidence")
      .values({
        assessment_id: input.assessmentId,
        question_key: input.questionKey,
        ai_component_id: input.componentId,
        file_name: fileName,
        content_type: contentType,
        size_bytes: input.bytes.byteLength,
        sha256,
        bytes: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength),
        valid_until: validUntil,
        uploaded_by_grant_id: grant.id,
        created_at: now,
      })
      .returning(["id", "file_name", "content_type", "size_bytes", "sha256", "valid_until"])
      .executeTakeFirstOrThrow();
    await syncAnswer(trx, grant.id, input.assessmentId, input.questionKey, input.componentId, now);
    await markStarted(trx, input.assessmentId, now);
    await recordAudit(trx, vendorActor(grant), {
      action: "evidence.upload",
      entityType: "assessment",
      entityId: input.assessmentId,
      details: {
        evidenceId: row.id,
        grantId: grant.id,
        questionKey: input.questionKey,
        componentId: input.componentId,
        fileName,
        contentType,
        sizeBytes: row.size_bytes,
        sha256,
        validUntil,
      },
    });
    await refreshAssessmentDeadlines(trx, [input.assessmentId], now);
    return row;
  });
}

/** Removes a file of this assessment (from a question the contact may answer) and its id from the answer. */
export async function removeEvidence(
  ctx: AppContext,
  grant: ActingGrant,
  assessmentId: string,
  evidenceId: string,
  now = new Date(),
): Promise<{ fileName: string }> {
  if (!isUuid(assessmentId) || !isUuid(evidenceId)) throw NOT_FOUND();
  return ctx.db.transaction().execute(async (trx) => {
    const file = await trx
      .selectFrom("evidence")
      .select(["id", "question_key", "ai_component_id", "file_name", "sha256", "size_bytes"])
      .where("id", "=", evidenceId)
      .where("assessment_id", "=", assessmentId)
      .executeTakeFirst();
    if (!file) throw NOT_FOUND();
    await lockTarget(trx, grant, assessmentId, file.question_key, file.ai_component_id, now);
    await trx.deleteFrom("evidence").where("id", "=", file.id).execute();
    await syncAnswer(trx, grant.id, assessmentId, file.question_key, file.ai_component_id, now);
    await recordAudit(trx, vendorActor(grant), {
      action: "evidence.remove",
      entityType: "assessment",
      entityId: assessmentId,
      details: {
        evidenceId: file.id,
        grantId: grant.id,
        questionKey: file.question_key,
        componentId: file.ai_component_id,
        fileName: file.file_name,
        sha256: file.sha256,
        sizeBytes: file.size_bytes,
      },
    });
    await refreshAssessmentDeadlines(trx, [assessmentId], now);
    return { fileName: file.file_name };
  });
}

export interface EvidenceListItem {
  id: string;
  question_key: string;
  ai_component_id: string | null;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  valid_until: string | null;
  created_at: Date;
  uploaded_by_name: string | null;
  uploaded_by_email: string | null;
}

/**
 * An assessment's files (never their bytes), oldest first. `componentId: null` means the supplier
 * scope; leaving it out means any scope.
 */
export async function listEvidence(
  db: Kysely<Database>,
  assessmentId: string,
  filter: { questionKey?: string; componentId?: string | null } = {},
): Promise<EvidenceListItem[]> {
  if (!isUuid(assessmentId)) return [];
  let query = db
    .selectFrom("evidence as e")
    .leftJoin("access_grants as g", "g.id", "e.uploaded_by_grant_id")
    .select([
      "e.id",
      "e.question_key",
      "e.ai_component_id",
      "e.file_name",
      "e.content_type",
      "e.size_bytes",
      "e.sha256",
      "e.valid_until",
      "e.created_at",
      "g.name as uploaded_by_name",
      "g.email as uploaded_by_email",
    ])
    .where("e.assessment_id", "=", assessmentId);
  if (filter.questionKey !== undefined) query = query.where("e.question_key", "=", filter.questionKey);
  if (filter.componentId === null) query = query.where("e.ai_component_id", "is", null);
  else if (filter.componentId !== undefined) {
    if (!isUuid(filter.componentId)) return [];
    query = query.where("e.ai_component_id", "=", filter.componentId);
  }
  return query.orderBy("e.created_at").orderBy("e.id").execute();
}

export interface EvidenceFile {
  id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  bytes: Buffer;
}

async function loadFile(db: Kysely<Database>, assessmentId: string | undefined, evidenceId: string | undefined) {
  if (!isUuid(assessmentId) || !isUuid(evidenceId)) return null;
  return db
    .selectFrom("evidence")
    .select(["id", "question_key", "file_name", "content_type", "size_bytes", "sha256", "bytes"])
    .where("id", "=", evidenceId)
    .where("assessment_id", "=", assessmentId)
    .executeTakeFirst();
}

/** A file with its bytes, only when it belongs to this assessment (else null: a 404). */
export async function getEvidenceForStaff(
  db: Kysely<Database>,
  assessmentId: string | undefined,
  evidenceId: string | undefined,
): Promise<EvidenceFile | null> {
  const file = await loadFile(db, assessmentId, evidenceId);
  if (!file) return null;
  const { question_key: _key, ...rest } = file;
  return rest;
}

/**
 * A staff member's download: the file (as getEvidenceForStaff) and an audit event saying who read
 * which file (its hash and size, never the bytes). Vendors' own downloads are not audited.
 */
export async function downloadEvidenceForStaff(
  ctx: AppContext,
  actor: Actor,
  assessmentId: string | undefined,
  evidenceId: string | undefined,
): Promise<EvidenceFile | null> {
  const file = await getEvidenceForStaff(ctx.db, assessmentId, evidenceId);
  if (!file) return null;
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: "evidence.download",
      entityType: "assessment",
      entityId: assessmentId,
      details: { evidenceId: file.id, fileName: file.file_name, sha256: file.sha256, sizeBytes: file.size_bytes },
    }),
  );
  return file;
}

/** As for staff, and only from a section the contact's grant covers. */
export async function getEvidenceForVendor(
  db: Kysely<Database>,
  grant: Pick<ActingGrant, "sections">,
  assessmentId: string | undefined,
  evidenceId: string | undefined,
): Promise<EvidenceFile | null> {
  const file = await loadFile(db, assessmentId, evidenceId);
  if (!file) return null;
  if (grant.sections) {
    const version = await db
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select("v.definition")
      .where("a.id", "=", assessmentId!)
      .executeTakeFirstOrThrow();
    const found = findQuestion(version.definition as TemplateDefinition, file.question_key);
    if (!found || !sectionAllowed(grant, found.section.key)) return null;
  }
  const { question_key: _key, ...rest } = file;
  return rest;
}

/** The headers of a file download: always an attachment, never rendered or sniffed by the browser. */
export function downloadHeaders(file: Pick<EvidenceFile, "file_name" | "content_type" | "size_bytes" | "sha256">): Record<string, string> {
  const ascii = file.file_name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return {
    "Content-Type": file.content_type,
    "Content-Length": String(file.size_bytes),
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.file_name)}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
    "Cache-Control": "private, no-store",
    ETag: `"${file.sha256}"`,
  };
}
