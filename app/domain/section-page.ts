// What one answering page holds, shaped from the pinned template and the stored answers: the
// section and its questions with their numbers, which show now, the answers before it that its
// conditions read, its own answers with their revisions, and where it sits among the contact's
// pages. Pure: the section route's loader calls it; the page decides live visibility from it.
// Vendors never see scoring rules: the page's questions carry only what the form needs (no
// weights, option scores, knock-outs, grade caps or scoring rules).
import type { AnswerRulesQuestion } from "./answers";
import { isOpen } from "./assessment-lifecycle";
import { sectionAllowed } from "./section-assignment";
import { sectionNumber, sectionQuestionNumbers } from "./question-numbers";
import { scopeNodes, visibleKeys, type ConditionNode, type ScopeAnswer } from "./question-visibility";
import { optionsOf, type Question, type Section, type SectionScope, type TemplateDefinition } from "./templates/definition";

/** A question as the vendor's form gets it: what it shows and checks, nothing that scores. */
export type FormQuestion = Pick<Question, "key" | "prompt" | "help" | "type" | "required" | "allowNa" | "showIf" | "unit" | "min" | "max" | "evidence"> &
  AnswerRulesQuestion & { options?: Array<{ value: string; label: string }> };

/** The question without its scoring: options as value and label (yes/no defaults spelled out). */
export function formQuestion(question: Question): FormQuestion {
  const q: FormQuestion = { key: question.key, prompt: question.prompt, type: question.type, required: question.required, allowNa: question.allowNa };
  if (question.help !== undefined) q.help = question.help;
  const options = optionsOf(question);
  if (options.length) q.options = options.map((o) => ({ value: o.value, label: o.label }));
  if (question.unit !== undefined) q.unit = question.unit;
  if (question.min !== undefined) q.min = question.min;
  if (question.max !== undefined) q.max = question.max;
  if (question.showIf !== undefined) q.showIf = question.showIf;
  if (question.evidence !== undefined) q.evidence = { request: question.evidence.request, requireValidUntil: question.evidence.requireValidUntil };
  return q;
}

export interface VendorPageLink {
  sectionKey: string;
  componentId: string | null;
  title: string;
  componentName: string | null;
  href: string;
}

export interface PageComponent {
  id: string;
  name: string;
  version?: string | null;
}

export function sectionHref(assessmentId: string, sectionKey: string, componentId: string | null): string {
  return `/v/a/${assessmentId}/s/${sectionKey}${componentId ? `?component=${componentId}` : ""}`;
}

const componentLabel = (c: PageComponent) => (c.version ? `${c.name} ${c.version}` : c.name);

/** Every answering page open to a contact, in order: the supplier's sections, then each component's. */
export function vendorPages(
  assessmentId: string,
  definition: TemplateDefinition,
  components: readonly PageComponent[],
  assigned: readonly string[] | null,
): VendorPageLink[] {
  const grant = { sections: assigned };
  const pages: VendorPageLink[] = [];
  for (const s of definition.sections) {
    if (s.scope === "supplier" && sectionAllowed(grant, s.key))
      pages.push({ sectionKey: s.key, componentId: null, title: s.title, componentName: null, href: sectionHref(assessmentId, s.key, null) });
  }
  for (const c of components) {
    for (const s of definition.sections) {
      if (s.scope === "component" && sectionAllowed(grant, s.key)) {
        pages.push({ sectionKey: s.key, componentId: c.id, title: s.title, componentName: componentLabel(c), href: sectionHref(assessmentId, s.key, c.id) });
      }
    }
  }
  return pages;
}

export type PageTarget<C extends PageComponent> =
  | { kind: "page"; section: Section; sectionIndex: number; component: C | null }
  /** A component section opened without naming the component: the first one's page. */
  | { kind: "redirect"; href: string }
  | { kind: "not_found" };

/** Which page a URL names: a section the contact may answer and, for component sections, a component in scope. */
export function pageTarget<C extends PageComponent>(
  assessmentId: string,
  definition: TemplateDefinition,
  assigned: readonly string[] | null,
  components: readonly C[],
  sectionKey: string | undefined,
  wantedComponent: string | null,
): PageTarget<C> {
  const sectionIndex = definition.sections.findIndex((s) => s.key === sectionKey);
  const section = definition.sections[sectionIndex];
  if (!section || !sectionAllowed({ sections: assigned }, section.key)) return { kind: "not_found" };
  if (section.scope !== "component") return { kind: "page", section, sectionIndex, component: null };
  if (!wantedComponent) {
    const first = components[0];
    return first ? { kind: "redirect", href: sectionHref(assessmentId, section.key, first.id) } : { kind: "not_found" };
  }
  const component = components.find((c) => c.id === wantedComponent);
  return component ? { kind: "page", section, sectionIndex, component } : { kind: "not_found" };
}

