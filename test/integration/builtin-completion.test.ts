// The built-in template, issued to a seeded supplier for two components, can be answered in full
// through the vendor's answer API and submitted: no required question is impossible to satisfy,
// every follow-up that the "good" answers reveal is reachable, and file questions take evidence.
import { seedDemoData } from "../../app/services/demo-seed.server";
import { evaluateCondition, type AnswerMap } from "~/domain/templates/conditions";
import { optionsOf, type Question, type TemplateDefinition } from "~/domain/templates/definition";
import { addDays, utcDate } from "~/domain/reminders";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { uploadEvidence } from "~/services/evidence.server";
import { eventually } from "../support/app";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

function goodValue(question: Question): unknown {
  switch (question.type) {
    case "yes_no":
    case "yes_partial_no":
    case "single_choice":
      return [...optionsOf(question)].sort((a, b) => b.score - a.score)[0]!.value;
    case "multi_choice":
      return optionsOf(question)
        .filter((o) => o.score >= 0.5)
        .map((o) => o.value)
        .slice(0, 3);
    case "number":
      return Math.min(question.max ?? 30, Math.max(question.min ?? 0, 30));
    case "date":
      return "2027-06-30";
    case "short_text":
      return "See our AI policy, section 4.";
    case "long_text":
      return "Documented in our AI management system; evidence available on request.";
    default:
      return null;
  }
}

describe("the built-in template end to end", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
  });
  afterAll(async () => server?.stop());

  it("can be answered for two components and submitted; the reviewer is told", async () => {
    const db = server.app.ctx.db;
    const version = await db
      .selectFrom("template_versions as v")
      .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
      .select(["v.id", "v.definition"])
      .where("t.is_builtin", "=", true)
      .where("v.status", "=", "published")
      .executeTakeFirstOrThrow();
    const definition = version.definition as TemplateDefinition;
    const supplier = await db.selectFrom("suppliers").select("id").where("external_id", "=", "SUP-001").executeTakeFirstOrThrow();
    const components = await db.selectFrom("ai_components").select("id").where("supplier_id", "=", supplier.id).orderBy("name").execute();
    expect(components.length).toBeGreaterThanOrEqual(2);
    const contact = await db
      .selectFrom("supplier_contacts")
      .select(["id", "email"])
      .where("supplier_id", "=", supplier.id)
      .where("is_primary", "=", true)
      .executeTakeFirstOrThrow();
    const procurement = await db.selectFrom("users").select(["id", "email"]).where("email", "=", "procurement@example.com").executeTakeFirstOrThrow();
    const componentIds = components.slice(0, 2).map((c) => c.id);
    const { assessmentId } = await issueAssessment(server.app.ctx, userActor(procurement), {
      supplierId: supplier.id,
      templateVersionId: version.id,
      componentIds,
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    });

    const mail = await db
      .selectFrom("emails")
      .select("text_body")
      .where("to_address", "=", contact.email)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    const token = /\/v\/([A-Za-z0-9_-]{43})/.exec(mail.text_body ?? "")?.[1];
    const client = new WebClient(server.baseUrl);
    expect((await client.post(`/v/${token}`, {})).status).toBe(302);
    const grant = await db.selectFrom("access_grants").select(["id", "email"]).where("assessment_id", "=", assessmentId).executeTakeFirstOrThrow();
    const cookie = () => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

    // Answers the buyer's inventory pre-filled at issue (e.g. a general-purpose model) already have a revision.
    const prefilled = await db
      .selectFrom("answers")
      .select(["question_key", "ai_component_id", "revision"])
      .where("assessment_id", "=", assessmentId)
      .execute();
    const baseRevisionOf = (key: string, componentId: string | null) =>
      prefilled.find((p) => p.question_key === key && p.ai_component_id === componentId)?.revision ?? 0;

    const supplierAnswers: Record<string, unknown> = {};
    let saved = 0;
    // Conditions only look back, so one pass in order reaches every follow-up the answers reveal.
    for (const scopeComponent of [null, ...componentIds]) {
      const answers: Record<string, unknown> = scopeComponent ? { ...supplierAnswers } : supplierAnswers;
      for (const section of definition.sections) {
        if ((section.scope === "component") !== (scopeComponent !== null)) continue;
        for (const question of section.questions) {
          if (question.showIf && !evaluateCondition(question.showIf, answers as AnswerMap)) continue;
          if (question.type === "file") {
            const validUntil = question.evidence?.requireValidUntil ? "2028-01-31" : null;
            await uploadEvidence(
              server.app.ctx,
              { ...grant, sections: null },
              { assessmentId, questionKey: question.key, componentId: scopeComponent, fileName: "evidence.pdf", bytes: PDF, validUntil },
            );
            answers[question.key] = ["uploaded"];
            continue;
          }
          const value = goodValue(question);
          const response = await fetch(new URL(`/v/a/${assessmentId}/answers`, server.baseUrl), {
            method: "POST",
            body: JSON.stringify({
              questionKey: question.key,
              componentId: scopeComponent,
              value,
              isNa: false,
              comment: null,
              baseRevision: baseRevisionOf(question.key, scopeComponent),
            }),
            headers: { origin: server.baseUrl, "content-type": "application/json", cookie: cookie() },
          });
          const body = await response.text();
          expect({ key: question.key, status: response.status, body }).toMatchObject({ status: 200 });
          answers[question.key] = value;
          saved += 1;
        }
      }
    }
    expect(saved).toBeGreaterThan(100);

    const submitted = await client.post(`/v/a/${assessmentId}/submit`, { intent: "submit" });
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toContain("Submitted — thank you");
    await eventually(() =>
      db.selectFrom("emails").select("id").where("template", "=", "assessment-submitted").where("to_address", "=", procurement.email).executeTakeFirst(),
    );
  });
});
