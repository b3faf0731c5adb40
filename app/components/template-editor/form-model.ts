// The editor's form values and their two-way mapping to a TemplateDefinition. Form values keep
// what the user typed (numbers as text, references as one comma-separated line, conditions as
// builder drafts); `toDefinition` turns them into the definition that is previewed, checked and saved.
import type { z } from "zod";
import { crossQuestionProblems, pathToString, type DefinitionProblem } from "~/domain/templates/validate";
import {
  CHOICE_TYPES,
  conditionSchema,
  DEFAULT_OPTIONS,
  definitionShape,
  type Condition,
  type Grade,
  type Question,
  type QuestionType,
  type ScoringDomain,
  type SectionScope,
  type TemplateDefinition,
} from "~/domain/templates/definition";

export type ConditionOp = "equals" | "oneOf" | "answered";

export interface ConditionDraft {
  /** none: no condition; simple: the builder; json: the text box (for all/any groups). */
  mode: "none" | "simple" | "json";
  question: string;
  op: ConditionOp;
  value: string;
  /** oneOf, for choice questions: the ticked option values. */
  values: string[];
  /** oneOf, for other questions: comma-separated. */
  valuesText: string;
  answered: "true" | "false";
  json: string;
}

export interface OptionDraft {
  value: string;
  label: string;
  score: string;
}

export interface KnockoutDraft {
  when: ConditionDraft;
  severity: "high" | "critical";
  gradeCap: Grade;
  message: string;
}

export interface QuestionDraft {
  key: string;
  prompt: string;
  help: string;
  type: QuestionType;
  options: OptionDraft[];
  unit: string;
  min: string;
  max: string;
  required: boolean;
  weight: string;
  domain: ScoringDomain;
  allowNa: boolean;
  showIf: ConditionDraft;
  knockouts: KnockoutDraft[];
  evidenceOn: boolean;
  evidence: { request: string; requireValidUntil: boolean };
  refs: string;
}

export interface SectionDraft {
  key: string;
  title: string;
  description: string;
  scope: SectionScope;
  questions: QuestionDraft[];
}

export interface EditorValues {
  title: string;
  description: string;
  sections: SectionDraft[];
}

export function emptyCondition(mode: ConditionDraft["mode"] = "none"): ConditionDraft {
  return { mode, question: "", op: "equals", value: "", values: [], valuesText: "", answered: "true", json: "" };
}

export function conditionToDraft(condition: Condition | undefined): ConditionDraft {
  if (!condition) return emptyCondition();
  const draft = emptyCondition("simple");
  if ("all" in condition || "any" in condition) return { ...draft, mode: "json", json: JSON.stringify(condition, null, 2) };
  draft.question = condition.question;
  draft.json = JSON.stringify(condition, null, 2);
  if ("answered" in condition) return { ...draft, op: "answered", answered: condition.answered ? "true" : "false" };
  if ("equals" in condition) return { ...draft, op: "equals", value: String(condition.equals) };
  const values = condition.oneOf.map(String);
  return { ...draft, op: "oneOf", values, valuesText: values.join(", ") };
}

export function optionDrafts(type: QuestionType): OptionDraft[] {
  return (DEFAULT_OPTIONS[type] ?? []).map((o) => ({ value: o.value, label: o.label, score: String(o.score) }));
}

export function newQuestion(key: string): QuestionDraft {
  return {
    key,
    prompt: "",
    help: "",
    type: "yes_no",
    options: optionDrafts("yes_no"),
    unit: "",
    min: "",
    max: "",
    required: true,
    weight: "1",
    domain: "governance",
    allowNa: false,
    showIf: emptyCondition(),
    knockouts: [],
    evidenceOn: false,
    evidence: { request: "", requireValidUntil: false },
    refs: "",
  };
}

export function newSection(key: string): SectionDraft {
  return { key, title: "", description: "", scope: "supplier", questions: [] };
}

export function newKnockout(): KnockoutDraft {
  return { when: emptyCondition("simple"), severity: "high", gradeCap: "D", message: "" };
}

const text = (value: number | undefined) => (value === undefined ? "" : String(value));

export function toFormValues(definition: TemplateDefinition): EditorValues {
  return {
    title: definition.title ?? "",
    description: definition.description ?? "",
    sections: (definition.sections ?? []).map((s) => ({
      key: s.key,
      title: s.title,
      description: s.description ?? "",
      scope: s.scope,
      questions: (s.questions ?? []).map((q) => ({
        key: q.key,
        prompt: q.prompt,
        help: q.help ?? "",
        type: q.type,
        options: (q.options?.length ? q.options : CHOICE_TYPES.has(q.type) ? (DEFAULT_OPTIONS[q.type] ?? []) : []).map((o) => ({
          value: o.value,
          label: o.label,
          score: String(o.score),
        })),
        unit: q.unit ?? "",
        min: text(q.min),
        max: text(q.max),
        required: q.required,
        weight: text(q.weight),
        domain: q.domain,
        allowNa: q.allowNa,
        showIf: conditionToDraft(q.showIf),
        knockouts: (q.knockouts ?? []).map((k) => ({ when: conditionToDraft(k.when), severity: k.severity, gradeCap: k.gradeCap, message: k.message })),
        evidenceOn: Boolean(q.evidence),
        evidence: { request: q.evidence?.request ?? "", requireValidUntil: q.evidence?.requireValidUntil ?? false },
        refs: (q.refs ?? []).join(", "),
      })),
    })),
  };
}

