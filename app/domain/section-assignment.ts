// Which sections a vendor contact may answer: a grant names its sections, or none for all of them.
// Pure: the pages, the evidence and delegation services and the page list all ask the same rule.
import type { SectionScope, TemplateDefinition } from "./templates/definition";

export function sectionAllowed(grant: { sections: readonly string[] | null }, sectionKey: string): boolean {
  return !grant.sections || grant.sections.includes(sectionKey);
}

/** Sections the contact may answer and so assign to a colleague: `{ key, title, scope }` in questionnaire order. */
export function assignableSections(
  definition: TemplateDefinition,
  grant: { sections: readonly string[] | null },
): Array<{ key: string; title: string; scope: SectionScope }> {
  return definition.sections.filter((s) => sectionAllowed(grant, s.key)).map((s) => ({ key: s.key, title: s.title, scope: s.scope }));
}
