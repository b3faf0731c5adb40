// Reading model documents and proposing answers from them (app/domain/model-docs): the three
// CycloneDX 1.6 examples of the specification and a hand-made SPDX 3.0.1 file propose the expected
// answers with their source fields; the guards refuse what is not a model document; and, as
// properties, every proposal is a valid answer to its question, and no document (random fields
// added, removed or replaced) crashes the readers.
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { answerValueSchema, findQuestion } from "~/domain/answers";
import { detectModelDocument } from "~/domain/model-docs/detect";
import { guardModelDocument, jsonDepth, MAX_MODEL_DOCUMENT_DEPTH } from "~/domain/model-docs/guard";
import { modelsOf } from "~/domain/model-docs/parse";
import { cyclonedxModels } from "~/domain/model-docs/cyclonedx";
import { spdxModels } from "~/domain/model-docs/spdx";
import { answersWorld, MODEL_DOCUMENT_LAYOUT, proposalAdapter, proposalRow, proposalValidator } from "~/domain/model-docs/pipeline";
import { modelMatchesComponent, proposeAnswers, type ScopeComponent } from "~/domain/model-docs/propose";
import type { ModelFacts } from "~/domain/model-docs/facts";
import { planImport } from "~/domain/import/pipeline";
import { checkSource } from "~/domain/import/source";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { MODEL_DOCUMENT_MAPPING } from "../../db/templates/model-document-mapping";

const fixture = (name: string) => readFileSync(path.resolve("test/fixtures/model-docs", name));

function modelsFrom(bytes: Uint8Array): ModelFacts[] {
  const guarded = guardModelDocument(bytes);
  if (!guarded.ok) throw new Error(guarded.message);
  const detected = detectModelDocument(guarded.json);
  if (!detected.ok) throw new Error(detected.message);
  const read = modelsOf(detected.format, guarded.json);
  if (!read.ok) throw new Error(read.message);
  return read.models;
}

const componentsFor = (models: ModelFacts[]): ScopeComponent[] =>
  models.map((m, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, name: m.name, version: m.version?.value ?? null }));

function propose(models: ModelFacts[], components = componentsFor(models)) {
  return proposeAnswers({ models, mapping: MODEL_DOCUMENT_MAPPING, definition: AI_SUPPLIER_DUE_DILIGENCE, components, sectionAllowed: () => true });
}

const byQuestion = (result: ReturnType<typeof propose>) => new Map(result.proposals.map((p) => [p.questionKey, p]));

describe("the specification's CycloneDX 1.6 examples", () => {
  it("valid-machine-learning-1.6: the model card proposes identity, use, datasets, bias, limitations and metrics", () => {
    const models = modelsFrom(fixture("valid-machine-learning-1.6.json"));
    expect(models.map((m) => [m.name, m.version?.value])).toEqual([["stable-diffusion", "1.4"]]);
    const p = byQuestion(propose(models));
    expect(p.get("cmp_identifier")).toMatchObject({ value: "stable-diffusion 1.4 (Acme Inc)", source: "components[0].name, components[0].version" });
    expect(p.get("cmp_intended_use")?.value).toContain("Text-to-image generation for creative applications");
    expect(p.get("up_datasets")).toMatchObject({
      value: expect.stringContaining("Training Data (source: https://example.com/path/to/dataset; classification: public)"),
    });
    expect(p.get("up_datasets")?.source).toContain("components[0].modelCard.modelParameters.datasets[0]");
    expect(p.get("bf_testing")).toMatchObject({ value: "periodic", source: "components[0].modelCard.considerations.fairnessAssessments[0]" });
    expect(p.get("bf_metrics")?.value).toContain("Group at risk:");
    expect(p.get("tr_limitations")?.value).toContain("Limited performance on non-photographic styles");
    expect(p.get("tr_limitations")?.source).toContain("components[0].modelCard.considerations.technicalLimitations[1]");
    expect(p.get("tr_model_card")?.value).toBe("yes");
    expect(p.has("ev_key_metrics")).toBe(true);
    // Nothing said about personal data, energy or a release time: no proposal, never a "no".
    expect(p.has("td_personal_data")).toBe(false);
    expect(p.has("ev_energy")).toBe(false);
    expect(p.has("chg_retraining_cadence")).toBe(false);
  });

  it("valid-machine-learning-considerations-env-1.6: energy figures propose “partly”", () => {
    const models = modelsFrom(fixture("valid-machine-learning-considerations-env-1.6.json"));
    const p = byQuestion(propose(models));
    expect(p.get("ev_energy")).toMatchObject({
      value: "partial",
      source: "components[0].modelCard.considerations.environmentalConsiderations.energyConsumptions[0]",
    });
    expect(p.get("cmp_identifier")?.value).toBe("Llama-2-7b (meta)");
    expect(p.has("tr_model_card")).toBe(false);
  });

  it("valid-component-data-1.6: a BOM without a model is refused with a message", () => {
    const guarded = guardModelDocument(fixture("valid-component-data-1.6.json"));
    expect(guarded.ok).toBe(true);
    const read = modelsOf("cyclonedx-1.6", guarded.ok ? guarded.json : null);
    expect(read).toEqual({ ok: false, message: expect.stringContaining("describes no AI model") });
  });
});

