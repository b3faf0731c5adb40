// How one question is scored, decided in one place: the template validation reports what this
// cannot resolve, and the engine's compiled plan scores what it resolves, so they never disagree.
//
// The rules, by question type:
// - contextOnly: never scored, whatever the type (knock-outs on it still apply).
// - yes_no, yes_partial_no, single_choice: the chosen option's score.
// - multi_choice: the chosen options' scores combined by `scoring.multi`, else the methodology's default.
// - number: scored only by `scoring.bands` (first band with min <= value < max wins; validation
//   refuses overlapping bands and gaps). Without a `scoring` object a number is context (unscored);
//   with one that gives no bands it is a template error, and the engine leaves it unscored with a notice.
// - date: scored only by `scoring.dateRule`, same treatment as number.
// - file: always scored (valid evidence 1, expired `expiredFraction`, missing 0).
// - short_text, long_text: never scored (no rule exists for free text).
import { CHOICE_TYPES, optionsOf, type MultiRule, type Question, type ScoringBand } from "../templates/definition";

export type QuestionRule =
  | { kind: "context"; reason: string }
  | { kind: "unscored"; reason: string }
  | { kind: "unscorable"; reason: string }
  | { kind: "choice" }
  | { kind: "multi"; multi: MultiRule | undefined }
  | { kind: "bands"; bands: readonly ScoringBand[] }
  | { kind: "date"; maxAgeMonths: number; staleScore: number }
  | { kind: "file"; expiredFraction: number | undefined };

export function questionRule(question: Question): QuestionRule {
  const scoring = question.scoring;
  if (scoring?.contextOnly) return { kind: "context", reason: "Context only: never scored" };
  if (CHOICE_TYPES.has(question.type)) {
    if (optionsOf(question).length === 0) return { kind: "unscorable", reason: "A choice question without options cannot be scored" };
    return question.type === "multi_choice" ? { kind: "multi", multi: scoring?.multi } : { kind: "choice" };
  }
  switch (question.type) {
    case "number":
      if (scoring?.bands?.length) return { kind: "bands", bands: scoring.bands };
      return scoring
        ? { kind: "unscorable", reason: "A scored number question needs bands: left unscored" }
        : { kind: "unscored", reason: "Number questions are scored only by bands; this one has none" };
    case "date":
      if (scoring?.dateRule) return { kind: "date", maxAgeMonths: scoring.dateRule.maxAgeMonths, staleScore: scoring.dateRule.staleScore ?? 0 };
      return scoring
        ? { kind: "unscorable", reason: "A scored date question needs an age rule: left unscored" }
        : { kind: "unscored", reason: "Date questions are scored only by an age rule; this one has none" };
    case "file":
      return { kind: "file", expiredFraction: scoring?.expiredFraction };
    default:
      return { kind: "unscored", reason: "Text answers are not scored" };
  }
}

export interface ScoringProblem {
  path: string;
  message: string;
}

/** The template errors in a question's scoring rules; `path` is the question's path. */
export function scoringProblems(question: Question, path: string): ScoringProblem[] {
  const scoring = question.scoring;
  if (!scoring) return [];
  const problems: ScoringProblem[] = [];
  const at = `${path}.scoring`;
  const type = question.type;
  const misplaced = (field: string, message: string) => problems.push({ path: `${at}.${field}`, message });
  if (scoring.contextOnly) {
    for (const field of ["multi", "bands", "expiredFraction", "dateRule"] as const) {
      if (scoring[field] !== undefined) misplaced(field, "A context-only question takes no scoring rule");
    }
    return problems;
  }
  if (scoring.multi !== undefined && type !== "multi_choice") misplaced("multi", "Only multiple-choice questions combine option scores");
  if (scoring.bands !== undefined && type !== "number") misplaced("bands", "Only number questions are scored by bands");
  if (scoring.expiredFraction !== undefined && type !== "file") misplaced("expiredFraction", "Only file questions have an expired-evidence fraction");
  if (scoring.dateRule !== undefined && type !== "date") misplaced("dateRule", "Only date questions are scored by age");
  if (type === "short_text" || type === "long_text") {
    problems.push({ path: at, message: "Text answers are never scored: mark the question context only or remove its scoring" });
  }
  if (type === "number") {
    if (!scoring.bands?.length) problems.push({ path: `${at}.bands`, message: "A scored number question needs bands (or mark it context only)" });
    else problems.push(...bandProblems(scoring.bands, question.min, question.max, `${at}.bands`));
  }
  if (type === "date" && !scoring.dateRule)
    problems.push({ path: `${at}.dateRule`, message: "A scored date question needs an age rule (or mark it context only)" });
  return problems;
}

const show = (n: number | undefined, open: string) => (n === undefined ? open : String(n));

/**
 * Bands must not overlap (the order would then decide silently) and must leave no gap in the
 * question's range [min, max] (or all numbers when unbounded): a value with no band cannot be scored.
 */
export function bandProblems(bands: readonly ScoringBand[], min: number | undefined, max: number | undefined, path: string): ScoringProblem[] {
  const problems: ScoringProblem[] = [];
  const sorted = bands.map((band, index) => ({ lo: band.min ?? -Infinity, hi: band.max ?? Infinity, index })).sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  for (const band of sorted) {
    if (band.lo >= band.hi) problems.push({ path: `${path}[${band.index}]`, message: "A band's min must be below its max (min is included, max is not)" });
  }
  if (problems.length) return problems;
  const low = min ?? -Infinity;
  const high = max ?? Infinity;
  let reached = low;
  sorted.forEach((band, i) => {
    const previous = sorted[i - 1];
    if (previous && band.lo < previous.hi) {
      problems.push({ path: `${path}[${band.index}]`, message: `Bands ${previous.index + 1} and ${band.index + 1} overlap: each value must fall in one band` });
    } else if (band.lo > reached && reached < high) {
      problems.push({ path: `${path}[${band.index}]`, message: `No band covers values from ${show(reached === low ? min : reached, "−∞")} up to ${band.lo}` });
    }
    reached = Math.max(reached, band.hi);
  });
  if (reached <= high && !(reached === Infinity && high === Infinity)) {
    problems.push({ path, message: `No band covers values from ${show(reached, "−∞")}${max === undefined ? " upwards" : ` to ${max}`}` });
  }
  return problems;
}
