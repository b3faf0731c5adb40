// One scored assessment as an OSCAL 1.0.4 assessment-results document (docs/decisions/0026):
// - the questionnaire's questions are the reviewed controls (ids shared with the catalog export);
// - each answer is an observation (INTERVIEW; EXAMINE too when evidence backs it), its evidence
//   files as relevant evidence with their download link, and `expires` from the earliest expiry;
// - each counted answer is a finding on its question (objective-id): satisfied at full points,
//   not-satisfied below that, when a required answer is missing, or when a knock-out fired;
// - knock-outs, the review's findings and accepted residual risks are risks: a finding's status
//   maps to OSCAL's (risk accepted → deviation-approved), its due date is the deadline, its
//   severity a characterization.
// UUIDs are name-based from the assessment id and each element's key: the same data exports the same document.
import { describeValue } from "../answers";
import { OSCAL_RISK_STATUS, type FindingSource, type FindingStatus, type Severity } from "../review/findings";
import type { Decision } from "../review/decision";
import type { KnockoutFlag, QuestionLine, ScoringResult } from "../scoring/types";
import type { Question, TemplateDefinition } from "../templates/definition";
import { controlIds, prop, some } from "./catalog";
import { ASSAY_OSCAL_NS, dateTime, endOfDay, OSCAL_VERSION, singleLine, uuidsFor } from "./ids";
import type { OscalLink, OscalProperty } from "./types";

export interface AssessmentResultsInput {
  /** The app's address (no trailing slash): links to the assessment, evidence downloads and findings. */
  baseUrl: string;
  organisationName: string | null;
  assessment: {
    id: string;
    status: string;
    supplierId: string;
    supplierName: string;
    templateName: string;
    templateVersion: number;
    templateId: string;
    templateVersionId: string;
    createdAt: Date;
    submittedAt: Date | null;
    closedAt: Date | null;
  };
  definition: TemplateDefinition;
  components: ReadonlyArray<{ id: string; name: string; version: string | null }>;
  score: { id: string; computedAt: Date; scoringDate: string; methodologyVersion: number; result: ScoringResult };
  /** The stored answers (the vendor's comment included; internal notes never). */
  answers: ReadonlyArray<{ questionKey: string; componentId: string | null; value: unknown; isNa: boolean; comment: string | null; updatedAt: Date }>;
  evidence: ReadonlyArray<{
    id: string;
    fileName: string;
    contentType: string;
    sha256: string;
    questionKey: string;
    componentId: string | null;
    validUntil: string | null;
    createdAt: Date;
  }>;
  findings: ReadonlyArray<{
    id: string;
    title: string;
    description: string | null;
    severity: Severity;
    status: FindingStatus;
    source: FindingSource;
    dueDate: string | null;
    questionKey: string | null;
    componentId: string | null;
    createdAt: Date;
  }>;
  /** Risk acceptances in force: of one finding, or of a component's whole residual risk. */
  acceptances: ReadonlyArray<{
    id: string;
    findingId: string | null;
    componentId: string | null;
    systemName: string | null;
    residualRisk: string | null;
    rationale: string;
    approverName: string;
    expiresOn: string;
    createdAt: Date;
  }>;
  decision: { decision: Decision; label: string; rationale: string; decidedAt: Date; decidedByName: string | null; validUntil: string | null } | null;
  /** The newest change among everything exported: the document's last-modified and version. */
  lastModified: Date;
}

type Json = Record<string, unknown>;

/** Each answer once: supplier-level lines from the supplier rating, component lines from each component's. */
function distinctLines(result: ScoringResult): QuestionLine[] {
  const out = [...result.supplier.explanation.questions];
  for (const rating of Object.values(result.components)) out.push(...rating.explanation.questions.filter((l) => l.componentId !== null));
  return out;
}

