// One scope's walk for scoring: which questions show (the same showsGiven/effectiveValue rule as
// progress and the answer check), each question's status and points, the knock-outs that fire.
// Writes into preallocated per-scope arrays; the engine turns them into ratings.
import { effectiveValue, showsGiven, type StoredAnswer } from "../question-visibility";
import type { CalendarDate } from "../calendar";
import { evaluateCondition } from "../templates/conditions";
import type { MultiRule } from "../templates/definition";
import type { Methodology } from "./methodology";
import { KIND, optionOf, type PlanKnockout, type PlanQuestion, type ScoringPlan } from "./plan";
import { MULTI_RULE_TEXT, bandIndex, dateNumber, evidenceState, multiPoints, withinAge } from "./points";
import type { LineStatus, ScoringNotice } from "./types";

export const STATUS: readonly LineStatus[] = [
  "scored",
  "unanswered_required",
  "unanswered_optional",
  "invalid",
  "na",
  "hidden",
  "context",
  "unscored",
  "unscorable",
];
export const SCORED = 0;
const UNANSWERED_REQUIRED = 1;
const UNANSWERED_OPTIONAL = 2;
export const INVALID = 3;
const NA = 4;
const HIDDEN = 5;
const CONTEXT = 6;
const UNSCORED = 7;
const UNSCORABLE = 8;

/** Whether a status counts in its domain: then points are not null and the weight is in Σ w. */
export function counts(status: number, points: number): boolean {
  return status === SCORED || status === UNANSWERED_REQUIRED || (status === INVALID && points === 0);
}

const REASON = {
  hidden: "Hidden by its condition: left out",
  na: "Not applicable: left out",
  naRefused: "Answered “not applicable”, which this question does not allow: counted as unanswered",
  required: "Required and unanswered: counts 0",
  optional: "Optional and unanswered: left out",
  fileValid: "Evidence attached and valid on the scoring date: scores 1",
  fileExpired: "Evidence attached but expired on the scoring date: scores the expired-evidence fraction",
  fileMissing: "None of the attached files is on record: counts as missing, 0",
};

export interface FiredKnockout {
  question: PlanQuestion;
  knockout: PlanKnockout;
  componentId: string | null;
  answer: unknown;
}

/**
 * One call's per-question results, flat over every scope: the supplier's questions at offset 0,
 * then each component's. Kept by the ratings, whose question lines are built from it on demand.
 */
export interface Results {
  answers: (StoredAnswer | undefined)[];
  status: number[];
  points: number[];
  backed: number[];
  reasons: string[];
}

// Plain arrays, not typed arrays: these live per call, and typed arrays over 64 bytes get
// off-heap backing stores whose bookkeeping made garbage collection a third of the run time.
export function results(size: number): Results {
  return {
    answers: new Array<StoredAnswer | undefined>(size).fill(undefined),
    status: new Array<number>(size).fill(0),
    points: new Array<number>(size).fill(0.5).fill(0),
    backed: new Array<number>(size).fill(0),
    reasons: new Array<string>(size).fill(""),
  };
}

/** One scope (the supplier, or one component): where its questions sit in Results, and its tallies. */
export interface ScopeState {
  componentId: string | null;
  offset: number;
  fired: FiredKnockout[];
  notices: ScoringNotice[];
  /** Per domain d: [3d] Σ weight, [3d+1] Σ weight·p, [3d+2] count. */
  sums: number[];
  scoredAnswers: number;
  backedAnswers: number;
}

export function scopeState(componentId: string | null, offset: number, domains: number): ScopeState {
  return { componentId, offset, fired: [], notices: [], sums: new Array<number>(domains * 3).fill(0.5).fill(0), scoredAnswers: 0, backedAnswers: 0 };
}

export interface WalkContext {
  plan: ScoringPlan;
  methodology: Methodology;
  scoringDate: CalendarDate;
  /** The scoring date as YYYYMMDD (see dateNumber). */
  scoringDay: number;
  fileValidity: ReadonlyMap<string, CalendarDate | null>;
  results: Results;
  /** Non-file evidence uploaded for a question in a scope and valid on the scoring date, by Results index. */
  questionEvidence: Uint8Array;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.length === 0 || (value.charCodeAt(0) <= 32 && value.trim() === "");
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "number") return !Number.isFinite(value);
  return false;
}

/** Walks one scope's questions; conditions see `plan.effective` (for a component: the supplier's answers too). */
export function walkScope(questions: readonly PlanQuestion[], referenced: readonly string[], state: ScopeState, ctx: WalkContext): void {
  const effective = ctx.plan.effective;
  const { answers, status, points, reasons } = ctx.results;
  const sums = state.sums;
  for (let i = 0; i < referenced.length; i++) effective[referenced[i]!] = undefined;
  for (let i = 0; i < questions.length; i++) {
    const q = questions[i]!;
    const at = state.offset + i;
    const answer = answers[at];
    const visible = q.showIf === undefined || showsGiven(q.showIf, effective);
    if (q.referenced) effective[q.key] = effectiveValue(visible, answer);
    if (!visible) {
      status[at] = HIDDEN;
      reasons[at] = REASON.hidden;
      continue;
    }
    scoreQuestion(q, at, answer, state, ctx);
    if (counts(status[at]!, points[at]!)) {
      const d = q.domainIndex * 3;
      sums[d] = sums[d]! + q.weight;
      sums[d + 1] = sums[d + 1]! + q.weight * points[at]!;
      sums[d + 2] = sums[d + 2]! + 1;
    }
    if (q.knockouts.length) fireKnockouts(q, answer, state, effective);
  }
}

