// One neutral shape for what a model document says about one AI model, whatever the format
// (CycloneDX 1.6 model card, SPDX 3.0.1 AI and Dataset profiles). Every value keeps the path of the
// field it came from, so a proposed answer can name its source. The readers are cyclonedx.ts and
// spdx.ts; the mapping to questions (db/templates/model-document-mapping.ts) reads `modelFactTexts`.

/** A value and where in the document it was found ("components[0].modelCard.considerations.useCases"). */
export interface Sourced<T> {
  value: T;
  path: string;
}

/** SPDX's PresenceType; CycloneDX's "sensitive data listed" counts as "yes". */
export type Presence = "yes" | "no" | "noAssertion";

export interface DatasetFacts {
  name: string;
  path: string;
  /** How the model used it: trained on, tested on, or only listed. */
  use: "training" | "testing" | "listed";
  /** Where the data comes from: a URL, a description, the data's owner or the governance named in the document. */
  provenance: Sourced<string>[];
  collection: Sourced<string> | null;
  updateMechanism: Sourced<string> | null;
  knownBias: Sourced<string>[];
  sensitiveData: Sourced<string>[];
  hasSensitivePersonalInformation: Sourced<Presence> | null;
  classification: Sourced<string> | null;
  anonymization: Sourced<string>[];
  version: Sourced<string> | null;
}

export interface FairnessAssessment {
  path: string;
  groupAtRisk: string | null;
  benefits: string | null;
  harms: string | null;
  mitigation: string | null;
}

export interface ModelFacts {
  /** Where the model is in the document: "components[0]" or "@graph[2]". */
  path: string;
  name: string;
  version: Sourced<string> | null;
  /** The publisher, supplier or group, when the document names one. */
  provider: Sourced<string> | null;
  /** ISO 8601 date-time, as written. */
  releaseTime: Sourced<string> | null;
  description: Sourced<string> | null;
  /** Whether the document carries a model card for it (CycloneDX modelCard, or any SPDX ai_ property). */
  hasModelCard: boolean;
  task: Sourced<string> | null;
  architecture: Sourced<string> | null;
  datasets: DatasetFacts[];
  informationAboutTraining: Sourced<string>[];
  limitations: Sourced<string>[];
  performanceTradeoffs: Sourced<string>[];
  useCases: Sourced<string>[];
  users: Sourced<string>[];
  informationAboutApplication: Sourced<string>[];
  domains: Sourced<string>[];
  fairnessAssessments: FairnessAssessment[];
  ethicalConsiderations: Sourced<string>[];
  metrics: Sourced<string>[];
  energy: Sourced<string>[];
  useSensitivePersonalInformation: Sourced<Presence> | null;
}

export function emptyModel(path: string, name: string): ModelFacts {
  return {
    path,
    name,
    version: null,
    provider: null,
    releaseTime: null,
    description: null,
    hasModelCard: false,
    task: null,
    architecture: null,
    datasets: [],
    informationAboutTraining: [],
    limitations: [],
    performanceTradeoffs: [],
    useCases: [],
    users: [],
    informationAboutApplication: [],
    domains: [],
    fairnessAssessments: [],
    ethicalConsiderations: [],
    metrics: [],
    energy: [],
    useSensitivePersonalInformation: null,
  };
}

/** The facts a mapping rule may name. Each is lines of text with their source paths. */
export const MODEL_FACT_KEYS = [
  "identifier",
  "description",
  "modelCard",
  "intendedUse",
  "limitations",
  "trainingData",
  "testData",
  "datasetVersioning",
  "knownBias",
  "fairnessAssessments",
  "sensitivePersonalData",
  "sensitiveDataDetails",
  "metrics",
  "energy",
  "versionedRelease",
] as const;
export type ModelFactKey = (typeof MODEL_FACT_KEYS)[number];

export interface FactText {
  lines: string[];
  paths: string[];
}

/** What the questionnaire expects a model card to describe. */
export const MODEL_CARD_PARTS = 4;

const clean = (s: string) => s.replace(/\s+/g, " ").trim();

function describeDataset(d: DatasetFacts): string {
  const parts = [d.name];
  if (d.version) parts.push(`version ${d.version.value}`);
  const details: string[] = [];
  if (d.provenance.length) details.push(`source: ${d.provenance.map((p) => p.value).join("; ")}`);
  if (d.classification) details.push(`classification: ${d.classification.value}`);
  if (d.collection) details.push(`collection: ${d.collection.value}`);
  if (d.updateMechanism) details.push(`updates: ${d.updateMechanism.value}`);
  if (d.knownBias.length) details.push(`known bias: ${d.knownBias.map((b) => b.value).join("; ")}`);
  if (d.sensitiveData.length) details.push(`sensitive data: ${d.sensitiveData.map((b) => b.value).join("; ")}`);
  return clean(`${parts.join(" ")}${details.length ? ` (${details.join("; ")})` : ""}`);
}

