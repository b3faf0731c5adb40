// The reviewer's view of an assessment's answers, shaped without any I/O: per section (the
// supplier's, then each component's), each visible question with its answer in words, its
// evidence with validity, its score line and knock-outs from the latest stored score, how it
// compares with the previous cycle, and its thread; plus which filters each answer passes and
// how many pass each. The service (app/services/answer-review.server.ts) loads the inputs with
// one query per kind of data; the page renders the result.
import { choicesOf } from "../answers";
import { assessmentProgress, type StoredAnswer } from "../assessment-progress";
import { daysBetween, formatDate, type CalendarDate } from "../calendar";
import { groupBy } from "../group-by";
import { sectionNumber, sectionQuestionNumbers } from "../question-numbers";
import type { KnockoutFlag, LineStatus, QuestionLine } from "../scoring/types";
import { DOMAIN_LABELS, type Question, type QuestionType, type TemplateDefinition } from "../templates/definition";

/** `questionKey` + component (or "-" for the supplier's scope): the key a thread, a change or a line is found by. */
export const threadKey = (questionKey: string, componentId: string | null) => `${questionKey}:${componentId ?? "-"}`;

/** The id of one answer on the page (a fragment a redirect can point at). */
export const answerAnchor = (questionKey: string, componentId: string | null) => `a-${componentId ?? "supplier"}-${questionKey}`;

// ---------------------------------------------------------------------------------------------
// Filters

export const REVIEW_FILTERS = ["unanswered", "knockouts", "evidence", "changed", "comments"] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

export const FILTER_LABELS: Record<ReviewFilter, string> = {
  unanswered: "Unanswered",
  knockouts: "Knock-outs",
  evidence: "With evidence",
  changed: "Changed since last cycle",
  comments: "With comments",
};

/** The GET parameter the filter form sends, once per ticked filter: `?show=unanswered&show=evidence`. */
export const FILTER_PARAM = "show";

/** The filters named in the query (unknown values ignored, each once, in the order of REVIEW_FILTERS). */
export function parseReviewFilters(params: URLSearchParams): ReviewFilter[] {
  const asked = new Set(params.getAll(FILTER_PARAM));
  return REVIEW_FILTERS.filter((f) => asked.has(f));
}

/** The query string ("" or "?show=…") that keeps these filters. */
export function filterQuery(filters: readonly ReviewFilter[], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const f of REVIEW_FILTERS) if (filters.includes(f)) params.append(FILTER_PARAM, f);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : "";
}

// ---------------------------------------------------------------------------------------------
// Inputs

export type CycleChange = "new_question" | "changed" | "unchanged" | "confirmed";

export interface ReviewAnswerInput extends StoredAnswer {
  prefilled?: boolean;
  /** Where a pre-filled answer came from; absent or null: written by the vendor. */
  prefillSource?: "previous_cycle" | "buyer_records" | "model_document" | null;
}

export interface ReviewEvidenceInput {
  id: string;
  questionKey: string;
  componentId: string | null;
  fileName: string;
  sizeBytes: number;
  validUntil: string | null;
  carriedOver: boolean;
}

export interface ReviewCommentInput {
  id: string;
  questionKey: string;
  componentId: string | null;
  visibility: "vendor" | "internal";
  body: string;
  author: string;
  byVendor: boolean;
  createdAt: string;
}

export interface ReviewScoreInput {
  /** Each answer once (supplier lines from the supplier rating, component lines from each component's). */
  lines: readonly QuestionLine[];
  /** Every knock-out that fired, in any rating (duplicates are merged). */
  flags: readonly KnockoutFlag[];
  /** The answers the score read; null when not known. Used to say "this answer changed after the score". */
  scoredAnswers: readonly StoredAnswer[] | null;
}

export interface ReviewInput {
  definition: TemplateDefinition;
  /** In the order the page shows them (by name). */
  components: ReadonlyArray<{ id: string; name: string; version: string | null }>;
  supplierName: string;
  answers: readonly ReviewAnswerInput[];
  evidence: readonly ReviewEvidenceInput[];
  comments: readonly ReviewCommentInput[];
  score: ReviewScoreInput | null;
  /** threadKey → change; null when the assessment has no previous cycle. */
  changes: ReadonlyMap<string, CycleChange> | null;
  today: CalendarDate;
  filters: readonly ReviewFilter[];
}