/** Each knock-out once (a supplier-level one shows in every rating). */
function distinctFlags(result: ScoringResult): KnockoutFlag[] {
  const seen = new Set<string>();
  const out: KnockoutFlag[] = [];
  for (const flag of [...result.supplier.flags, ...Object.values(result.components).flatMap((r) => r.flags)]) {
    const key = `${flag.componentId ?? ""}:${flag.questionKey}:${flag.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(flag);
    }
  }
  return out;
}

const scopeKey = (componentId: string | null) => componentId ?? "supplier";
const lineKey = (componentId: string | null, questionKey: string) => `${scopeKey(componentId)}:${questionKey}`;

export function assessmentResults(input: AssessmentResultsInput): Json {
  const { assessment, score } = input;
  const uuid = uuidsFor(`assessment:${assessment.id}`);
  const ids = controlIds(input.definition);
  const questions = new Map<string, Question>();
  for (const section of input.definition.sections) for (const q of section.questions) questions.set(q.key, q);
  const componentNames = new Map(input.components.map((c) => [c.id, c.name]));
  const where = (componentId: string | null) => (componentId ? ` (${componentNames.get(componentId) ?? componentId})` : "");
  const base = input.baseUrl.replace(/\/+$/, "");

  const orgParty = uuid("party:organisation");
  const supplierParty = uuid("party:supplier");
  const platform = uuid("assessment-platform:assay");
  const subjectOf = (componentId: string | null) =>
    componentId
      ? { "subject-uuid": uuid(`component:${componentId}`), type: "component", title: componentNames.get(componentId) ?? componentId }
      : { "subject-uuid": supplierParty, type: "party", title: assessment.supplierName };
  const byPlatform = [{ actors: [{ type: "assessment-platform", "actor-uuid": platform }] }];
  const byOrganisation = [{ actors: [{ type: "party", "actor-uuid": orgParty }] }];
  const severityFacets = (severity: string) => [{ origin: byOrganisation[0], facets: [{ name: "severity", system: ASSAY_OSCAL_NS, value: severity }] }];

  const lines = distinctLines(score.result).filter((l) => l.status !== "hidden");
  const answers = new Map(input.answers.map((a) => [lineKey(a.componentId, a.questionKey), a]));

  // Observations: one per stored answer of a visible question.
  const observationOf = new Map<string, string>();
  const observations: Json[] = [];
  for (const line of lines) {
    const key = lineKey(line.componentId, line.questionKey);
    const answer = answers.get(key);
    if (!answer) continue;
    const q = questions.get(line.questionKey);
    const words = q ? describeValue(q, answer.value, answer.isNa) : String(answer.value ?? "");
    const files = input.evidence.filter((e) => e.questionKey === line.questionKey && e.componentId === line.componentId);
    const expiries = files.map((f) => f.validUntil).filter((d): d is string => d !== null);
    const earliest = expiries.length ? expiries.reduce((a, b) => (a < b ? a : b)) : null;
    const id = uuid(`observation:${key}`);
    observationOf.set(key, id);
    observations.push({
      uuid: id,
      title: `${q?.prompt ?? line.questionKey}${where(line.componentId)}`,
      description: `Answer: ${words || "(empty)"}`,
      props: [
        ...prop("question-key", line.questionKey),
        ...prop("control-id", ids.controls.get(line.questionKey)),
        ...prop("scoring-status", line.status),
        ...prop("points", line.points),
        ...prop("weight", line.weight),
        ...prop("evidence-valid", line.evidenceValid),
      ],
      methods: files.length ? ["EXAMINE", "INTERVIEW"] : ["INTERVIEW"],
      types: ["control-objective"],
      subjects: [subjectOf(line.componentId)],
      ...some(
        "relevant-evidence",
        files.map((f) => ({
          href: `${base}/assessments/${assessment.id}/evidence/${f.id}`,
          description: `${f.fileName}${f.validUntil ? `, valid until ${f.validUntil}` : ", no expiry declared"}`,
          props: [...prop("file-name", f.fileName), ...prop("media-type", f.contentType), ...prop("sha256", f.sha256), ...prop("valid-until", f.validUntil)],
        })),
      ),
      collected: dateTime(answer.updatedAt),
      ...(earliest ? { expires: endOfDay(earliest) } : {}),
      ...(answer.comment?.trim() ? { remarks: `Vendor's comment: ${answer.comment}` } : {}),
    });
  }

  // Risks: knock-outs, the review's findings, accepted residual risks.
  const risks: Json[] = [];
  const risksByLine = new Map<string, string[]>();
  const relate = (key: string, riskId: string) => risksByLine.set(key, [...(risksByLine.get(key) ?? []), riskId]);
  const flags = distinctFlags(score.result);
  const knockedOut = new Set<string>();
  flags.forEach((flag) => {
    const key = lineKey(flag.componentId, flag.questionKey);
    knockedOut.add(key);
    const id = uuid(`risk:knockout:${key}:${flag.message}`);
    relate(key, id);
    const prompt = questions.get(flag.questionKey)?.prompt ?? flag.questionKey;
    risks.push({
      uuid: id,
      title: `Knock-out: ${flag.message}`,
      description: `The answer to "${prompt}"${where(flag.componentId)} triggered a ${flag.severity} knock-out (${flag.condition}); the grade is capped at ${flag.gradeCap}.`,
      statement: flag.message,
      props: [...prop("knock-out", true), ...prop("question-key", flag.questionKey), ...prop("grade-cap", flag.gradeCap), ...prop("severity", flag.severity)],
      status: "open",
      origins: byPlatform,
      characterizations: [{ origin: byPlatform[0], facets: [{ name: "severity", system: ASSAY_OSCAL_NS, value: flag.severity }] }],
      ...some("related-observations", observationOf.has(key) ? [{ "observation-uuid": observationOf.get(key)! }] : []),
    });
  });

  const acceptanceOf = new Map(input.acceptances.filter((a) => a.findingId).map((a) => [a.findingId!, a]));
  for (const f of input.findings) {
    const id = uuid(`risk:finding:${f.id}`);
    const key = f.questionKey ? lineKey(f.componentId, f.questionKey) : null;
    if (key) relate(key, id);
    const acceptance = f.status === "risk_accepted" ? acceptanceOf.get(f.id) : undefined;
    const active = f.status === "open" || f.status === "remediating";
    const links: OscalLink[] = [{ href: `${base}/findings/${f.id}`, rel: "related", text: "The finding in Assay" }];
    risks.push({
      uuid: id,
      title: f.title,
      description: f.description?.trim() ? f.description : f.title,
      statement: `${f.title}${where(f.componentId)}`,
      props: [
        ...prop("finding-id", f.id),
        ...prop("severity", f.severity),
        ...prop("source", f.source),
        ...prop("question-key", f.questionKey),
        ...prop("assay-status", f.status),
        ...(acceptance ? [...prop("accepted-by", acceptance.approverName), ...prop("acceptance-expires", acceptance.expiresOn)] : []),
      ],
      links,
      status: OSCAL_RISK_STATUS[f.status],
      origins: byOrganisation,
      characterizations: severityFacets(f.severity),
      ...(active && f.dueDate ? { deadline: endOfDay(f.dueDate) } : {}),
      ...(acceptance
        ? {
            "risk-log": {
              entries: [
                {
                  uuid: uuid(`risk-log:acceptance:${acceptance.id}`),
                  title: "Risk accepted",
                  description: `Accepted by ${acceptance.approverName} until ${acceptance.expiresOn}: ${acceptance.rationale}`,
                  start: dateTime(acceptance.createdAt),
                  end: endOfDay(acceptance.expiresOn),
                  "status-change": "deviation-approved",
                },
              ],
            },
          }
        : {}),
      ...some("related-observations", key && observationOf.has(key) ? [{ "observation-uuid": observationOf.get(key)! }] : []),
    });
  }
  for (const a of input.acceptances.filter((x) => !x.findingId && x.componentId)) {
    const name = componentNames.get(a.componentId!) ?? a.componentId!;
    risks.push({
      uuid: uuid(`risk:acceptance:${a.id}`),
      title: `Residual risk of ${name} accepted${a.systemName ? ` for ${a.systemName}` : ""}`,
      description: `Accepted by ${a.approverName} until ${a.expiresOn}: ${a.rationale}`,
      statement: `The residual risk of ${name}${a.residualRisk ? ` (${a.residualRisk})` : ""} is accepted.`,
      props: [
        ...prop("acceptance-id", a.id),
        ...prop("residual-risk", a.residualRisk),
        ...prop("accepted-by", a.approverName),
        ...prop("acceptance-expires", a.expiresOn),
        ...prop("internal-system", a.systemName),
      ],
      status: "deviation-approved",
      origins: byOrganisation,
      ...(a.residualRisk ? { characterizations: severityFacets(a.residualRisk) } : {}),
      "risk-log": {
        entries: [
          {
            uuid: uuid(`risk-log:acceptance:${a.id}`),
            title: "Risk accepted",
            start: dateTime(a.createdAt),
            end: endOfDay(a.expiresOn),
            "status-change": "deviation-approved",
          },
        ],
      },
    });
  }

  // Findings: one per counted answer (or knock-out) on its question.
  const findings: Json[] = [];
  for (const line of lines) {
    const key = lineKey(line.componentId, line.questionKey);
    const counted = line.points !== null;
    if (!counted && !knockedOut.has(key)) continue;
    const satisfied = counted && line.points === 1 && !knockedOut.has(key);
    const q = questions.get(line.questionKey);
    const why = knockedOut.has(key)
      ? "A knock-out fired on this answer."
      : line.status === "unanswered_required"
        ? "A required question was left unanswered."
        : satisfied
          ? "The answer earns full points."
          : `The answer earns ${line.points} of 1 point.`;
    findings.push({
      uuid: uuid(`finding:${key}`),
      title: `${q?.prompt ?? line.questionKey}${where(line.componentId)}`,
      description: `${why} ${line.reason}`.trim(),
      props: [
        ...prop("question-key", line.questionKey),
        ...prop("points", line.points),
        ...prop("weight", line.weight),
        ...prop("scoring-status", line.status),
      ],
      target: {
        type: "objective-id",
        "target-id": ids.controls.get(line.questionKey) ?? line.questionKey,
        status: { state: satisfied ? "satisfied" : "not-satisfied" },
      },
      ...some("related-observations", observationOf.has(key) ? [{ "observation-uuid": observationOf.get(key)! }] : []),
      ...some(
        "related-risks",
        (risksByLine.get(key) ?? []).map((r) => ({ "risk-uuid": r })),
      ),
    });
  }

  const reviewed = [...new Set(lines.map((l) => l.questionKey))].map((k) => ({ "control-id": ids.controls.get(k) ?? k }));
  const supplierRating = score.result.vendor;
  const decision = input.decision;
  const resultProps: OscalProperty[] = [
    ...prop("assessment-status", assessment.status),
    ...prop("grade", supplierRating.grade),
    ...prop("overall-score", supplierRating.overall === null ? null : Math.round(supplierRating.overall * 100) / 100),
    ...prop("confidence", score.result.confidence === null ? null : Math.round(score.result.confidence * 1000) / 1000),
    ...prop("scoring-date", score.scoringDate),
    ...prop("methodology-version", score.methodologyVersion),
    ...prop("decision", decision?.decision),
    ...prop("decision-valid-until", decision?.validUntil),
  ];
  const components = input.components.map((c) => ({
    uuid: uuid(`component:${c.id}`),
    type: "service",
    title: c.name,
    description: `AI component ${c.name}${c.version ? `, version ${c.version}` : ""}, supplied by ${assessment.supplierName}.`,
    props: [...prop("component-id", c.id), ...prop("version", c.version)],
    status: { state: "operational" },
  }));
  const end = decision?.decidedAt ?? assessment.closedAt ?? score.computedAt;
  const lastModified = dateTime(input.lastModified);

  return {
    "assessment-results": {
      uuid: uuid(`document:${lastModified}:${score.id}`),
      metadata: {
        title: `AI supplier assessment: ${assessment.supplierName}`,
        "last-modified": lastModified,
        version: lastModified,
        "oscal-version": OSCAL_VERSION,
        props: [...prop("assessment-id", assessment.id), ...prop("template", assessment.templateName), ...prop("template-version", assessment.templateVersion)],
        links: [{ href: `${base}/assessments/${assessment.id}`, rel: "alternate", text: "The assessment in Assay" }],
        roles: [
          { id: "assessor", title: "Assessor" },
          { id: "supplier", title: "Supplier assessed" },
        ],
        parties: [
          { uuid: orgParty, type: "organization", name: singleLine(input.organisationName) ?? "Assessing organisation" },
          {
            uuid: supplierParty,
            type: "organization",
            name: singleLine(assessment.supplierName) ?? "Supplier",
            props: prop("supplier-id", assessment.supplierId),
          },
        ],
        "responsible-parties": [
          { "role-id": "assessor", "party-uuids": [orgParty] },
          { "role-id": "supplier", "party-uuids": [supplierParty] },
        ],
      },
      "import-ap": {
        href: `${base}/assessments/${assessment.id}`,
        remarks: `The plan is the questionnaire ${assessment.templateName} (version ${assessment.templateVersion}) sent to the supplier; its questions are published as an OSCAL catalog at ${base}/templates/${assessment.templateId}/versions/${assessment.templateVersionId}/oscal-catalog.json.`,
      },
      results: [
        {
          uuid: uuid("result"),
          title: `${assessment.templateName} (version ${assessment.templateVersion}): ${assessment.supplierName}`,
          description: `Due-diligence questionnaire answered by ${assessment.supplierName}, scored on ${score.scoringDate}${
            supplierRating.grade ? ` (grade ${supplierRating.grade})` : ""
          }${decision ? `; decision: ${decision.label}` : ""}.`,
          start: dateTime(assessment.createdAt),
          end: dateTime(end),
          props: resultProps,
          "local-definitions": {
            ...some("components", components),
            "assessment-assets": { "assessment-platforms": [{ uuid: platform, title: "Assay" }] },
          },
          "reviewed-controls": {
            description: `The questions of ${assessment.templateName}, version ${assessment.templateVersion}, shown to this supplier.`,
            "control-selections": [reviewed.length ? { "include-controls": reviewed } : { "include-all": {} }],
          },
          ...some("observations", observations),
          ...some("risks", risks),
          ...some("findings", findings),
          ...(decision
            ? { remarks: `Decision: ${decision.label}${decision.decidedByName ? ` by ${decision.decidedByName}` : ""}. ${decision.rationale}`.trim() }
            : {}),
        },
      ],
    },
  };
}
