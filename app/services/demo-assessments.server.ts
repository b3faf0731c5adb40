// The demo seed's assessments of the built-in template (db/seed-data.ts SEED_ASSESSMENTS): issued,
// answered by the supplier's primary contact with a demo profile, submitted and scored, so a new
// user sees real scorecards on first start. Written row by row as issuing, answering, uploading and
// submitting write them (grants, answer revisions, evidence with its SHA-256, audit events, the
// stored score), but no invitation is mailed: procurement can resend the link from the assessment.
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { SEED_ASSESSMENTS, type SeedAssessment } from "../../db/seed-data";
import { answersFor, evidenceFor, type DemoAnswerOptions } from "../../db/templates/demo-answers";
import { transition } from "../domain/assessment-lifecycle";
import { assessmentProgress } from "../domain/assessment-progress";
import { addDays, today, type CalendarDate } from "../domain/calendar";
import type { TemplateDefinition } from "../domain/templates/definition";
import { createGrant, grantExpiry } from "./access-grants.server";
import { markStarted } from "./assessment-lifecycle.server";
import { recordAudit, userActor } from "./audit.server";
import { ISSUABLE_SUPPLIER_STATUSES } from "./assessment-issue.server";
import { sha256Hex } from "./evidence.server";
import { storeScore } from "./scores.server";
import { seedDemoReview } from "./demo-reviews.server";
import { vendorActor } from "./vendor-session.server";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The default of GRANT_GRACE_DAYS: the seed runs without the app's configuration. */
export const DEMO_GRANT_GRACE_DAYS = 14;

/**
 * Issues (and answers, submits and scores) each seeded assessment whose supplier has no assessment
 * of the built-in template yet, in the caller's transaction; returns how many it added.
 */