// ---------------------------------------------------------------------------------------------
// Output

export type Validity =
  | { kind: "no_expiry"; text: string }
  | { kind: "valid"; text: string; daysLeft: number }
  | { kind: "expiring"; text: string; daysLeft: number }
  | { kind: "expired"; text: string; daysLeft: number };

export interface ReviewEvidence {
  id: string;
  fileName: string;
  sizeBytes: number;
  validity: Validity;
  carriedOver: boolean;
}

export type AnswerState = "answered" | "na" | "unanswered";

export interface ReviewAnswer {
  state: AnswerState;
  /** The answer in words (choice labels, a formatted date, a number with its unit); null when unanswered or N/A. */
  text: string | null;
  /** Multiple choice: one label per chosen option. */
  list: string[] | null;
  /** A long text answer (shown with its line breaks). */
  long: boolean;
  comment: string | null;
  /** Pre-filled and not yet confirmed or changed by the vendor. */
  prefilled: boolean;
  /** Pre-filled from the buyer's own records (the inventory), not from the vendor's last cycle. */
  fromBuyerRecords: boolean;
}

export interface ReviewScore {
  status: LineStatus;
  /** The status in words: "scored", "not applicable: left out"… */
  statusText: string;
  points: number | null;
  weight: number;
  /** Points this answer adds to its domain score, and the most it could add. */
  contribution: number | null;
  maxContribution: number | null;
  domain: string;
  evidenceValid: boolean;
  /** The answer as scored differs from the answer now (changed after the score). */
  stale: boolean;
}

export interface ReviewKnockout {
  severity: "high" | "critical";
  message: string;
  gradeCap: string;
}

export interface ReviewItem {
  key: string;
  anchor: string;
  questionKey: string;
  componentId: string | null;
  number: string;
  prompt: string;
  type: QuestionType;
  required: boolean;
  answer: ReviewAnswer;
  evidence: ReviewEvidence[];
  score: ReviewScore | null;
  knockouts: ReviewKnockout[];
  change: CycleChange | null;
  comments: ReviewCommentInput[];
  matches: Record<ReviewFilter, boolean>;
}

export interface ReviewSection {
  id: string;
  sectionKey: string;
  title: string;
  number: number;
  componentId: string | null;
  questions: number;
  answered: number;
  required: number;
  requiredAnswered: number;
  /** The questions shown (those passing every active filter). */
  items: ReviewItem[];
}

export interface ReviewGroup {
  id: string;
  title: string;
  componentId: string | null;
  sections: ReviewSection[];
}

export interface AnswerReview {
  groups: ReviewGroup[];
  filters: ReviewFilter[];
  /** How many answers pass each filter on its own. */
  counts: Record<ReviewFilter, number>;
  /** Filters that cannot apply, with why ("first cycle", "not scored yet"). */
  unavailable: Partial<Record<ReviewFilter, string>>;
  total: number;
  shown: number;
}

// ---------------------------------------------------------------------------------------------

export const LINE_STATUS_WORDS: Record<LineStatus, string> = {
  scored: "scored",
  unanswered_required: "required and unanswered: counts 0",
  unanswered_optional: "optional and unanswered: left out",
  invalid: "the answer does not fit the question: counted as unanswered",
  na: "not applicable: left out",
  hidden: "hidden: left out",
  context: "context only: not scored",
  unscored: "not scored",
  unscorable: "cannot be scored",
};

/** How many days before expiry evidence is called "expiring soon". */
export const EXPIRING_DAYS = 30;

