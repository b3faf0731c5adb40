// SPDX 3.0.1 documents with the AI and Dataset profiles (JSON-LD, compact form) to model facts:
// each `ai_AIPackage` in `@graph` is a model; `dataset_DatasetPackage` elements are its datasets
// when a `Relationship` says the model was `trainedOn` or `testedOn` them. Parsed with zod;
// anything of an unexpected shape is read as absent. Enumerations are accepted as the compact term
// ("yes") or the full IRI (".../PresenceType/yes").
import * as z from "zod";
import { emptyModel, type DatasetFacts, type ModelFacts, type Presence, type Sourced } from "./facts";

export const SPDX_CONTEXT_301 = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";

const text = z.string().trim().min(1).optional().catch(undefined);
/** A string or a list of strings (JSON-LD writes a one-element list either way). */
const texts = z
  .union([z.string(), z.array(z.unknown())])
  .transform((v) => (typeof v === "string" ? [v] : v).flatMap((s, i) => (typeof s === "string" && s.trim() !== "" ? [{ i, v: s.trim() }] : [])))
  .optional()
  .catch(undefined);
const enumTerm = z
  .string()
  .transform((v) => v.slice(v.lastIndexOf("/") + 1))
  .optional()
  .catch(undefined);
const list = z.array(z.unknown()).optional().catch(undefined);

const elementSchema = z.looseObject({ type: text, spdxId: text, "@id": text });
const aiPackageSchema = z.looseObject({
  name: text,
  summary: text,
  description: text,
  software_packageVersion: text,
  releaseTime: text,
  suppliedBy: text,
  ai_informationAboutTraining: texts,
  ai_informationAboutApplication: texts,
  ai_limitation: texts,
  ai_domain: texts,
  ai_typeOfModel: texts,
  ai_metric: list,
  ai_energyConsumption: z.record(z.string(), z.unknown()).optional().catch(undefined),
  ai_useSensitivePersonalInformation: enumTerm,
  ai_safetyRiskAssessment: enumTerm,
});
const datasetSchema = z.looseObject({
  name: text,
  description: text,
  software_packageVersion: text,
  software_downloadLocation: text,
  originatedBy: texts,
  dataset_datasetType: texts,
  dataset_dataCollectionProcess: text,
  dataset_datasetUpdateMechanism: text,
  dataset_knownBias: texts,
  dataset_hasSensitivePersonalInformation: enumTerm,
  dataset_confidentialityLevel: enumTerm,
  dataset_anonymizationMethodUsed: texts,
  dataset_intendedUse: text,
});
const relationshipSchema = z.looseObject({ from: text, to: texts, relationshipType: enumTerm });
const entrySchema = z.looseObject({ key: text, value: text });
const energyEntry = z.looseObject({ ai_energyQuantity: z.union([z.number(), z.string()]).optional().catch(undefined), ai_energyUnitType: enumTerm });

const PRESENCE = new Set(["yes", "no", "noAssertion"]);
const presence = (v: string | undefined, path: string): Sourced<Presence> | null => (v && PRESENCE.has(v) ? { value: v as Presence, path } : null);
const at = <T>(value: T | undefined, path: string): Sourced<T> | null => (value === undefined ? null : { value, path });
const each = (items: Array<{ i: number; v: string }> | undefined, path: string): Sourced<string>[] =>
  (items ?? []).map(({ i, v }) => ({ value: v, path: items && items.length > 1 ? `${path}[${i}]` : path }));

/** Whether the JSON-LD context names SPDX 3.0.1 (a string, or a list holding it). */
export function isSpdx301Context(context: unknown): boolean {
  const values = Array.isArray(context) ? context : [context];
  return values.some((v) => typeof v === "string" && /^https?:\/\/spdx\.org\/rdf\/3\.0\.1\/spdx-context\.jsonld$/.test(v.trim()));
}

function datasetFacts(raw: unknown, path: string, use: DatasetFacts["use"]): DatasetFacts {
  const d = datasetSchema.safeParse(raw).data ?? datasetSchema.parse({});
  const provenance: Sourced<string>[] = [];
  if (d.software_downloadLocation) provenance.push({ value: d.software_downloadLocation, path: `${path}.software_downloadLocation` });
  if (d.description) provenance.push({ value: d.description, path: `${path}.description` });
  if (d.dataset_intendedUse) provenance.push({ value: `intended use: ${d.dataset_intendedUse}`, path: `${path}.dataset_intendedUse` });
  const collection = at(d.dataset_dataCollectionProcess, `${path}.dataset_dataCollectionProcess`);
  return {
    name: d.name ?? "Dataset",
    path,
    use,
    provenance,
    collection,
    updateMechanism: at(d.dataset_datasetUpdateMechanism, `${path}.dataset_datasetUpdateMechanism`),
    knownBias: each(d.dataset_knownBias, `${path}.dataset_knownBias`),
    sensitiveData: [],
    hasSensitivePersonalInformation: presence(d.dataset_hasSensitivePersonalInformation, `${path}.dataset_hasSensitivePersonalInformation`),
    classification: at(d.dataset_confidentialityLevel, `${path}.dataset_confidentialityLevel`),
    anonymization: each(d.dataset_anonymizationMethodUsed, `${path}.dataset_anonymizationMethodUsed`),
    version: at(d.software_packageVersion, `${path}.software_packageVersion`),
  };
}

