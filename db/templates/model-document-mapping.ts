// Which fields of a vendor's model document (a CycloneDX 1.6 model card or an SPDX 3.0.1 AI
// package) propose the answer to which question of the built-in "AI supplier due diligence"
// questionnaire (./ai-supplier-due-diligence.ts), and how. Kept as data beside the template: the
// facts are named in app/domain/model-docs/facts.ts (modelFactTexts says which document fields each
// reads), the transforms in app/domain/model-docs/mapping.ts. Every proposal is shown to the vendor
// with its source field before anything is saved; only empty answers are ever filled.
//
// Choices are proposed only where the document says something positive; a document's silence
// never proposes "no". Where a document shows that something exists but not how thorough it is
// (a fairness assessment, an energy figure), the weaker option is proposed for the vendor to raise.
import { MODEL_CARD_PARTS } from "../../app/domain/model-docs/facts";
import type { ModelDocumentMapping } from "../../app/domain/model-docs/mapping";

export const MODEL_DOCUMENT_MAPPING: ModelDocumentMapping = {
  // The document itself is attached to each matched component's model-card question.
  evidenceQuestion: "tr_model_card_file",
  rules: [
    // Component profile: the identity and intended use of the model.
    { question: "cmp_identifier", facts: ["identifier"], transform: { kind: "text" }, why: "The model's name and version in the document" },
    {
      question: "cmp_intended_use",
      facts: ["intendedUse"],
      transform: { kind: "text" },
      why: "Use cases and users (CycloneDX considerations.useCases, users; SPDX ai_informationAboutApplication, ai_domain)",
    },
    // Training data and provenance.
    {
      question: "up_datasets",
      facts: ["trainingData", "testData"],
      transform: { kind: "text" },
      why: "The datasets the model was trained and tested on, with their source, collection and update mechanism, and the information about training",
    },
    // Personal data: proposed only when the document says personal or sensitive data is present.
    {
      question: "td_personal_data",
      facts: ["sensitivePersonalData"],
      transform: { kind: "choice", value: "identifiable" },
      why: "The document says the data holds sensitive or personal information (ai_useSensitivePersonalInformation, dataset_hasSensitivePersonalInformation or CycloneDX sensitiveData)",
    },
    {
      question: "td_personal_data_safeguards",
      facts: ["sensitiveDataDetails"],
      transform: { kind: "text" },
      why: "The sensitive data listed and the anonymisation methods used",
    },
    // Data versioning and retraining.
    {
      question: "dq_dataset_versioning",
      facts: ["datasetVersioning"],
      transform: { kind: "choice", value: "partial" },
      why: "Dataset versions or update mechanisms (dataset_datasetUpdateMechanism, software_packageVersion) are documented",
    },
    {
      question: "chg_retraining_cadence",
      facts: ["versionedRelease"],
      transform: { kind: "choice", value: "frozen" },
      why: "The model is released as a numbered version with a release time",
    },
    // Bias and fairness.
    {
      question: "bf_testing",
      facts: ["fairnessAssessments"],
      transform: { kind: "choice", value: "periodic" },
      why: "The model card holds fairness assessments (considerations.fairnessAssessments)",
    },
    {
      question: "bf_training_data_bias",
      facts: ["knownBias"],
      transform: { kind: "choice", value: "partial" },
      why: "Known biases of the training data are documented (dataset_knownBias)",
    },
    {
      question: "bf_metrics",
      facts: ["fairnessAssessments", "knownBias"],
      transform: { kind: "text" },
      why: "The groups at risk, harms and mitigations of the fairness assessments, and known dataset biases",
    },
    // Transparency: the model card itself, and limitations.
    {
      question: "tr_model_card",
      facts: ["modelCard"],
      transform: { kind: "coverage", of: MODEL_CARD_PARTS, all: "yes", some: "partial" },
      why: "The document is a model card; “yes” when it covers training data, evaluation, limitations and intended use, “partly” otherwise",
    },
    {
      question: "tr_limitations",
      facts: ["limitations"],
      transform: { kind: "text" },
      why: "Technical limitations and performance trade-offs (considerations.technicalLimitations; SPDX ai_limitation)",
    },
    // Evaluation and energy.
    {
      question: "ev_key_metrics",
      facts: ["metrics"],
      transform: { kind: "text" },
      why: "Performance metrics (quantitativeAnalysis.performanceMetrics; SPDX ai_metric)",
    },
    {
      question: "ev_energy",
      facts: ["energy"],
      transform: { kind: "choice", value: "partial" },
      why: "Energy consumption figures are published in the document (environmentalConsiderations; SPDX ai_energyConsumption)",
    },
  ],
};
