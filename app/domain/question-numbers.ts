// Question numbers as every page shows them: "2.3" is the third question that shows in section 2.
// Sections keep their place in the template (their number never changes); within a section only the
// questions that show, given the answers so far, are numbered, consecutively and in template order,
// so a vendor never sees 1.2 followed by 1.4. A hidden question has no number. When an answer opens
// a follow-up question, the questions after it in that section move up by one: the vendor's page,
// the submit page, the reviewer's answers view and the clarification requests all number from the
// same answers with this module, so a number cited on one of them is the number shown on the others.
import { answerKey, walkAssessment, type StoredAnswer, type WalkedSection } from "./question-visibility";
import type { TemplateDefinition } from "./templates/definition";

/** The numbers of one section's questions: the visible ones consecutively ("n.1", "n.2", ...); hidden ones left out. */
export function sectionQuestionNumbers(sectionNumber: number, keys: readonly string[], isVisible: (key: string) => boolean): Record<string, string> {
  const numbers: Record<string, string> = {};
  let place = 0;
  for (const key of keys) {
    if (!isVisible(key)) continue;
    place += 1;
    numbers[key] = `${sectionNumber}.${place}`;
  }
  return numbers;
}

/** A section's number: its place in the template, counting from 1. */
export const sectionNumber = (sectionIndex: number): number => sectionIndex + 1;

/** The numbers of every visible question of walked sections, by answerKey(questionKey, componentId). */
export function walkedNumbers(sections: readonly WalkedSection[]): Map<string, string> {
  const numbers = new Map<string, string>();
  for (const s of sections) {
    const visible = new Set(s.items.filter((i) => i.visible).map((i) => i.question.key));
    const own = sectionQuestionNumbers(
      sectionNumber(s.sectionIndex),
      s.items.map((i) => i.question.key),
      (k) => visible.has(k),
    );
    for (const [key, number] of Object.entries(own)) numbers.set(answerKey(key, s.componentId), number);
  }
  return numbers;
}

/** The number of every visible question of an assessment, given its answers (see walkedNumbers). */
export function assessmentQuestionNumbers(
  definition: TemplateDefinition,
  componentIds: readonly string[],
  answers: readonly StoredAnswer[],
): Map<string, string> {
  return walkedNumbers(walkAssessment(definition, componentIds, answers));
}

/** One question's number from an assessment's numbers; "" when it is hidden now. */
export function numberOf(numbers: ReadonlyMap<string, string>, questionKey: string, componentId: string | null): string {
  return numbers.get(answerKey(questionKey, componentId)) ?? "";
}
