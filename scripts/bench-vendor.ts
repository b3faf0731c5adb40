// For the bench: a questionnaire at the size the vendor form must stay quick with: the built-in
// template (108 questions, most of them per component) issued for five AI components, and a
// vendor session on it. Returns the vendor pages to measure and the session cookie.
import { userActor } from "../app/services/audit.server";
import { exchangeGrantToken, grantExpiry, rotateGrantToken } from "../app/services/access-grants.server";
import { issueAssessment } from "../app/services/assessment-issue.server";
import type { AppContext } from "../app/services/context.server";
import { VENDOR_COOKIE } from "../app/http/vendor-guard.server";
import type { TemplateDefinition } from "../app/domain/templates/definition";

export async function prepareVendorQuestionnaire(ctx: AppContext, issuer: { id: string; email: string }) {
  const db = ctx.db;
  const version = await db
    .selectFrom("template_versions as v")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["v.id", "v.definition"])
    .where("t.is_builtin", "=", true)
    .where("v.status", "=", "published")
    .orderBy("v.version", "desc")
    .executeTakeFirstOrThrow();
  const { supplierId, componentIds, contactId } = await db.transaction().execute(async (trx) => {
    const supplier = await trx
      .insertInto("suppliers")
      .values({ name: `Bench Vendor ${Date.now()}`, status: "active", external_id: `BENCH-VENDOR-${Date.now()}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    const contact = await trx
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Bench Contact", email: "bench.contact@vendor.example.com", is_primary: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    const components = await trx
      .insertInto("ai_components")
      .values(
        [1, 2, 3, 4, 5].map((n) => ({ supplier_id: supplier.id, kind: "hosted_api" as const, name: `Bench Model ${n}`, update_cadence: "unknown" as const })),
      )
      .returning("id")
      .execute();
    return { supplierId: supplier.id, componentIds: components.map((c) => c.id), contactId: contact.id };
  });
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const issued = await issueAssessment(ctx, userActor(issuer), {
    supplierId,
    templateVersionId: version.id,
    componentIds,
    contactIds: [contactId],
    dueDate: due,
    message: null,
  });
  const grantId = issued.grantIds[0]!;
  const token = await db.transaction().execute((trx) => rotateGrantToken(trx, grantId, grantExpiry(due, ctx.config.grantGraceDays)));
  const exchanged = await exchangeGrantToken(ctx, token, { ip: "127.0.0.1", userAgent: "assay-bench (autocannon)" });
  if (!exchanged.ok) throw new Error(`Could not open the bench vendor session: ${exchanged.state}`);
  const definition = version.definition as TemplateDefinition;
  const largest = definition.sections.filter((s) => s.scope === "component").sort((a, b) => b.questions.length - a.questions.length)[0]!;
  const base = `/v/a/${issued.assessmentId}`;
  return {
    cookie: `${VENDOR_COOKIE}=${exchanged.sessionToken}`,
    paths: [base, `${base}/s/${largest.key}?component=${componentIds[2]}`, `${base}/submit`],
    assessmentId: issued.assessmentId,
    componentIds,
    questions: definition.sections.reduce((n, s) => n + s.questions.length * (s.scope === "component" ? componentIds.length : 1), 0),
  };
}
