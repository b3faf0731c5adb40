// Properties of the scoring engine over random templates and answers (fast-check).
import fc from "fast-check";
import type { StoredAnswer } from "~/domain/assessment-progress";
import { scoreAssessment } from "~/domain/scoring/engine";
import { DEFAULT_METHODOLOGY, GRADE_RANK } from "~/domain/scoring/methodology";
import type { QuestionLine, Rating, ScoringInput } from "~/domain/scoring/types";
import { referencedQuestions } from "~/domain/templates/conditions";
import {
  GRADES,
  optionsOf,
  type Condition,
  type Question,
  type QuestionOption,
  type ScoringDomain,
  type TemplateDefinition,
} from "~/domain/templates/definition";
import { d } from "./scoring-fixtures";

const DOMAINS: ScoringDomain[] = ["governance", "bias_fairness", "security_privacy"];
const KINDS = ["single_choice", "yes_partial_no", "multi_choice", "number", "date", "file", "long_text", "context"] as const;
const COMPONENTS = ["c1", "c2"];
const EVIDENCE = [
  { id: "e-valid", validUntil: d("2027-01-01") },
  { id: "e-old", validUntil: d("2025-01-01") },
  { id: "e-open", validUntil: null },
];

interface QuestionSpec {
  kind: (typeof KINDS)[number];
  scope: "supplier" | "component";
  domain: number;
  weight: number;
  required: boolean;
  allowNa: boolean;
  scores: number[];
  multi: "mean" | "min" | "max" | "sum_capped";
  showIf: number | null;
  knockout: { option: number; cap: number } | null;
}

const specArb: fc.Arbitrary<QuestionSpec> = fc.record({
  kind: fc.constantFrom(...KINDS),
  scope: fc.constantFrom("supplier" as const, "component" as const),
  domain: fc.nat({ max: DOMAINS.length - 1 }),
  weight: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.double({ min: 0.1, max: 10, noNaN: true })),
  required: fc.boolean(),
  allowNa: fc.boolean(),
  scores: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 4 }),
  multi: fc.constantFrom("mean" as const, "min" as const, "max" as const, "sum_capped" as const),
  showIf: fc.option(fc.nat({ max: 30 }), { freq: 3 }),
  knockout: fc.option(fc.record({ option: fc.nat({ max: 3 }), cap: fc.nat({ max: 4 }) }), { freq: 4 }),
});

function optionList(scores: number[]): QuestionOption[] {
  return scores.map((score, i) => ({ value: `o${i}`, label: `Option ${i}`, score }));
}

/** Supplier questions first (conditions then only read earlier questions of a scope the reader sees). */
function buildDefinition(specs: QuestionSpec[]): TemplateDefinition {
  const ordered = [...specs.filter((s) => s.scope === "supplier"), ...specs.filter((s) => s.scope === "component")];
  const built: Question[] = [];
  ordered.forEach((spec, i) => {
    const key = `q${i}`;
    const base = { key, prompt: key, required: spec.required, weight: spec.weight, domain: DOMAINS[spec.domain]!, allowNa: spec.allowNa, refs: [] };
    let q: Question;
    switch (spec.kind) {
      case "single_choice":
      case "multi_choice":
        q = { ...base, type: spec.kind, options: optionList(spec.scores), scoring: spec.kind === "multi_choice" ? { multi: spec.multi } : undefined };
        break;
      case "yes_partial_no":
        q = { ...base, type: "yes_partial_no" };
        break;
      case "number":
        q = {
          ...base,
          type: "number",
          scoring: {
            bands: [
              { max: 10, score: spec.scores[0]! },
              { min: 10, score: spec.scores[1]! },
            ],
          },
        };
        break;
      case "date":
        q = { ...base, type: "date", scoring: { dateRule: { maxAgeMonths: 12, staleScore: spec.scores[0]! } } };
        break;
      case "file":
        q = { ...base, type: "file", scoring: { expiredFraction: spec.scores[0]! } };
        break;
      case "long_text":
        q = { ...base, type: "long_text" };
        break;
      case "context":
        q = { ...base, type: "yes_no", scoring: { contextOnly: true } };
        break;
    }
    // showIf: an earlier choice question that this one can see
    const visibleEarlier = built.filter(
      (e, j) => (e.type === "single_choice" || e.type === "yes_partial_no") && (ordered[j]!.scope === "supplier" || spec.scope === "component"),
    );
    if (spec.showIf !== null && visibleEarlier.length) {
      const target = visibleEarlier[spec.showIf % visibleEarlier.length]!;
      const values = (target.options ?? [{ value: "yes" }, { value: "partial" }, { value: "no" }]).map((o) => o.value);
      q.showIf = { question: target.key, equals: values[spec.showIf % values.length]! } satisfies Condition;
    }
    if (spec.knockout && (q.type === "single_choice" || q.type === "yes_partial_no")) {
      const values = (q.options ?? [{ value: "yes" }, { value: "partial" }, { value: "no" }]).map((o) => o.value);
      q.knockouts = [
        {
          when: { question: key, equals: values[spec.knockout.option % values.length]! },
          severity: "high",
          gradeCap: GRADES[spec.knockout.cap]!,
          message: `Knock-out ${key}`,
        },
      ];
    }
    built.push(q);
  });
  const supplier = built.filter((_, i) => ordered[i]!.scope === "supplier");
  const component = built.filter((_, i) => ordered[i]!.scope === "component");
  return {
    title: "Random",
    sections: [
      ...(supplier.length ? [{ key: "s", title: "S", scope: "supplier" as const, questions: supplier }] : []),
      ...(component.length ? [{ key: "c", title: "C", scope: "component" as const, questions: component }] : []),
    ],
  };
}

