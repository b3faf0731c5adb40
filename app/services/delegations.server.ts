// The vendor's own delegation: who has access to a questionnaire, and a contact inviting a colleague
// (a new grant on the same assessment, limited to sections the inviter may answer). The caller has
// checked the vendor session; every function checks again that the inviter's grant is live.
import type { Kysely } from "kysely";
import * as z from "zod";
import type { Database } from "../../db/schema";
import { isOpen } from "../domain/assessment-lifecycle";
import { conflictError, invalidError, notFoundError, rateLimitedError, stateError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { assignableSections } from "../domain/section-assignment";
import type { TemplateDefinition } from "../domain/templates/definition";
import { createGrant, grantExpiry, queueInvitation } from "./access-grants.server";
import { recordAudit } from "./audit.server";
import type { AppContext } from "./context.server";
import { violatedConstraint } from "./db-errors.server";
import { findLiveGrant } from "./live-grant.server";
import { hitRateLimit, type RateLimit } from "./rate-limits.server";
import { vendorActor } from "./vendor-session.server";

export const INVITES_PER_GRANT: RateLimit = { limit: 20, windowSeconds: 60 * 60 };

export async function getTeam(db: Kysely<Database>, assessmentId: string) {
  const [row, members] = await Promise.all([
    db
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select(["a.id", "a.status", "v.definition"])
      .where("a.id", "=", assessmentId)
      .executeTakeFirst(),
    db
      .selectFrom("access_grants as g")
      .leftJoin("access_grants as inviter", "inviter.id", "g.invited_by_grant_id")
      .select([
        "g.id",
        "g.name",
        "g.email",
        "g.sections",
        "g.last_used_at",
        "g.revoked_at",
        "g.created_at",
        "inviter.name as invited_by_name",
        "inviter.email as invited_by_email",
      ])
      .where("g.assessment_id", "=", assessmentId)
      .orderBy("g.created_at")
      .orderBy("g.email")
      .execute(),
  ]);
  if (!row) return null;
  return { status: row.status, definition: row.definition as TemplateDefinition, members };
}

export const inviteSchema = z.object({
  name: z.string().trim().min(1, "Enter your colleague's name").max(200, "Keep the name under 200 characters"),
  email: z.string().trim().toLowerCase().max(254, "Enter a shorter email address").pipe(z.email("Enter an email address, like name@example.com")),
  sections: z.array(z.string().max(64)).max(60).default([]),
});
export type InviteInput = z.output<typeof inviteSchema>;

const duplicate = (email: string) => conflictError("email", `${email} already has access to this questionnaire: no new invitation was sent.`);

/**
 * A contact invites a colleague: a new grant on the same assessment, limited to the chosen
 * sections (which must be among the inviter's own; none chosen means the inviter's own), the
 * invitation email and the audit event, in one transaction. Rate limited per inviting grant.
 * Refusals are AppErrors naming their field ("form" for the whole).
 */
export async function inviteColleague(
  ctx: AppContext,
  inviter: { id: string; email: string },
  assessmentId: string,
  input: InviteInput,
  now = new Date(),
): Promise<{ grantId: string; email: string }> {
  if (!isUuid(assessmentId)) throw notFoundError();
  // Counted outside the transaction: on the embedded database a second connection would wait forever.
  const hit = await hitRateLimit(ctx.db, `grant-invite:${inviter.id}`, INVITES_PER_GRANT, now);
  if (!hit.allowed) {
    throw rateLimitedError(
      `You have sent many invitations in a short time. Try again in ${Math.ceil(hit.retryAfterSeconds / 60)} minutes.`,
      hit.retryAfterSeconds,
    );
  }
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const assessment = await trx
        .selectFrom("assessments as a")
        .innerJoin("template_versions as v", "v.id", "a.template_version_id")
        .select(["a.id", "a.status", "a.due_date", "v.definition"])
        .where("a.id", "=", assessmentId)
        .forUpdate("a")
        .executeTakeFirst();
      if (!assessment) throw notFoundError();
      const me = await findLiveGrant(trx, inviter.id, assessmentId, now);
      if (!me) throw notFoundError();
      if (!isOpen(assessment.status)) throw stateError("This questionnaire is no longer open for answers: nobody new can be invited.");
      const allowed = new Set(assignableSections(assessment.definition as TemplateDefinition, me).map((s) => s.key));
      const chosen = [...new Set(input.sections)];
      if (chosen.some((key) => !allowed.has(key))) throw invalidError("sections", "Choose among the sections you can answer yourself.");
      const sections = chosen.length ? chosen : me.sections;
      const existing = await trx
        .selectFrom("access_grants")
        .select("id")
        .where("assessment_id", "=", assessmentId)
        .where("email", "=", input.email)
        .executeTakeFirst();
      if (existing) throw duplicate(input.email);
      const expiresAt = grantExpiry(assessment.due_date, ctx.config.grantGraceDays);
      const { grantId, token } = await createGrant(
        trx,
        { assessmentId, contactId: null, email: input.email, name: input.name, expiresAt, invitedByGrantId: me.id, sections },
        now,
      );
      const emailId = await queueInvitation(ctx, trx, grantId, token, expiresAt);
      await recordAudit(trx, vendorActor(inviter), {
        action: "grant.delegate",
        entityType: "assessment",
        entityId: assessmentId,
        details: { grantId, invitedByGrantId: me.id, email: input.email, name: input.name, sections, expiresAt: expiresAt.toISOString(), emailId },
      });
      return { grantId, email: input.email };
    });
  } catch (error) {
    // Two invitations of the same address at once: the unique key decides, the message is the same.
    if (violatedConstraint(error) === "access_grants_email_key") throw duplicate(input.email);
    throw error;
  }
}
