// Every answerable place in an assessment: each question once for the supplier (supplier-scope
// sections) or once per component in scope (component-scope sections). Threads, clarification
// requests and findings point at one of these; anything else is refused.
import type { TemplateDefinition } from "../templates/definition";

export interface QuestionScope {
  sectionKey: string;
  questionKey: string;
  componentId: string | null;
}

export function questionScopes(definition: TemplateDefinition, componentIds: readonly string[]): QuestionScope[] {
  return definition.sections.flatMap((section) => {
    const scopes: Array<string | null> = section.scope === "component" ? [...componentIds] : [null];
    return section.questions.flatMap((q) => scopes.map((componentId) => ({ sectionKey: section.key, questionKey: q.key, componentId })));
  });
}

/** The scope named by (questionKey, componentId), if the assessment has it. */
export function findScope(scopes: readonly QuestionScope[], questionKey: string, componentId: string | null): QuestionScope | undefined {
  return scopes.find((s) => s.questionKey === questionKey && s.componentId === componentId);
}
