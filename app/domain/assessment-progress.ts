// How far an assessment's answers have come: per section, and for component-scope sections per
// AI component in scope. Pure, shared by the staff detail page, the vendor overview and submit.
// Which questions count is the visibility walk's (question-visibility.ts): a hidden question does
// not count, and its answer does not count for later conditions either.
import type { AnswerValue } from "./templates/conditions";
import type { Question, SectionScope, TemplateDefinition } from "./templates/definition";
import { toAnswerValue, walkAssessment, type StoredAnswer, type WalkedSection } from "./question-visibility";

// Part of progress's vocabulary for its callers (pages showing answers with their progress).
export { toAnswerValue, type StoredAnswer };

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
  /** Whether any of its questions shows given the answers so far: a section none of whose questions shows is not needed (yet). */
  needed: boolean;
  /** Needed, and every visible required question answered: a section that is not needed is never complete. */
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

function sectionProgress(walked: WalkedSection): SectionProgress {
  const items = walked.items.map((i): QuestionProgress => ({ ...i, answered: i.visible && isAnswered(i.question, i.answer) }));
  const shown = items.filter((i) => i.visible);
  const required = shown.filter((i) => i.question.required);
  const requiredAnswered = required.filter((i) => i.answered).length;
  return {
    sectionKey: walked.section.key,
    sectionIndex: walked.sectionIndex,
    title: walked.section.title,
    scope: walked.scope,
    componentId: walked.componentId,
    questions: shown.length,
    answered: shown.filter((i) => i.answered).length,
    required: required.length,
    requiredAnswered,
    needed: shown.length > 0,
    complete: shown.length > 0 && requiredAnswered === required.length,
    items,
  };
}

/**
 * Progress of every section: the supplier-scope sections first (in template order), then for each
 * component in scope (in the order given) its component-scope sections. Answers for components not
 * in scope are ignored.
 */
export function assessmentProgress(definition: TemplateDefinition, componentIds: readonly string[], answers: readonly StoredAnswer[]): AssessmentProgress {
  const sections = walkAssessment(definition, componentIds, answers).map(sectionProgress);
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