describe("a hand-made SPDX 3.0.1 document", () => {
  const models = modelsFrom(fixture("credit-scorer.spdx.json"));

  it("reads the AI package and the datasets it was trained and tested on", () => {
    expect(models).toHaveLength(1);
    const [m] = models;
    expect(m).toMatchObject({
      name: "credit-scorer",
      version: { value: "2.1" },
      releaseTime: { value: "2026-09-15T00:00:00Z" },
      provider: { value: "Acme ML Ltd" },
    });
    expect(m!.datasets.map((d) => [d.name, d.use])).toEqual([
      ["loan-outcomes", "training"],
      ["holdout-2025", "testing"],
    ]);
    expect(m!.datasets[0]).toMatchObject({
      updateMechanism: { value: "Refreshed quarterly; each refresh is a new dataset version.", path: "@graph[4].dataset_datasetUpdateMechanism" },
      hasSensitivePersonalInformation: { value: "yes" },
    });
    expect(m!.datasets[0]!.knownBias.map((b) => b.value)).toEqual([
      "Under-represents applicants under 25",
      "Approvals before 2022 reflect the partner banks' earlier policy",
    ]);
  });

  it("proposes personal data, retraining, bias, limitations and metrics answers with their SPDX fields", () => {
    const p = byQuestion(propose(models));
    expect(p.get("td_personal_data")).toMatchObject({
      value: "identifiable",
      source: "@graph[3].ai_useSensitivePersonalInformation, @graph[4].dataset_hasSensitivePersonalInformation",
    });
    expect(p.get("dq_dataset_versioning")?.value).toBe("partial");
    expect(p.get("chg_retraining_cadence")).toMatchObject({ value: "frozen", source: "@graph[3].software_packageVersion, @graph[3].releaseTime" });
    expect(p.get("bf_training_data_bias")?.value).toBe("partial");
    expect(p.get("tr_limitations")).toMatchObject({ source: "@graph[3].ai_limitation" });
    expect(p.get("ev_key_metrics")?.value).toBe("AUC: 0.81 on the 2025 hold-out set\nGini: 0.62");
    expect(p.get("up_datasets")?.value).toContain("Training: Trained on five years of anonymised loan outcomes");
    expect(p.get("up_datasets")?.value).toContain("holdout-2025");
  });

  it("through the import pipeline: a follow-up is proposed only when its opening answer is, and a stored answer is a conflict", async () => {
    const { proposals } = propose(models, [{ id: "00000000-0000-4000-8000-000000000001", name: "Credit-Scorer", version: "2.1" }]);
    const stored = [
      { questionKey: "tr_limitations", componentId: "00000000-0000-4000-8000-000000000001", value: "typed by the vendor", isNa: false, revision: 3 },
    ];
    const reader = async (_t: string, _l: unknown, sink: { row: (r: ReturnType<typeof proposalRow>) => void }) =>
      proposals.forEach((p, i) => sink.row(proposalRow(p, i + 1)));
    const read = await checkSource(reader, "", MODEL_DOCUMENT_LAYOUT, proposalValidator(AI_SUPPLIER_DUE_DILIGENCE, stored));
    const plan = planImport(proposalAdapter, read.rows, answersWorld(stored), { id: "x", role: "viewer", email: "v@example.com" });
    const actions = new Map(plan.items.map((i) => [i.record.question_key, i.action]));
    expect(actions.get("tr_limitations")).toBe("update");
    expect(actions.get("td_personal_data")).toBe("create");
    // Opened by td_personal_data "identifiable", proposed in the same document.
    expect(actions.get("td_personal_data_safeguards")).toBe("create");
    // bf_metrics needs bf_testing, which this document does not give.
    expect(actions.has("bf_metrics")).toBe(false);
  });
});