export async function seedDemoAssessments(
  trx: Transaction<Database>,
  builtinTemplateId: string,
  userIds: ReadonlyMap<string, string>,
  now: Date,
): Promise<number> {
  const version = await trx
    .selectFrom("template_versions")
    .select(["id", "version", "definition"])
    .where("template_id", "=", builtinTemplateId)
    .where("status", "=", "published")
    .orderBy("version", "desc")
    .executeTakeFirst();
  if (!version) return 0;
  const template = await trx.selectFrom("questionnaire_templates").select("name").where("id", "=", builtinTemplateId).executeTakeFirstOrThrow();
  let added = 0;
  for (const seed of SEED_ASSESSMENTS) {
    const supplier = await trx
      .selectFrom("suppliers")
      .select(["id", "name", "status", "archived_at"])
      .where("external_id", "=", seed.supplierExternalId)
      .executeTakeFirst();
    if (!supplier || supplier.archived_at || !(ISSUABLE_SUPPLIER_STATUSES as readonly string[]).includes(supplier.status)) continue;
    const already = await trx
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select("a.id")
      .where("a.supplier_id", "=", supplier.id)
      .where("v.template_id", "=", builtinTemplateId)
      .executeTakeFirst();
    if (already) continue;
    const components = await trx
      .selectFrom("ai_components")
      .select(["id", "external_id"])
      .where("supplier_id", "=", supplier.id)
      .where("external_id", "in", seed.componentExternalIds)
      .where("archived_at", "is", null)
      .execute();
    if (components.length !== seed.componentExternalIds.length) continue;
    const componentIds = seed.componentExternalIds.map((ext) => components.find((c) => c.external_id === ext)!.id);
    const contact = await trx
      .selectFrom("supplier_contacts")
      .select(["id", "name", "email"])
      .where("supplier_id", "=", supplier.id)
      .where("is_primary", "=", true)
      .executeTakeFirst();
    const issuerId = userIds.get(seed.issuerKey);
    if (!contact || !issuerId) continue;
    const issuer = await trx.selectFrom("users").select(["id", "email"]).where("id", "=", issuerId).executeTakeFirstOrThrow();

    const issuedAt = new Date(now.getTime() - seed.issuedDaysAgo * DAY_MS);
    const dueDate = addDays(today(now), seed.dueInDays);
    const { id: assessmentId } = await trx
      .insertInto("assessments")
      .values({
        supplier_id: supplier.id,
        template_version_id: version.id,
        status: "sent",
        due_date: dueDate,
        message: seed.message,
        issued_by: issuer.id,
        created_at: issuedAt,
        updated_at: issuedAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("assessment_components")
      .values(componentIds.map((id) => ({ assessment_id: assessmentId, ai_component_id: id })))
      .execute();
    const staff = userActor(issuer);
    await recordAudit(trx, staff, {
      action: "assessment.issue",
      entityType: "assessment",
      entityId: assessmentId,
      details: {
        supplierId: supplier.id,
        supplier: supplier.name,
        templateVersionId: version.id,
        template: template.name,
        version: version.version,
        componentIds,
        contacts: 1,
        dueDate,
        campaignId: null,
        demoSeed: true,
      },
    });
    const expiresAt = grantExpiry(dueDate, DEMO_GRANT_GRACE_DAYS);
    const { grantId } = await createGrant(trx, { assessmentId, contactId: contact.id, email: contact.email, name: contact.name, expiresAt }, issuedAt);
    await recordAudit(trx, staff, {
      action: "assessment.grant",
      entityType: "assessment",
      entityId: assessmentId,
      // No invitation is mailed for demo data (emailId null): "Resend" on the assessment sends a working link.
      details: { grantId, contactId: contact.id, email: contact.email, expiresAt: expiresAt.toISOString(), emailId: null, demoSeed: true },
    });
    added += 1;
    if (seed.state === "sent" || seed.answeredDaysAgo === undefined) continue;

    const answeredAt = new Date(now.getTime() - seed.answeredDaysAgo * DAY_MS);
    const grant = { id: grantId, email: contact.email.toLowerCase() };
    const count = await writeAnswers(trx, {
      seed,
      assessmentId,
      grant,
      componentIds,
      definition: version.definition as TemplateDefinition,
      supplierName: supplier.name,
      savedAt: new Date(answeredAt.getTime() - 3 * HOUR_MS),
      now,
    });
    await trx.updateTable("access_grants").set({ last_used_at: answeredAt }).where("id", "=", grantId).execute();
    if (seed.state === "in_progress") continue;

    const submit = transition("in_progress", "submit");
    if (!submit.ok) throw new Error(submit.reason);
    await trx.updateTable("assessments").set({ status: submit.to, submitted_at: answeredAt, updated_at: answeredAt }).where("id", "=", assessmentId).execute();
    await recordAudit(trx, vendorActor(grant), {
      action: "assessment.submit",
      entityType: "assessment",
      entityId: assessmentId,
      details: { grantId, answers: count, demoSeed: true },
    });
    await storeScore(trx, assessmentId, { reason: "submit", now: answeredAt });
    if (seed.review) await seedDemoReview(trx, { id: assessmentId, supplierId: supplier.id, status: submit.to }, seed.review, userIds, now);
  }
  return added;
}

interface AnswerWrite {
  seed: SeedAssessment;
  assessmentId: string;
  grant: { id: string; email: string };
  componentIds: string[];
  definition: TemplateDefinition;
  supplierName: string;
  savedAt: Date;
  now: Date;
}

/** The profile's answers (all, or the first sections' for one in progress) and their evidence files, as the vendor saves them. */
async function writeAnswers(trx: Transaction<Database>, w: AnswerWrite): Promise<number> {
  const ids = new Map<string, string>();
  const options: DemoAnswerOptions = {
    asOf: today(w.savedAt),
    definition: w.definition,
    evidenceId: (questionKey, componentId) => {
      const key = `${questionKey}/${componentId ?? ""}`;
      if (!ids.has(key)) ids.set(key, randomUUID());
      return ids.get(key)!;
    },
  };
  let answers = answersFor(w.seed.profile, w.componentIds, options);
  if (w.seed.state === "in_progress") {
    const sections = w.definition.sections.filter((s) => s.scope === "supplier").slice(0, w.seed.sectionsAnswered ?? 1);
    const keys = new Set(sections.flatMap((s) => s.questions.map((q) => q.key)));
    answers = answers.filter((a) => keys.has(a.questionKey));
  } else if (!assessmentProgress(w.definition, w.componentIds, answers).complete) {
    throw new Error(`Seed data: the ${w.seed.profile} demo answers leave required questions of the built-in template unanswered`);
  }
  const referenced = new Set(answers.flatMap((a) => (Array.isArray(a.value) ? (a.value as string[]) : [])));
  const evidence = evidenceFor(w.seed.profile, w.componentIds, options).filter((e) => referenced.has(e.id));

  for (const file of evidence) {
    const validUntil: CalendarDate | null =
      w.seed.expiringSoon?.questionKey === file.questionKey ? addDays(today(w.now), w.seed.expiringSoon.inDays) : (file.validUntil ?? null);
    const bytes = demoPdf([
      `${w.supplierName}: ${file.fileName}`,
      "Demo evidence file, seeded by Assay.",
      validUntil ? `Valid until ${validUntil}.` : "No expiry date.",
    ]);
    const sha256 = sha256Hex(bytes);
    await trx
      .insertInto("evidence")
      .values({
        id: file.id,
        assessment_id: w.assessmentId,
        question_key: file.questionKey,
        ai_component_id: file.componentId,
        file_name: file.fileName,
        content_type: "application/pdf",
        size_bytes: bytes.length,
        sha256,
        bytes,
        valid_until: validUntil,
        uploaded_by_grant_id: w.grant.id,
        created_at: w.savedAt,
      })
      .execute();
    await recordAudit(trx, vendorActor(w.grant), {
      action: "evidence.upload",
      entityType: "assessment",
      entityId: w.assessmentId,
      details: {
        evidenceId: file.id,
        grantId: w.grant.id,
        questionKey: file.questionKey,
        componentId: file.componentId,
        fileName: file.fileName,
        contentType: "application/pdf",
        sizeBytes: bytes.length,
        sha256,
        validUntil,
        demoSeed: true,
      },
    });
  }
  // The first save moves a sent assessment to "in progress", as the answer service's does.
  await markStarted(trx, w.assessmentId, w.savedAt);
  if (answers.length) {
    await trx
      .insertInto("answers")
      .values(
        answers.map((a) => ({
          assessment_id: w.assessmentId,
          question_key: a.questionKey,
          ai_component_id: a.componentId,
          value: a.value === null || a.value === undefined ? null : JSON.stringify(a.value),
          is_na: a.isNa,
          revision: 1,
          updated_by_grant_id: w.grant.id,
          updated_at: w.savedAt,
        })),
      )
      .execute();
  }
  return answers.length;
}

/** A one-page PDF (Helvetica, Latin-1 text) built by hand: real bytes a viewer opens, a few hundred of them. */
export function demoPdf(lines: readonly string[]): Buffer {
  const text = (line: string) => line.replace(/[^\x20-\x7e\xa0-\xff]/g, "?").replace(/[\\()]/g, "\\$&");
  const content = `BT /F1 12 Tf 72 770 Td 16 TL ${lines.map((l) => `(${text(l)}) Tj T*`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
