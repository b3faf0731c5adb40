// Rows for the REST API tests: a published scorable template, issued (and answered, or submitted)
// assessments, a finding and what each API operation needs to succeed.
import { randomBytes } from "node:crypto";
import { today } from "../../app/domain/calendar";
import { submitAssessment } from "../../app/services/assessment-lifecycle.server";
import { addDependency, createSystem } from "../../app/services/ai-systems.server";
import { userActor, type Actor } from "../../app/services/audit.server";
import type { AppContext } from "../../app/services/context.server";
import { exportTemplateVersion } from "../../app/services/template-queries.server";
import { createUser } from "./factories";
import { answerGolden, issueGolden, publishGolden, type Issued } from "./scored-assessment";

export interface ApiWorld {
  ctx: AppContext;
  adminId: string;
  actor: Actor;
  versionId: string;
  templateId: string;
  /** Issued and answered (not submitted): for reads. */
  issued: Issued;
  contactId: string;
  findingId: string;
}

export async function apiWorld(ctx: AppContext): Promise<ApiWorld> {
  const admin = await createUser(ctx.db, "admin");
  const actor = userActor(admin);
  const versionId = await publishGolden(ctx, actor);
  const { template_id: templateId } = await ctx.db.selectFrom("template_versions").select("template_id").where("id", "=", versionId).executeTakeFirstOrThrow();
  const issued = await issueGolden(ctx, actor, versionId);
  await answerGolden(ctx, issued);
  const contact = await ctx.db.selectFrom("supplier_contacts").select("id").where("supplier_id", "=", issued.supplierId).executeTakeFirstOrThrow();
  const finding = await ctx.db
    .insertInto("findings")
    .values({ supplier_id: issued.supplierId, assessment_id: issued.assessmentId, source: "answer", title: "No bias testing", severity: "high" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ctx, adminId: admin.id, actor, versionId, templateId, issued, contactId: contact.id, findingId: finding.id };
}

/** A new assessment of the world's template to a new supplier (answered; submitted when asked). */
export async function freshAssessment(world: ApiWorld, options: { submitted?: boolean } = {}): Promise<Issued> {
  const issued = await issueGolden(world.ctx, world.actor, world.versionId);
  await answerGolden(world.ctx, issued);
  if (options.submitted) await submitAssessment(world.ctx, issued.grant, issued.assessmentId);
  return issued;
}

/** The issue body for the world's supplier and contact. */
export function issueBody(world: ApiWorld, dueInDays = 30) {
  const due = new Date(Date.now() + dueInDays * 86_400_000).toISOString().slice(0, 10);
  return {
    supplierId: world.issued.supplierId,
    templateVersionId: world.versionId,
    componentIds: [world.issued.componentIds[0]],
    contactIds: [world.contactId],
    dueDate: due,
    message: "Please answer by the due date.",
  };
}

/** The world's template as its export file, renamed so each import is told apart. */
export async function templateFile(world: ApiWorld) {
  const envelope = await exportTemplateVersion(world.ctx.db, world.versionId);
  return { ...envelope!, name: `Imported ${randomBytes(3).toString("hex")}` };
}

export function changeNoticeBody(world: ApiWorld) {
  return { componentId: world.issued.componentIds[0], kind: "retrain", occurredOn: today(), description: "Retrained on 2026 data." };
}

/** An internal AI system owned by `ownerId` (an active risk owner or admin), created by the world's admin. */
export async function systemOwnedBy(world: ApiWorld, ownerId: string): Promise<string> {
  return createSystem(world.ctx, world.actor, {
    name: `API system ${randomBytes(4).toString("hex")}`,
    purpose: "Triage of support tickets.",
    ownerId,
    businessUnit: "Support",
    criticality: "medium",
    euAiActClass: "limited_risk",
    lifecycle: "in_production",
    externalId: null,
  });
}

/** A dependency of `systemId` on the world's first component. */
export async function dependencyOf(world: ApiWorld, systemId: string): Promise<string> {
  return addDependency(world.ctx, world.actor, systemId, {
    componentId: world.issued.componentIds[0],
    purpose: "Summaries",
    dataCategories: ["internal"],
    since: null,
  });
}

/** A create body for a system owned by `ownerId`. */
export function systemBody(ownerId: string) {
  return { name: `API system ${randomBytes(4).toString("hex")}`, ownerId, criticality: "high", euAiActClass: "high_risk", lifecycle: "planned" };
}

/** A create body for a component of the world's supplier. */
export function componentBody(world: ApiWorld) {
  return { supplierId: world.issued.supplierId, kind: "hosted_api", name: `API model ${randomBytes(4).toString("hex")}`, updateCadence: "on_release" };
}

/** A create body for a contact of the world's supplier. */
export function contactBody() {
  const slug = randomBytes(4).toString("hex");
  return { name: `Alex ${slug}`, email: `alex.${slug}@vendor.example`, title: "Account manager" };
}
