// The scoring engine: an assessment's answers and evidence, on a scoring date, under a methodology,
// give a rating for the supplier level, for each component in scope, and for the vendor.
//
// Rules (the issue's, made exact):
// - Points per question: see question-rules.ts and walk.ts (statuses in types.ts). Unanswered
//   visible required questions count 0; unanswered optional ones, N/A (where allowed), hidden,
//   context-only and unscored questions drop out.
// - Domain score = 100 · Σ w·p / Σ w over the counted questions; null when none counts.
// - Overall = Σ dw·domain / Σ dw over non-null domains (dw: the methodology's domain weights);
//   null when every domain is null. Both rounded to 6 decimals (see roundScore).
// - Grade = the thresholds' grade of the overall, then capped by the worst knock-out that fired.
//   No overall, no grade (the knock-out flags are still listed).
// - A component's rating = the supplier-level answers + that component's answers; supplier-level
//   knock-outs apply to every component. The vendor rating follows methodology.vendorRule.
// - Confidence = backed / scored answers, where scored answers are the questions with status
//   "scored" (an actual answer gave points) and backed means: for a file question, at least one
//   attached file valid on the scoring date; for any other question, a file uploaded for that
//   question in that scope (EvidenceInput.questionKey) valid on the scoring date. Null when nothing
//   is scored. The vendor's confidence counts the supplier-level answers once, then every component's.
import type { CalendarDate } from "../calendar";
import { invalidError } from "../errors";
import { SCORING_DOMAINS, type Grade } from "../templates/definition";
import { GRADE_RANK, gradeForScore, roundScore, worseGrade, type Methodology } from "./methodology";
import { buildLines, byDomain, withLazy } from "./lines";
import { scoringPlan, type PlanQuestion, type ScoringPlan } from "./plan";
import { dateNumber, validOn } from "./points";
import type { DomainSum, KnockoutFlag, Rating, RatingExplanation, ScoringInput, ScoringNotice, ScoringResult } from "./types";
import { vendorFromSupplier, vendorRating } from "./vendor";
import { results as newResults, scopeState, walkScope, type FiredKnockout, type Results, type ScopeState, type WalkContext } from "./walk";

const DOMAINS = SCORING_DOMAINS.length;
const OVERALL_RULE = "Overall = Σ (domain weight × domain score) / Σ domain weight, over the domains that have a score";
const CONFIDENCE_RULE = "Share of scored answers backed by evidence valid on the scoring date";

export function scoreAssessment(input: ScoringInput): ScoringResult {
  const { definition, componentIds, answers, evidence, scoringDate, methodology } = input;
  const scoringDay = dateNumber(scoringDate);
  if (scoringDay < 0) throw invalidError("scoringDate", `The scoring date must be a YYYY-MM-DD day, not ${JSON.stringify(scoringDate)}`);
  const plan = scoringPlan(definition);
  const size = plan.supplier.length + componentIds.length * plan.component.length;
  const results = newResults(size);
  if (plan.evidenceScratch.length < size) plan.evidenceScratch = new Uint8Array(size);
  const questionEvidence = plan.evidenceScratch;
  questionEvidence.fill(0, 0, size);
  const fileValidity = new Map<string, CalendarDate | null>();
  for (const e of evidence) fileValidity.set(e.id, e.validUntil);
  const ctx: WalkContext = { plan, methodology, scoringDate, scoringDay, fileValidity, results, questionEvidence };

  const supplier = scopeState(null, 0, DOMAINS);
  const components = componentIds.map((id, c) => scopeState(id, plan.supplier.length + c * plan.component.length, DOMAINS));
  const componentIndex = new Map<string, number>();
  componentIds.forEach((id, c) => componentIndex.has(id) || componentIndex.set(id, c));
  /** Where a question's answer in a scope sits in Results; -1 when that scope has no such question. */
  const slot = (question: PlanQuestion, componentId: string | null | undefined): number => {
    if (question.scope === "supplier") return componentId == null ? question.index : -1;
    const c = componentId == null ? undefined : componentIndex.get(componentId);
    return c === undefined ? -1 : components[c]!.offset + question.index;
  };
  // Answers for unknown questions, in the wrong scope or for components not in scope are ignored.
  for (const answer of answers) {
    const question = plan.byKey.get(answer.questionKey);
    const at = question ? slot(question, answer.componentId) : -1;
    if (at >= 0) results.answers[at] = answer;
  }
  for (const e of evidence) {
    if (e.questionKey === undefined || !validOn(e.validUntil, scoringDate)) continue;
    const question = plan.byKey.get(e.questionKey);
    const at = question ? slot(question, e.componentId) : -1;
    if (at >= 0) questionEvidence[at] = 1;
  }

  walkScope(plan.supplier, plan.referencedSupplier, supplier, ctx);
  const supplierRating = rating("supplier", [supplier], plan, results, methodology);
  const componentRatings: Record<string, Rating> = {};
  const list: Rating[] = [];
  for (const state of components) {
    walkScope(plan.component, plan.referencedComponent, state, ctx);
    const r = rating("component", [supplier, state], plan, results, methodology);
    componentRatings[state.componentId!] = r;
    list.push(r);
  }
  const vendor = list.length ? vendorRating(list, supplier, components, methodology) : vendorFromSupplier(supplierRating);
  return {
    methodologyVersion: methodology.version,
    scoringDate,
    supplier: supplierRating,
    components: componentRatings,
    vendor,
    confidence: vendor.confidence,
  };
}