/** A valid value for the question, picked by `pick`. */
function validValue(q: Question, pick: number): unknown {
  const values = (
    q.options?.length ? q.options : q.type === "yes_no" ? [{ value: "yes" }, { value: "no" }] : [{ value: "yes" }, { value: "partial" }, { value: "no" }]
  ).map((o) => o.value);
  switch (q.type) {
    case "multi_choice":
      return values.filter((_, i) => (pick >> i) & 1);
    case "number":
      return pick % 20;
    case "date":
      return ["2025-01-15", "2025-09-30", "2026-02-01", "2026-12-31"][pick % 4];
    case "file":
      return [EVIDENCE[pick % 3]!.id];
    case "long_text":
      return "text";
    default:
      return values[pick % values.length];
  }
}

const answerArb = fc.record({ mode: fc.constantFrom("none", "na", "value", "value", "value", "wrong"), pick: fc.nat({ max: 1000 }) });

const inputArb = fc
  .array(specArb, { minLength: 1, maxLength: 14 })
  .chain((specs) => {
    const definition = buildDefinition(specs);
    const slots = definition.sections.flatMap((s) =>
      (s.scope === "supplier" ? [null] : COMPONENTS).flatMap((componentId) => s.questions.map((q) => ({ q, componentId }))),
    );
    return fc.tuple(fc.constant(definition), fc.constant(slots), fc.array(answerArb, { minLength: slots.length, maxLength: slots.length }));
  })
  .map(([definition, slots, picks]): ScoringInput => {
    const answers: StoredAnswer[] = [];
    slots.forEach(({ q, componentId }, i) => {
      const { mode, pick } = picks[i]!;
      if (mode === "none") return;
      const value = mode === "na" ? null : mode === "wrong" ? [{ nested: pick }, 3.5, "zzz", [7]][pick % 4] : validValue(q, pick);
      answers.push({ questionKey: q.key, componentId, value, isNa: mode === "na" });
    });
    return { definition, componentIds: COMPONENTS, answers, evidence: EVIDENCE, scoringDate: d("2026-03-01"), methodology: DEFAULT_METHODOLOGY };
  });

const ratingsOf = (r: ReturnType<typeof scoreAssessment>): Rating[] => [r.supplier, ...Object.values(r.components), r.vendor];
const pointsByLine = (rating: Rating) => new Map(rating.explanation.questions.map((l) => [`${l.componentId}:${l.questionKey}`, l]));