export function evidenceValidity(validUntil: string | null, today: CalendarDate): Validity {
  if (!validUntil) return { kind: "no_expiry", text: "no expiry date given" };
  const daysLeft = daysBetween(today, validUntil as CalendarDate);
  const date = formatDate(validUntil);
  if (daysLeft < 0) return { kind: "expired", text: `expired on ${date}`, daysLeft };
  if (daysLeft <= EXPIRING_DAYS) {
    const left = daysLeft === 0 ? "last day today" : `${daysLeft} day${daysLeft === 1 ? "" : "s"} left`;
    return { kind: "expiring", text: `valid until ${date} (${left})`, daysLeft };
  }
  return { kind: "valid", text: `valid until ${date}`, daysLeft };
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

/** A stored answer as the reviewer reads it. */
export function describeAnswer(question: Question, answer: ReviewAnswerInput | undefined, answered: boolean): ReviewAnswer {
  const base = {
    comment: answer?.comment?.trim() ? answer.comment : null,
    prefilled: Boolean(answer?.prefilled),
    fromBuyerRecords: Boolean(answer?.prefilled) && answer?.prefillSource === "buyer_records",
  };
  if (answer?.isNa && answered) return { ...base, state: "na", text: "Not applicable", list: null, long: false };
  if (!answer || !answered || isEmpty(answer.value)) return { ...base, state: "unanswered", text: null, list: null, long: false };
  const value = answer.value;
  const labels = new Map(choicesOf(question).map((o) => [o.value, o.label]));
  const label = (v: unknown) => labels.get(String(v)) ?? String(v);
  switch (question.type) {
    case "multi_choice": {
      const list = Array.isArray(value) ? value.map(label) : [label(value)];
      return { ...base, state: "answered", text: list.join(", "), list, long: false };
    }
    case "file": {
      const n = Array.isArray(value) ? value.length : 1;
      return { ...base, state: "answered", text: `${n} file${n === 1 ? "" : "s"} attached`, list: null, long: false };
    }
    case "date":
      return { ...base, state: "answered", text: typeof value === "string" ? formatDate(value) : String(value), list: null, long: false };
    case "number":
      return { ...base, state: "answered", text: question.unit ? `${String(value)} ${question.unit}` : String(value), list: null, long: false };
    case "long_text":
      return { ...base, state: "answered", text: String(value), list: null, long: true };
    case "short_text":
      return { ...base, state: "answered", text: String(value), list: null, long: false };
    default:
      return { ...base, state: "answered", text: label(value), list: null, long: false };
  }
}

function sameAnswer(a: StoredAnswer | undefined, b: StoredAnswer | undefined): boolean {
  const norm = (x: StoredAnswer | undefined) => JSON.stringify(x ? [x.isNa, x.isNa ? null : (x.value ?? null)] : [false, null]);
  return norm(a) === norm(b);
}

const emptyCounts = (): Record<ReviewFilter, number> => ({ unanswered: 0, knockouts: 0, evidence: 0, changed: 0, comments: 0 });

/** The whole view: every visible question once per scope, in questionnaire order, filtered. */
export function answerReview(input: ReviewInput): AnswerReview {
  const { definition, components, score, changes, today } = input;
  const componentIds = components.map((c) => c.id);
  const inScope = new Set(componentIds);
  const progress = assessmentProgress(definition, componentIds, input.answers);

  const answersBy = new Map(input.answers.map((a) => [threadKey(a.questionKey, a.componentId), a]));
  const evidenceBy = groupBy(
    input.evidence.filter((e) => e.componentId === null || inScope.has(e.componentId)),
    (e) => threadKey(e.questionKey, e.componentId),
  );
  const commentsBy = groupBy(input.comments, (c) => threadKey(c.questionKey, c.componentId));
  const linesBy = new Map((score?.lines ?? []).map((l) => [threadKey(l.questionKey, l.componentId), l]));
  const flagsBy = new Map<string, ReviewKnockout[]>();
  for (const flag of score?.flags ?? []) {
    const key = threadKey(flag.questionKey, flag.componentId);
    const list = flagsBy.get(key) ?? [];
    if (!list.some((k) => k.message === flag.message && k.severity === flag.severity && k.gradeCap === flag.gradeCap)) {
      list.push({ severity: flag.severity, message: flag.message, gradeCap: flag.gradeCap });
    }
    flagsBy.set(key, list);
  }
  const scoredBy = score?.scoredAnswers ? new Map(score.scoredAnswers.map((a) => [threadKey(a.questionKey, a.componentId), a])) : null;

  const unavailable: Partial<Record<ReviewFilter, string>> = {};
  if (!changes) unavailable.changed = "first cycle: there is no previous cycle to compare with";
  if (!score) unavailable.knockouts = "not scored yet";
  const active = input.filters.filter((f) => !unavailable[f]);

  const counts = emptyCounts();
  let total = 0;
  let shown = 0;
  const sections: ReviewSection[] = progress.sections.map((s) => {
    const items: ReviewItem[] = [];
    // Numbered as the vendor sees them: the visible questions consecutively (question-numbers.ts).
    const numbers = sectionQuestionNumbers(
      sectionNumber(s.sectionIndex),
      s.items.map((i) => i.question.key),
      (k) => s.items.some((i) => i.visible && i.question.key === k),
    );
    for (const item of s.items) {
      if (!item.visible) continue;
      const q = item.question;
      const key = threadKey(q.key, s.componentId);
      const line = linesBy.get(key);
      const knockouts = flagsBy.get(key) ?? [];
      const evidence = (evidenceBy.get(key) ?? []).map((e) => ({
        id: e.id,
        fileName: e.fileName,
        sizeBytes: e.sizeBytes,
        validity: evidenceValidity(e.validUntil, today),
        carriedOver: e.carriedOver,
      }));
      const comments = commentsBy.get(key) ?? [];
      const change = changes?.get(key) ?? null;
      const answer = describeAnswer(q, answersBy.get(key), item.answered);
      const matches: Record<ReviewFilter, boolean> = {
        unanswered: !item.answered,
        knockouts: knockouts.length > 0,
        evidence: evidence.length > 0,
        changed: change === "changed" || change === "new_question",
        comments: comments.length > 0,
      };
      total += 1;
      for (const f of REVIEW_FILTERS) if (matches[f] && !unavailable[f]) counts[f] += 1;
      if (!active.every((f) => matches[f])) continue;
      shown += 1;
      items.push({
        key,
        anchor: answerAnchor(q.key, s.componentId),
        questionKey: q.key,
        componentId: s.componentId,
        number: numbers[q.key] ?? "",
        prompt: q.prompt,
        type: q.type,
        required: q.required,
        answer,
        evidence,
        score: line
          ? {
              status: line.status,
              statusText: LINE_STATUS_WORDS[line.status] ?? line.status,
              points: line.points,
              weight: line.weight,
              contribution: line.contribution,
              maxContribution: line.share === null ? null : 100 * line.share,
              domain: DOMAIN_LABELS[line.domain] ?? line.domain,
              evidenceValid: line.evidenceValid,
              stale: scoredBy ? !sameAnswer(scoredBy.get(key), item.answer) : false,
            }
          : null,
        knockouts,
        change,
        comments,
        matches,
      });
    }
    return {
      id: `s-${s.componentId ?? "supplier"}-${s.sectionKey}`,
      sectionKey: s.sectionKey,
      title: s.title,
      number: sectionNumber(s.sectionIndex),
      componentId: s.componentId,
      questions: s.questions,
      answered: s.answered,
      required: s.required,
      requiredAnswered: s.requiredAnswered,
      items,
    };
  });

  // With a filter on, a section with nothing to show is left out; without one, every section shows.
  const keep = (s: ReviewSection) => active.length === 0 || s.items.length > 0;
  const groups: ReviewGroup[] = [];
  const supplierSections = sections.filter((s) => s.componentId === null && keep(s));
  if (supplierSections.length) groups.push({ id: "g-supplier", title: `About ${input.supplierName}`, componentId: null, sections: supplierSections });
  for (const c of components) {
    const own = sections.filter((s) => s.componentId === c.id && keep(s));
    if (own.length) groups.push({ id: `g-${c.id}`, title: `About ${c.name}${c.version ? ` ${c.version}` : ""}`, componentId: c.id, sections: own });
  }
  return { groups, filters: active, counts, unavailable, total, shown };
}
