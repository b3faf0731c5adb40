// The next cycle: which assessments may be reassessed, and what of the last cycle is carried into
// the new one (answers to questions still asked in a compatible form, evidence still valid).
// Pure: the reassessment service feeds it the rows and writes what it plans.
import { checkAnswer, findQuestion } from "../answers";
import { STATUS_LABELS, type AssessmentStatus } from "../assessment-lifecycle";
import type { CalendarDate } from "../calendar";
import type { ScopeAnswer } from "../question-visibility";
import type { Question, QuestionType, SectionScope, TemplateDefinition } from "../templates/definition";

/**
 * Why an assessment cannot be reassessed now, or null when it can. A next cycle follows a decision:
 * a decided or expired assessment, or one closed after its decision. An open questionnaire is
 * still being answered; one with the buyer (submitted, in review, resubmitted) is still being
 * reviewed, and its decision is what the next cycle follows; one closed before any decision was
 * withdrawn, and a new questionnaire is issued instead.
 */
export function reassessRefusal(status: AssessmentStatus, decided: boolean): string | null {
  switch (status) {
    case "decided":
    case "expired":
      return null;
    case "closed":
      return decided ? null : "This questionnaire was closed before a decision: issue a new questionnaire instead of reassessing it.";
    case "sent":
    case "in_progress":
    case "changes_requested":
      return "This questionnaire is still open for answers: it can be reassessed once it has been decided.";
    case "submitted":
    case "in_review":
    case "resubmitted":
      return `This questionnaire is ${STATUS_LABELS[status].toLowerCase()}: decide it before reassessing it.`;
  }
}

/** An answer of the previous cycle as stored. */
export interface PreviousAnswer {
  questionKey: string;
  componentId: string | null;
  value: unknown;
  isNa: boolean;
  comment: string | null;
}

/** An evidence file of the previous cycle (no bytes). */
export interface PreviousEvidence {
  id: string;
  questionKey: string;
  componentId: string | null;
  validUntil: string | null;
}

export type SkipReason = "removed" | "scope_changed" | "out_of_scope" | "incompatible" | "empty" | "evidence_expired" | "hidden" | "answer_not_carried";

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  removed: "the question is no longer asked",
  scope_changed: "the question moved between supplier and component sections",
  out_of_scope: "the AI component is no longer in scope",
  incompatible: "the question's type or options changed",
  empty: "there was no answer to carry",
  evidence_expired: "its evidence has expired",
  hidden: "the question does not apply given the other carried answers",
  answer_not_carried: "the answer it belongs to was not carried over",
};

export interface CarriedAnswer extends PreviousAnswer {
  /** For file questions, the previous cycle's evidence ids (the caller maps them to the copies). */
  evidenceIds: string[] | null;
}

export interface CarryPlan {
  answers: CarriedAnswer[];
  /** Evidence ids of the previous cycle to copy into the new one. */
  evidence: string[];
  skippedAnswers: Array<{ questionKey: string; componentId: string | null; reason: SkipReason }>;
  skippedEvidence: Array<{ id: string; reason: SkipReason }>;
}

/** Types whose answers keep their meaning when a question changes between them (values still checked). */
const FAMILIES: QuestionType[][] = [
  ["yes_no", "yes_partial_no", "single_choice"],
  ["short_text", "long_text"],
  ["multi_choice"],
  ["number"],
  ["date"],
  ["file"],
];

export function compatibleTypes(before: QuestionType, after: QuestionType): boolean {
  return before === after || FAMILIES.some((family) => family.includes(before) && family.includes(after));
}

/** Evidence still valid on `today`: no end date, or one not before today. */
export function evidenceStillValid(validUntil: string | null, today: CalendarDate): boolean {
  return validUntil === null || validUntil.slice(0, 10) >= today;
}

const scopeOf = (componentId: string | null): SectionScope => (componentId === null ? "supplier" : "component");

/**
 * What to carry from the previous cycle into a new assessment of `definition` about `componentIds`.
 * An answer is carried when its question is still asked (same key), in the same kind of section,
 * for a component still in scope, with a compatible type, and the answer checks (options still
 * valid, N/A still allowed, the question shown given the other carried answers); a file answer
 * keeps only its still-valid files and is dropped when none is left. Evidence is carried with its
 * question (for a file question: exactly the files of its carried answer) when still valid.
 */
