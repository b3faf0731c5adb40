// The rules a template must satisfy beyond its shape. Every problem names its path, so the
// editor and the JSON import can point at it. Publishing is refused while any remain.
import type { z } from "zod";
import { canonicalJson } from "../audit";
import { scoringProblems } from "../scoring/question-rules";
import { referencedQuestions } from "./conditions";
import { CHOICE_TYPES, definitionShape, optionsOf, type Condition, type Question, type TemplateDefinition } from "./definition";

export interface DefinitionProblem {
  path: string;
  message: string;
}

export type DefinitionCheck = { ok: true; definition: TemplateDefinition } | { ok: false; problems: DefinitionProblem[] };

export function pathToString(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), "");
}

export function zodProblems(error: z.ZodError): DefinitionProblem[] {
  return error.issues.map((issue) => ({ path: pathToString(issue.path) || "(root)", message: issue.message }));
}

interface Located {
  question: Question;
  index: number;
  scope: "supplier" | "component";
  path: string;
}

/** Shape first, then the cross-question rules. */
export function validateDefinition(input: unknown): DefinitionCheck {
  const shape = definitionShape.safeParse(input);
  if (!shape.success) return { ok: false, problems: zodProblems(shape.error) };
  const problems = crossQuestionProblems(shape.data);
  return problems.length ? { ok: false, problems } : { ok: true, definition: shape.data };
}

export function crossQuestionProblems(definition: TemplateDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const byKey = new Map<string, Located>();
  const sectionKeys = new Set<string>();
  let index = 0;

  definition.sections.forEach((section, s) => {
    if (sectionKeys.has(section.key)) problems.push({ path: `sections[${s}].key`, message: `Duplicate section key "${section.key}"` });
    sectionKeys.add(section.key);
    if (section.questions.length === 0) problems.push({ path: `sections[${s}].questions`, message: "A section needs at least one question" });
    section.questions.forEach((question, q) => {
      const path = `sections[${s}].questions[${q}]`;
      if (byKey.has(question.key))
        problems.push({ path: `${path}.key`, message: `Duplicate question key "${question.key}" (also at ${byKey.get(question.key)!.path})` });
      else byKey.set(question.key, { question, index, scope: section.scope, path });
      index += 1;
    });
  });

  const checkCondition = (condition: Condition, self: Located, path: string, allowSelf: boolean) => {
    for (const key of referencedQuestions(condition)) {
      const target = byKey.get(key);
      if (!target) problems.push({ path, message: `Refers to an unknown question "${key}"` });
      else if (target.index === self.index && !allowSelf) problems.push({ path, message: `A question cannot depend on itself ("${key}"): that is a cycle` });
      else if (target.index > self.index) problems.push({ path, message: `Refers to "${key}", which comes later: conditions may only use earlier questions` });
      else if (self.scope === "supplier" && target.scope === "component") {
        problems.push({ path, message: `A supplier-wide question cannot depend on "${key}", which is answered per component` });
      }
    }
    for (const leaf of leaves(condition)) {
      const target = byKey.get(leaf.question);
      if (!target || !CHOICE_TYPES.has(target.question.type)) continue;
      const allowed = new Set(optionsOf(target.question).map((o) => o.value));
      const values = "equals" in leaf ? [leaf.equals] : "oneOf" in leaf ? leaf.oneOf : [];
      for (const value of values) {
        if (!allowed.has(String(value))) problems.push({ path, message: `"${String(value)}" is not an option of "${leaf.question}"` });
      }
    }
  };

  for (const located of byKey.values()) {
    const { question, path } = located;
    if (CHOICE_TYPES.has(question.type)) {
      const options = optionsOf(question);
      if (options.length < 2) problems.push({ path: `${path}.options`, message: "A choice question needs at least two options" });
      const seen = new Set<string>();
      options.forEach((o, i) => {
        if (seen.has(o.value)) problems.push({ path: `${path}.options[${i}].value`, message: `Duplicate option value "${o.value}"` });
        seen.add(o.value);
      });
    } else if (question.options?.length) {
      problems.push({ path: `${path}.options`, message: `A ${question.type.replace("_", " ")} question has no options` });
    }
    if (question.type === "number" && question.min !== undefined && question.max !== undefined && question.min > question.max) {
      problems.push({ path: `${path}.min`, message: "The minimum is above the maximum" });
    }
    problems.push(...scoringProblems(question, path));
    if (question.showIf) checkCondition(question.showIf, located, `${path}.showIf`, false);
    question.knockouts?.forEach((k, i) => checkCondition(k.when, located, `${path}.knockouts[${i}].when`, true));
  }
  return problems;
}

function leaves(condition: Condition): Array<Exclude<Condition, { all: Condition[] } | { any: Condition[] }>> {
  if ("all" in condition) return condition.all.flatMap(leaves);
  if ("any" in condition) return condition.any.flatMap(leaves);
  return [condition];
}

/** The checksum a published version carries: SHA-256 over canonical JSON, so key order never matters. */
export async function definitionChecksum(definition: TemplateDefinition): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(definition));
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function questionCount(definition: TemplateDefinition): number {
  return definition.sections.reduce((n, s) => n + s.questions.length, 0);
}
