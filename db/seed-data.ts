// Demo inventory for Assay: plain, typed constants that the seed script inserts.
// Every company, person and product here is fictional; every email address is at example.com.
import type { ComponentKind, Criticality, DataCategory, EuAiActClass, Lifecycle, SupplierStatus, UpdateCadence } from "../app/domain/inventory";
import type { Role } from "../app/domain/permissions";
import type { DemoProfile } from "./templates/demo-answers";

export interface SeedUser {
  key: string;
  email: string;
  name: string;
  role: Role;
}

export interface SeedContact {
  externalId: string;
  name: string;
  email: string;
  title: string;
  isPrimary: boolean;
}

export interface SeedComponent {
  externalId: string;
  kind: ComponentKind;
  name: string;
  version: string | null;
  modelFamily: string | null;
  updateCadence: UpdateCadence;
  /** Set (1..3650) exactly when updateCadence is "interval", otherwise null. */
  updateIntervalDays: number | null;
  isGpai: boolean;
  dataResidency: string | null;
  description: string;
}

export interface SeedSupplier {
  externalId: string;
  name: string;
  legalName: string;
  website: string;
  /** ISO 3166 alpha-2, upper case. */
  country: string;
  status: SupplierStatus;
  /** A SeedUser key. */
  procurementOwnerKey: string;
  notes: string;
  contacts: SeedContact[];
  components: SeedComponent[];
}

export interface SeedDependency {
  componentExternalId: string;
  purpose: string;
  dataCategories: DataCategory[];
  /** YYYY-MM-DD */
  since: string;
}

export interface SeedSystem {
  externalId: string;
  name: string;
  purpose: string;
  /** The key of a SeedUser whose role is risk_owner. */
  ownerKey: string;
  businessUnit: string;
  criticality: Criticality;
  euAiActClass: EuAiActClass;
  lifecycle: Lifecycle;
  dependencies: SeedDependency[];
}

/**
 * An assessment of the built-in template, as the seed leaves it: submitted (answered with a demo
 * profile, and scored), in progress (some of the profile's answers) or just sent. Days count back
 * from the moment the seed runs, so a new demo always looks recent.
 */
export interface SeedAssessment {
  supplierExternalId: string;
  componentExternalIds: string[];
  state: "submitted" | "in_progress" | "sent";
  /** The answers given (db/templates/demo-answers.ts); unused for a sent one. */
  profile: DemoProfile;
  /** A SeedUser key: who issued it. */
  issuerKey: string;
  issuedDaysAgo: number;
  /** Counted from the day the seed runs. */
  dueInDays: number;
  /** Submitted: the day it was submitted (and scored); in progress: when the answers were saved. */
  answeredDaysAgo?: number;
  /** In progress: how many of the supplier-scope sections are answered (in template order). */
  sectionsAnswered?: number;
  /** One file answer whose evidence expires soon: valid until this many days after the seed runs. */
  expiringSoon?: { questionKey: string; inDays: number };
  message: string | null;
  /** Submitted ones: how far the review has got (app/services/demo-reviews.server.ts). */
  review?: SeedReview;
}

export interface SeedReview {
  /** A SeedUser key: the reviewer. */
  reviewerKey: string;
  startedDaysAgo: number;
  /** Findings raised from answers during the review. */
  findings?: Array<{ questionKey: string; title: string; description: string; severity: "low" | "medium" | "high" | "critical"; dueInDays: number }>;
  decision?: {
    decision: "approved" | "approved_with_conditions" | "rejected";
    decidedDaysAgo: number;
    rationale: string;
    validMonths: number;
    conditions?: Array<{ title: string; severity: "low" | "medium" | "high" | "critical"; dueInDays: number }>;
  };
}

export const SEED_USERS: SeedUser[] = [
  { key: "admin", email: "admin@example.com", name: "Ada Admin", role: "admin" },
  { key: "procurement", email: "procurement@example.com", name: "Priya Procurement", role: "procurement" },
  { key: "risk1", email: "risk.owner@example.com", name: "Rafael Risk", role: "risk_owner" },
  { key: "risk2", email: "model.owner@example.com", name: "Mina Model-Owner", role: "risk_owner" },
  { key: "viewer", email: "auditor@example.com", name: "Victor Viewer", role: "viewer" },
];