export function planCarryOver(input: {
  previousDefinition: TemplateDefinition;
  definition: TemplateDefinition;
  componentIds: readonly string[];
  answers: readonly PreviousAnswer[];
  evidence: readonly PreviousEvidence[];
  today: CalendarDate;
}): CarryPlan {
  const { definition, today } = input;
  const inScope = new Set(input.componentIds);
  const skippedAnswers: CarryPlan["skippedAnswers"] = [];
  const skippedEvidence: CarryPlan["skippedEvidence"] = [];

  /** Where a (question, component) of the previous cycle lands in the new one, or why it does not. */
  const target = (questionKey: string, componentId: string | null): { ok: true; question: Question } | { ok: false; reason: SkipReason } => {
    const found = findQuestion(definition, questionKey);
    if (!found) return { ok: false, reason: "removed" };
    if (found.section.scope !== scopeOf(componentId)) return { ok: false, reason: "scope_changed" };
    if (componentId !== null && !inScope.has(componentId)) return { ok: false, reason: "out_of_scope" };
    return { ok: true, question: found.question };
  };

  const validEvidence = new Map<string, PreviousEvidence>();
  for (const e of input.evidence) {
    const place = target(e.questionKey, e.componentId);
    if (!place.ok) skippedEvidence.push({ id: e.id, reason: place.reason });
    else if (!evidenceStillValid(e.validUntil, today)) skippedEvidence.push({ id: e.id, reason: "evidence_expired" });
    else validEvidence.set(e.id, e);
  }

  // First pass: everything that could be carried, ignoring conditions.
  const candidates: CarriedAnswer[] = [];
  for (const answer of input.answers) {
    const skip = (reason: SkipReason) => skippedAnswers.push({ questionKey: answer.questionKey, componentId: answer.componentId, reason });
    const place = target(answer.questionKey, answer.componentId);
    if (!place.ok) {
      skip(place.reason);
      continue;
    }
    const before = findQuestion(input.previousDefinition, answer.questionKey)?.question;
    if (before && !compatibleTypes(before.type, place.question.type)) {
      skip("incompatible");
      continue;
    }
    if (!answer.isNa && (answer.value === null || answer.value === undefined)) {
      skip("empty");
      continue;
    }
    let value = answer.value;
    let evidenceIds: string[] | null = null;
    if (place.question.type === "file" && !answer.isNa) {
      const ids = Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
      evidenceIds = ids.filter((id) => {
        const e = validEvidence.get(id);
        return e !== undefined && e.questionKey === answer.questionKey && e.componentId === answer.componentId;
      });
      if (evidenceIds.length === 0) {
        skip(ids.length ? "evidence_expired" : "empty");
        continue;
      }
      value = evidenceIds;
    }
    candidates.push({ ...answer, value: answer.isNa ? null : value, evidenceIds });
  }

  // Second pass: the answer checks, each scope seeing the other carried answers (a component's
  // conditions see the supplier's answers too).
  const supplierAnswers: Record<string, ScopeAnswer> = {};
  for (const c of candidates) if (c.componentId === null) supplierAnswers[c.questionKey] = { value: c.value, isNa: c.isNa };
  const componentAnswers = new Map<string, Record<string, ScopeAnswer>>();
  for (const c of candidates) {
    if (c.componentId === null) continue;
    const scope = componentAnswers.get(c.componentId) ?? { ...supplierAnswers };
    scope[c.questionKey] = { value: c.value, isNa: c.isNa };
    componentAnswers.set(c.componentId, scope);
  }
  const answers: CarriedAnswer[] = [];
  for (const c of candidates) {
    const scope = c.componentId === null ? supplierAnswers : componentAnswers.get(c.componentId)!;
    const check = checkAnswer(definition, scopeOf(c.componentId), c.questionKey, c.value, c.isNa, scope);
    if (check.ok) answers.push({ ...c, value: check.value, isNa: check.isNa });
    else skippedAnswers.push({ questionKey: c.questionKey, componentId: c.componentId, reason: check.code === "hidden" ? "hidden" : "incompatible" });
  }

  // Evidence goes with its question; a file question's files only with its carried answer.
  const carriedFiles = new Set(answers.flatMap((a) => a.evidenceIds ?? []));
  const evidence: string[] = [];
  for (const e of validEvidence.values()) {
    const question = findQuestion(definition, e.questionKey)!.question;
    if (question.type === "file" && !carriedFiles.has(e.id)) skippedEvidence.push({ id: e.id, reason: "answer_not_carried" });
    else evidence.push(e.id);
  }
  return { answers, evidence, skippedAnswers, skippedEvidence };
}