describe("matching models to the assessment's components", () => {
  const model = (name: string, version: string | null) => ({ name, version: version ? { value: version, path: "v" } : null });
  it("matches by name ignoring case and spacing, and by version when both give one", () => {
    expect(modelMatchesComponent(model("Stable-Diffusion", "1.4"), { id: "a", name: " stable-diffusion ", version: "1.4" })).toBe(true);
    expect(modelMatchesComponent(model("stable-diffusion", "1.4"), { id: "a", name: "stable-diffusion", version: null })).toBe(true);
    expect(modelMatchesComponent(model("stable-diffusion", "1.4"), { id: "a", name: "stable-diffusion 1.4", version: null })).toBe(true);
    expect(modelMatchesComponent(model("stable-diffusion", "2.0"), { id: "a", name: "stable-diffusion", version: "1.4" })).toBe(false);
    expect(modelMatchesComponent(model("other", null), { id: "a", name: "stable-diffusion", version: null })).toBe(false);
  });

  it("reports a model naming no component, and still proposes from the others", () => {
    const models = [...modelsFrom(fixture("valid-machine-learning-1.6.json")), ...modelsFrom(fixture("credit-scorer.spdx.json"))];
    const result = propose(models, [{ id: "00000000-0000-4000-8000-000000000001", name: "stable-diffusion", version: "1.4" }]);
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringContaining("“credit-scorer 2.1”, which is not an AI component of this questionnaire")]);
    expect(result.proposals.length).toBeGreaterThan(5);
    expect(new Set(result.proposals.map((p) => p.componentId))).toEqual(new Set(["00000000-0000-4000-8000-000000000001"]));
  });

  it("proposes only in sections the contact may answer", () => {
    const models = modelsFrom(fixture("credit-scorer.spdx.json"));
    const result = proposeAnswers({
      models,
      mapping: MODEL_DOCUMENT_MAPPING,
      definition: AI_SUPPLIER_DUE_DILIGENCE,
      components: componentsFor(models),
      sectionAllowed: (key) => key === "component_transparency",
    });
    expect(new Set(result.proposals.map((p) => p.questionKey))).toEqual(new Set(["tr_model_card", "tr_limitations"]));
  });
});