export const SEED_SUPPLIERS: SeedSupplier[] = [
  {
    externalId: "SUP-001",
    name: "Lumenreach AI",
    legalName: "Lumenreach AI, Inc.",
    website: "https://lumenreach.example.com",
    country: "US",
    status: "active",
    procurementOwnerKey: "procurement",
    notes:
      "Prompts and outputs are kept for 30 days for abuse monitoring unless the zero-retention addendum is signed; ours is still in legal review. Inference runs on two named cloud sub-processors, and the EU region is contractually available.",
    contacts: [
      {
        externalId: "CON-001",
        name: "Jane Okafor",
        email: "jane@lumenreach.example.com",
        title: "Enterprise Account Director",
        isPrimary: true,
      },
      {
        externalId: "CON-002",
        name: "Tomás Berg",
        email: "trust@lumenreach.example.com",
        title: "Trust and Safety Lead",
        isPrimary: false,
      },
    ],
    components: [
      {
        externalId: "CMP-001",
        kind: "hosted_api",
        name: "Lumen Chat API",
        version: "2025-06",
        modelFamily: "Lumen-4",
        updateCadence: "interval",
        updateIntervalDays: 90,
        isGpai: true,
        dataResidency: "EU/US",
        description:
          "General-purpose chat completion API backed by the vendor's largest language model. Dated snapshots are published roughly every quarter and older ones are retired after six months.",
      },
      {
        externalId: "CMP-002",
        kind: "hosted_api",
        name: "Lumen Embeddings API",
        version: "v3.1",
        modelFamily: "Lumen-Embed",
        updateCadence: "on_release",
        updateIntervalDays: null,
        isGpai: false,
        dataResidency: "US",
        description:
          "Text embedding endpoint used for semantic search and retrieval. A new version changes the vector space, so stored embeddings must be rebuilt when we upgrade.",
      },
    ],
  },
  {
    externalId: "SUP-002",
    name: "Sehfeld Vision",
    legalName: "Sehfeld Vision GmbH",
    website: "https://sehfeld.example.com",
    country: "DE",
    status: "active",
    procurementOwnerKey: "procurement",
    notes:
      "All processing happens in EU data centres and uploaded images are deleted within 24 hours. The vendor holds an ISO 27001 certificate and lists one hosting sub-processor.",
    contacts: [
      {
        externalId: "CON-003",
        name: "Lena Hartmann",
        email: "lena.hartmann@sehfeld.example.com",
        title: "Customer Success Manager",
        isPrimary: true,
      },
    ],
    components: [
      {
        externalId: "CMP-003",
        kind: "hosted_api",
        name: "Sehfeld Document OCR API",
        version: "v5.2",
        modelFamily: "Sehfeld-Read",
        updateCadence: "interval",
        updateIntervalDays: 30,
        isGpai: false,
        dataResidency: "EU",
        description:
          "Extracts text, tables and layout from scanned documents and photos. Monthly model refreshes are announced two weeks ahead in the vendor's changelog.",
      },
      {
        externalId: "CMP-004",
        kind: "hosted_api",
        name: "Sehfeld ID Document Check",
        version: "v2.0",
        modelFamily: "Sehfeld-ID",
        updateCadence: "interval",
        updateIntervalDays: 180,
        isGpai: false,
        dataResidency: "EU",
        description:
          "Checks identity documents for signs of tampering and reads their machine-readable zone. Included in our contract but not yet used by any internal system.",
      },
    ],
  },
  {
    externalId: "SUP-003",
    name: "Parolex Speech",
    legalName: "Parolex Speech SAS",
    website: "https://parolex.example.com",
    country: "FR",
    status: "active",
    procurementOwnerKey: "procurement",
    notes:
      "Audio is kept for 7 days by default; the vendor may use it to improve models unless we opt out, which we did in writing. Overflow capacity is served from a US sub-processor.",
    contacts: [
      {
        externalId: "CON-004",
        name: "Camille Roux",
        email: "camille.roux@parolex.example.com",
        title: "Key Account Manager",
        isPrimary: true,
      },
      {
        externalId: "CON-005",
        name: "Hugo Lefèvre",
        email: "dpo@parolex.example.com",
        title: "Data Protection Officer",
        isPrimary: false,
      },
    ],
    components: [
      {
        externalId: "CMP-005",
        kind: "hosted_api",
        name: "Parolex Transcribe",
        version: "2025-04",
        modelFamily: "Parolex-ASR",
        updateCadence: "interval",
        updateIntervalDays: 30,
        isGpai: false,
        dataResidency: "EU",
        description:
          "Batch and streaming speech-to-text for telephone-quality audio in twelve languages. Accuracy figures are published per language with each monthly release.",
      },
      {
        externalId: "CMP-006",
        kind: "hosted_api",
        name: "Parolex Speaker Diarisation",
        version: "v1.4",
        modelFamily: "Parolex-ASR",
        updateCadence: "unknown",
        updateIntervalDays: null,
        isGpai: false,
        dataResidency: "EU/US",
        description:
          "Splits a recording into turns by speaker so that agent and caller can be told apart. The vendor has not said how often the underlying model changes.",
      },
    ],
  },
  {
    externalId: "SUP-004",
    name: "Openmoor Models",
    legalName: "Openmoor Models B.V.",
    website: "https://openmoor.example.com",
    country: "NL",
    status: "active",
    procurementOwnerKey: "admin",
    notes:
      "Publishes model weights under a permissive licence with an acceptable-use policy; we download and host them ourselves, so no data leaves our infrastructure. A summary of training data is published for each model, as the EU AI Act expects of GPAI providers.",
    contacts: [
      {
        externalId: "CON-006",
        name: "Daan Visser",
        email: "partners@openmoor.example.com",
        title: "Partnerships Lead",
        isPrimary: true,
      },
    ],
    components: [
      {
        externalId: "CMP-007",
        kind: "model_weights",
        name: "Openmoor 8B Instruct",
        version: "v2.0",
        modelFamily: "Openmoor",
        updateCadence: "on_release",
        updateIntervalDays: null,
        isGpai: true,
        dataResidency: null,
        description:
          "General-purpose instruction-tuned language model with eight billion parameters. Evaluated as a self-hosted fallback for the chat API but not adopted yet.",
      },
      {
        externalId: "CMP-008",
        kind: "model_weights",
        name: "Openmoor Coder 14B",
        version: "v1.2",
        modelFamily: "Openmoor",
        updateCadence: "on_release",
        updateIntervalDays: null,
        isGpai: true,
        dataResidency: null,
        description:
          "Language model further trained on source code for completion and code review. Runs on our own GPU cluster, so prompts containing source code stay in-house.",
      },
    ],
  },
  {
    externalId: "SUP-005",
    name: "Crediqor Analytics",
    legalName: "Crediqor Analytics Ltd",
    website: "https://crediqor.example.com",
    country: "GB",
    status: "active",
    procurementOwnerKey: "procurement",
    notes:
      "The scoring models sit inside the vendor's SaaS platform and are not visible to us as separate models. Applicant data is kept for six years to meet UK lending rules, and a credit reference agency is a sub-processor.",
    contacts: [
      {
        externalId: "CON-007",
        name: "Oliver Grant",
        email: "oliver.grant@crediqor.example.com",
        title: "Head of Client Services",
        isPrimary: true,
      },
      {
        externalId: "CON-008",
        name: "Aisha Rahman",
        email: "model.risk@crediqor.example.com",
        title: "Model Risk Manager",
        isPrimary: false,
      },
    ],
    components: [
      {
        externalId: "CMP-009",
        kind: "saas_feature",
        name: "Crediqor Affordability Score",
        version: "v4.3",
        modelFamily: "Crediqor Score",
        updateCadence: "interval",
        updateIntervalDays: 90,
        isGpai: false,
        dataResidency: "UK",
        description:
          "Machine-learning score estimating whether an applicant can afford a repayment plan, with reason codes for each decision. The model is retrained quarterly and a validation report is shared after each retrain.",
      },
      {
        externalId: "CMP-010",
        kind: "saas_feature",
        name: "Crediqor Fraud Signals",
        version: "2025-03",
        modelFamily: "Crediqor Score",
        updateCadence: "unknown",
        updateIntervalDays: null,
        isGpai: false,
        dataResidency: "UK/EU",
        description:
          "Flags applications that look like identity or first-party fraud, based on device and application patterns. The vendor changes its rules and models without a published schedule.",
      },
    ],
  },
  {
    externalId: "SUP-006",
    name: "Tagwell Data",
    legalName: "Tagwell Data Services Limited",
    website: "https://tagwell.example.com",
    country: "IE",
    status: "prospective",
    procurementOwnerKey: "procurement",
    notes:
      "Labelling is done by a managed workforce in Ireland and Portugal under confidentiality agreements. Due diligence is in progress, and we are still waiting for the list of sub-contracted annotation teams.",
    contacts: [
      {
        externalId: "CON-009",
        name: "Siobhan Walsh",
        email: "siobhan@tagwell.example.com",
        title: "Solutions Architect",
        isPrimary: true,
      },
    ],
    components: [
      {
        externalId: "CMP-011",
        kind: "dataset",
        name: "Tagwell Multilingual Support Intents",
        version: "v2.0",
        modelFamily: null,
        updateCadence: "on_release",
        updateIntervalDays: null,
        isGpai: false,
        dataResidency: "EU",
        description:
          "Roughly 200,000 customer-support messages in eight languages, labelled with intent and sentiment. The vendor states the messages are synthetic or fully anonymised.",
      },
      {
        externalId: "CMP-012",
        kind: "agent_tooling",
        name: "Tagwell Eval Harness",
        version: "v0.9",
        modelFamily: null,
        updateCadence: "interval",
        updateIntervalDays: 30,
        isGpai: false,
        dataResidency: "EU",
        description:
          "Hosted tool that runs test suites against a model and sends uncertain outputs to human reviewers. Test prompts and model outputs are stored for the length of the contract.",
      },
    ],
  },
];