function energyTexts(raw: Record<string, unknown> | undefined, path: string): Sourced<string>[] {
  if (!raw) return [];
  const out: Sourced<string>[] = [];
  for (const [key, label] of [
    ["ai_trainingEnergyConsumption", "training"],
    ["ai_finetuningEnergyConsumption", "fine-tuning"],
    ["ai_inferenceEnergyConsumption", "inference"],
  ] as const) {
    const entries = Array.isArray(raw[key]) ? (raw[key] as unknown[]) : [];
    entries.forEach((e, i) => {
      const q = energyEntry.safeParse(e).data;
      if (q?.ai_energyQuantity !== undefined)
        out.push({ value: `${label}: ${q.ai_energyQuantity} ${q.ai_energyUnitType ?? ""}`.trim(), path: `${path}.${key}[${i}]` });
    });
  }
  return out;
}

/** The AI packages of an SPDX 3.0.1 JSON-LD document as model facts, in graph order. */
export function spdxModels(json: unknown): ModelFacts[] {
  const graph = z.looseObject({ "@graph": list }).safeParse(json).data?.["@graph"] ?? [];
  const elements = graph.map((raw, i) => ({ raw, path: `@graph[${i}]`, el: elementSchema.safeParse(raw).data }));
  const byId = new Map(elements.flatMap((e) => (e.el && (e.el.spdxId ?? e.el["@id"]) ? [[(e.el.spdxId ?? e.el["@id"])!, e] as const] : [])));
  const relationships = elements.filter((e) => e.el?.type === "Relationship").map((e) => relationshipSchema.safeParse(e.raw).data);
  const agentName = (id: string | undefined) => {
    const agent = id ? byId.get(id) : undefined;
    return agent ? z.looseObject({ name: text }).safeParse(agent.raw).data?.name : undefined;
  };

  return elements
    .filter((e) => e.el?.type === "ai_AIPackage")
    .map((e) => {
      const a = aiPackageSchema.safeParse(e.raw).data ?? aiPackageSchema.parse({});
      const p = e.path;
      const model = emptyModel(p, a.name ?? "(unnamed model)");
      model.version = at(a.software_packageVersion, `${p}.software_packageVersion`);
      model.provider = at(agentName(a.suppliedBy), `${p}.suppliedBy`);
      model.releaseTime = at(a.releaseTime, `${p}.releaseTime`);
      model.description = at(a.description ?? a.summary, `${p}.${a.description ? "description" : "summary"}`);
      model.hasModelCard = Object.keys(e.raw as object).some((k) => k.startsWith("ai_"));
      model.task = a.ai_typeOfModel?.[0] ? { value: a.ai_typeOfModel[0].v, path: `${p}.ai_typeOfModel` } : null;
      model.informationAboutTraining = each(a.ai_informationAboutTraining, `${p}.ai_informationAboutTraining`);
      model.informationAboutApplication = each(a.ai_informationAboutApplication, `${p}.ai_informationAboutApplication`);
      model.limitations = each(a.ai_limitation, `${p}.ai_limitation`);
      model.domains = each(a.ai_domain, `${p}.ai_domain`);
      (a.ai_metric ?? []).forEach((raw, i) => {
        const m = entrySchema.safeParse(raw).data;
        if (m?.key) model.metrics.push({ value: m.value ? `${m.key}: ${m.value}` : m.key, path: `${p}.ai_metric[${i}]` });
      });
      model.energy = energyTexts(a.ai_energyConsumption, `${p}.ai_energyConsumption`);
      model.useSensitivePersonalInformation = presence(a.ai_useSensitivePersonalInformation, `${p}.ai_useSensitivePersonalInformation`);
      const id = e.el?.spdxId ?? e.el?.["@id"];
      for (const r of relationships) {
        if (!r || !id || r.from !== id) continue;
        const use = r.relationshipType === "trainedOn" ? "training" : r.relationshipType === "testedOn" ? "testing" : null;
        if (!use) continue;
        for (const { v: target } of r.to ?? []) {
          const ds = byId.get(target);
          if (ds?.el?.type === "dataset_DatasetPackage") model.datasets.push(datasetFacts(ds.raw, ds.path, use));
        }
      }
      return model;
    });
}
