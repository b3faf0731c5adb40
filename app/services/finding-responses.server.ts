// Findings, the vendor's side: the findings of their assessment (only what a vendor may see: no
// owner, no staff notes, no risk acceptance), their response and their remediation evidence, and
// the downloads of those files (by the vendor, and by staff with an audit event). The caller has
// checked the vendor session (requireVendorGrant); every function checks again, in its own
// transaction, that the finding is of that assessment and the grant is still live: anything else
// is "not found". A response or file on an open finding moves it to "remediating".
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { findQuestion } from "../domain/answers";
import { AppError, invalidError, notFoundError, stateError } from "../domain/errors";
import { cleanFileName, formatFileSize, MAX_EVIDENCE_BYTES, sniffFileType } from "../domain/file-types";
import { isUuid } from "../domain/ids";
import { VENDOR_RESPONSE_MAX } from "../domain/review/finding-forms";
import { findingTransition, isFindingActive, SEVERITY_LABELS, vendorResponseRefusal, type FindingStatus, type Severity } from "../domain/review/findings";
import { sectionAllowed } from "../domain/section-assignment";
import type { TemplateDefinition } from "../domain/templates/definition";
import { formatDate } from "../domain/calendar";
import { grantExpiry, lastValidDay, renewedGrantExpiry, rotateGrantToken, vendorLinkUrl } from "./access-grants.server";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { sha256Hex, type ActingGrant } from "./evidence.server";
import { appendFindingEvent } from "./finding-records.server";
import { findLiveGrant } from "./live-grant.server";
import { queueEmail } from "./mail.server";
import { vendorActor } from "./vendor-session.server";

export interface VendorFinding {
  id: string;
  title: string;
  description: string | null;
  severity: Severity;
  status: FindingStatus;
  dueDate: string | null;
  /** The question it is about, as the vendor saw it (null: about the questionnaire as a whole). */
  question: { prompt: string; sectionTitle: string } | null;
  componentName: string | null;
  /** Their responses, oldest first (who of their team wrote it, and when). */
  responses: Array<{ id: string; text: string; by: string; at: string }>;
  files: Array<{ id: string; fileName: string; sizeBytes: number; by: string | null; at: string }>;
  mayRespond: boolean;
}

/** The definition of an assessment's pinned template version. */
async function definitionOf(db: Kysely<Database>, assessmentId: string): Promise<TemplateDefinition | null> {
  const row = await db
    .selectFrom("assessments as a")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .select("v.definition")
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  return row ? (row.definition as TemplateDefinition) : null;
}

/**
 * Whether a contact may see a finding: everyone with the whole questionnaire; a colleague invited
 * to some sections, only findings on questions of those sections.
 */
function visibleTo(grant: Pick<ActingGrant, "sections">, definition: TemplateDefinition | null, questionKey: string | null): boolean {
  if (!grant.sections) return true;
  if (!questionKey || !definition) return false;
  const found = findQuestion(definition, questionKey);
  return Boolean(found && sectionAllowed(grant, found.section.key));
}

/** The findings of the assessment this contact may see: what needs doing first, then by severity and due date. */
export async function vendorFindings(db: Kysely<Database>, grant: Pick<ActingGrant, "sections">, assessmentId: string): Promise<VendorFinding[]> {
  if (!isUuid(assessmentId)) return [];
  const definition = await definitionOf(db, assessmentId);
  const rows = (
    await db
      .selectFrom("findings as f")
      .leftJoin("ai_components as c", "c.id", "f.ai_component_id")
      // Only what a vendor may see: never the owner, the author, staff notes or acceptances.
      .select(["f.id", "f.title", "f.description", "f.severity", "f.status", "f.due_date", "f.question_key", "c.name as component_name"])
      .where("f.assessment_id", "=", assessmentId)
      .orderBy(sql`CASE WHEN f.status IN ('open', 'remediating') THEN 0 ELSE 1 END`)
      .orderBy(sql`array_position(ARRAY['low','medium','high','critical']::text[], f.severity)`, "desc")
      .orderBy("f.due_date", (ob) => ob.asc().nullsLast())
      .orderBy("f.created_at")
      .orderBy("f.id")
      .execute()
  ).filter((r) => visibleTo(grant, definition, r.question_key));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [responses, files] = await Promise.all([
    db
      .selectFrom("finding_events")
      .select(["id", "finding_id", "note", "actor_label", "at"])
      .where("finding_id", "in", ids)
      .where("kind", "=", "vendor_response")
      .where("actor_type", "=", "vendor")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("finding_evidence as e")
      .leftJoin("access_grants as g", "g.id", "e.uploaded_by_grant_id")
      .select(["e.id", "e.finding_id", "e.file_name", "e.size_bytes", "e.created_at", "g.email"])
      .where("e.finding_id", "in", ids)
      .where("e.uploaded_by_grant_id", "is not", null)
      .orderBy("e.created_at")
      .orderBy("e.id")
      .execute(),
  ]);
  return rows.map((r) => {
    const found = r.question_key && definition ? findQuestion(definition, r.question_key) : null;
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      severity: r.severity,
      status: r.status,
      dueDate: r.due_date,
      question: found ? { prompt: found.question.prompt, sectionTitle: found.section.title } : null,
      componentName: r.component_name,
      responses: responses
        .filter((e) => e.finding_id === r.id)
        .map((e) => ({ id: String(e.id), text: e.note ?? "", by: e.actor_label, at: e.at.toISOString() })),
      files: files
        .filter((e) => e.finding_id === r.id)
        .map((e) => ({ id: e.id, fileName: e.file_name, sizeBytes: e.size_bytes, by: e.email, at: e.created_at.toISOString() })),
      mayRespond: vendorResponseRefusal(r.status) === null,
    };
  });
}

