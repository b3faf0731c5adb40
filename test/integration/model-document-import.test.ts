// Pre-filling answers from a vendor's model document, on the real server (Express + the Remix build)
// over the test database (PGlite, or PostgreSQL with TEST_DATABASE_URL): the specification's ML-BOM
// and a hand-made SPDX 3 file propose the expected answers; accepting some saves them through the
// autosave path (prefill_source "model_document"), keeps answers the vendor typed, attaches the
// document as evidence with its SHA-256 and records the import. Bad input (not CycloneDX, CycloneDX
// 1.4, a 50 MB body, 10,000 levels of nesting, broken JSON, SPDX without an AI package, models not in
// the assessment, another assessment's vendor) gets a clear message, writes nothing, and the server
// keeps answering.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { addDays, utcDate } from "~/domain/reminders";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { ensureBuiltinTemplate } from "~/services/builtin-template.server";
import { createUser } from "../support/factories";
import { htmlOf, postMultipart, vendorSession } from "../support/findings";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const fixture = (name: string) => readFileSync(path.resolve("test/fixtures/model-docs", name));
const ML_BOM = fixture("valid-machine-learning-1.6.json");
const SPDX = fixture("credit-scorer.spdx.json");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("pre-filling answers from a model document", () => {
  let server: TestServer;
  const db = () => server.app.ctx.db;
  let n = 0;

  beforeAll(async () => {
    server = await startTestServer({ worker: false });
  });
  afterAll(async () => server?.stop());

  /** The built-in questionnaire issued about components with these names, and the vendor's session. */
  async function issue(components: Array<{ name: string; version: string | null }>) {
    n += 1;
    const { templateId } = await ensureBuiltinTemplate(db());
    const version = await db()
      .selectFrom("template_versions")
      .select("id")
      .where("template_id", "=", templateId)
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const user = await createUser(db(), "procurement");
    const slug = `${n}${Date.now().toString(36)}`;
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name: `Model docs ${slug}`, status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const contact = await db()
      .insertInto("supplier_contacts")
      .values({ supplier_id: supplier.id, name: "Mo Del", email: `mo.${slug}@vendor.example.com`, is_primary: true })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    const ids: string[] = [];
    for (const c of components) {
      const row = await db()
        .insertInto("ai_components")
        .values({ supplier_id: supplier.id, kind: "model_weights", name: c.name, version: c.version, update_cadence: "unknown" })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const { assessmentId, grantIds } = await issueAssessment(server.app.ctx, userActor(user), {
      supplierId: supplier.id,
      templateVersionId: version.id,
      componentIds: ids,
      contactIds: [contact.id],
      dueDate: addDays(utcDate(new Date()), 30),
      message: null,
    });
    const vendor = await vendorSession(server, contact.email);
    return { assessmentId, componentIds: ids, grantId: grantIds[0]!, vendor };
  }

  const upload = (vendor: WebClient, assessmentId: string, name: string, bytes: Uint8Array) =>
    postMultipart(vendor, `/v/a/${assessmentId}/import`, { intent: "upload" }, { name, bytes, type: "application/json" });

  async function answersOf(assessmentId: string) {
    return db()
      .selectFrom("answers")
      .select(["question_key", "ai_component_id", "value", "prefill_source", "revision"])
      .where("assessment_id", "=", assessmentId)
      .execute();
  }

  async function writtenFor(assessmentId: string) {
    const [imports, evidence, audit] = await Promise.all([
      db().selectFrom("model_document_imports").select("id").where("assessment_id", "=", assessmentId).execute(),
      db().selectFrom("evidence").select("id").where("assessment_id", "=", assessmentId).execute(),
      db().selectFrom("audit_events").select("seq").where("action", "=", "assessment.model_document_import").where("entity_id", "=", assessmentId).execute(),
    ]);
    return {
      imports: imports.length,
      evidence: evidence.length,
      audit: audit.length,
      answers: (await answersOf(assessmentId)).filter((a) => a.prefill_source === "model_document").length,
    };
  }

  it("previews the specification's ML-BOM, saves only the accepted answers, keeps typed answers, and attaches the document", async () => {
    const { assessmentId, componentIds, vendor } = await issue([{ name: "stable-diffusion", version: "1.4" }]);
    const [component] = componentIds;
    // The vendor already typed the limitations: the document must not replace them.
    await db()
      .insertInto("answers")
      .values({
        assessment_id: assessmentId,
        question_key: "tr_limitations",
        ai_component_id: component!,
        value: JSON.stringify("Our own words about limits."),
        revision: 1,
      })
      .execute();

    const uploaded = await upload(vendor, assessmentId, "sd.cdx.json", ML_BOM);
    expect(uploaded.status).toBe(302);
    const previewUrl = uploaded.headers.get("location")!;
    expect(previewUrl).toMatch(new RegExp(`^/v/a/${assessmentId}/import\\?upload=[0-9a-f-]{36}$`));

    // The preview survives a reload: it is read again from the kept upload.
    for (let i = 0; i < 2; i += 1) {
      const page = await vendor.get(previewUrl);
      expect(page.status).toBe(200);
      const html = await htmlOf(page);
      expect(html).toContain("Proposed answers from sd.cdx.json");
      expect(html).toContain("CycloneDX 1.6 ML-BOM");
      expect(html).toContain(sha256(ML_BOM));
      expect(html).toContain("Name and exact version identifier");
      expect(html).toContain("stable-diffusion 1.4");
      expect(html).toContain("components[0].modelCard.considerations.fairnessAssessments[0]");
      expect(html).toContain("Your answer, kept: Our own words about limits.");
      expect(html).toMatch(/name="accept:cmp_identifier\|[0-9a-f-]{36}"/);
      expect(html).not.toMatch(/name="accept:tr_limitations/);
    }
    expect(await answersOf(assessmentId)).toHaveLength(1);

    const importId = new URL(previewUrl, server.baseUrl).searchParams.get("upload")!;
    const applied = await vendor.post(`/v/a/${assessmentId}/import`, {
      intent: "apply",
      upload: importId,
      scope: "selected",
      [`accept:cmp_identifier|${component}`]: "on",
      [`accept:bf_testing|${component}`]: "on",
      [`accept:bf_metrics|${component}`]: "on",
      // Not proposed as new (already answered): ignored, never written.
      [`accept:tr_limitations|${component}`]: "on",
    });
    expect(applied.status).toBe(200);
    const html = await htmlOf(applied);
    expect(html).toContain("3 answers saved");

    const answers = await answersOf(assessmentId);
    const byKey = new Map(answers.map((a) => [a.question_key, a]));
    expect(byKey.get("cmp_identifier")).toMatchObject({
      value: "stable-diffusion 1.4 (Acme Inc)",
      prefill_source: "model_document",
      ai_component_id: component,
    });
    expect(byKey.get("bf_testing")).toMatchObject({ value: "periodic", prefill_source: "model_document" });
    expect(String(byKey.get("bf_metrics")?.value)).toContain("Group at risk");
    expect(byKey.get("tr_limitations")).toMatchObject({ value: "Our own words about limits.", prefill_source: null, revision: 1 });
    expect(byKey.has("cmp_intended_use")).toBe(false);

    // The document as evidence on the model-card question, with its hash, and in the audit trail.
    const evidence = await db()
      .selectFrom("evidence")
      .select(["question_key", "sha256", "ai_component_id", "file_name"])
      .where("assessment_id", "=", assessmentId)
      .execute();
    expect(evidence).toEqual([{ question_key: "tr_model_card_file", sha256: sha256(ML_BOM), ai_component_id: component, file_name: "sd.cdx.json" }]);
    const audit = await db()
      .selectFrom("audit_events")
      .select(["action", "details"])
      .where("entity_id", "=", assessmentId)
      .where("action", "in", ["assessment.model_document_import", "evidence.upload"])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["assessment.model_document_import", "evidence.upload"]);
    expect(audit.find((a) => a.action === "assessment.model_document_import")?.details).toMatchObject({ sha256: sha256(ML_BOM), format: "cyclonedx-1.6" });

    // The accepted answers show on the section page.
    const section = await htmlOf(await vendor.get(`/v/a/${assessmentId}/s/component_profile?component=${component}`));
    expect(section).toContain("stable-diffusion 1.4 (Acme Inc)");

    // Applied once: the upload is used up.
    const again = await vendor.post(`/v/a/${assessmentId}/import`, { intent: "apply", upload: importId, scope: "all" });
    expect(again.status).toBe(404);
  });

  it("pre-fills from the hand-made SPDX 3 file, with accept all", async () => {
    const { assessmentId, componentIds, vendor } = await issue([{ name: "credit-scorer", version: "2.1" }]);
    const uploaded = await upload(vendor, assessmentId, "credit-scorer.spdx.json", SPDX);
    expect(uploaded.status).toBe(302);
    const html = await htmlOf(await vendor.get(uploaded.headers.get("location")!));
    expect(html).toContain("SPDX 3.0.1");
    expect(html).toContain("@graph[3].ai_limitation");
    expect(html).toContain("Yes, identifiable personal data");
    const importId = new URL(uploaded.headers.get("location")!, server.baseUrl).searchParams.get("upload")!;
    const applied = await vendor.post(`/v/a/${assessmentId}/import`, { intent: "apply", upload: importId, scope: "all" });
    expect(applied.status).toBe(200);
    const byKey = new Map((await answersOf(assessmentId)).map((a) => [a.question_key, a]));
    expect(byKey.get("td_personal_data")).toMatchObject({ value: "identifiable", prefill_source: "model_document", ai_component_id: componentIds[0] });
    expect(String(byKey.get("td_personal_data_safeguards")?.value)).toContain("pseudonymised customer ids");
    expect(String(byKey.get("tr_limitations")?.value)).toContain("less than six months of credit history");
    expect(byKey.get("chg_retraining_cadence")?.value).toBe("frozen");
    expect(String(byKey.get("ev_key_metrics")?.value)).toContain("AUC: 0.81");
    // bf_metrics needs bf_testing, which the SPDX file does not give: not proposed.
    expect(byKey.has("bf_metrics")).toBe(false);
  });

  describe("bad input: a clear message, nothing written", () => {
    let target: Awaited<ReturnType<typeof issue>>;
    beforeAll(async () => {
      target = await issue([{ name: "stable-diffusion", version: "1.4" }]);
    });

    async function refused(name: string, bytes: Uint8Array, status: number, message: RegExp) {
      const before = await writtenFor(target.assessmentId);
      const response = await upload(target.vendor, target.assessmentId, name, bytes);
      expect(response.status).toBe(status);
      expect(await htmlOf(response)).toMatch(message);
      expect(await writtenFor(target.assessmentId)).toEqual(before);
      // Still answering.
      expect((await target.vendor.get(`/v/a/${target.assessmentId}/import`)).status).toBe(200);
    }

    it("refuses JSON that is not CycloneDX or SPDX", async () => {
      await refused("x.json", Buffer.from(JSON.stringify({ hello: "world" })), 400, /neither a CycloneDX BOM .* nor an SPDX 3 document/);
    });

    it("refuses CycloneDX 1.4 with the version it needs", async () => {
      const doc = { bomFormat: "CycloneDX", specVersion: "1.4", version: 1, components: [] };
      await refused("old.cdx.json", Buffer.from(JSON.stringify(doc)), 400, /This is a CycloneDX 1\.4 document\. Assay reads CycloneDX 1\.6/);
    });

    it("refuses a CycloneDX 1.6 document that breaks the schema", async () => {
      const doc = { bomFormat: "CycloneDX", specVersion: "1.6", version: 1, components: [{ type: "machine-learning-model" }] };
      await refused(
        "bad.cdx.json",
        Buffer.from(JSON.stringify(doc)),
        400,
        /does not follow the CycloneDX 1\.6 schema: \/components\/0 must have required property 'name'/,
      );
    });

    it("refuses malformed JSON", async () => {
      await refused("broken.json", Buffer.from('{"bomFormat": "CycloneDX", "specVersion": '), 400, /not valid JSON/);
    });

    it("refuses 10,000 levels of nesting without crashing", async () => {
      await refused("deep.json", Buffer.from(`${"[".repeat(10_000)}${"]".repeat(10_000)}`), 400, /nests more than 64 levels deep/);
    });

    it("refuses SPDX 3 without an AI package", async () => {
      const doc = { "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [{ type: "software_Package", spdxId: "urn:x", name: "lib" }] };
      await refused("lib.spdx.json", Buffer.from(JSON.stringify(doc)), 400, /has no AI package/);
    });

    it("refuses a CycloneDX document describing no model", async () => {
      await refused("data.cdx.json", fixture("valid-component-data-1.6.json"), 400, /describes no AI model/);
    });

    it("refuses a file over 5 MB with the page's message", async () => {
      const big = Buffer.alloc(5 * 1024 * 1024 + 10, 0x20);
      await refused("big.json", big, 413, /larger than 5 MB/);
    });

    it("closes a 50 MB body at the edge, and the server keeps answering", async () => {
      const before = await writtenFor(target.assessmentId);
      const url = new URL(`/v/a/${target.assessmentId}/import`, server.baseUrl);
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(url, {
          method: "POST",
          headers: {
            "content-type": "multipart/form-data; boundary=x",
            "content-length": String(50 * 1024 * 1024),
            origin: server.baseUrl,
            cookie: [...target.vendor.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
          },
        });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.write(Buffer.alloc(64 * 1024));
      });
      expect(status).toBe(413);
      expect(await writtenFor(target.assessmentId)).toEqual(before);
      expect((await target.vendor.get(`/v/a/${target.assessmentId}/import`)).status).toBe(200);
    });

    it("says which models are not components of the assessment, and proposes from the others", async () => {
      const doc = JSON.parse(ML_BOM.toString("utf8"));
      doc.components.push({ type: "machine-learning-model", name: "mystery-model", version: "9" });
      const response = await upload(target.vendor, target.assessmentId, "two.cdx.json", Buffer.from(JSON.stringify(doc)));
      expect(response.status).toBe(302);
      const html = await htmlOf(await target.vendor.get(response.headers.get("location")!));
      expect(html).toContain("The document describes the model “mystery-model 9”, which is not an AI component of this questionnaire");
      expect(html).toContain("stable-diffusion 1.4");
      expect((await writtenFor(target.assessmentId)).answers).toBe(0);
    });

    it("gives another assessment's vendor a plain 404, for the page, the upload and the apply", async () => {
      const other = await issue([{ name: "stable-diffusion", version: "1.4" }]);
      const mine = await upload(target.vendor, target.assessmentId, "sd.cdx.json", ML_BOM);
      const importId = new URL(mine.headers.get("location")!, server.baseUrl).searchParams.get("upload")!;
      expect((await other.vendor.get(`/v/a/${target.assessmentId}/import?upload=${importId}`)).status).toBe(404);
      expect((await upload(other.vendor, target.assessmentId, "sd.cdx.json", ML_BOM)).status).toBe(404);
      const before = await writtenFor(target.assessmentId);
      // Their own assessment with someone else's upload id: not found, nothing written.
      const stolen = await other.vendor.post(`/v/a/${other.assessmentId}/import`, { intent: "apply", upload: importId, scope: "all" });
      expect(stolen.status).toBe(404);
      expect(await writtenFor(target.assessmentId)).toEqual(before);
      expect((await writtenFor(other.assessmentId)).answers).toBe(0);
    });
  });
});
