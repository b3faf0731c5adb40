// Issuing a questionnaire fills in what the buyer's inventory already says: a component marked
// general-purpose gets "Is this component a general-purpose AI model…?" answered Yes, marked as from
// the buyer's records on the vendor's page and in the reviewer's answers view, until the vendor
// changes it. The vendor overview shows the GPAI section as not needed for the other component.
import { addDays, utcDate } from "~/domain/reminders";
import { loadAnswerReview } from "~/services/answer-review.server";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { reassess } from "~/services/reassessment.server";
import { createUser } from "../support/factories";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const TOKEN_LINK = /\/v\/([A-Za-z0-9_-]{43})/;

describe("pre-filling from the buyer's records", () => {
  let server: TestServer;
  const db = () => server.app.ctx.db;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  async function issueBuiltin() {
    const { templateId } = await ensureBuiltinTemplate(db());
    const version = await db()
      .selectFrom("template_versions")
      .select("id")
      .where("template_id", "=", templateId)
      .where("status", "=", "published")
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    const user = await createUser(db(), "procurement");
    const slug = Date.now().toString(36);
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name: `Prefill ${slug}`, status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const contact = await db()
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Vera Vendor", email: `vera.${slug}@vendor.example.com`, is_primary: true })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    const component = (name: string, isGpai: boolean) =>
      db()
        .insertInto("ai_components")
        .values({ supplier_id: supplier.id, kind: "model_weights", name, update_cadence: "unknown", is_gpai: isGpai })
        .returning("id")
        .executeTakeFirstOrThrow();
    const gpai = await component("Foundation model", true);
    const plain = await component("Scoring API", false);
    const { assessmentId } = await issueAssessment(server.app.ctx, userActor(user), {
      supplierId: supplier.id,
      templateVersionId: version.id,
      componentIds: [gpai.id, plain.id],
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    });
    const mail = await db().selectFrom("emails").select("text_body").where("to_address", "=", contact.email).executeTakeFirstOrThrow();
    const client = new WebClient(server.baseUrl);
    expect((await client.post(`/v/${TOKEN_LINK.exec(mail.text_body ?? "")![1]}`, {})).status).toBe(302);
    return { assessmentId, gpai: gpai.id, plain: plain.id, client, user, versionId: version.id, contactId: contact.id };
  }

  it("answers the general-purpose question from the inventory, marked, until the vendor changes it", async () => {
    const a = await issueBuiltin();
    const rows = await db()
      .selectFrom("answers")
      .select(["question_key", "ai_component_id", "value", "prefilled", "prefill_source", "updated_by_grant_id"])
      .where("assessment_id", "=", a.assessmentId)
      .orderBy("question_key")
      .execute();
    expect(rows).toEqual([
      { question_key: "cmp_gpai", ai_component_id: a.gpai, value: "yes", prefilled: true, prefill_source: "buyer_records", updated_by_grant_id: null },
    ]);

    // The vendor's page: the answer is chosen and marked; the other component's page asks afresh.
    const page = await (await a.client.get(`/v/a/${a.assessmentId}/s/component_profile?component=${a.gpai}`)).text();
    expect(page).toContain("From the buying organisation&#x27;s records:");
    expect(page).toContain("check and change if wrong");
    const other = await (await a.client.get(`/v/a/${a.assessmentId}/s/component_profile?component=${a.plain}`)).text();
    expect(other).not.toContain("From the buying organisation&#x27;s records");

    // The overview: the GPAI obligations section is needed for the GPAI component only.
    const overview = await (await a.client.get(`/v/a/${a.assessmentId}`)).text();
    expect(overview).toContain("Not needed for your answers so far");
    expect(overview).toContain("Follow-up questions appear depending on your answers, so the total can grow");
    expect(overview).not.toMatch(/0 of 0 required answered/);

    // The reviewer sees where it came from.
    const review = await loadAnswerReview(db(), a.assessmentId, []);
    const item = review!.review.groups
      .flatMap((g) => g.sections.flatMap((s) => s.items))
      .find((i) => i.questionKey === "cmp_gpai" && i.componentId === a.gpai)!;
    expect(item.answer).toMatchObject({ text: "Yes", prefilled: true, fromBuyerRecords: true });

    // The vendor corrects it: no longer pre-filled; the source stays as its origin.
    const saved = await fetch(new URL(`/v/a/${a.assessmentId}/answers`, server.baseUrl), {
      method: "POST",
      body: JSON.stringify({ questionKey: "cmp_gpai", componentId: a.gpai, value: "no", isNa: false, comment: null, baseRevision: 1 }),
      headers: { origin: server.baseUrl, "content-type": "application/json", cookie: [...a.client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    expect(await saved.json()).toEqual({ status: "saved", revision: 2 });
    const after = await loadAnswerReview(db(), a.assessmentId, []);
    const changed = after!.review.groups
      .flatMap((g) => g.sections.flatMap((s) => s.items))
      .find((i) => i.questionKey === "cmp_gpai" && i.componentId === a.gpai)!;
    expect(changed.answer).toMatchObject({ text: "No", prefilled: false, fromBuyerRecords: false });
    const again = await (await a.client.get(`/v/a/${a.assessmentId}/s/component_profile?component=${a.gpai}`)).text();
    expect(again).not.toContain("From the buying organisation&#x27;s records");
  });

  it("on reassessment, the vendor's carried-over answer wins; the buyer's records fill only what carried nothing", async () => {
    const a = await issueBuiltin();
    // The vendor said "no" for the general-purpose component; the other component has no answer.
    await db()
      .updateTable("answers")
      .set({ value: JSON.stringify("no"), revision: 2, prefilled: false })
      .where("assessment_id", "=", a.assessmentId)
      .where("question_key", "=", "cmp_gpai")
      .execute();
    await db()
      .updateTable("assessments")
      .set({ status: "decided", submitted_at: new Date(), decided_at: new Date(), decision: "approved", decision_rationale: "Fine." })
      .where("id", "=", a.assessmentId)
      .execute();
    // Since then the buyer marked the other component general-purpose too.
    await db().updateTable("ai_components").set({ is_gpai: true }).where("id", "=", a.plain).execute();

    const next = await reassess(server.app.ctx, userActor(a.user), a.assessmentId, {
      templateVersionId: a.versionId,
      componentIds: [a.gpai, a.plain],
      contactIds: [a.contactId],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    });
    const rows = await db()
      .selectFrom("answers")
      .select(["ai_component_id", "value", "prefilled", "prefill_source"])
      .where("assessment_id", "=", next.assessmentId)
      .where("question_key", "=", "cmp_gpai")
      .orderBy("value")
      .execute();
    expect(rows).toEqual([
      { ai_component_id: a.gpai, value: "no", prefilled: true, prefill_source: "previous_cycle" },
      { ai_component_id: a.plain, value: "yes", prefilled: true, prefill_source: "buyer_records" },
    ]);
  });
});
