// How far an assessment's answers have come: per section, and for component-scope sections per
// AI component in scope. Pure, shared by the staff detail page, the vendor overview and submit.
//
// Supplier-scope sections are answered once; component-scope sections once for each component,
// and a component question's showIf sees the supplier's answers plus that component's earlier ones
// (a template's supplier questions never depend on component ones; see validateDefinition).
// A hidden question does not count, and its answer does not count for later conditions either.
import { evaluateCondition, type AnswerValue } from "./templates/conditions";
import type { Condition, Question, SectionScope, TemplateDefinition } from "./templates/definition";

/** An answer as stored (the `answers` table), keyed by question and component (null: the supplier). */
export interface StoredAnswer {
  questionKey: string;
  componentId: string | null;
  value: unknown;
  isNa: boolean;
  comment?: string | null;
}

export interface QuestionProgress {
  question: Question;
  visible: boolean;
  answered: boolean;
  answer: StoredAnswer | undefined;
}

export interface SectionProgress {
  sectionKey: string;
  sectionIndex: number;
  title: string;
  scope: SectionScope;
  /** Null for supplier-scope sections. */
  componentId: string | null;
  /** Visible questions, answered visible questions, visible required ones, and those answered. */
  questions: number;
  answered: number;
  required: number;
  requiredAnswered: number;
  complete: boolean;
  items: QuestionProgress[];
}

export interface AssessmentProgress {
  sections: SectionProgress[];
  questions: number;
  answered: number;
  required: number;
  requiredAnswered: number;
  /** Required questions answered, 0-100 (100 when nothing is required). */
  percent: number;
  complete: boolean;
}

/** A stored JSON value as a condition can read it. */
export function toAnswerValue(value: unknown): AnswerValue {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  return JSON.stringify(value);
}

function hasValue(value: AnswerValue): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "number") return Number.isFinite(value);
  return true;
}

/** Answered: a value, or "not applicable" where the question allows it. */
export function isAnswered(question: Question, answer: StoredAnswer | undefined): boolean {
  if (!answer) return false;
  if (answer.isNa) return question.allowNa;
  return hasValue(toAnswerValue(answer.value));
}

/**
 * Whether a question with this condition shows, given the effective answers before it. A condition
 * that cannot be evaluated shows the question. The answer check (app/domain/answers.ts) and the
 * progress/submit check share this, so "hidden" means the same thing to both.
 */
export function showsGiven(showIf: Condition | undefined, effective: Readonly<Record<string, AnswerValue>>): boolean {
  if (!showIf) return true;
  try {
    return evaluateCondition(showIf, effective);
  } catch {
    return true;
  }
}

/** What later conditions see of an answer: nothing when its question is hidden or answered N/A. */
export function effectiveValue(shown: boolean, answer: { value: unknown; isNa: boolean } | undefined): AnswerValue {
  return shown && answer && !answer.isNa ? toAnswerValue(answer.value) : undefined;
}

function walk(
  definition: TemplateDefinition,
  scope: SectionScope,
  componentId: string | null,
  answers: ReadonlyMap<string, StoredAnswer>,
  effective: Record<string, AnswerValue>,
): SectionProgress[] {
  const result: SectionProgress[] = [];
  definition.sections.forEach((section, sectionIndex) => {
    if (section.scope !== scope) return;
    const items = section.questions.map((question): QuestionProgress => {
      const visible = showsGiven(question.showIf, effective);
      const answer = answers.get(answerKey(question.key, componentId));
      const answered = visible && isAnswered(question, answer);
      effective[question.key] = effectiveValue(visible, answer);
      return { question, visible, answered, answer };
    });
    const shown = items.filter((i) => i.visible);
    const required = shown.filter((i) => i.question.required);
    const requiredAnswered = required.filter((i) => i.answered).length;
    result.push({
      sectionKey: section.key,
      sectionIndex,
      title: section.title,
      scope,
      componentId,
      questions: shown.length,
      answered: shown.filter((i) => i.answered).length,
      required: required.length,
      requiredAnswered,
      complete: requiredAnswered === required.length,
      items,
    });
  });
  return result;
}

export function answerKey(questionKey: string, componentId: string | null): string {
  return `${componentId ?? "-"}:${questionKey}`;
}

/**
 * Progress of every section: the supplier-scope sections first (in template order), then for each
 * component in scope (in the order given) its component-scope sections. Answers for components not
 * in scope are ignored.
 */
export function assessmentProgress(definition: TemplateDefinition, componentIds: readonly string[], answers: readonly StoredAnswer[]): AssessmentProgress {
  const byKey = new Map<string, StoredAnswer>();
  for (const answer of answers) byKey.set(answerKey(answer.questionKey, answer.componentId), answer);
  const supplierEffective: Record<string, AnswerValue> = {};
  const sections = walk(definition, "supplier", null, byKey, supplierEffective);
  for (const componentId of componentIds) {
    sections.push(...walk(definition, "component", componentId, byKey, { ...supplierEffective }));
  }
  const sum = (pick: (s: SectionProgress) => number) => sections.reduce((n, s) => n + pick(s), 0);
  const required = sum((s) => s.required);
  const requiredAnswered = sum((s) => s.requiredAnswered);
  return {
    sections,
    questions: sum((s) => s.questions),
    answered: sum((s) => s.answered),
    required,
    requiredAnswered,
    percent: required === 0 ? 100 : Math.floor((requiredAnswered / required) * 100),
    complete: requiredAnswered === required,
  };
}
