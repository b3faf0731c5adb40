// The scoring methodology as data: thresholds, weights, defaults and the risk matrix. Each change
// is a new version, and a stored score names the version it used, so old scores stay reproducible.
import * as z from "zod";
import { CRITICALITIES } from "../inventory";
import { GRADES, MULTI_RULES, SCORING_DOMAINS, type Grade, type MultiRule, type ScoringDomain } from "../templates/definition";
import { zodProblems, type DefinitionProblem } from "../templates/validate";

/** Inherent risk of a component and residual risk of a rating share the four criticality levels. */
export const RISK_LEVELS = CRITICALITIES;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type InherentRisk = RiskLevel;
export type ResidualRisk = RiskLevel;

/**
 * How the vendor's rating comes from its components' ratings. Only one rule exists today:
 * "weakest_component": the vendor's overall is the lowest component overall, each domain the
 * lowest component score in that domain, and its grade the worst component grade (knock-outs
 * included). A component rating already holds the supplier-level answers, so nothing is lost;
 * with no component in scope the vendor rating is the supplier-level rating.
 */
export const VENDOR_RULES = ["weakest_component"] as const;
export type VendorRule = (typeof VENDOR_RULES)[number];

export const VENDOR_RULE_TEXT: Record<VendorRule, string> = {
  weakest_component:
    "A vendor is no better than its weakest component in use: its score is the lowest component score, each domain the lowest component score in that domain, and its grade the worst component grade.",
};

export interface Methodology {
  version: number;
  /** Lowest overall score for each grade; E is everything below D. */
  thresholds: Record<Exclude<Grade, "E">, number>;
  domainWeights: Record<ScoringDomain, number>;
  multiDefault: MultiRule;
  /** Points for a file question whose evidence is attached but expired on the scoring date. */
  expiredEvidenceFraction: number;
  vendorRule: VendorRule;
  riskMatrix: Record<InherentRisk, Record<Grade, ResidualRisk>>;
  /** Months between reviews of a component, by its inherent risk. */
  reassessmentMonths: Record<InherentRisk, number>;
}

export const DEFAULT_METHODOLOGY: Methodology = {
  version: 1,
  thresholds: { A: 85, B: 70, C: 55, D: 40 },
  domainWeights: Object.fromEntries(SCORING_DOMAINS.map((d) => [d, 1])) as Record<ScoringDomain, number>,
  multiDefault: "mean",
  expiredEvidenceFraction: 0.25,
  vendorRule: "weakest_component",
  riskMatrix: {
    low: { A: "low", B: "low", C: "low", D: "medium", E: "medium" },
    medium: { A: "low", B: "low", C: "medium", D: "high", E: "high" },
    high: { A: "low", B: "medium", C: "high", D: "high", E: "critical" },
    critical: { A: "medium", B: "high", C: "high", D: "critical", E: "critical" },
  },
  reassessmentMonths: { critical: 6, high: 12, medium: 24, low: 36 },
};

const weight = z
  .number({ error: "Give a weight" })
  .refine(Number.isFinite, "Give a weight")
  .refine((n) => n > 0, "Weights must be above 0")
  .refine((n) => n <= 100, "Weights run up to 100");
const threshold = z.number({ error: "Give a threshold" }).min(0, "Thresholds run from 0 to 100").max(100, "Thresholds run from 0 to 100");
const residual = z.enum(RISK_LEVELS, { error: `Give a residual risk (${RISK_LEVELS.join(", ")}) for every inherent risk and grade` });
const months = z.number({ error: "Give a number of months" }).int("Give whole months").min(1, "At least one month").max(120, "At most 120 months");

const GRADE_ORDER = ["A", "B", "C", "D"] as const;
type ThresholdGrade = (typeof GRADE_ORDER)[number];

/**
 * Thresholds that are not below the grade above them. Reads anything (a half-filled form
 * included): each threshold that is a number from 0 to 100 is compared with the nearest higher
 * grade's threshold that is one too; the others have their own message.
 */
export function thresholdOrderProblems(thresholds: unknown): Array<{ grade: ThresholdGrade; message: string }> {
  if (typeof thresholds !== "object" || thresholds === null) return [];
  const valueOf = (g: ThresholdGrade) => {
    const v = (thresholds as Record<string, unknown>)[g];
    return typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 100 ? v : null;
  };
  const problems: Array<{ grade: ThresholdGrade; message: string }> = [];
  let higher: { grade: ThresholdGrade; value: number } | null = null;
  for (const grade of GRADE_ORDER) {
    const value = valueOf(grade);
    if (value === null) continue;
    if (higher && !(value < higher.value)) {
      problems.push({ grade, message: `Thresholds out of order: ${grade} (${value}) must be below ${higher.grade} (${higher.value})` });
    }
    higher = { grade, value };
  }
  return problems;
}

// The order check sits on the thresholds themselves, so it runs whatever is wrong elsewhere in the
// methodology (zod skips an object's refinements once a field of it fails) and even when one
// threshold is missing (`when`): the admin sees every problem at once.
const thresholds = z.strictObject({ A: threshold, B: threshold, C: threshold, D: threshold }).superRefine(
  (t, ctx) => {
    for (const problem of thresholdOrderProblems(t)) ctx.addIssue({ code: "custom", path: [problem.grade], message: problem.message });
  },
  { when: () => true },
);

function record<K extends string, T extends z.ZodType>(keys: readonly K[], value: T) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, T>);
}

export const methodologySchema = z.strictObject({
  version: z.number({ error: "Give a version number" }).int("Versions are whole numbers").positive("Versions start at 1"),
  thresholds,
  domainWeights: record(SCORING_DOMAINS, weight),
  multiDefault: z.enum(MULTI_RULES, { error: `Choose one of ${MULTI_RULES.join(", ")}` }),
  expiredEvidenceFraction: z.number({ error: "Give a fraction" }).min(0, "The fraction runs from 0 to 1").max(1, "The fraction runs from 0 to 1"),
  vendorRule: z.enum(VENDOR_RULES, { error: `Choose one of ${VENDOR_RULES.join(", ")}` }),
  riskMatrix: record(RISK_LEVELS, record(GRADES, residual)),
  reassessmentMonths: record(RISK_LEVELS, months),
});

export type MethodologyCheck = { ok: true; methodology: Methodology } | { ok: false; problems: DefinitionProblem[] };

/** A methodology as an admin submitted it: accepted, or refused with each problem's field path. */
export function checkMethodology(input: unknown): MethodologyCheck {
  const parsed = methodologySchema.safeParse(input);
  return parsed.success ? { ok: true, methodology: parsed.data } : { ok: false, problems: zodProblems(parsed.error) };
}

export const GRADE_RANK: Record<Grade, number> = { A: 0, B: 1, C: 2, D: 3, E: 4 };

export function worseGrade(a: Grade, b: Grade): Grade {
  return GRADE_RANK[a] >= GRADE_RANK[b] ? a : b;
}

/** The grade an overall score earns before knock-outs. */
export function gradeForScore(score: number, thresholds: Methodology["thresholds"]): Grade {
  if (score >= thresholds.A) return "A";
  if (score >= thresholds.B) return "B";
  if (score >= thresholds.C) return "C";
  if (score >= thresholds.D) return "D";
  return "E";
}

/**
 * Scores are rounded to 6 decimals at each step (domain, overall), so float noise never moves a
 * score across a threshold (100·0.85 is 84.99999999999999 in floating point) and an auditor
 * recomputing by hand gets the same grade.
 */
export function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
