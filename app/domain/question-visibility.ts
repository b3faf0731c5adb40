// Which questions of an assessment show, given its answers: one walk shared by progress, the answer
// check and scoring, so "hidden" means the same thing everywhere.
//
// Supplier-scope sections are walked once; component-scope sections once per component, and a
// component question's showIf sees the supplier's answers plus that component's earlier ones (a
// template's supplier questions never depend on component ones; see validateDefinition). A hidden
// question's answer, and an answer "not applicable", count as unanswered for later conditions.
import { evaluateCondition, type AnswerValue } from "./templates/conditions";
import type { Condition, Question, Section, SectionScope, TemplateDefinition } from "./templates/definition";

/** An answer as stored (the `answers` table), keyed by question and component (null: the supplier). */
export interface StoredAnswer {
  questionKey: string;
  componentId: string | null;
  value: unknown;
  isNa: boolean;
  comment?: string | null;
}

/** An answer as the condition logic needs it. */
export interface ScopeAnswer {
  value: unknown;
  isNa: boolean;
}

/** The minimum needed to decide which questions show: key and condition, in template order. */
export interface ConditionNode {
  key: string;
  showIf?: Condition;
}

/** A stored JSON value as a condition can read it. */
export function toAnswerValue(value: unknown): AnswerValue {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  return JSON.stringify(value);
}

/** Whether a question with this condition shows, given the effective answers before it. A condition that cannot be evaluated shows the question. */
export function showsGiven(showIf: Condition | undefined, effective: Readonly<Record<string, AnswerValue>>): boolean {
  if (!showIf) return true;
  try {
    return evaluateCondition(showIf, effective);
  } catch {
    return true;
  }
}

/** What later conditions see of an answer: nothing when its question is hidden or answered N/A. */
export function effectiveValue(shown: boolean, answer: ScopeAnswer | undefined): AnswerValue {
  return shown && answer && !answer.isNa ? toAnswerValue(answer.value) : undefined;
}

export function answerKey(questionKey: string, componentId: string | null): string {
  return `${componentId ?? "-"}:${questionKey}`;
}

/** The questions (in template order) that show, given the answers by key in that scope. */
export function visibleKeys(nodes: readonly ConditionNode[], answers: Readonly<Record<string, ScopeAnswer | undefined>>): Set<string> {
  const effective: Record<string, AnswerValue> = {};
  const visible = new Set<string>();
  for (const node of nodes) {
    const shown = showsGiven(node.showIf, effective);
    effective[node.key] = effectiveValue(shown, answers[node.key]);
    if (shown) visible.add(node.key);
  }
  return visible;
}

/** The questions a scope's conditions walk over: every supplier question, then (for a component) the component ones. */
export function scopeNodes(definition: TemplateDefinition, scope: SectionScope): ConditionNode[] {
  const nodes: ConditionNode[] = [];
  for (const wanted of scope === "supplier" ? (["supplier"] as const) : (["supplier", "component"] as const)) {
    for (const section of definition.sections) {
      if (section.scope !== wanted) continue;
      for (const q of section.questions) nodes.push(q.showIf ? { key: q.key, showIf: q.showIf } : { key: q.key });
    }
  }
  return nodes;
}

/** One question on the walk: whether it shows, and its stored answer in this scope. */
export interface WalkedQuestion {
  question: Question;
  visible: boolean;
  answer: StoredAnswer | undefined;
}

/** One section on the walk (for component sections, once per component). */
export interface WalkedSection {
  section: Section;
  sectionIndex: number;
  scope: SectionScope;
  /** Null for supplier-scope sections. */
  componentId: string | null;
  items: WalkedQuestion[];
}

/** Walks one scope's sections in template order, updating `effective` as it goes. */
export function walk(
  definition: TemplateDefinition,
  scope: SectionScope,
  componentId: string | null,
  answers: ReadonlyMap<string, StoredAnswer>,
  effective: Record<string, AnswerValue>,
): WalkedSection[] {
  const result: WalkedSection[] = [];
  definition.sections.forEach((section, sectionIndex) => {
    if (section.scope !== scope) return;
    const items = section.questions.map((question): WalkedQuestion => {
      const visible = showsGiven(question.showIf, effective);
      const answer = answers.get(answerKey(question.key, componentId));
      effective[question.key] = effectiveValue(visible, answer);
      return { question, visible, answer };
    });
    result.push({ section, sectionIndex, scope, componentId, items });
  });
  return result;
}

/**
 * Every section of an assessment with the visibility of each question: the supplier-scope sections
 * first (in template order), then for each component in scope (in the order given) its
 * component-scope sections. Answers for components not in scope are ignored.
 */
export function walkAssessment(definition: TemplateDefinition, componentIds: readonly string[], answers: readonly StoredAnswer[]): WalkedSection[] {
  const byKey = new Map<string, StoredAnswer>();
  for (const answer of answers) byKey.set(answerKey(answer.questionKey, answer.componentId), answer);
  const supplierEffective: Record<string, AnswerValue> = {};
  const sections = walk(definition, "supplier", null, byKey, supplierEffective);
  for (const componentId of componentIds) sections.push(...walk(definition, "component", componentId, byKey, { ...supplierEffective }));
  return sections;
}
