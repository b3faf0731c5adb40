// The OSCAL mappings (app/domain/oscal): the golden assessment and random ones export documents
// that validate against NIST's OSCAL 1.0.4 schemas, with unique UUIDs and ids, stable across runs;
// the mapping facts (a knock-out is a not-satisfied finding with a risk; an accepted risk is
// deviation-approved; evidence expiry is the observation's `expires`).
import fc from "fast-check";
import { assessmentResults, type AssessmentResultsInput } from "~/domain/oscal/assessment-results";
import { catalog, controlIds, type CatalogInput } from "~/domain/oscal/catalog";
import { isToken, toToken, TokenRegistry, uuidV5 } from "~/domain/oscal/ids";
import { scoreAssessment } from "~/domain/scoring/engine";
import type { FindingStatus, Severity } from "~/domain/review/findings";
import type { TemplateDefinition } from "~/domain/templates/definition";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { assessmentResultsErrors, catalogErrors } from "../support/oscal-schemas";
import { a, d, EV_EXPIRED, EV_ISO, EV_VALID, goldenDefinition, goldenInput } from "./scoring-fixtures";

const AID = "3f9c2f8e-8a1b-4c6d-9e0f-112233445566";
const X = "0b7c0d1e-0000-4000-8000-0000000000aa";
const Y = "0b7c0d1e-0000-4000-8000-0000000000bb";
const F_OPEN = "5a000000-0000-4000-8000-000000000001";
const F_ACCEPTED = "5a000000-0000-4000-8000-000000000002";
const at = (s: string) => new Date(s);

type Doc = { "assessment-results": any };

function goldenExport(over: { incident?: "yes" | "no"; supplierName?: string; findings?: AssessmentResultsInput["findings"]; comment?: string | null } = {}) {
  const scoring = goldenInput({
    componentIds: [X, Y],
    answers: goldenInput()
      .answers.map((ans) => (ans.questionKey === "s_incident" ? a("s_incident", null, over.incident ?? "no") : ans))
      .map((ans) => (ans.componentId === "x" ? { ...ans, componentId: X } : ans.componentId === "y" ? { ...ans, componentId: Y } : ans)),
    evidence: goldenInput().evidence.map((e) => ({ ...e, componentId: e.componentId === "x" ? X : e.componentId === "y" ? Y : e.componentId })),
  });
  const result = scoreAssessment(scoring);
  const input: AssessmentResultsInput = {
    baseUrl: "https://assay.example/",
    organisationName: "Buyer Bank",
    assessment: {
      id: AID,
      status: "under_review",
      supplierId: "7e000000-0000-4000-8000-000000000001",
      supplierName: over.supplierName ?? "Acme AI",
      templateName: "Golden",
      templateVersion: 2,
      templateId: "7e000000-0000-4000-8000-000000000002",
      templateVersionId: "7e000000-0000-4000-8000-000000000003",
      createdAt: at("2026-02-01T09:00:00.123Z"),
      submittedAt: at("2026-02-20T10:00:00Z"),
      closedAt: null,
    },
    definition: scoring.definition,
    components: [
      { id: X, name: "Vision API", version: "3.1" },
      { id: Y, name: "Text model", version: null },
    ],
    score: { id: "9c000000-0000-4000-8000-000000000001", computedAt: at("2026-03-01T08:00:00Z"), scoringDate: "2026-03-01", methodologyVersion: 1, result },
    answers: scoring.answers.map((ans) => ({
      ...ans,
      comment: ans.questionKey === "s_policy" ? (over.comment ?? null) : null,
      updatedAt: at("2026-02-19T12:00:00Z"),
    })),
    evidence: [
      {
        id: EV_VALID,
        fileName: "card-x.pdf",
        contentType: "application/pdf",
        sha256: "a".repeat(64),
        questionKey: "c_model_card",
        componentId: X,
        validUntil: "2026-12-31",
        createdAt: at("2026-02-10T00:00:00Z"),
      },
      {
        id: EV_ISO,
        fileName: "iso.pdf",
        contentType: "application/pdf",
        sha256: "b".repeat(64),
        questionKey: "s_iso",
        componentId: null,
        validUntil: null,
        createdAt: at("2026-02-10T00:00:00Z"),
      },
      {
        id: EV_EXPIRED,
        fileName: "card-y.pdf",
        contentType: "application/pdf",
        sha256: "c".repeat(64),
        questionKey: "c_model_card",
        componentId: Y,
        validUntil: "2025-12-31",
        createdAt: at("2026-02-10T00:00:00Z"),
      },
    ],
    findings: over.findings ?? [
      {
        id: F_OPEN,
        title: "No bias testing",
        description: null,
        severity: "high",
        status: "open",
        source: "answer",
        dueDate: "2026-04-30",
        questionKey: "c_bias",
        componentId: Y,
        createdAt: at("2026-03-02T00:00:00Z"),
      },
      {
        id: F_ACCEPTED,
        title: "Policy partial",
        description: "Only a draft policy.",
        severity: "medium",
        status: "risk_accepted",
        source: "answer",
        dueDate: null,
        questionKey: "s_policy",
        componentId: null,
        createdAt: at("2026-03-02T00:00:00Z"),
      },
    ],
    acceptances: [
      {
        id: "ac000000-0000-4000-8000-000000000001",
        findingId: F_ACCEPTED,
        componentId: null,
        systemName: null,
        residualRisk: null,
        rationale: "Compensating controls.",
        approverName: "Ada Admin",
        expiresOn: "2026-09-30",
        createdAt: at("2026-03-03T00:00:00Z"),
      },
      {
        id: "ac000000-0000-4000-8000-000000000002",
        findingId: null,
        componentId: X,
        systemName: "Credit model",
        residualRisk: "high",
        rationale: "Needed for launch.",
        approverName: "Rita Owner",
        expiresOn: "2026-10-31",
        createdAt: at("2026-03-04T00:00:00Z"),
      },
    ],
    decision: null,
    lastModified: at("2026-03-04T00:00:00Z"),
  };
  return { input, doc: assessmentResults(input) as Doc };
}