describe("guards before any parser", () => {
  it("measures depth on the raw text, ignoring brackets inside strings", () => {
    expect(jsonDepth('{"a": "[[[[[[", "b": [1, {"c": []}]}')).toBe(4);
    expect(jsonDepth('{"a": "\\"[[["}')).toBe(1);
    expect(jsonDepth("[".repeat(10_000))).toBe(MAX_MODEL_DOCUMENT_DEPTH + 1);
  });

  it("refuses too deep, too large, not UTF-8, not JSON, and formats it does not read", () => {
    const refuse = (bytes: Uint8Array) => {
      const g = guardModelDocument(bytes);
      return g.ok ? detectModelDocument(g.json) : g;
    };
    const text = (s: string) => new TextEncoder().encode(s);
    expect(refuse(text(`${"[".repeat(10_000)}${"]".repeat(10_000)}`))).toMatchObject({
      ok: false,
      message: expect.stringContaining("nests more than 64 levels"),
    });
    expect(refuse(new Uint8Array(5 * 1024 * 1024 + 1))).toMatchObject({ ok: false, message: expect.stringContaining("at most 5 MB") });
    expect(refuse(new Uint8Array([0xff, 0xfe, 0x41]))).toMatchObject({ ok: false, message: expect.stringContaining("not UTF-8") });
    expect(refuse(text("{oops"))).toMatchObject({ ok: false, message: expect.stringContaining("not valid JSON") });
    expect(refuse(text('{"bomFormat":"CycloneDX","specVersion":"1.5"}'))).toMatchObject({
      ok: false,
      message: expect.stringContaining("CycloneDX 1.5 document. Assay reads CycloneDX 1.6"),
    });
    expect(refuse(text('{"spdxVersion":"SPDX-2.3"}'))).toMatchObject({ ok: false, message: expect.stringContaining("SPDX 2 document") });
    expect(refuse(text('{"@context":"https://spdx.org/rdf/3.0.0/spdx-context.jsonld","@graph":[]}'))).toMatchObject({
      ok: false,
      message: expect.stringContaining("SPDX 3.0.1 context"),
    });
    expect(refuse(text("[1,2]"))).toMatchObject({ ok: false, message: expect.stringContaining("top level is not an object") });
  });
});

describe("properties", () => {
  const json = fc.jsonValue({ maxDepth: 4 });
  const mlBom = JSON.parse(fixture("valid-machine-learning-1.6.json").toString("utf8")) as Record<string, unknown>;
  const spdx = JSON.parse(fixture("credit-scorer.spdx.json").toString("utf8")) as Record<string, unknown>;

  /** The document with random values put at random places (fields replaced, added, lists emptied). */
  function mutate(doc: unknown, edits: Array<{ path: number[]; value: unknown; key: string }>): unknown {
    const copy = structuredClone(doc);
    for (const edit of edits) {
      let node: unknown = copy;
      for (const step of edit.path) {
        if (node && typeof node === "object") {
          const keys = Object.keys(node);
          if (keys.length === 0) break;
          const key = keys[step % keys.length]!;
          const child = (node as Record<string, unknown>)[key];
          if (child && typeof child === "object") node = child;
          else {
            (node as Record<string, unknown>)[key] = edit.value;
            break;
          }
        }
      }
      if (node && typeof node === "object" && !Array.isArray(node)) (node as Record<string, unknown>)[edit.key] = edit.value;
    }
    return copy;
  }
  const edits = fc.array(
    fc.record({
      path: fc.array(fc.nat(), { maxLength: 8 }),
      value: json,
      key: fc.constantFrom("name", "version", "modelCard", "considerations", "datasets", "ai_limitation", "to", "from", "type", "zzz"),
    }),
    {
      maxLength: 6,
    },
  );

  it("no document crashes the readers, and every proposal is a valid answer to its question", () => {
    fc.assert(
      fc.property(fc.constantFrom(mlBom, spdx), edits, (doc, changes) => {
        const mutated = mutate(doc, changes);
        const models = [...cyclonedxModels(mutated), ...spdxModels(mutated)];
        const result = propose(models);
        for (const proposal of result.proposals) {
          const found = findQuestion(AI_SUPPLIER_DUE_DILIGENCE, proposal.questionKey);
          expect(found).not.toBeNull();
          expect(answerValueSchema(found!.question).safeParse(proposal.value).success).toBe(true);
          expect(proposal.source).not.toBe("");
        }
      }),
      // The specification's ML-BOM is 100 KB: each run copies and reads it.
      { numRuns: 80 },
    );
  }, 60_000);

  it("any JSON at all is either refused with a message or read without throwing", () => {
    fc.assert(
      fc.property(json, (value) => {
        const g = guardModelDocument(new TextEncoder().encode(JSON.stringify(value) ?? "null"));
        if (!g.ok) return;
        const d = detectModelDocument(g.json);
        if (!d.ok) {
          expect(d.message.length).toBeGreaterThan(20);
          return;
        }
        const read = modelsOf(d.format, g.json);
        if (read.ok) propose(read.models);
      }),
      { numRuns: 300 },
    );
  });
});
