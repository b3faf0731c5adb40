// The supplier-relevant controls of each framework a buyer answers to, by ID, with a short
// description in our own words (never the standards' text). Questions cite these IDs in `refs`.
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
    ],
  },
  {
    id: "CSA-AICM",
    name: "CSA AI Controls Matrix",
    controls: [
      { id: "CSA-AICM:STA", title: "Supply chain management, transparency and accountability" },
      { id: "CSA-AICM:DSP", title: "Data security and privacy lifecycle management" },
      { id: "CSA-AICM:MDS", title: "Model security" },
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
