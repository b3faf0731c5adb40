// How a reassessment's answers compare with the previous cycle's, per question and scope (the
// supplier, or one AI component in scope). Pure: the reassessment service feeds it both cycles'
// definitions and answers (file answers as the SHA-256s of their files, so a carried copy of a
// file is the same file), and the reviewer's views show what it says.
import { findQuestion } from "../answers";
import type { TemplateDefinition } from "../templates/definition";
import { questionScopes } from "./question-scopes";

/**
 * - new_question: the question was not in the previous cycle's template version;
 * - unchanged: still as carried over, the vendor has neither confirmed nor changed it;
 * - confirmed: the vendor saved it with the same value, N/A and comment as the previous cycle;
 * - changed: its value, N/A or comment differs from the previous cycle's answer (or one of the
 *   two cycles has an answer and the other none).
 */
export const CYCLE_CHANGES = ["changed", "new_question", "confirmed", "unchanged"] as const;
export type CycleChange = (typeof CYCLE_CHANGES)[number];

export const CYCLE_CHANGE_LABELS: Record<CycleChange, string> = {
  changed: "Changed",
  new_question: "New question",
  confirmed: "Confirmed",
  unchanged: "Not yet confirmed",
};

export interface CycleAnswer {
  value: unknown;
  isNa: boolean;
  comment: string | null;
}

export interface CurrentCycleAnswer extends CycleAnswer {
  /** Still as carried over: neither confirmed nor changed by the vendor. */
  prefilled: boolean;
}

/** A value in a form that compares equal when it means the same (lists are sets: order does not count). */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (Array.isArray(value)) return JSON.stringify(value.map((v) => JSON.stringify(v ?? null)).sort());
  if (typeof value === "string" && value.trim() === "") return "null";
  return JSON.stringify(value);
}

const commentOf = (comment: string | null | undefined) => (comment && comment.trim() !== "" ? comment : null);

/** Whether two answers say the same (both absent counts as the same). */
export function sameAnswer(a: CycleAnswer | null, b: CycleAnswer | null): boolean {
  const empty = (x: CycleAnswer | null) => !x || (!x.isNa && canonical(x.value) === "null" && commentOf(x.comment) === null);
  if (empty(a) || empty(b)) return empty(a) && empty(b);
  if (a!.isNa !== b!.isNa) return false;
  if (!a!.isNa && canonical(a!.value) !== canonical(b!.value)) return false;
  return commentOf(a!.comment) === commentOf(b!.comment);
}

/**
 * One question in one scope. Null when the question was asked before and neither cycle has an
 * answer there (nothing to compare).
 */
export function classifyChange(askedBefore: boolean, previous: CycleAnswer | null, current: CurrentCycleAnswer | null): CycleChange | null {
  if (!askedBefore) return "new_question";
  if (current?.prefilled) return "unchanged";
  if (sameAnswer(previous, null) && sameAnswer(current, null)) return null;
  return sameAnswer(previous, current) ? "confirmed" : "changed";
}

export interface ScopedAnswer<A extends CycleAnswer = CycleAnswer> {
  questionKey: string;
  componentId: string | null;
  answer: A;
}

export interface CycleEntry {
  sectionKey: string;
  questionKey: string;
  componentId: string | null;
  change: CycleChange;
  previous: CycleAnswer | null;
  current: CurrentCycleAnswer | null;
}

const place = (questionKey: string, componentId: string | null) => `${questionKey}:${componentId ?? "-"}`;

/**
 * Every question and scope of the new cycle (template order, components in the order given) that
 * has something to say: a new question, or an answer in either cycle.
 */
export function compareCycles(input: {
  previousDefinition: TemplateDefinition;
  definition: TemplateDefinition;
  componentIds: readonly string[];
  previousAnswers: readonly ScopedAnswer[];
  answers: readonly ScopedAnswer<CurrentCycleAnswer>[];
}): CycleEntry[] {
  const before = new Map(input.previousAnswers.map((a) => [place(a.questionKey, a.componentId), a.answer]));
  const now = new Map(input.answers.map((a) => [place(a.questionKey, a.componentId), a.answer]));
  const entries: CycleEntry[] = [];
  for (const scope of questionScopes(input.definition, input.componentIds)) {
    const key = place(scope.questionKey, scope.componentId);
    const previous = before.get(key) ?? null;
    const current = now.get(key) ?? null;
    const change = classifyChange(findQuestion(input.previousDefinition, scope.questionKey) !== null, previous, current);
    if (change) entries.push({ ...scope, change, previous, current });
  }
  return entries;
}

export interface CycleSummary {
  changed: number;
  confirmed: number;
  unconfirmed: number;
  newQuestions: number;
}

export function summariseCycle(entries: readonly Pick<CycleEntry, "change">[]): CycleSummary {
  const count = (change: CycleChange) => entries.filter((e) => e.change === change).length;
  return { changed: count("changed"), confirmed: count("confirmed"), unconfirmed: count("unchanged"), newQuestions: count("new_question") };
}

/** Question keys asked in one version and not the other (what a template change added or removed). */
export function questionKeyChanges(previous: TemplateDefinition, current: TemplateDefinition): { added: string[]; removed: string[] } {
  const keys = (d: TemplateDefinition) => d.sections.flatMap((s) => s.questions.map((q) => q.key));
  const was = new Set(keys(previous));
  const is = new Set(keys(current));
  return { added: keys(current).filter((k) => !was.has(k)), removed: keys(previous).filter((k) => !is.has(k)) };
}