export const SEED_SYSTEMS: SeedSystem[] = [
  {
    externalId: "SYS-001",
    name: "Credit Decisioning Engine",
    purpose: "Decides whether to approve consumer loan applications and sets the credit limit. Declined and borderline cases go to a human underwriter.",
    ownerKey: "risk1",
    businessUnit: "Retail Lending",
    criticality: "critical",
    euAiActClass: "high_risk",
    lifecycle: "in_production",
    dependencies: [
      {
        componentExternalId: "CMP-009",
        purpose: "Provides the affordability score and reason codes that drive the approve or decline decision.",
        dataCategories: ["personal", "confidential"],
        since: "2023-04-01",
      },
      {
        componentExternalId: "CMP-010",
        purpose: "Flags likely fraudulent applications so that they are routed to manual review.",
        dataCategories: ["personal"],
        since: "2024-01-15",
      },
    ],
  },
  {
    externalId: "SYS-002",
    name: "Customer Support Assistant",
    purpose: "Drafts answers to customer chat and email enquiries from our help-centre articles. An agent reviews every draft before it is sent.",
    ownerKey: "risk2",
    businessUnit: "Customer Service",
    criticality: "high",
    euAiActClass: "gpai_based",
    lifecycle: "in_production",
    dependencies: [
      {
        componentExternalId: "CMP-001",
        purpose: "Writes the draft replies from the customer's message and the help-centre articles retrieved for it.",
        dataCategories: ["personal", "confidential"],
        since: "2024-09-02",
      },
      {
        componentExternalId: "CMP-002",
        purpose: "Embeds help-centre articles and incoming questions so that the relevant articles can be found.",
        dataCategories: ["internal", "personal"],
        since: "2024-09-02",
      },
    ],
  },
  {
    externalId: "SYS-003",
    name: "Document Intake OCR Pipeline",
    purpose: "Reads payslips, bank statements and utility bills uploaded by customers and extracts the fields that back-office teams need.",
    ownerKey: "risk1",
    businessUnit: "Operations",
    criticality: "medium",
    euAiActClass: "minimal_risk",
    lifecycle: "in_production",
    dependencies: [
      {
        componentExternalId: "CMP-003",
        purpose: "Turns scanned and photographed documents into text and table structure.",
        dataCategories: ["personal", "confidential"],
        since: "2022-11-07",
      },
      {
        componentExternalId: "CMP-001",
        purpose: "Maps the extracted text onto our document schema when the rule-based parser cannot.",
        dataCategories: ["personal", "confidential"],
        since: "2025-02-10",
      },
    ],
  },
  {
    externalId: "SYS-004",
    name: "Call-Centre QA Analytics",
    purpose:
      "Transcribes recorded customer calls and checks them against the quality and compliance script. Callers are told at the start of the call that it is recorded and analysed.",
    ownerKey: "risk2",
    businessUnit: "Customer Service",
    criticality: "high",
    euAiActClass: "limited_risk",
    lifecycle: "in_production",
    dependencies: [
      {
        componentExternalId: "CMP-005",
        purpose: "Turns recorded call audio into text for quality scoring.",
        dataCategories: ["personal", "special_category"],
        since: "2024-03-18",
      },
      {
        componentExternalId: "CMP-006",
        purpose: "Separates what the agent says from what the caller says so that only the agent's script adherence is scored.",
        dataCategories: ["personal"],
        since: "2024-03-18",
      },
      {
        componentExternalId: "CMP-001",
        purpose: "Summarises each call and marks the places where mandatory disclosures were missed.",
        dataCategories: ["personal", "special_category"],
        since: "2025-05-06",
      },
    ],
  },
  {
    externalId: "SYS-005",
    name: "Internal Code Assistant",
    purpose: "Planned code completion and pull-request review helper for our engineers, hosted entirely on our own infrastructure.",
    ownerKey: "risk1",
    businessUnit: "Engineering",
    criticality: "low",
    euAiActClass: "gpai_based",
    lifecycle: "planned",
    dependencies: [
      {
        componentExternalId: "CMP-008",
        purpose: "Self-hosted model that generates code suggestions and review comments.",
        dataCategories: ["internal", "confidential"],
        since: "2025-10-01",
      },
      {
        componentExternalId: "CMP-012",
        purpose: "Runs regression tests on the model's suggestions before each model upgrade.",
        dataCategories: ["internal"],
        since: "2025-10-01",
      },
    ],
  },
];

