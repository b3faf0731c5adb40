// The shapes the scoring engine takes and returns: a rating per scope with its explanation, so
// every number on a scorecard can be traced back to answers, weights and methodology rules.
import type { StoredAnswer } from "../question-visibility";
import type { CalendarDate } from "../calendar";
import type { Grade, QuestionType, ScoringDomain, TemplateDefinition } from "../templates/definition";
import type { Methodology } from "./methodology";

export interface EvidenceInput {
  id: string;
  /** Null: no expiry declared, valid on any date. Valid through the day itself. */
  validUntil: CalendarDate | null;
  /** Where it was uploaded; lets evidence behind a non-file question count towards confidence. */
  questionKey?: string;
  componentId?: string | null;
}

export interface ScoringInput {
  definition: TemplateDefinition;
  componentIds: readonly string[];
  answers: readonly StoredAnswer[];
  evidence: readonly EvidenceInput[];
  scoringDate: CalendarDate;
  methodology: Methodology;
}

/**
 * What happened to a question in one rating:
 * - scored: points from its answer;
 * - unanswered_required: visible, required, no answer: counts 0 at full weight;
 * - unanswered_optional: visible, optional, no answer: dropped (neither helps nor hurts);
 * - invalid: an answer that does not fit the question (old data): counted as unanswered (0 if
 *   required, dropped if optional) and reported in the rating's notices;
 * - na: answered "not applicable" where allowed: dropped;
 * - hidden: its showIf is not met: dropped;
 * - context: marked context only: never scored;
 * - unscored: a type the template gives no rule for (text; number without bands; date without age rule);
 * - unscorable: the template asks for scoring but lacks what it needs (see question-rules.ts):
 *   left out, with a notice.
 */
export type LineStatus = "scored" | "unanswered_required" | "unanswered_optional" | "invalid" | "na" | "hidden" | "context" | "unscored" | "unscorable";

export interface QuestionLine {
  questionKey: string;
  /** Null for supplier-level questions (also inside a component's rating). */
  componentId: string | null;
  domain: ScoringDomain;
  type: QuestionType;
  status: LineStatus;
  /** The stored value as given (null when none, or N/A). */
  answer: unknown;
  /** p in [0, 1]; null when the question does not count. */
  points: number | null;
  weight: number;
  /** weight / Σ weight of the domain's counted questions; null when it does not count. */
  share: number | null;
  /** Points added to the domain score: 100 · weight · p / Σ weight. */
  contribution: number | null;
  /** Backed by evidence valid on the scoring date (see confidence in engine.ts). */
  evidenceValid: boolean;
  reason: string;
}

export interface DomainSum {
  /** Σ weight over counted questions, Σ weight · p, and the count. */
  weight: number;
  weightedPoints: number;
  questions: number;
  /** 100 · weightedPoints / weight; null when nothing counted. */
  score: number | null;
  /** The methodology's weight of this domain in the overall. */
  domainWeight: number;
}

export interface KnockoutFlag {
  questionKey: string;
  componentId: string | null;
  severity: "high" | "critical";
  message: string;
  gradeCap: Grade;
  /** The triggering question's stored answer, and the condition that held. */
  answer: unknown;
  condition: string;
}

export interface ScoringNotice {
  questionKey: string;
  componentId: string | null;
  message: string;
}

export interface GradeExplanation {
  thresholds: Methodology["thresholds"];
  /** The grade the overall earns before knock-outs. */
  byScore: Grade | null;
  /** The worst cap among knock-outs that fired; null when none. */
  cap: Grade | null;
  grade: Grade | null;
  reason: string;
}

export interface RatingExplanation {
  questions: QuestionLine[];
  domains: Record<ScoringDomain, DomainSum>;
  /** Σ domainWeight · score and Σ domainWeight over non-null domains. */
  overall: { weightedScores: number; domainWeights: number; rule: string };
  grade: GradeExplanation;
  confidence: { backed: number; scoredAnswers: number; rule: string };
  /** For the vendor rating: the rule and which component set each number. */
  vendor?: { rule: string; overallFrom: string | null; gradeFrom: string | null };
}

export interface Rating {
  scope: "supplier" | "component" | "vendor";
  componentId: string | null;
  overall: number | null;
  grade: Grade | null;
  domains: Record<ScoringDomain, number | null>;
  flags: KnockoutFlag[];
  notices: ScoringNotice[];
  /** Share of scored answers backed by evidence valid on the scoring date; null when none scored. */
  confidence: number | null;
  explanation: RatingExplanation;
}

export interface ScoringResult {
  methodologyVersion: number;
  scoringDate: CalendarDate;
  supplier: Rating;
  components: Record<string, Rating>;
  vendor: Rating;
  /** The vendor's confidence (over every scored answer of the assessment). */
  confidence: number | null;
}
