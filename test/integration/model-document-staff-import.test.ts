// Procurement pre-filling a vendor's answers from a model document on a component's page, on the
// real server (Express + the Remix build) over the test database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): the specification's ML-BOM on a component with an open assessment gives the
// same preview as the vendor's import; accepting saves pre-filled answers (prefill_source
// "model_document") the vendor then sees, keeps an answer the vendor gave, attaches the document as
// evidence with its SHA-256 and records the import with the staff user as actor. A viewer is refused
// and nothing is written; a component without an open assessment says so; a bad file shows the
// reader's message next to the field and writes nothing.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { addDays, utcDate } from "~/domain/reminders";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { htmlOf, postMultipart, staffMember, vendorSession, type StaffMember } from "../support/findings";
import { startTestServer, type TestServer } from "../support/server";

const ML_BOM = readFileSync(path.resolve("test/fixtures/model-docs", "valid-machine-learning-1.6.json"));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("procurement pre-fills answers from a model document on a component", () => {
  let server: TestServer;
  let procurement: StaffMember;
  let viewer: StaffMember;
  const db = () => server.app.ctx.db;
  let n = 0;

  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    procurement = await staffMember(server, "procurement");
    viewer = await staffMember(server, "viewer");
  });
  afterAll(async () => server?.stop());

  /** A supplier with a "stable-diffusion 1.4" component, and (unless `open` is false) an assessment issued about it. */
  async function component(open = true) {
    n += 1;
    const slug = `${n}${Date.now().toString(36)}`;
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name: `Staff docs ${slug}`, status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const contact = await db()
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Mo Del", email: `staff.${slug}@vendor.example.com`, is_primary: true })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    const row = await db()
      .insertInto("ai_components")
      .values({ supplier_id: supplier.id, kind: "model_weights", name: "stable-diffusion", version: "1.4", update_cadence: "unknown" })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (!open) return { componentId: row.id, assessmentId: null, contactEmail: contact.email };
    const { templateId } = await ensureBuiltinTemplate(db());
    const version = await db()
      .selectFrom("template_versions")
      .select("id")
      .where("template_id", "=", templateId)
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const { assessmentId } = await issueAssessment(server.app.ctx, userActor({ id: procurement.id, email: procurement.email }), {
      supplierId: supplier.id,
      templateVersionId: version.id,
      componentIds: [row.id],
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    });
    return { componentId: row.id, assessmentId, contactEmail: contact.email };
  }

  const upload = (who: StaffMember, componentId: string, assessmentId: string, name: string, bytes: Uint8Array) =>
    postMultipart(
      who.client,
      `/components/${componentId}/model-document`,
      { intent: "upload", assessment: assessmentId },
      { name, bytes, type: "application/json" },
    );

  async function writtenFor(assessmentId: string) {
    const [imports, evidence, audit, answers] = await Promise.all([
      db().selectFrom("model_document_imports").select("id").where("assessment_id", "=", assessmentId).execute(),
      db().selectFrom("evidence").select("id").where("assessment_id", "=", assessmentId).execute(),
      db().selectFrom("audit_events").select("seq").where("action", "=", "assessment.model_document_import").where("entity_id", "=", assessmentId).execute(),
      db().selectFrom("answers").select("id").where("assessment_id", "=", assessmentId).where("prefill_source", "=", "model_document").execute(),
    ]);
    return { imports: imports.length, evidence: evidence.length, audit: audit.length, answers: answers.length };
  }

  it("previews the specification's ML-BOM, pre-fills the accepted answers for the vendor, keeps the vendor's own, and attaches the document", async () => {
    const { componentId, assessmentId, contactEmail } = await component();
    // The component page links to the import.
    expect(await htmlOf(await procurement.client.get(`/components/${componentId}`))).toContain(`/components/${componentId}/model-document`);
    // The vendor already typed the limitations: the document must not replace them.
    await db()
      .insertInto("answers")
      .values({
        assessment_id: assessmentId!,
        question_key: "tr_limitations",
        ai_component_id: componentId,
        value: JSON.stringify("Our own words."),
        revision: 1,
      })
      .execute();

    const form = await procurement.client.get(`/components/${componentId}/model-document`);
    expect(form.status).toBe(200);
    expect(await htmlOf(form)).toContain(`name="assessment" value="${assessmentId}"`);

    const uploaded = await upload(procurement, componentId, assessmentId!, "sd.cdx.json", ML_BOM);
    expect(uploaded.status).toBe(302);
    const previewUrl = uploaded.headers.get("location")!;
    expect(previewUrl).toMatch(new RegExp(`^/components/${componentId}/model-document\\?assessment=${assessmentId}&upload=[0-9a-f-]{36}$`));
    const preview = await htmlOf(await procurement.client.get(previewUrl));
    expect(preview).toContain("Proposed answers from sd.cdx.json");
    expect(preview).toContain("CycloneDX 1.6 ML-BOM");
    expect(preview).toContain(sha256(ML_BOM));
    expect(preview).toContain("stable-diffusion 1.4");
    expect(preview).toContain("components[0].modelCard.considerations.fairnessAssessments[0]");
    expect(preview).toContain("The vendor's answer, kept: Our own words.");
    expect(preview).toMatch(new RegExp(`name="accept:cmp_identifier\\|${componentId}"`));
    expect(preview).not.toMatch(/name="accept:tr_limitations/);
    expect((await writtenFor(assessmentId!)).answers).toBe(0);

    const importId = new URL(previewUrl, server.baseUrl).searchParams.get("upload")!;
    const applied = await procurement.client.post(`/components/${componentId}/model-document`, {
      intent: "apply",
      assessment: assessmentId!,
      upload: importId,
      scope: "selected",
      [`accept:cmp_identifier|${componentId}`]: "on",
      [`accept:bf_testing|${componentId}`]: "on",
      [`accept:tr_limitations|${componentId}`]: "on",
    });
    expect(applied.status).toBe(200);
    expect(await htmlOf(applied)).toContain("2 answers saved");

    const answers = await db()
      .selectFrom("answers")
      .select(["question_key", "ai_component_id", "value", "prefill_source", "prefilled", "revision"])
      .where("assessment_id", "=", assessmentId!)
      .execute();
    const byKey = new Map(answers.map((a) => [a.question_key, a]));
    expect(byKey.get("cmp_identifier")).toMatchObject({
      value: "stable-diffusion 1.4 (Acme Inc)",
      prefill_source: "model_document",
      prefilled: true,
      ai_component_id: componentId,
    });
    expect(byKey.get("bf_testing")).toMatchObject({ value: "periodic", prefill_source: "model_document", prefilled: true });
    expect(byKey.get("tr_limitations")).toMatchObject({ value: "Our own words.", prefill_source: null, revision: 1 });

    const evidence = await db()
      .selectFrom("evidence")
      .select(["question_key", "sha256", "ai_component_id", "uploaded_by_grant_id"])
      .where("assessment_id", "=", assessmentId!)
      .execute();
    expect(evidence).toEqual([{ question_key: "tr_model_card_file", sha256: sha256(ML_BOM), ai_component_id: componentId, uploaded_by_grant_id: null }]);
    const audit = await db()
      .selectFrom("audit_events")
      .select(["actor_type", "actor_id", "details"])
      .where("entity_id", "=", assessmentId!)
      .where("action", "=", "assessment.model_document_import")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: "user", actor_id: procurement.id, details: { sha256: sha256(ML_BOM), componentId } });

    // The vendor sees the answer pre-filled.
    const vendor = await vendorSession(server, contactEmail);
    const section = await htmlOf(await vendor.get(`/v/a/${assessmentId}/s/component_profile?component=${componentId}`));
    expect(section).toContain("stable-diffusion 1.4 (Acme Inc)");
    expect(section).toContain("from your model documentation:");
  });

  it("refuses a viewer and writes nothing", async () => {
    const { componentId, assessmentId } = await component();
    expect((await viewer.client.get(`/components/${componentId}/model-document`)).status).toBe(403);
    const before = await writtenFor(assessmentId!);
    expect((await upload(viewer, componentId, assessmentId!, "sd.cdx.json", ML_BOM)).status).toBe(403);
    expect(await writtenFor(assessmentId!)).toEqual(before);
    expect(before.imports).toBe(0);
  });

  it("says so when no open assessment covers the component", async () => {
    const { componentId } = await component(false);
    const page = await procurement.client.get(`/components/${componentId}/model-document`);
    expect(page.status).toBe(200);
    const html = await htmlOf(page);
    expect(html).toContain("No open assessment covers this component — issue one first");
    expect(html).toMatch(/href="\/assessments\/new\?[^"]*"/);
    expect(html).not.toContain('name="file"');
  });

  it("shows the reader's message next to the file field for a bad file, and writes nothing", async () => {
    const { componentId, assessmentId } = await component();
    const before = await writtenFor(assessmentId!);
    const response = await upload(procurement, componentId, assessmentId!, "broken.json", new TextEncoder().encode('{"bomFormat": "CycloneDX", '));
    expect(response.status).toBe(400);
    const html = await htmlOf(response);
    expect(html).toMatch(/<p class="field__error" id="md-file-error" role="alert">[^<]*JSON[^<]*<\/p>/);
    expect(await writtenFor(assessmentId!)).toEqual(before);
  });
});