/** A stored answer as the page loads it. */
export interface PageStoredAnswer {
  questionKey: string;
  componentId: string | null;
  value: unknown;
  isNa: boolean;
  comment: string | null;
  revision: number;
  updatedBy: string | null;
  updatedAt: Date;
}

/** One of the page's own answers, as the browser gets it. */
export interface PageAnswer {
  value: unknown;
  isNa: boolean;
  comment: string | null;
  revision: number;
  updatedBy: string | null;
  updatedAt: string;
}

export interface PageEvidenceFile {
  id: string;
  question_key: string;
  file_name: string;
  size_bytes: number;
  valid_until: string | null;
}

export interface SectionPageInput {
  assessmentId: string;
  status: string;
  definition: TemplateDefinition;
  section: Section;
  sectionIndex: number;
  /** Components in scope, in order; `component` the one this page is about (component sections). */
  components: readonly PageComponent[];
  component: PageComponent | null;
  assigned: readonly string[] | null;
  /** The supplier's answers, and this component's (loadAnswers with the page's componentId). */
  answers: readonly PageStoredAnswer[];
  evidence: ReadonlyArray<Omit<PageEvidenceFile, "valid_until"> & { valid_until?: string | null }>;
}

export interface SectionPage {
  assessmentId: string;
  status: string;
  readOnly: boolean;
  section: { key: string; title: string; description: string | null; scope: SectionScope; number: number };
  /** The section's questions as the form needs them (no scoring rules). */
  questions: FormQuestion[];
  /** "2.3": section number and place among the section's visible questions (question-numbers.ts); hidden ones have none. */
  numbers: Record<string, string>;
  /** The page's questions that show given the stored answers (the page recomputes this live). */
  visible: string[];
  /** The questions before this section in its scope: only what decides visibility. */
  contextNodes: ConditionNode[];
  contextAnswers: Record<string, ScopeAnswer>;
  answers: Record<string, PageAnswer>;
  evidence: PageEvidenceFile[];
  component: { id: string; name: string } | null;
  position: { index: number; total: number };
  prev: VendorPageLink | null;
  next: VendorPageLink | null;
}

/** The page files are asked for on: `file` questions and questions with an evidence request. */
export function evidenceKeys(section: Section): string[] {
  return section.questions.filter((q) => q.type === "file" || q.evidence).map((q) => q.key);
}

export function sectionPage(input: SectionPageInput): SectionPage {
  const { definition, section, component } = input;
  const componentId = component?.id ?? null;
  const nodes = scopeNodes(definition, section.scope);
  const ownKeys = new Set(section.questions.map((q) => q.key));
  const firstOwn = nodes.findIndex((n) => ownKeys.has(n.key));
  const contextNodes = nodes.slice(0, Math.max(firstOwn, 0)).filter((n) => !ownKeys.has(n.key));
  const contextKeys = new Set(contextNodes.map((n) => n.key));
  const contextAnswers: Record<string, ScopeAnswer> = {};
  const answers: Record<string, PageAnswer> = {};
  for (const a of input.answers) {
    if (a.componentId !== componentId && ownKeys.has(a.questionKey)) continue;
    if (contextKeys.has(a.questionKey)) contextAnswers[a.questionKey] = { value: a.value, isNa: a.isNa };
    if (ownKeys.has(a.questionKey)) {
      answers[a.questionKey] = {
        value: a.value,
        isNa: a.isNa,
        comment: a.comment,
        revision: a.revision,
        updatedBy: a.updatedBy,
        updatedAt: a.updatedAt.toISOString(),
      };
    }
  }
  const number = sectionNumber(input.sectionIndex);
  const shown = visibleKeys([...contextNodes, ...section.questions.map((q) => ({ key: q.key, showIf: q.showIf }))], { ...contextAnswers, ...answers });
  const pages = vendorPages(input.assessmentId, definition, input.components, input.assigned);
  const here = pages.findIndex((p) => p.sectionKey === section.key && p.componentId === componentId);
  return {
    assessmentId: input.assessmentId,
    status: input.status,
    readOnly: !isOpen(input.status),
    section: { key: section.key, title: section.title, description: section.description ?? null, scope: section.scope, number },
    questions: section.questions.map(formQuestion),
    numbers: sectionQuestionNumbers(
      number,
      section.questions.map((q) => q.key),
      (k) => shown.has(k),
    ),
    visible: section.questions.filter((q) => shown.has(q.key)).map((q) => q.key),
    contextNodes,
    contextAnswers,
    answers,
    evidence: input.evidence.map((f) => ({
      id: f.id,
      question_key: f.question_key,
      file_name: f.file_name,
      size_bytes: f.size_bytes,
      valid_until: f.valid_until ?? null,
    })),
    component: component ? { id: component.id, name: componentLabel(component) } : null,
    position: { index: here, total: pages.length },
    prev: here > 0 ? pages[here - 1]! : null,
    next: here >= 0 && here < pages.length - 1 ? pages[here + 1]! : null,
  };
}