describe("OSCAL ids", () => {
  it("makes RFC 9562 version-5 UUIDs (the RFC's DNS example)", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });
  it("turns any text into a token, and keeps tokens unique", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 12 }), { maxLength: 30 }), (names) => {
        const registry = new TokenRegistry();
        const ids = names.map((n) => registry.claim(n));
        expect(ids.every(isToken)).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
    expect(toToken("EU-AI-ACT:Art.10")).toBe("eu-ai-act-art.10");
    expect(toToken("9 lives")).toBe("_9-lives");
  });
});

describe("OSCAL assessment results", () => {
  it("the golden assessment validates against the OSCAL 1.0.4 schema", () => {
    const { doc } = goldenExport();
    expect(assessmentResultsErrors(doc)).toEqual([]);
    expect(doc["assessment-results"].metadata["oscal-version"]).toBe("1.0.4");
  });

  it("maps a knock-out to a not-satisfied finding with an open risk", () => {
    const result = goldenExport().doc["assessment-results"].results[0];
    const risk = result.risks.find((r: any) => r.title === "Knock-out: No incident-notification commitment");
    expect(risk).toMatchObject({ status: "open" });
    expect(risk.characterizations[0].facets[0]).toMatchObject({ name: "severity", value: "critical" });
    const finding = result.findings.find((f: any) => f.target["target-id"] === "s_incident");
    expect(finding.target).toEqual({ type: "objective-id", "target-id": "s_incident", status: { state: "not-satisfied" } });
    expect(finding["related-risks"]).toContainEqual({ "risk-uuid": risk.uuid });
    // With the commitment given, no knock-out, and the finding is satisfied.
    const fine = goldenExport({ incident: "yes" }).doc["assessment-results"].results[0];
    expect(fine.risks.some((r: any) => r.title.startsWith("Knock-out"))).toBe(false);
    expect(fine.findings.find((f: any) => f.target["target-id"] === "s_incident").target.status.state).toBe("satisfied");
  });

  it("maps findings to risks: open with its deadline, accepted as deviation-approved; a component acceptance too", () => {
    const result = goldenExport().doc["assessment-results"].results[0];
    const open = result.risks.find((r: any) => r.title === "No bias testing");
    expect(open).toMatchObject({ status: "open", deadline: "2026-04-30T23:59:59Z" });
    const accepted = result.risks.find((r: any) => r.title === "Policy partial");
    expect(accepted.status).toBe("deviation-approved");
    expect(accepted["risk-log"].entries[0]).toMatchObject({ "status-change": "deviation-approved", end: "2026-09-30T23:59:59Z" });
    expect(accepted.props).toContainEqual(expect.objectContaining({ name: "accepted-by", value: "Ada Admin" }));
    const component = result.risks.find((r: any) => r.title === "Residual risk of Vision API accepted for Credit model");
    expect(component.status).toBe("deviation-approved");
    // The partial policy answer is a not-satisfied finding that points at the accepted risk.
    const policy = result.findings.find((f: any) => f.target["target-id"] === "s_policy");
    expect(policy.target.status.state).toBe("not-satisfied");
    expect(policy["related-risks"]).toEqual([{ "risk-uuid": accepted.uuid }]);
  });

  it("maps answers to observations with their evidence, its link and the earliest expiry", () => {
    const result = goldenExport().doc["assessment-results"].results[0];
    const card = result.observations.find((o: any) => o.title === "Question c_model_card? (Vision API)");
    expect(card.methods).toEqual(["EXAMINE", "INTERVIEW"]);
    expect(card.expires).toBe("2026-12-31T23:59:59Z");
    expect(card["relevant-evidence"][0]).toMatchObject({
      href: `https://assay.example/assessments/${AID}/evidence/${EV_VALID}`,
      description: "card-x.pdf, valid until 2026-12-31",
    });
    expect(card.subjects[0]).toMatchObject({ type: "component", title: "Vision API" });
    const iso = result.observations.find((o: any) => o.title === "Question s_iso?");
    expect(iso.expires).toBeUndefined();
    const policy = result.observations.find((o: any) => o.title === "Question s_policy?");
    expect(policy.methods).toEqual(["INTERVIEW"]);
    expect(policy.description).toBe("Answer: Partly");
    // Every question shown is a reviewed control; the N/A answer is observed but not a finding.
    expect(result["reviewed-controls"]["control-selections"][0]["include-controls"].map((c: any) => c["control-id"])).toContain("c_bias");
    expect(result.observations.some((o: any) => o.title === "Question c_bias? (Text model)")).toBe(true);
    expect(result.findings.some((f: any) => f.title === "Question c_bias? (Text model)")).toBe(false);
  });

  it("is the same document on every run, and another assessment gets other UUIDs", () => {
    expect(JSON.stringify(goldenExport().doc)).toBe(JSON.stringify(goldenExport().doc));
    const { input } = goldenExport();
    const other = assessmentResults({ ...input, assessment: { ...input.assessment, id: "3f9c2f8e-8a1b-4c6d-9e0f-000000000000" } }) as Doc;
    expect(other["assessment-results"].uuid).not.toBe(goldenExport().doc["assessment-results"].uuid);
  });

  const SEVERITIES: Severity[] = ["low", "medium", "high", "critical"];
  const STATUSES: FindingStatus[] = ["open", "remediating", "risk_accepted", "closed"];
  // Any text, and often the shapes OSCAL's single-line patterns refuse: blanks around, line breaks, nothing.
  const text = fc.oneof(
    fc.string({ unit: "grapheme", minLength: 0, maxLength: 40 }),
    fc.constantFrom(" padded ", "line\nbreak", "", "\t", "=HYPERLINK(1)", "Zoë Ωmega 株式会社"),
  );
  const findingArb = fc.record({
    title: fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
    description: fc.option(text),
    severity: fc.constantFrom(...SEVERITIES),
    status: fc.constantFrom(...STATUSES),
    dueDate: fc.option(fc.constantFrom("2026-01-31", "2027-02-28", "2028-02-29")),
    question: fc.constantFrom(null, "s_policy", "s_incident", "c_bias"),
  });

  it("every export of a random scored golden assessment validates, with unique UUIDs", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("yes" as const, "no" as const),
        text,
        fc.option(text),
        fc.array(findingArb, { maxLength: 6 }),
        (incident, supplierName, comment, specs) => {
          const findings = specs.map((s, i) => ({
            id: `5a000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
            title: s.title,
            description: s.description,
            severity: s.severity,
            status: s.status,
            source: "answer" as const,
            dueDate: s.dueDate,
            questionKey: s.question,
            componentId: s.question?.startsWith("c_") ? X : null,
            createdAt: at("2026-03-02T00:00:00Z"),
          }));
          const { doc } = goldenExport({ incident, supplierName, comment, findings });
          expect(assessmentResultsErrors(doc)).toEqual([]);
          const uuids = [...JSON.stringify(doc).matchAll(/"uuid":"([^"]+)"/g)].map((m) => m[1]);
          expect(new Set(uuids).size).toBe(uuids.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("random answers to the golden template (some missing, N/A, partial) export valid documents", () => {
    const answerArb = fc.record({
      policy: fc.constantFrom("yes", "partial", "no", null),
      iso: fc.constantFrom("certified", "in_progress", "none", null),
      notice: fc.option(fc.integer({ min: 0, max: 90 })),
      bias: fc.constantFrom("yes", "partial", "no", null),
    });
    fc.assert(
      fc.property(answerArb, (ans) => {
        const base = goldenInput();
        const answers = [
          ...(ans.policy ? [a("s_policy", null, ans.policy)] : []),
          ...(ans.iso ? [a("s_iso", null, ans.iso)] : []),
          a("s_incident", null, "yes"),
          ...(ans.notice !== null ? [a("c_notice_days", "x", ans.notice)] : []),
          ...(ans.bias ? [a("c_bias", "x", ans.bias)] : [a("c_bias", "x", null, true)]),
        ];
        const result = scoreAssessment({ ...base, answers, componentIds: ["x"], evidence: [] });
        const { input } = goldenExport();
        const doc = assessmentResults({
          ...input,
          components: [{ id: "x", name: "X", version: null }],
          score: { ...input.score, result },
          answers: answers.map((x) => ({ ...x, comment: null, updatedAt: at("2026-02-19T12:00:00Z") })),
          evidence: [],
          findings: [],
          acceptances: [],
        });
        expect(assessmentResultsErrors(doc)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

describe("OSCAL catalog", () => {
  const input = (definition: TemplateDefinition): CatalogInput => ({
    templateId: "7e000000-0000-4000-8000-000000000002",
    versionId: "7e000000-0000-4000-8000-000000000003",
    templateName: "AI supplier due diligence",
    version: 3,
    status: "published",
    definition,
    lastModified: at("2026-01-05T10:00:00Z"),
    publishedAt: at("2026-01-05T10:00:00Z"),
  });

  it("the built-in template's catalog validates: sections as groups, questions as controls, framework references", () => {
    const doc = catalog(input(AI_SUPPLIER_DUE_DILIGENCE)) as any;
    expect(catalogErrors(doc)).toEqual([]);
    expect(doc.catalog.metadata["oscal-version"]).toBe("1.0.4");
    expect(doc.catalog.groups).toHaveLength(AI_SUPPLIER_DUE_DILIGENCE.sections.length);
    const questions = AI_SUPPLIER_DUE_DILIGENCE.sections.flatMap((s) => s.questions);
    const controls = doc.catalog.groups.flatMap((g: any) => g.controls ?? []);
    expect(controls).toHaveLength(questions.length);
    const withRef = questions.find((q) => q.refs.some((r) => r.startsWith("ISO42001:")))!;
    const control = controls.find((c: any) => c.id === withRef.key);
    expect(control.title).toBe(withRef.prompt);
    expect(control.parts[0]).toMatchObject({ name: "statement", prose: withRef.prompt });
    const ref = withRef.refs.find((r) => r.startsWith("ISO42001:"))!;
    expect(control.props).toContainEqual(expect.objectContaining({ name: "framework-reference", value: ref, class: "iso42001" }));
    const link = control.links.find((l: any) => l.text === ref);
    const resource = doc.catalog["back-matter"].resources.find((r: any) => `#${r.uuid}` === link.href);
    expect(resource.title).toContain("ISO/IEC 42001");
    const withHelp = questions.find((q) => q.help)!;
    expect(controls.find((c: any) => c.id === withHelp.key).parts).toContainEqual(expect.objectContaining({ name: "guidance", prose: withHelp.help }));
  });

  it("random definitions give valid catalogs with unique ids; the assessment results use the same control ids", () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
    const questionArb = fc.record({
      key,
      prompt: fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
      help: fc.option(fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }), { nil: undefined }),
      refs: fc.array(fc.constantFrom("ISO42001:A.7.5", "EU-AI-ACT:Art.10", "NIST-AI-RMF:GOVERN-6.1", "EU-AI-ACT:Art.53(1)(d)", "Other:1"), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(questionArb, { selector: (q) => q.key, minLength: 1, maxLength: 12 }),
        fc.uniqueArray(key, { minLength: 1, maxLength: 3 }),
        (qs, sectionKeys) => {
          const definition: TemplateDefinition = {
            title: "Random",
            sections: sectionKeys.map((k, i) => ({
              key: k,
              title: `Section ${k}`,
              scope: "supplier" as const,
              questions: qs
                .filter((_, j) => j % sectionKeys.length === i)
                .map((q) => ({ ...q, type: "yes_no" as const, required: true, weight: 1, domain: "governance" as const, allowNa: false })),
            })),
          };
          const doc = catalog(input(definition)) as any;
          expect(catalogErrors(doc)).toEqual([]);
          const ids = [...JSON.stringify(doc).matchAll(/"id":"([^"]+)"/g)].map((m) => m[1]);
          expect(new Set(ids).size).toBe(ids.length);
          const mapped = controlIds(definition);
          for (const q of qs) expect(ids).toContain(mapped.controls.get(q.key));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a question key that collides with another's part id still gets a unique id", () => {
    const def = goldenDefinition();
    def.sections[0]!.questions.push({ ...def.sections[0]!.questions[0]!, key: "s_policy_smt" });
    const ids = controlIds(def);
    expect(ids.controls.get("s_policy_smt")).toBe("s_policy_smt");
    expect(ids.statements.get("s_policy")).not.toBe("s_policy_smt");
    expect(catalogErrors(catalog(input(def)))).toEqual([]);
    void d;
  });
});
