// showIf and knock-out conditions: which questions they read, and whether they hold for some answers.
import type { Condition } from "./definition";

/** How deep `all`/`any` groups may nest: far more than a questionnaire needs, far less than the stack allows. */
export const MAX_CONDITION_DEPTH = 10;

/**
 * How deep a (not yet validated) condition nests, counting one level per condition; stops counting
 * past `limit`, so a hostile 100,000-level value costs no more than a legal one.
 */
export function conditionDepth(value: unknown, limit = MAX_CONDITION_DEPTH): number {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return 0;
  if (limit <= 0) return 1;
  const groups = [(value as { all?: unknown }).all, (value as { any?: unknown }).any].filter(Array.isArray) as unknown[][];
  let deepest = 0;
  for (const group of groups) for (const child of group) deepest = Math.max(deepest, conditionDepth(child, limit - 1));
  return 1 + deepest;
}

export type AnswerValue = string | number | boolean | string[] | null | undefined;
/** Answers by question key, for one respondent scope (the supplier, or one component plus the supplier). */
export type AnswerMap = Readonly<Record<string, AnswerValue>>;

export function referencedQuestions(condition: Condition): string[] {
  if ("all" in condition) return condition.all.flatMap(referencedQuestions);
  if ("any" in condition) return condition.any.flatMap(referencedQuestions);
  return [condition.question];
}

function isAnswered(value: AnswerValue): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function matches(value: AnswerValue, expected: string | number | boolean): boolean {
  if (Array.isArray(value)) return value.includes(String(expected));
  return value === expected || (value !== null && value !== undefined && String(value) === String(expected));
}

export function evaluateCondition(condition: Condition, answers: AnswerMap): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluateCondition(c, answers));
  if ("any" in condition) return condition.any.some((c) => evaluateCondition(c, answers));
  const value = answers[condition.question];
  if ("answered" in condition) return isAnswered(value) === condition.answered;
  if ("equals" in condition) return matches(value, condition.equals);
  return condition.oneOf.some((expected) => matches(value, expected));
}

export function describeCondition(condition: Condition): string {
  if ("all" in condition) return condition.all.map(describeCondition).join(" and ");
  if ("any" in condition) return `(${condition.any.map(describeCondition).join(" or ")})`;
  if ("answered" in condition) return `${condition.question} is ${condition.answered ? "answered" : "not answered"}`;
  if ("equals" in condition) return `${condition.question} = ${String(condition.equals)}`;
  return `${condition.question} is one of ${condition.oneOf.map(String).join(", ")}`;
}
