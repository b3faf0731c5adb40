// CycloneDX 1.6 ML-BOMs to model facts. The document has passed the specification's JSON schema
// (the service runs @cyclonedx/cyclonedx-library's validator first); the zod schemas here still
// tolerate anything unexpected (a field of the wrong shape is read as absent), so no document
// crashes the reader. Models are components of type "machine-learning-model" at any depth;
// datasets are inline in modelCard.modelParameters.datasets or referenced ({ ref }) to "data" components.
import * as z from "zod";
import { emptyModel, type DatasetFacts, type ModelFacts, type Sourced } from "./facts";

const text = z.string().trim().min(1).optional().catch(undefined);
const texts = z
  .array(z.unknown())
  .transform((list) => list.flatMap((v, i) => (typeof v === "string" && v.trim() !== "" ? [{ i, v: v.trim() }] : [])))
  .optional()
  .catch(undefined);
const list = z.array(z.unknown()).optional().catch(undefined);
const obj = z.record(z.string(), z.unknown()).optional().catch(undefined);

const orgSchema = z.looseObject({ name: text }).optional().catch(undefined);
const datasetSchema = z.looseObject({
  ref: text,
  type: text,
  name: text,
  description: text,
  classification: text,
  sensitiveData: texts,
  contents: z.looseObject({ url: text }).optional().catch(undefined),
  governance: z.looseObject({ owners: list, custodians: list, stewards: list }).optional().catch(undefined),
});
const componentSchema = z.looseObject({
  "bom-ref": text,
  type: text,
  name: text,
  version: text,
  group: text,
  publisher: text,
  description: text,
  supplier: orgSchema,
  releaseNotes: z.looseObject({ timestamp: text }).optional().catch(undefined),
  modelCard: obj,
  data: list,
  components: list,
});
const modelCardSchema = z.looseObject({
  modelParameters: z.looseObject({ task: text, architectureFamily: text, modelArchitecture: text, datasets: list }).optional().catch(undefined),
  quantitativeAnalysis: z.looseObject({ performanceMetrics: list }).optional().catch(undefined),
  considerations: z
    .looseObject({
      users: texts,
      useCases: texts,
      technicalLimitations: texts,
      performanceTradeoffs: texts,
      ethicalConsiderations: list,
      fairnessAssessments: list,
      environmentalConsiderations: z.looseObject({ energyConsumptions: list }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});
const metricSchema = z.looseObject({ type: text, value: text, slice: text });
const fairnessSchema = z.looseObject({ groupAtRisk: text, benefits: text, harms: text, mitigationStrategy: text });
const ethicsSchema = z.looseObject({ name: text, mitigationStrategy: text });
const quantity = z
  .looseObject({ value: z.number().optional().catch(undefined), unit: text })
  .optional()
  .catch(undefined);
const energySchema = z.looseObject({ activity: text, activityEnergyCost: quantity, co2CostEquivalent: quantity });
const partySchema = z.looseObject({ organization: orgSchema, contact: orgSchema });

type Component = z.infer<typeof componentSchema>;

const at = <T>(value: T | undefined, path: string): Sourced<T> | null => (value === undefined ? null : { value, path });
const each = (items: Array<{ i: number; v: string }> | undefined, path: string): Sourced<string>[] =>
  (items ?? []).map(({ i, v }) => ({ value: v, path: `${path}[${i}]` }));

/** Every component with its path, depth first. */
function walkComponents(raw: unknown, path: string, out: Array<{ path: string; c: Component }>, depth = 0): void {
  if (!Array.isArray(raw) || depth > 20) return;
  raw.forEach((item, i) => {
    const parsed = componentSchema.safeParse(item);
    if (!parsed.success) return;
    const p = `${path}[${i}]`;
    out.push({ path: p, c: parsed.data });
    walkComponents(parsed.data.components, `${p}.components`, out, depth + 1);
  });
}

function partyNames(raw: unknown[] | undefined): string[] {
  return (raw ?? []).flatMap((p) => {
    const parsed = partySchema.safeParse(p);
    const name = parsed.success ? (parsed.data.organization?.name ?? parsed.data.contact?.name) : undefined;
    return name ? [name] : [];
  });
}

function datasetFacts(raw: unknown, path: string, use: DatasetFacts["use"]): DatasetFacts | null {
  const parsed = datasetSchema.safeParse(raw);
  if (!parsed.success) return null;
  const d = parsed.data;
  const owners = d.governance ? [...partyNames(d.governance.owners), ...partyNames(d.governance.custodians), ...partyNames(d.governance.stewards)] : [];
  const provenance: Sourced<string>[] = [];
  if (d.contents?.url) provenance.push({ value: d.contents.url, path: `${path}.contents.url` });
  if (d.description) provenance.push({ value: d.description, path: `${path}.description` });
  if (owners.length) provenance.push({ value: `governed by ${owners.join(", ")}`, path: `${path}.governance` });
  return {
    name: d.name ?? d.type ?? "Dataset",
    path,
    use,
    provenance,
    collection: null,
    updateMechanism: null,
    knownBias: [],
    sensitiveData: each(d.sensitiveData, `${path}.sensitiveData`),
    hasSensitivePersonalInformation: null,
    classification: at(d.classification, `${path}.classification`),
    anonymization: [],
    version: null,
  };
}

function formatQuantity(q: { value?: number; unit?: string } | undefined): string | null {
  return q && q.value !== undefined ? `${q.value}${q.unit ? ` ${q.unit}` : ""}` : null;
}

function modelFacts(path: string, c: Component, byRef: Map<string, { path: string; c: Component }>): ModelFacts {
  const model = emptyModel(path, c.name ?? "(unnamed model)");
  model.version = at(c.version, `${path}.version`);
  const provider = c.publisher ?? c.supplier?.name ?? c.group;
  model.provider = at(provider, `${path}.${c.publisher ? "publisher" : c.supplier?.name ? "supplier.name" : "group"}`);
  model.releaseTime = at(c.releaseNotes?.timestamp, `${path}.releaseNotes.timestamp`);
  model.description = at(c.description, `${path}.description`);
  const cardParsed = modelCardSchema.safeParse(c.modelCard ?? {});
  if (!c.modelCard || !cardParsed.success) return model;
  model.hasModelCard = true;
  const card = cardParsed.data;
  const mc = `${path}.modelCard`;
  const mp = card.modelParameters;
  model.task = at(mp?.task, `${mc}.modelParameters.task`);
  model.architecture = at(
    mp?.modelArchitecture ?? mp?.architectureFamily,
    `${mc}.modelParameters.${mp?.modelArchitecture ? "modelArchitecture" : "architectureFamily"}`,
  );
  (mp?.datasets ?? []).forEach((raw, i) => {
    const dPath = `${mc}.modelParameters.datasets[${i}]`;
    const ref = datasetSchema.safeParse(raw).data?.ref;
    const target = ref ? byRef.get(ref) : undefined;
    if (target) {
      // A reference to a "data" component: each of its data entries is a dataset.
      (target.c.data ?? []).forEach((entry, j) => {
        const d = datasetFacts(entry, `${target.path}.data[${j}]`, "training");
        if (d) model.datasets.push(d);
      });
      return;
    }
    const d = datasetFacts(raw, dPath, "training");
    if (d && !ref) model.datasets.push(d);
  });
  (card.quantitativeAnalysis?.performanceMetrics ?? []).forEach((raw, i) => {
    const m = metricSchema.safeParse(raw).data;
    if (m?.type && m.value)
      model.metrics.push({ value: `${m.type}: ${m.value}${m.slice ? ` (${m.slice})` : ""}`, path: `${mc}.quantitativeAnalysis.performanceMetrics[${i}]` });
  });
  const cons = card.considerations;
  const cp = `${mc}.considerations`;
  if (cons) {
    model.users = each(cons.users, `${cp}.users`);
    model.useCases = each(cons.useCases, `${cp}.useCases`);
    model.limitations = each(cons.technicalLimitations, `${cp}.technicalLimitations`);
    model.performanceTradeoffs = each(cons.performanceTradeoffs, `${cp}.performanceTradeoffs`);
    (cons.fairnessAssessments ?? []).forEach((raw, i) => {
      const f = fairnessSchema.safeParse(raw).data;
      if (f && (f.groupAtRisk || f.harms || f.benefits || f.mitigationStrategy)) {
        model.fairnessAssessments.push({
          path: `${cp}.fairnessAssessments[${i}]`,
          groupAtRisk: f.groupAtRisk ?? null,
          benefits: f.benefits ?? null,
          harms: f.harms ?? null,
          mitigation: f.mitigationStrategy ?? null,
        });
      }
    });
    (cons.ethicalConsiderations ?? []).forEach((raw, i) => {
      const e = ethicsSchema.safeParse(raw).data;
      if (e?.name)
        model.ethicalConsiderations.push({
          value: e.mitigationStrategy ? `${e.name}: ${e.mitigationStrategy}` : e.name,
          path: `${cp}.ethicalConsiderations[${i}]`,
        });
    });
    (cons.environmentalConsiderations?.energyConsumptions ?? []).forEach((raw, i) => {
      const e = energySchema.safeParse(raw).data;
      if (!e) return;
      const parts = [formatQuantity(e.activityEnergyCost), formatQuantity(e.co2CostEquivalent)].filter(Boolean);
      if (parts.length)
        model.energy.push({ value: `${e.activity ?? "activity"}: ${parts.join(", ")}`, path: `${cp}.environmentalConsiderations.energyConsumptions[${i}]` });
    });
  }
  return model;
}

/** The machine-learning models of a (schema-valid) CycloneDX 1.6 document, in document order. */
export function cyclonedxModels(json: unknown): ModelFacts[] {
  const root = z.looseObject({ components: list }).safeParse(json);
  if (!root.success) return [];
  const all: Array<{ path: string; c: Component }> = [];
  walkComponents(root.data.components, "components", all);
  const byRef = new Map(all.flatMap((entry) => (entry.c["bom-ref"] ? [[entry.c["bom-ref"], entry] as const] : [])));
  return all.filter(({ c }) => c.type === "machine-learning-model").map(({ path, c }) => modelFacts(path, c, byRef));
}
