// OSCAL exports (docs/decisions/0026): gathers what the pure mappings in app/domain/oscal need.
// The assessment results read the scorecard's view (assessment, components, latest score, decision)
// and add the answers (with the vendor's comment; internal notes never), the evidence with its
// validity and hash, every finding of the assessment and the risk acceptances in force. The catalog
// reads one template version. Both return null for an unknown id (the route answers 404); the
// assessment results also when the assessment has not been scored yet (nothing to report).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { isUuid } from "../domain/ids";
import { assessmentResults, type AssessmentResultsInput } from "../domain/oscal/assessment-results";
import { catalog } from "../domain/oscal/catalog";
import type { TemplateDefinition } from "../domain/templates/definition";
import type { AppContext } from "./context.server";
import { loadOrganisation } from "./organisation.server";
import { componentAcceptances, findingAcceptances } from "./risk-acceptances.server";
import { getScorecard } from "./scores-scorecard.server";
import { getTemplateVersion } from "./template-queries.server";

export interface OscalDownload {
  document: unknown;
  fileName: string;
}

/** A file-name part: ASCII letters and digits, the rest as "-", at most 60 characters. */
export function fileSlug(name: string, fallback: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return s || fallback;
}

const latest = (dates: ReadonlyArray<Date | null | undefined>): Date =>
  new Date(Math.max(...dates.filter((d): d is Date => d instanceof Date).map((d) => d.getTime())));

/** What the assessment-results mapping needs; null when unknown or not scored yet. */
export async function assessmentResultsInput(
  ctx: Pick<AppContext, "db" | "config">,
  assessmentId: string | undefined,
  now = new Date(),
): Promise<AssessmentResultsInput | null> {
  const db = ctx.db;
  if (!isUuid(assessmentId)) return null;
  const card = await getScorecard(db, assessmentId, now);
  if (!card?.score) return null;
  const [row, answers, evidence, findings, organisation] = await Promise.all([
    db
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select(["a.created_at", "a.updated_at", "a.closed_at", "v.template_id", "v.id as version_id", "v.definition"])
      .where("a.id", "=", assessmentId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("answers")
      .select(["question_key", "ai_component_id", "value", "is_na", "comment", "updated_at"])
      .where("assessment_id", "=", assessmentId)
      .orderBy("question_key")
      .orderBy("scope_id")
      .execute(),
    db
      .selectFrom("evidence")
      .select(["id", "file_name", "content_type", "sha256", "question_key", "ai_component_id", "valid_until", "created_at"])
      .where("assessment_id", "=", assessmentId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("findings")
      .select(["id", "title", "description", "severity", "status", "source", "due_date", "question_key", "ai_component_id", "created_at", "updated_at"])
      .where("assessment_id", "=", assessmentId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    loadOrganisation(db),
  ]);
  const acceptances = [
    ...(await Promise.all(findings.filter((f) => f.status === "risk_accepted").map((f) => findingAcceptances(db, f.id, now)))).flat(),
    ...(await Promise.all(card.components.map((c) => componentAcceptances(db, c.id, { activeOnly: true }, now)))).flat(),
  ].filter((a) => a.active);
  const decision = card.review.decision;
  return {
    baseUrl: ctx.config.baseUrl,
    organisationName: organisation.name,
    assessment: {
      id: card.assessment.id,
      status: card.assessment.status,
      supplierId: card.assessment.supplierId,
      supplierName: card.assessment.supplierName,
      templateName: card.assessment.templateName,
      templateVersion: card.assessment.templateVersion,
      templateId: row.template_id,
      templateVersionId: row.version_id,
      createdAt: row.created_at,
      submittedAt: card.assessment.submittedAt,
      closedAt: row.closed_at,
    },
    definition: row.definition as TemplateDefinition,
    components: card.components,
    score: {
      id: card.score.id,
      computedAt: card.score.computedAt,
      scoringDate: card.score.scoringDate,
      methodologyVersion: card.score.methodologyVersion,
      result: card.score.result,
    },
    answers: answers.map((a) => ({
      questionKey: a.question_key,
      componentId: a.ai_component_id,
      value: a.value,
      isNa: a.is_na,
      comment: a.comment,
      updatedAt: a.updated_at,
    })),
    evidence: evidence.map((e) => ({
      id: e.id,
      fileName: e.file_name,
      contentType: e.content_type,
      sha256: e.sha256,
      questionKey: e.question_key,
      componentId: e.ai_component_id,
      validUntil: e.valid_until,
      createdAt: e.created_at,
    })),
    findings: findings.map((f) => ({
      id: f.id,
      title: f.title,
      description: f.description,
      severity: f.severity,
      status: f.status,
      source: f.source,
      dueDate: f.due_date,
      questionKey: f.question_key,
      componentId: f.ai_component_id,
      createdAt: f.created_at,
    })),
    acceptances: acceptances.map((a) => ({
      id: a.id,
      findingId: a.findingId,
      componentId: a.componentId,
      systemName: a.systemName,
      residualRisk: a.residualRisk,
      rationale: a.rationale,
      approverName: a.approverName,
      expiresOn: a.expiresOn,
      createdAt: new Date(a.createdAt),
    })),
    decision: decision
      ? {
          decision: decision.decision,
          label: decision.label,
          rationale: decision.rationale,
          decidedAt: decision.decidedAt,
          decidedByName: decision.decidedByName,
          validUntil: decision.validUntil,
        }
      : null,
    lastModified: latest([
      card.score.computedAt,
      row.updated_at,
      decision?.decidedAt,
      ...answers.map((a) => a.updated_at),
      ...evidence.map((e) => e.created_at),
      ...findings.map((f) => f.updated_at),
      ...acceptances.map((a) => new Date(a.createdAt)),
    ]),
  };
}

/** The assessment as an OSCAL assessment-results document; null when unknown or not scored yet. */
export async function oscalAssessmentResults(
  ctx: Pick<AppContext, "db" | "config">,
  assessmentId: string | undefined,
  now = new Date(),
): Promise<OscalDownload | null> {
  const input = await assessmentResultsInput(ctx, assessmentId, now);
  if (!input) return null;
  return {
    document: assessmentResults(input),
    fileName: `assessment-results-${fileSlug(input.assessment.supplierName, "supplier")}-${input.score.scoringDate}.oscal.json`,
  };
}

/** A template version (drafts too) as an OSCAL catalog; null when the version is unknown or not of this template. */
export async function oscalCatalog(db: Kysely<Database>, templateId: string | undefined, versionId: string | undefined): Promise<OscalDownload | null> {
  const version = await getTemplateVersion(db, versionId);
  if (!version || version.template_id !== templateId) return null;
  return {
    document: catalog({
      templateId: version.template_id,
      versionId: version.id,
      templateName: version.template_name,
      version: version.version,
      status: version.status,
      definition: version.definition as TemplateDefinition,
      lastModified: version.published_at ?? version.updated_at,
      publishedAt: version.published_at,
    }),
    fileName: `${fileSlug(version.template_name, "template")}-v${version.version}.oscal-catalog.json`,
  };
}