describe("scoring properties", () => {
  it("scores stay in 0-100 or null, points in [0, 1]; no grade without a score", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const rating of ratingsOf(scoreAssessment(input))) {
          for (const score of [rating.overall, ...Object.values(rating.domains)]) {
            if (score !== null) expect(score >= 0 && score <= 100).toBe(true);
          }
          expect(rating.grade === null).toBe(rating.overall === null);
          if (rating.confidence !== null) expect(rating.confidence >= 0 && rating.confidence <= 1).toBe(true);
          for (const line of rating.explanation.questions) if (line.points !== null) expect(line.points >= 0 && line.points <= 1).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the same input gives the same output, explanation included", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const first = JSON.stringify(scoreAssessment(input));
        const again = JSON.stringify(scoreAssessment(structuredClone(input)));
        expect(again).toBe(first);
        expect(JSON.parse(first).supplier.explanation.questions.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 150 },
    );
  });

  it("a knock-out that fires always caps the grade", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const rating of ratingsOf(scoreAssessment(input))) {
          if (rating.grade === null) continue;
          for (const flag of rating.flags) expect(GRADE_RANK[rating.grade]).toBeGreaterThanOrEqual(GRADE_RANK[flag.gradeCap]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("improving one answer (a higher option score) never lowers its domain score or the overall", () => {
    let exercised = 0;
    fc.assert(
      fc.property(inputArb, fc.nat(), fc.nat(), (input, which, pick) => {
        // a single-choice question no condition reads, so changing it cannot show or hide others
        // (knock-outs may read it: they cap grades, not scores)
        const read = new Set(input.definition.sections.flatMap((s) => s.questions.flatMap((q) => (q.showIf ? referencedQuestions(q.showIf) : []))));
        const candidates = input.definition.sections.flatMap((s) =>
          s.questions.filter((q) => (q.type === "single_choice" || q.type === "yes_partial_no") && !read.has(q.key)).map((q) => ({ q, scope: s.scope })),
        );
        if (!candidates.length) return;
        const { q, scope } = candidates[which % candidates.length]!;
        const componentId = scope === "supplier" ? null : COMPONENTS[pick % 2]!;
        const options = [...optionsOf(q)].sort((x, y) => x.score - y.score);
        const current = input.answers.find((x) => x.questionKey === q.key && x.componentId === componentId);
        const currentScore = current && !current.isNa ? optionsOf(q).find((o) => o.value === current.value)?.score : undefined;
        const better = options.filter((o) => currentScore === undefined || o.score >= currentScore);
        // from N/A, or from unanswered on an optional question (it then drops out), there is nothing to improve on
        if (!better.length || current?.isNa || (currentScore === undefined && !q.required)) return;
        exercised += 1;
        const chosen = better[pick % better.length]!;
        const improved = {
          ...input,
          answers: [...input.answers.filter((x) => x !== current), { questionKey: q.key, componentId, value: chosen.value, isNa: false }],
        };
        const before = scoreAssessment(input);
        const after = scoreAssessment(improved);
        const pairs: Array<[Rating, Rating]> = [[before.vendor, after.vendor]];
        if (scope === "supplier")
          pairs.push([before.supplier, after.supplier], ...COMPONENTS.map((c): [Rating, Rating] => [before.components[c]!, after.components[c]!]));
        else pairs.push([before.components[componentId!]!, after.components[componentId!]!]);
        for (const [b, a] of pairs) {
          const domain = q.domain;
          if (b.domains[domain] !== null) expect(a.domains[domain]!).toBeGreaterThanOrEqual(b.domains[domain]!);
          if (b.overall !== null) expect(a.overall!).toBeGreaterThanOrEqual(b.overall);
        }
      }),
      { numRuns: 400 },
    );
    expect(exercised).toBeGreaterThan(50);
  });

  it("N/A or hiding a question never changes other questions' points", () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), fc.boolean(), (input, which, hide) => {
        const all = input.definition.sections.flatMap((s) => s.questions);
        const q = all[which % all.length]!;
        let variant: ScoringInput;
        if (hide || !q.allowNa) {
          const definition = structuredClone(input.definition);
          const target = definition.sections.flatMap((s) => s.questions).find((x) => x.key === q.key)!;
          target.showIf = { all: [{ question: "nothing_here", equals: "never" }] };
          variant = { ...input, definition };
        } else {
          variant = {
            ...input,
            answers: [
              ...input.answers.filter((x) => x.questionKey !== q.key),
              ...(input.componentIds.length ? [null, ...COMPONENTS] : [null]).map((componentId) => ({
                questionKey: q.key,
                componentId,
                value: null,
                isNa: true,
              })),
            ],
          };
        }
        const before = scoreAssessment(input);
        const after = scoreAssessment(variant);
        ratingsOf(before).forEach((rating, r) => {
          const other = pointsByLine(ratingsOf(after)[r]!);
          for (const line of rating.explanation.questions) {
            if (line.questionKey === q.key) continue;
            const twin: QuestionLine = other.get(`${line.componentId}:${line.questionKey}`)!;
            if (line.status === "hidden" || twin.status === "hidden") continue;
            expect(twin.points).toBe(line.points);
            expect(twin.status).toBe(line.status);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it("a domain with nothing scorable is null, never 0 or 100", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const rating of ratingsOf(scoreAssessment(input)).slice(0, -1)) {
          for (const [domain, score] of Object.entries(rating.domains)) {
            const counted = rating.explanation.questions.filter((l) => l.domain === domain && l.points !== null);
            expect(score === null).toBe(counted.length === 0);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