/** How many findings the contact may see, and how many still need something done (for the portal's navigation). */
export async function vendorFindingCounts(db: Kysely<Database>, grant: Pick<ActingGrant, "sections">, assessmentId: string) {
  if (!isUuid(assessmentId)) return { total: 0, active: 0 };
  const rows = await db.selectFrom("findings").select(["status", "question_key"]).where("assessment_id", "=", assessmentId).execute();
  const definition = grant.sections && rows.length ? await definitionOf(db, assessmentId) : null;
  const visible = rows.filter((r) => visibleTo(grant, definition, r.question_key));
  return { total: visible.length, active: visible.filter((r) => isFindingActive(r.status)).length };
}

// ---------------------------------------------------------------------------------------------
// Responding

export interface VendorResponseInput {
  response: string;
  /** The uploaded file, if any: its (sanitised) name and bytes. */
  file: { name: string; bytes: Uint8Array } | null;
}

/** The checks of an uploaded file that need no database: size and the type found in its bytes. Returns its content type. */
function checkFile(file: { name: string; bytes: Uint8Array }): string {
  if (file.bytes.byteLength === 0) throw new AppError("invalid", file.name ? "This file is empty." : "Choose a file to upload.", { field: "file" });
  if (file.bytes.byteLength > MAX_EVIDENCE_BYTES) {
    throw new AppError(
      "too_large",
      `This file is ${formatFileSize(file.bytes.byteLength)}: files can be at most ${formatFileSize(MAX_EVIDENCE_BYTES)}. Nothing was saved.`,
      { field: "file" },
    );
  }
  const sniffed = sniffFileType(file.bytes, cleanFileName(file.name));
  if (!sniffed.ok) throw new AppError("unsupported", `${sniffed.message} Nothing was saved.`, { field: "file" });
  return sniffed.contentType;
}

/** The finding (locked), of this assessment and visible to this live grant; else "not found". */
async function lockVendorFinding(trx: Transaction<Database>, grant: ActingGrant, assessmentId: string, findingId: string, now: Date) {
  if (!isUuid(assessmentId) || !isUuid(findingId)) throw notFoundError();
  const finding = await trx
    .selectFrom("findings")
    .select(["id", "status", "question_key", "title"])
    .where("id", "=", findingId)
    .where("assessment_id", "=", assessmentId)
    .forUpdate()
    .executeTakeFirst();
  if (!finding) throw notFoundError();
  const live = await findLiveGrant(trx, grant.id, assessmentId, now);
  if (!live) throw notFoundError();
  if (!visibleTo(live, live.sections ? await definitionOf(trx, assessmentId) : null, finding.question_key)) throw notFoundError();
  return finding;
}

/**
 * The vendor's response and/or remediation file on one finding, in one transaction: the response
 * (kept on the finding and in its history), the file (checked like questionnaire evidence: size,
 * type from its bytes, name sanitised), and on an open finding the move to "remediating". A
 * closed or accepted finding takes no response. Nothing is written when anything is refused.
 */