function datasetPaths(d: DatasetFacts): string[] {
  return [d.path, ...d.provenance.map((p) => p.path), ...[d.collection, d.updateMechanism, d.classification, d.version].flatMap((s) => (s ? [s.path] : []))];
}

function fromSourced(list: ReadonlyArray<Sourced<string> | null>, prefix = ""): FactText {
  const present = list.filter((s): s is Sourced<string> => s !== null && clean(s.value) !== "");
  return { lines: present.map((s) => clean(prefix + s.value)), paths: present.map((s) => s.path) };
}

function merge(...parts: FactText[]): FactText {
  return { lines: parts.flatMap((p) => p.lines), paths: [...new Set(parts.flatMap((p) => p.paths))] };
}

const NONE: FactText = { lines: [], paths: [] };

/** The facts of one model as lines of text per fact key: what the mapping rules read. */
export function modelFactTexts(model: ModelFacts): Record<ModelFactKey, FactText> {
  const training = model.datasets.filter((d) => d.use !== "testing");
  const testing = model.datasets.filter((d) => d.use === "testing");
  const datasetsText = (list: DatasetFacts[]): FactText => ({ lines: list.map(describeDataset), paths: [...new Set(list.flatMap(datasetPaths))] });
  const versioned = model.datasets.flatMap((d) => [d.version, d.updateMechanism]);
  const sensitiveFlags = [model.useSensitivePersonalInformation, ...model.datasets.map((d) => d.hasSensitivePersonalInformation)].filter(
    (s): s is Sourced<Presence> => s !== null && s.value === "yes",
  );
  const sensitiveLists = model.datasets.flatMap((d) => d.sensitiveData);
  const identifier = model.version ? `${model.name} ${model.version.value}` : model.name;
  const cardParts: Array<[string, boolean]> = [
    ["training data", model.datasets.length > 0 || model.informationAboutTraining.length > 0],
    ["evaluation", model.metrics.length > 0],
    ["limitations", model.limitations.length > 0],
    ["intended use", model.useCases.length + model.informationAboutApplication.length > 0],
  ];
  return {
    identifier: {
      lines: [clean(model.provider ? `${identifier} (${model.provider.value})` : identifier)],
      paths: [`${model.path}.name`, ...(model.version ? [model.version.path] : [])],
    },
    description: fromSourced([model.description]),
    // The parts of a model card the questionnaire asks about that this one covers (of MODEL_CARD_PARTS).
    modelCard: model.hasModelCard ? { lines: cardParts.filter(([, has]) => has).map(([part]) => part), paths: [model.path] } : NONE,
    intendedUse: merge(
      fromSourced(model.useCases, "Use case: "),
      fromSourced(model.users, "Users: "),
      fromSourced(model.informationAboutApplication),
      fromSourced(model.domains, "Domain: "),
    ),
    limitations: merge(fromSourced(model.limitations), fromSourced(model.performanceTradeoffs, "Trade-off: ")),
    trainingData: merge(datasetsText(training), fromSourced(model.informationAboutTraining, "Training: ")),
    testData: datasetsText(testing),
    datasetVersioning: fromSourced(versioned),
    knownBias: fromSourced(model.datasets.flatMap((d) => d.knownBias)),
    fairnessAssessments: {
      lines: model.fairnessAssessments.map((f) =>
        clean(
          [
            f.groupAtRisk && `Group at risk: ${f.groupAtRisk}.`,
            f.harms && `Harms: ${f.harms}.`,
            f.benefits && `Benefits: ${f.benefits}.`,
            f.mitigation && `Mitigation: ${f.mitigation}.`,
          ]
            .filter(Boolean)
            .join(" "),
        ),
      ),
      paths: model.fairnessAssessments.map((f) => f.path),
    },
    sensitivePersonalData: {
      lines: sensitiveFlags.length || sensitiveLists.length ? ["yes"] : [],
      paths: [...sensitiveFlags, ...sensitiveLists].map((s) => s.path),
    },
    sensitiveDataDetails: merge(
      fromSourced(sensitiveLists, "Sensitive data: "),
      fromSourced(
        model.datasets.flatMap((d) => d.anonymization),
        "Anonymisation: ",
      ),
    ),
    metrics: fromSourced(model.metrics),
    energy: fromSourced(model.energy),
    versionedRelease:
      model.version && model.releaseTime
        ? { lines: [`${model.version.value}, released ${model.releaseTime.value}`], paths: [model.version.path, model.releaseTime.path] }
        : NONE,
  };
}