/** Text to a number; empty stays undefined, anything unreadable becomes NaN (the schema names it). */
function numberOf(value: string | undefined): number | undefined {
  const trimmed = (value ?? "").trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

const optional = (value: string | undefined) => (value && value.trim() !== "" ? value : undefined);

function scalar(value: string, targetType: QuestionType | undefined): string | number | boolean {
  if (targetType === "number" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value;
}

export interface Converted {
  definition: TemplateDefinition;
  /** Problems found while converting (condition JSON that does not parse). */
  problems: DefinitionProblem[];
}

/**
 * A draft condition to a condition. `types` gives each question key's type so values for
 * number questions become numbers. JSON that does not parse is reported and kept as text, so
 * the shape check refuses it rather than the condition silently disappearing.
 */
export function draftToCondition(
  draft: ConditionDraft | undefined,
  types: ReadonlyMap<string, QuestionType>,
  path: string,
  problems: DefinitionProblem[],
): Condition | undefined {
  if (!draft || draft.mode === "none") return undefined;
  if (draft.mode === "json") {
    try {
      return JSON.parse(draft.json) as Condition;
    } catch (error) {
      problems.push({ path, message: `The condition JSON does not parse: ${(error as Error).message}` });
      return draft.json as unknown as Condition;
    }
  }
  const type = types.get(draft.question);
  if (!draft.question) problems.push({ path, message: "Choose the question this condition reads" });
  if (draft.op === "answered") return { question: draft.question, answered: draft.answered === "true" };
  if (draft.op === "oneOf") {
    const ticked = Array.isArray(draft.values) ? draft.values : typeof draft.values === "string" && draft.values ? [draft.values] : [];
    const raw =
      type && CHOICE_TYPES.has(type)
        ? ticked
        : (draft.valuesText ?? "")
            .split(",")
            .map((v) => v.trim())
            .filter(Boolean);
    if (draft.question && raw.length === 0) problems.push({ path, message: "Choose at least one value" });
    return { question: draft.question, oneOf: raw.map((v) => scalar(v, type)) };
  }
  if (draft.question && (draft.value ?? "").trim() === "")
    problems.push({ path, message: type && CHOICE_TYPES.has(type) ? "Choose the answer this condition expects" : "Enter the value this condition expects" });
  return { question: draft.question, equals: scalar(draft.value ?? "", type) };
}

export function toDefinition(values: EditorValues): Converted {
  const problems: DefinitionProblem[] = [];
  const types = new Map<string, QuestionType>();
  for (const s of values.sections ?? []) for (const q of s.questions ?? []) if (!types.has(q.key)) types.set(q.key, q.type);
  const definition: TemplateDefinition = {
    title: values.title ?? "",
    description: optional(values.description),
    sections: (values.sections ?? []).map((s, si) => ({
      key: s.key,
      title: s.title,
      description: optional(s.description),
      scope: s.scope,
      questions: (s.questions ?? []).map((q, qi): Question => {
        const path = `sections[${si}].questions[${qi}]`;
        const isNumber = q.type === "number";
        const question: Question = {
          key: q.key,
          prompt: q.prompt,
          help: optional(q.help),
          type: q.type,
          options: CHOICE_TYPES.has(q.type)
            ? (q.options ?? []).map((o) => ({ value: o.value, label: o.label, score: numberOf(o.score) as number }))
            : undefined,
          unit: isNumber ? optional(q.unit) : undefined,
          min: isNumber ? numberOf(q.min) : undefined,
          max: isNumber ? numberOf(q.max) : undefined,
          required: Boolean(q.required),
          weight: numberOf(q.weight) as number,
          domain: q.domain,
          allowNa: Boolean(q.allowNa),
          showIf: draftToCondition(q.showIf, types, `${path}.showIf`, problems),
          knockouts: q.knockouts?.length
            ? q.knockouts.map((k, ki) => ({
                when: draftToCondition(k.when, types, `${path}.knockouts[${ki}].when`, problems) as Condition,
                severity: k.severity,
                gradeCap: k.gradeCap,
                message: k.message,
              }))
            : undefined,
          evidence: q.evidenceOn ? { request: q.evidence?.request ?? "", requireValidUntil: Boolean(q.evidence?.requireValidUntil) } : undefined,
          refs: (q.refs ?? "")
            .split(",")
            .map((r) => r.trim())
            .filter(Boolean),
        };
        // Drop the keys that are unset, so the JSON reads like a hand-written one.
        for (const k of Object.keys(question) as Array<keyof Question>) if (question[k] === undefined) delete question[k];
        return question;
      }),
    })),
  };
  if (definition.description === undefined) delete definition.description;
  for (const s of definition.sections) if (s.description === undefined) delete s.description;
  return { definition, problems };
}

/** Friendlier words for the schema's generic messages. */
export const friendlyErrors = (issue: { code?: string; expected?: unknown }): string | undefined => {
  if (issue.code === "invalid_type" && issue.expected === "number") return "Enter a number";
  if (issue.code === "invalid_union") return "This condition is not in a form the template understands";
  return undefined;
};

type Issue = z.core.$ZodIssue;
const problemAt = (path: ReadonlyArray<PropertyKey>, message: string): DefinitionProblem => ({ path: pathToString(path) || "(root)", message });

/** zod issues as problems; for a union (a condition), those of the alternative that came closest. */
export function issuesToProblems(issues: readonly Issue[], prefix: ReadonlyArray<PropertyKey> = []): DefinitionProblem[] {
  return issues.flatMap((issue): DefinitionProblem[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => problemAt([...path, key], "Unknown field: it is not part of the template format"));
    if (issue.code === "invalid_union" && issue.errors.length) {
      const branches = issue.errors.map((branch) => issuesToProblems(branch, path));
      if (issue.errors.every((branch) => branch.length === 1 && branch[0]!.code === "invalid_type" && branch[0]!.path.length === 0)) {
        return [problemAt(path, 'A condition is an object like {"question": "key", "equals": "yes"}, or an "all" or "any" group of them')];
      }
      const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
      return best.length ? best : [problemAt(path, friendlyErrors(issue) ?? issue.message)];
    }
    return [problemAt(path, friendlyErrors(issue) ?? issue.message)];
  });
}

const CONDITION_ROOT = /^(sections\[\d+\]\.questions\[\d+\]\.(?:showIf|knockouts\[\d+\]\.when))(?:[.[]|$)/;

export interface LiveCheck {
  problems: DefinitionProblem[];
  /** Shown next to their field at once: cross-question problems, and every problem of a condition (at the condition). */
  fieldProblems: Map<string, string>;
}

/** Every problem: conversion problems, the shape's (with field paths), and the cross-question rules. */
export function liveProblems(converted: Converted): LiveCheck {
  const { definition } = converted;
  const conversion = converted.problems;
  const covered = (path: string) => conversion.some((c) => path === c.path || path.startsWith(`${c.path}.`) || path.startsWith(`${c.path}[`));
  const shape = definitionShape.safeParse(definition);
  const shapeProblems = shape.success ? [] : issuesToProblems(shape.error.issues).filter((p) => !covered(p.path));
  // The cross-question rules also run on a definition whose shape is off, leaving out the
  // conditions that cannot be read, so a duplicate key shows while a prompt is still empty.
  const readable: TemplateDefinition = {
    ...definition,
    sections: definition.sections.map((s) => ({
      ...s,
      questions: s.questions.map((q) => ({
        ...q,
        showIf: q.showIf && conditionSchema.safeParse(q.showIf).success ? q.showIf : undefined,
        knockouts: q.knockouts?.filter((k) => conditionSchema.safeParse(k.when).success),
      })),
    })),
  };
  let cross: DefinitionProblem[] = [];
  try {
    cross = crossQuestionProblems(readable).filter((p) => !covered(p.path));
  } catch {
    // A definition too broken for the cross-question rules already has shape problems.
  }
  const seen = new Set<string>();
  const problems = [...conversion, ...shapeProblems, ...cross].filter((p) => {
    const id = `${p.path}\u0000${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const fieldProblems = new Map<string, string>();
  for (const p of [...conversion, ...cross]) if (!fieldProblems.has(p.path)) fieldProblems.set(p.path, p.message);
  for (const p of shapeProblems) {
    const root = CONDITION_ROOT.exec(p.path)?.[1];
    if (root && !fieldProblems.has(root)) fieldProblems.set(root, p.message);
  }
  return { problems, fieldProblems };
}

/** "sections[0].questions[1].key" to the form's "sections.0.questions.1.key". */
export function problemPathToName(path: string): string {
  return path.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
}

/** The form's "sections.0.questions.1.key" to "sections[0].questions[1].key". */
export function nameToProblemPath(name: string): string {
  return name.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

/** The DOM id of the control for a form name. */
export function fieldId(name: string): string {
  return `f-${name.replace(/\./g, "-")}`;
}

/** Comparable text of a definition, to tell whether there are unsaved changes. */
export function definitionJson(definition: TemplateDefinition): string {
  return JSON.stringify(definition);
}

/** A fresh key like q7 that no question uses yet. */
export function freshKey(prefix: string, used: ReadonlySet<string>): string {
  for (let n = used.size + 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}