function rating(scope: "supplier" | "component", parts: readonly ScopeState[], plan: ScoringPlan, results: Results, methodology: Methodology): Rating {
  const sums = new Array<number>(DOMAINS * 3).fill(0.5).fill(0);
  let scoredAnswers = 0;
  let backedAnswers = 0;
  const flags: KnockoutFlag[] = [];
  const notices: ScoringNotice[] = [];
  for (const part of parts) {
    for (let k = 0; k < sums.length; k++) sums[k] = sums[k]! + part.sums[k]!;
    scoredAnswers += part.scoredAnswers;
    backedAnswers += part.backedAnswers;
    for (const fired of part.fired) flags.push(flagOf(fired));
    for (const notice of part.notices) notices.push(notice);
  }
  const domains = byDomain((d) => (sums[d * 3]! > 0 ? roundScore((100 * sums[d * 3 + 1]!) / sums[d * 3]!) : null));
  let weightedScores = 0;
  let domainWeights = 0;
  for (const domain of SCORING_DOMAINS) {
    const score = domains[domain];
    if (score !== null) {
      weightedScores += methodology.domainWeights[domain] * score;
      domainWeights += methodology.domainWeights[domain];
    }
  }
  const overall = domainWeights > 0 ? roundScore(weightedScores / domainWeights) : null;
  const cap = worstCap(flags);
  const grade =
    overall === null ? null : cap !== null ? worseGrade(gradeForScore(overall, methodology.thresholds), cap) : gradeForScore(overall, methodology.thresholds);
  const componentId = parts[parts.length - 1]!.componentId;
  const base = { scope, componentId, overall, grade, domains, flags, notices, confidence: scoredAnswers > 0 ? backedAnswers / scoredAnswers : null };
  return withLazy(base, "explanation", (): RatingExplanation => {
    const domainSums = byDomain((d, domain): DomainSum => ({
      weight: sums[d * 3]!,
      weightedPoints: sums[d * 3 + 1]!,
      questions: sums[d * 3 + 2]!,
      score: domains[domain],
      domainWeight: methodology.domainWeights[domain],
    }));
    return {
      questions: buildLines(parts, plan, results, domainSums),
      domains: domainSums,
      overall: { weightedScores, domainWeights, rule: OVERALL_RULE },
      grade: gradeOf(overall, flags, methodology),
      confidence: { backed: backedAnswers, scoredAnswers, rule: CONFIDENCE_RULE },
    };
  });
}

function worstCap(flags: readonly KnockoutFlag[]): Grade | null {
  let cap: Grade | null = null;
  for (const flag of flags) if (cap === null || GRADE_RANK[flag.gradeCap] > GRADE_RANK[cap]) cap = flag.gradeCap;
  return cap;
}

function flagOf(fired: FiredKnockout): KnockoutFlag {
  const { question, knockout } = fired;
  return {
    questionKey: question.key,
    componentId: fired.componentId,
    severity: knockout.severity,
    message: knockout.message,
    gradeCap: knockout.gradeCap,
    answer: fired.answer,
    condition: knockout.condition,
  };
}

/** The grade with its thresholds, cap and reason in words (built with the explanation). */
function gradeOf(overall: number | null, flags: readonly KnockoutFlag[], methodology: Methodology): Rating["explanation"]["grade"] {
  const thresholds = methodology.thresholds;
  let cap: Grade | null = null;
  let capFlag: KnockoutFlag | null = null;
  for (const flag of flags) {
    if (cap === null || GRADE_RANK[flag.gradeCap] > GRADE_RANK[cap]) {
      cap = flag.gradeCap;
      capFlag = flag;
    }
  }
  if (overall === null) {
    const reason = `No grade: nothing is scorable${capFlag ? ` (a knock-out on ${capFlag.questionKey} would cap it at ${cap})` : ""}`;
    return { thresholds, byScore: null, cap, grade: null, reason };
  }
  const byScore = gradeForScore(overall, thresholds);
  const threshold = byScore === "E" ? `below the D threshold ${thresholds.D}` : `at or above the ${byScore} threshold ${thresholds[byScore]}`;
  if (cap !== null && capFlag && GRADE_RANK[cap] > GRADE_RANK[byScore]) {
    const where = capFlag.componentId ? ` for component ${capFlag.componentId}` : "";
    return {
      thresholds,
      byScore,
      cap,
      grade: cap,
      reason: `Score ${overall} is ${threshold}: ${byScore}; capped at ${cap} by the knock-out on ${capFlag.questionKey}${where}: ${capFlag.message}`,
    };
  }
  const note = cap !== null ? `; the knock-out cap ${cap} does not lower it` : "";
  return { thresholds, byScore, cap, grade: byScore, reason: `Score ${overall} is ${threshold}: ${byScore}${note}` };
}