function fireKnockouts(q: PlanQuestion, answer: StoredAnswer | undefined, state: ScopeState, effective: ScoringPlan["effective"]): void {
  for (const knockout of q.knockouts) {
    let holds = false;
    try {
      holds = evaluateCondition(knockout.when, effective);
    } catch {
      state.notices.push({ questionKey: q.key, componentId: state.componentId, message: "A knock-out condition could not be evaluated: ignored" });
    }
    if (holds) state.fired.push({ question: q, knockout, componentId: state.componentId, answer: answer && !answer.isNa ? answer.value : null });
  }
}

function scoreQuestion(q: PlanQuestion, i: number, answer: StoredAnswer | undefined, state: ScopeState, ctx: WalkContext): void {
  const { status, points, reasons, backed: backedBy } = ctx.results;
  const kind = q.kind;
  if (kind <= KIND.unscorable) {
    status[i] = kind === KIND.context ? CONTEXT : kind === KIND.unscored ? UNSCORED : UNSCORABLE;
    reasons[i] = q.ruleReason;
    if (kind === KIND.unscorable) state.notices.push({ questionKey: q.key, componentId: state.componentId, message: q.ruleReason });
    return;
  }
  if (answer?.isNa && q.allowNa) {
    status[i] = NA;
    reasons[i] = REASON.na;
    return;
  }
  if (!answer || answer.isNa || isEmpty(answer.value)) {
    status[i] = q.required ? UNANSWERED_REQUIRED : UNANSWERED_OPTIONAL;
    points[i] = 0;
    reasons[i] = answer?.isNa ? REASON.naRefused : q.required ? REASON.required : REASON.optional;
    if (answer?.isNa) state.notices.push({ questionKey: q.key, componentId: state.componentId, message: REASON.naRefused });
    return;
  }
  const value = answer.value;
  let p = -1;
  let reason = "";
  let backed = ctx.questionEvidence[i] === 1;
  switch (kind) {
    case KIND.choice: {
      const option = optionOf(q, value);
      if (option) {
        p = option.score;
        reason = option.reason;
      } else reason = "The answer is not one of the question's options";
      break;
    }
    case KIND.multi: {
      const multi: MultiRule = q.multi ?? ctx.methodology.multiDefault;
      const scores = multiScores(q, value);
      if (scores) {
        p = multiPoints(scores, multi);
        reason = `${scores.length} option${scores.length === 1 ? "" : "s"} chosen: ${MULTI_RULE_TEXT[multi]}`;
      } else reason = "The answer is not a list of distinct options of the question";
      break;
    }
    case KIND.bands: {
      const band = typeof value === "number" ? bandIndex(q.bands, value) : -1;
      if (band >= 0) {
        p = q.bands[band]!.score;
        reason = q.bandReasons[band]!;
      } else reason = typeof value === "number" ? `No band covers ${value}` : "The answer is not a number";
      break;
    }
    case KIND.date: {
      const date = dateNumber(value);
      if (date >= 0) {
        const fresh = withinAge(date, ctx.scoringDay, q.maxAgeMonths);
        p = fresh ? 1 : q.staleScore;
        reason = fresh ? q.dateReasons.fresh : q.dateReasons.stale;
      } else reason = "The answer is not a date";
      break;
    }
    case KIND.file: {
      if (Array.isArray(value)) {
        const found = evidenceState(value, ctx.fileValidity, ctx.scoringDate);
        if (found === "valid") {
          p = 1;
          reason = REASON.fileValid;
          backed = true;
        } else if (found === "expired") {
          p = q.expiredFraction ?? ctx.methodology.expiredEvidenceFraction;
          reason = REASON.fileExpired;
        } else {
          p = 0;
          reason = REASON.fileMissing;
          state.notices.push({ questionKey: q.key, componentId: state.componentId, message: REASON.fileMissing });
        }
      } else reason = "The answer is not a list of evidence files";
      break;
    }
  }
  if (p < 0) {
    status[i] = INVALID;
    points[i] = q.required ? 0 : -1;
    reasons[i] = `${reason}: counted as unanswered${q.required ? " (required: 0)" : " (optional: left out)"}`;
    state.notices.push({ questionKey: q.key, componentId: state.componentId, message: `${reason}: counted as unanswered` });
    return;
  }
  status[i] = SCORED;
  points[i] = p;
  reasons[i] = reason;
  state.scoredAnswers += 1;
  if (backed) {
    backedBy[i] = 1;
    state.backedAnswers += 1;
  }
}

function multiScores(q: PlanQuestion, value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  const scores: number[] = [];
  for (let j = 0; j < value.length; j++) {
    const v: unknown = value[j];
    const option = optionOf(q, v);
    if (!option || value.indexOf(v) !== j) return null;
    scores.push(option.score);
  }
  return scores;
}
