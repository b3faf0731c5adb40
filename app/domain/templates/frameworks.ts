// The supplier-relevant controls of each framework a buyer answers to, by ID, with a short
// description in our own words (never the standards' text). Questions cite these IDs in `refs`.
// IDs follow each source's numbering: EU AI Act annex points as Annex-XII(1)(a); NIST AI 600-1
// suggested actions as GV-6.1-004; CSA AICM v1 control IDs; FINOS risk (ri-) and mitigation (mi-) IDs.
export interface FrameworkControl {
  id: string;
  title: string;
}

export interface Framework {
  id: string;
  name: string;
  controls: FrameworkControl[];
}

export const FRAMEWORKS: Framework[] = [
  {
    id: "ISO42001",
    name: "ISO/IEC 42001 Annex A",
    controls: [
      { id: "ISO42001:A.6.2.2", title: "Requirements and specification of the AI system" },
      { id: "ISO42001:A.6.2.3", title: "Documented design and development" },
      { id: "ISO42001:A.6.2.4", title: "Verification and validation" },
      { id: "ISO42001:A.6.2.5", title: "Deployment" },
      { id: "ISO42001:A.6.2.6", title: "Operation and monitoring" },
      { id: "ISO42001:A.6.2.7", title: "Technical documentation" },
      { id: "ISO42001:A.6.2.8", title: "Event logs" },
      { id: "ISO42001:A.7.2", title: "Data for development and enhancement" },
      { id: "ISO42001:A.7.3", title: "Acquisition of data" },
      { id: "ISO42001:A.7.4", title: "Quality of data" },
      { id: "ISO42001:A.7.5", title: "Data provenance" },
      { id: "ISO42001:A.7.6", title: "Data preparation" },
      { id: "ISO42001:A.8.2", title: "Documentation and information for users" },
      { id: "ISO42001:A.8.4", title: "Communication of incidents" },
      { id: "ISO42001:A.10.2", title: "Allocation of responsibilities across the AI life cycle" },
      { id: "ISO42001:A.10.3", title: "Suppliers" },
      { id: "ISO42001:A.10.4", title: "Customers" },
    ],
  },
  {
    id: "NIST-AI-RMF",
    name: "NIST AI RMF 1.0",
    controls: [
      { id: "NIST-AI-RMF:GOVERN-6.1", title: "Policies for third-party AI risks, including IP and data rights" },
      { id: "NIST-AI-RMF:GOVERN-6.2", title: "Contingency for failures of third-party data or AI systems" },
      { id: "NIST-AI-RMF:MAP-4.1", title: "Mapping legal and technology risks of third-party components" },
      { id: "NIST-AI-RMF:MAP-4.2", title: "Internal risk controls for third-party components" },
      { id: "NIST-AI-RMF:MANAGE-3.1", title: "Monitoring third-party AI risks and benefits" },
      { id: "NIST-AI-RMF:MANAGE-3.2", title: "Monitoring pre-trained models used in development" },
      { id: "NIST-AI-RMF:MEASURE-2.1", title: "Test sets, metrics and tools documented" },
      { id: "NIST-AI-RMF:MEASURE-2.2", title: "Evaluations with human subjects meet requirements" },
      { id: "NIST-AI-RMF:MEASURE-2.3", title: "Performance measured in deployment-like conditions" },
      { id: "NIST-AI-RMF:MEASURE-2.4", title: "Behaviour monitored in production" },
      { id: "NIST-AI-RMF:MEASURE-2.5", title: "Validity and reliability demonstrated" },
      { id: "NIST-AI-RMF:MEASURE-2.6", title: "Safety risks evaluated" },
      { id: "NIST-AI-RMF:MEASURE-2.7", title: "Security and resilience evaluated" },
      { id: "NIST-AI-RMF:MEASURE-2.8", title: "Transparency and accountability risks examined" },
      { id: "NIST-AI-RMF:MEASURE-2.9", title: "Model explained and output interpreted in context" },
      { id: "NIST-AI-RMF:MEASURE-2.10", title: "Privacy risk examined" },
      { id: "NIST-AI-RMF:MEASURE-2.11", title: "Fairness and bias evaluated" },
      { id: "NIST-AI-RMF:MEASURE-2.12", title: "Environmental impact assessed" },
      { id: "NIST-AI-RMF:MEASURE-2.13", title: "Effectiveness of measurement practices evaluated" },
    ],
  },
  {
    id: "EU-AI-ACT",
    name: "EU AI Act (Regulation (EU) 2024/1689)",
    controls: [
      { id: "EU-AI-ACT:Art.10", title: "Data and data governance for high-risk systems" },
      { id: "EU-AI-ACT:Art.13", title: "Transparency and instructions for use to deployers" },
      { id: "EU-AI-ACT:Art.25", title: "Responsibilities along the AI value chain" },
      { id: "EU-AI-ACT:Art.26", title: "Obligations of deployers of high-risk systems" },
      { id: "EU-AI-ACT:Art.53", title: "Obligations of general-purpose AI model providers" },
      { id: "EU-AI-ACT:Annex-XII", title: "Information GPAI providers give to downstream providers" },
      { id: "EU-AI-ACT:Annex-XII(1)(a)", title: "Annex XII: the model's intended tasks and the kinds of AI systems it can be built into" },
      { id: "EU-AI-ACT:Annex-XII(1)(b)", title: "Annex XII: acceptable use policies" },
      { id: "EU-AI-ACT:Annex-XII(1)(c)", title: "Annex XII: release date and methods of distribution" },
      { id: "EU-AI-ACT:Annex-XII(1)(d)", title: "Annex XII: how the model interacts with hardware or software outside it" },
      { id: "EU-AI-ACT:Annex-XII(1)(e)", title: "Annex XII: versions of relevant software for using the model" },
      { id: "EU-AI-ACT:Annex-XII(1)(f)", title: "Annex XII: architecture and number of parameters" },
      { id: "EU-AI-ACT:Annex-XII(1)(g)", title: "Annex XII: modality and format of inputs and outputs" },
      { id: "EU-AI-ACT:Annex-XII(1)(h)", title: "Annex XII: the model's licence" },
      { id: "EU-AI-ACT:Annex-XII(2)(a)", title: "Annex XII: technical means for integration (instructions, infrastructure, tools)" },
      { id: "EU-AI-ACT:Annex-XII(2)(b)", title: "Annex XII: input and output modalities, formats and maximum size" },
      { id: "EU-AI-ACT:Annex-XII(2)(c)", title: "Annex XII: training, testing and validation data: type, provenance and curation" },
      { id: "EU-AI-ACT:Annex-XI(1)(2)(c)", title: "Annex XI: GPAI training data documentation, including methods to detect identifiable biases" },
      { id: "EU-AI-ACT:Annex-XI(1)(2)(d)", title: "Annex XI: computational resources used to train the model, and training time" },
      { id: "EU-AI-ACT:Annex-XI(1)(2)(e)", title: "Annex XI: known or estimated energy consumption of the model" },
    ],
  },
  {
    id: "NIST-AI-600-1",
    name: "NIST AI 600-1 (Generative AI Profile): supplier actions",
    controls: [
      {
        id: "NIST-AI-600-1:GV-1.6-003",
        title: "AI inventory entries record provenance, known issues, oversight roles and the underlying models, versions and access modes",
      },
      { id: "NIST-AI-600-1:GV-6.1-004", title: "Contracts and SLAs set content ownership, usage rights, quality, security and provenance expectations" },
      { id: "NIST-AI-600-1:GV-6.1-005", title: "Use-case-based risk assessment and monitoring of suppliers" },
      { id: "NIST-AI-600-1:GV-6.1-006", title: "Contract clauses that let the customer evaluate the supplier's generative AI processes" },
      { id: "NIST-AI-600-1:GV-6.1-007", title: "Inventory of third parties with access to content; approved list of AI providers" },
      { id: "NIST-AI-600-1:GV-6.1-008", title: "Records of changes third parties make to content: sources, timestamps, metadata" },
      { id: "NIST-AI-600-1:GV-6.1-009", title: "AI procurement due diligence: IP, privacy, security, embedded AI, incident and vulnerability databases" },
      {
        id: "NIST-AI-600-1:GV-6.2-007",
        title: "Vendor contract terms: liability, termination, secondary data use, model changes over time, incident notification, SLAs",
      },
    ],
  },
  {
    id: "CSA-AICM",
    name: "CSA AI Controls Matrix",
    controls: [
      { id: "CSA-AICM:STA", title: "Supply chain management, transparency and accountability" },
      { id: "CSA-AICM:STA-10", title: "Primary service and contractual agreement" },
      { id: "CSA-AICM:STA-12", title: "Supply chain compliance assessment" },
      { id: "CSA-AICM:DSP", title: "Data security and privacy lifecycle management" },
      { id: "CSA-AICM:DSP-20", title: "Data provenance and transparency" },
      { id: "CSA-AICM:DSP-23", title: "Data integrity check: training data validated and versioned" },
      { id: "CSA-AICM:MDS", title: "Model security" },
      { id: "CSA-AICM:MDS-03", title: "Model documentation" },
      { id: "CSA-AICM:MDS-04", title: "Model documentation requirements" },
      { id: "CSA-AICM:MDS-05", title: "Model documentation validated against the current model" },
    ],
  },
  {
    id: "FINOS-AIGF",
    name: "FINOS AI Governance Framework",
    controls: [
      { id: "FINOS-AIGF:ri-5", title: "Risk: instability in foundation model behaviour (unannounced model or version changes)" },
      { id: "FINOS-AIGF:mi-7", title: "Mitigation: legal and contractual frameworks for AI systems (data use, IP, versioning and change terms)" },
      { id: "FINOS-AIGF:mi-10", title: "Mitigation: AI model version pinning" },
    ],
  },
];

/**
 * Whether a question's reference covers a control: the same ID, or a more specific one
 * ("EU-AI-ACT:Art.53(1)(d)" covers Art.53; "CSA-AICM:DSP-20" covers DSP).
 */
export function refCovers(ref: string, controlId: string): boolean {
  if (ref === controlId) return true;
  return [".", "(", "-"].some((sep) => ref.startsWith(controlId + sep));
}

export const ALL_CONTROLS: FrameworkControl[] = FRAMEWORKS.flatMap((f) => f.controls);

export function isKnownRef(ref: string): boolean {
  return ALL_CONTROLS.some((c) => refCovers(ref, c.id));
}

export interface ControlCoverage {
  control: FrameworkControl;
  questionKeys: string[];
}

export function coverage(questions: ReadonlyArray<{ key: string; refs: readonly string[] }>): Array<{ framework: Framework; controls: ControlCoverage[] }> {
  return FRAMEWORKS.map((framework) => ({
    framework,
    controls: framework.controls.map((control) => ({
      control,
      questionKeys: questions.filter((q) => q.refs.some((r) => refCovers(r, control.id))).map((q) => q.key),
    })),
  }));
}