export async function respondToFinding(
  ctx: AppContext,
  grant: ActingGrant,
  assessmentId: string,
  findingId: string,
  input: VendorResponseInput,
  now = new Date(),
): Promise<{ status: FindingStatus; fileId: string | null }> {
  const response = input.response.trim();
  const hasFile = input.file !== null && (input.file.bytes.byteLength > 0 || input.file.name !== "");
  if (!response && !hasFile) throw invalidError("response", "Write a response, or choose a file to upload, or both.");
  if (response.length > VENDOR_RESPONSE_MAX)
    throw invalidError("response", `Keep the response under ${VENDOR_RESPONSE_MAX.toLocaleString("en-GB")} characters.`);
  const file = hasFile ? input.file! : null;
  const contentType = file ? checkFile(file) : null;
  const sha256 = file ? sha256Hex(file.bytes) : null;
  const actor: Actor = vendorActor(grant);
  return ctx.db.transaction().execute(async (trx) => {
    const finding = await lockVendorFinding(trx, grant, assessmentId, findingId, now);
    const refusal = vendorResponseRefusal(finding.status);
    if (refusal) throw stateError(refusal);
    let fileId: string | null = null;
    if (response) {
      await trx.updateTable("findings").set({ vendor_response: response, vendor_responded_at: now, updated_at: now }).where("id", "=", finding.id).execute();
      await appendFindingEvent(trx, actor, finding.id, { kind: "vendor_response", note: response }, now);
      await recordAudit(trx, actor, {
        action: "finding.vendor_response",
        entityType: "finding",
        entityId: finding.id,
        details: { assessmentId, grantId: grant.id, length: response.length },
      });
    }
    if (file) {
      const fileName = cleanFileName(file.name);
      const row = await trx
        .insertInto("finding_evidence")
        .values({
          finding_id: finding.id,
          file_name: fileName,
          content_type: contentType!,
          size_bytes: file.bytes.byteLength,
          sha256: sha256!,
          bytes: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
          uploaded_by_grant_id: grant.id,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      fileId = row.id;
      await trx.updateTable("findings").set({ updated_at: now }).where("id", "=", finding.id).execute();
      await appendFindingEvent(trx, actor, finding.id, { kind: "evidence", note: fileName }, now);
      await recordAudit(trx, actor, {
        action: "finding.evidence_upload",
        entityType: "finding",
        entityId: finding.id,
        details: { assessmentId, grantId: grant.id, fileId, fileName, contentType, sizeBytes: file.bytes.byteLength, sha256 },
      });
    }
    let status = finding.status;
    if (status === "open") {
      const move = findingTransition(status, "start_remediation");
      if (move.ok) {
        await trx.updateTable("findings").set({ status: move.to, updated_at: now }).where("id", "=", finding.id).execute();
        await appendFindingEvent(trx, actor, finding.id, { kind: "status", fromStatus: status, toStatus: move.to, note: "The vendor responded." }, now);
        await recordAudit(trx, actor, {
          action: "finding.status",
          entityType: "finding",
          entityId: finding.id,
          details: { from: status, to: move.to, event: "vendor_response" },
        });
        status = move.to;
      }
    }
    return { status, fileId };
  });
}

// ---------------------------------------------------------------------------------------------
// Downloads

export interface FindingFile {
  id: string;
  findingId: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  bytes: Buffer;
}

/** A remediation file of this assessment's findings uploaded by the vendor, for a contact who may see its finding; else null. */
export async function getFindingFileForVendor(
  db: Kysely<Database>,
  grant: Pick<ActingGrant, "sections">,
  assessmentId: string | undefined,
  fileId: string | undefined,
): Promise<FindingFile | null> {
  if (!isUuid(assessmentId) || !isUuid(fileId)) return null;
  const row = await db
    .selectFrom("finding_evidence as e")
    .innerJoin("findings as f", "f.id", "e.finding_id")
    .select(["e.id", "e.finding_id", "e.file_name", "e.content_type", "e.size_bytes", "e.sha256", "e.bytes", "f.question_key"])
    .where("e.id", "=", fileId)
    .where("f.assessment_id", "=", assessmentId)
    .where("e.uploaded_by_grant_id", "is not", null)
    .executeTakeFirst();
  if (!row) return null;
  if (!visibleTo(grant, grant.sections ? await definitionOf(db, assessmentId) : null, row.question_key)) return null;
  return {
    id: row.id,
    findingId: row.finding_id,
    file_name: row.file_name,
    content_type: row.content_type,
    size_bytes: row.size_bytes,
    sha256: row.sha256,
    bytes: row.bytes,
  };
}

/** A staff member's download of a finding's file, with an audit event naming the file (never its bytes). Null when unknown. */
export async function downloadFindingFileForStaff(
  ctx: AppContext,
  actor: Actor,
  findingId: string | undefined,
  fileId: string | undefined,
): Promise<FindingFile | null> {
  if (!isUuid(findingId) || !isUuid(fileId)) return null;
  const file = await ctx.db
    .selectFrom("finding_evidence")
    .select(["id", "finding_id", "file_name", "content_type", "size_bytes", "sha256", "bytes"])
    .where("id", "=", fileId)
    .where("finding_id", "=", findingId)
    .executeTakeFirst();
  if (!file) return null;
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: "finding.evidence_download",
      entityType: "finding",
      entityId: findingId,
      details: { fileId: file.id, fileName: file.file_name, sha256: file.sha256, sizeBytes: file.size_bytes },
    }),
  );
  return {
    id: file.id,
    findingId: file.finding_id,
    file_name: file.file_name,
    content_type: file.content_type,
    size_bytes: file.size_bytes,
    sha256: file.sha256,
    bytes: file.bytes,
  };
}