/**
 * Every state a list can show, for suppliers whose components internal systems depend on (so the
 * scorecards show residual risk): a strong, a mixed and a knocked-out supplier submitted and scored,
 * one questionnaire half answered, one just sent.
 */
export const SEED_ASSESSMENTS: SeedAssessment[] = [
  {
    supplierExternalId: "SUP-002",
    componentExternalIds: ["CMP-003"],
    state: "submitted",
    profile: "strong",
    issuerKey: "procurement",
    issuedDaysAgo: 30,
    dueInDays: 15,
    answeredDaysAgo: 12,
    expiringSoon: { questionKey: "gov_audit_report", inDays: 21 },
    message: "Our annual review of the OCR service that reads customer documents. Thank you for your help.",
    review: {
      reviewerKey: "risk1",
      startedDaysAgo: 10,
      decision: {
        decision: "approved",
        decidedDaysAgo: 8,
        rationale: "Strong answers throughout, certified management system and current audit report. Approved for the document-intake pipeline.",
        validMonths: 12,
      },
    },
  },
  {
    supplierExternalId: "SUP-001",
    componentExternalIds: ["CMP-001", "CMP-002"],
    state: "submitted",
    profile: "mixed",
    issuerKey: "procurement",
    issuedDaysAgo: 21,
    dueInDays: 9,
    answeredDaysAgo: 6,
    message: "Three of our internal systems now depend on the chat API, so we are reviewing both APIs we use.",
    review: {
      reviewerKey: "risk2",
      startedDaysAgo: 5,
      decision: {
        decision: "approved_with_conditions",
        decidedDaysAgo: 3,
        rationale: "Acceptable for the current uses, provided the bias testing gaps are closed before the next release of the chat API.",
        validMonths: 6,
        conditions: [{ title: "Share the results of bias testing across the supported languages", severity: "medium", dueInDays: 45 }],
      },
    },
  },
  {
    supplierExternalId: "SUP-003",
    componentExternalIds: ["CMP-005", "CMP-006"],
    state: "submitted",
    profile: "knocked_out",
    issuerKey: "procurement",
    issuedDaysAgo: 14,
    dueInDays: 16,
    answeredDaysAgo: 2,
    message: "Please answer for transcription and diarisation: our call-centre analytics depend on both.",
    review: {
      reviewerKey: "risk1",
      startedDaysAgo: 1,
      findings: [
        {
          questionKey: "sec_incident_notify_commitment",
          title: "No commitment to notify us of incidents",
          description: "The contract must commit the supplier to notify customers of incidents that affect them, within 72 hours.",
          severity: "high",
          dueInDays: 30,
        },
      ],
    },
  },
  {
    supplierExternalId: "SUP-004",
    componentExternalIds: ["CMP-008"],
    state: "in_progress",
    profile: "strong",
    issuerKey: "admin",
    issuedDaysAgo: 10,
    dueInDays: 20,
    answeredDaysAgo: 3,
    sectionsAnswered: 2,
    message: null,
  },
  {
    supplierExternalId: "SUP-006",
    componentExternalIds: ["CMP-012"],
    state: "sent",
    profile: "strong",
    issuerKey: "procurement",
    issuedDaysAgo: 1,
    dueInDays: 29,
    message: "Part of onboarding: we need this before we can sign the contract for the eval harness.",
  },
];
