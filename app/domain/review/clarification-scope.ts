// Which answers a vendor may change, given the assessment's state and the reviewer's open
// clarification requests. While the vendor is answering (sent, in progress) every answer is open;
// once the questionnaire is with the buyer or over, none is. In "changes requested" only the
// reopened answers are, plus the questions whose condition reads a reopened answer (directly or
// through another such question): changing a reopened answer may show a required follow-up, and
// the vendor must be able to answer it or they could never resubmit.
import { isOpen } from "../assessment-lifecycle";
import { referencedQuestions } from "../templates/conditions";
import type { TemplateDefinition } from "../templates/definition";

export interface ScopeRef {
  questionKey: string;
  /** Null for a supplier-scope question; the component for a component-scope one. */
  componentId: string | null;
}

/** `questionKey:componentId` (or `-` for the supplier): the same key threads are grouped by. */
export const scopeKey = (questionKey: string, componentId: string | null) => `${questionKey}:${componentId ?? "-"}`;

export type AnswerableScopes =
  | { kind: "all" }
  | { kind: "none" }
  /** `requested`: the reopened answers; `keys`: those plus their follow-ups (every answerable scope). */
  | { kind: "some"; requested: ReadonlySet<string>; keys: ReadonlySet<string> };

export const NOT_REOPENED_MESSAGE = "The reviewer did not reopen this question: only the questions they asked about can be changed now.";

/** The answers the vendor may change now. `componentIds`: the components in scope. */
export function answerableScopes(
  status: string,
  definition: TemplateDefinition,
  componentIds: readonly string[],
  openRequests: readonly ScopeRef[],
): AnswerableScopes {
  if (!isOpen(status)) return { kind: "none" };
  if (status !== "changes_requested") return { kind: "all" };

  const sectionScope = new Map<string, "supplier" | "component">();
  const dependents = new Map<string, string[]>(); // question key → keys of questions whose showIf reads it
  for (const section of definition.sections) {
    for (const q of section.questions) {
      sectionScope.set(q.key, section.scope);
      if (!q.showIf) continue;
      for (const ref of new Set(referencedQuestions(q.showIf))) dependents.set(ref, [...(dependents.get(ref) ?? []), q.key]);
    }
  }

  const requested = new Set<string>();
  const keys = new Set<string>();
  const queue: ScopeRef[] = [];
  const add = (ref: ScopeRef) => {
    const key = scopeKey(ref.questionKey, ref.componentId);
    if (keys.has(key)) return;
    keys.add(key);
    queue.push(ref);
  };
  for (const r of openRequests) {
    const scope = sectionScope.get(r.questionKey);
    // A request that names no question of this template, or the wrong scope, opens nothing.
    if (!scope || (scope === "supplier") !== (r.componentId === null)) continue;
    if (r.componentId !== null && !componentIds.includes(r.componentId)) continue;
    requested.add(scopeKey(r.questionKey, r.componentId));
    add(r);
  }
  while (queue.length) {
    const ref = queue.shift()!;
    for (const dependent of dependents.get(ref.questionKey) ?? []) {
      if (sectionScope.get(dependent) === "supplier") add({ questionKey: dependent, componentId: null });
      else if (ref.componentId !== null) add({ questionKey: dependent, componentId: ref.componentId });
      // A supplier answer read by a component question: that question, for every component.
      else for (const componentId of componentIds) add({ questionKey: dependent, componentId });
    }
  }
  return { kind: "some", requested, keys };
}

/** Whether the vendor may change the answer to this question (and component) under `rule`. */
export function mayAnswer(rule: AnswerableScopes, questionKey: string, componentId: string | null): boolean {
  if (rule.kind === "all") return true;
  if (rule.kind === "none") return false;
  return rule.keys.has(scopeKey(questionKey, componentId));
}