// ---------------------------------------------------------------------------------------------
// Telling the vendor

/** Statuses in which a vendor's link does not open the portal (see inspectGrantToken): a fresh link would not help. */
const LINK_REFUSED_STATUSES = ["closed"] as const;

/** What the "send the findings to the vendor" page shows: the open findings (as the vendor sees them) and who gets them. */
export async function vendorNotificationPreview(db: Kysely<Database>, assessmentId: string) {
  if (!isUuid(assessmentId)) return null;
  const assessment = await db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .select(["a.id", "a.status", "s.name as supplier_name"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!assessment) return null;
  const [findings, recipients] = await Promise.all([
    vendorFindings(db, { sections: null }, assessmentId).then((all) => all.filter((f) => isFindingActive(f.status))),
    db
      .selectFrom("access_grants")
      .select(["id", "name", "email", "expires_at"])
      .where("assessment_id", "=", assessmentId)
      .where("revoked_at", "is", null)
      .where("sections", "is", null)
      .orderBy("created_at")
      .orderBy("email")
      .execute(),
  ]);
  const refusal = (LINK_REFUSED_STATUSES as readonly string[]).includes(assessment.status)
    ? "This assessment is closed: the vendor's portal no longer opens."
    : findings.length === 0
      ? "There are no open findings to send."
      : recipients.length === 0
        ? "Nobody at the vendor has a link to the whole questionnaire: send them one from the assessment page first."
        : null;
  return { assessment: { id: assessment.id, supplierName: assessment.supplier_name }, findings, recipients, refusal };
}

/**
 * Emails each vendor contact with the whole questionnaire the open findings (only what a vendor may
 * see) with a fresh link, valid at least until the latest due date plus the grace period, so they
 * can respond after the questionnaire's own due date. The previous link stops working (as with a
 * resend); sessions already open go on. Returns how many mails were queued.
 */
export async function notifyVendorOfFindings(ctx: AppContext, actor: Actor, sentBy: string, assessmentId: string, now = new Date()): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const preview = await vendorNotificationPreview(trx, assessmentId);
    if (!preview) throw notFoundError();
    if (preview.refusal) throw stateError(preview.refusal);
    const { due_date: questionnaireDue } = await trx.selectFrom("assessments").select("due_date").where("id", "=", assessmentId).executeTakeFirstOrThrow();
    const latestDue = preview.findings.reduce<string | null>((max, f) => (f.dueDate && (!max || f.dueDate > max) ? f.dueDate : max), null);
    const grace = ctx.config.grantGraceDays;
    const items = preview.findings.map((f) => ({ title: f.title, severity: SEVERITY_LABELS[f.severity], dueDate: f.dueDate ? formatDate(f.dueDate) : null }));
    const sent: string[] = [];
    for (const grant of preview.recipients) {
      const expiresAt = new Date(
        Math.max(
          grant.expires_at.getTime(),
          renewedGrantExpiry(questionnaireDue, grace, now).getTime(),
          latestDue ? grantExpiry(latestDue, grace).getTime() : 0,
        ),
      );
      const token = await rotateGrantToken(trx, grant.id, expiresAt, now);
      sent.push(
        await queueEmail(ctx.queue, trx, grant.email, "vendor-findings", {
          contactName: grant.name,
          supplierName: preview.assessment.supplierName,
          sentBy,
          findings: items,
          validUntil: lastValidDay(expiresAt),
          url: vendorLinkUrl(ctx.config.baseUrl, token),
        }),
      );
    }
    await recordAudit(trx, actor, {
      action: "finding.vendor_notify",
      entityType: "assessment",
      entityId: assessmentId,
      details: { findingIds: preview.findings.map((f) => f.id), grantIds: preview.recipients.map((g) => g.id), emailIds: sent },
    });
    return sent.length;
  });
}
