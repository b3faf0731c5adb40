// What a valid answer is, per question type, and whether an answer may be saved at all: the question
// exists in the pinned template, in the right scope, is shown given the other answers, and N/A only
// where allowed. Pure: the vendor pages check with it in the browser, the answers service on the server.
import * as z from "zod";
import { isCalendarDate } from "./calendar";
import { isStorableText, UNSTORABLE_MESSAGE } from "./storable-text";
import { scopeNodes, visibleKeys, type ScopeAnswer } from "./question-visibility";
import { DEFAULT_OPTIONS, type Question, type QuestionOption, type Section, type SectionScope, type TemplateDefinition } from "./templates/definition";

export const SHORT_TEXT_MAX = 500;
export const LONG_TEXT_MAX = 10_000;
export const COMMENT_MAX = 5000;
export const MAX_FILES_PER_ANSWER = 50;

/** What the answer rules read of a question: no scoring (the vendor's form gets no more, see section-page.ts). */
export type AnswerRulesQuestion = Pick<Question, "type" | "min" | "max"> & { options?: ReadonlyArray<Pick<QuestionOption, "value" | "label">> };

/** A question's options as value and label (yes/no types without options get the defaults). */
export function choicesOf(question: AnswerRulesQuestion): ReadonlyArray<Pick<QuestionOption, "value" | "label">> {
  return question.options?.length ? question.options : (DEFAULT_OPTIONS[question.type] ?? []);
}

/** The schema of a valid, non-empty value for a question (a cleared answer is `null`, checked elsewhere). */
export function answerValueSchema(question: AnswerRulesQuestion): z.ZodType<unknown> {
  const values = choicesOf(question).map((o) => o.value);
  switch (question.type) {
    case "yes_no":
    case "yes_partial_no":
    case "single_choice":
      return z.string({ error: "Choose one of the options" }).refine((v) => values.includes(v), { message: "Choose one of the options" });
    case "multi_choice":
      return z
        .array(
          z.string().refine((v) => values.includes(v), { message: "Choose among the options" }),
          { error: "Choose among the options" },
        )
        .max(values.length, { message: "Choose each option at most once" })
        .refine((list) => new Set(list).size === list.length, { message: "Choose each option at most once" });
    case "short_text":
      return z
        .string({ error: "Enter text" })
        .max(SHORT_TEXT_MAX, { message: `Keep the answer under ${SHORT_TEXT_MAX} characters` })
        .refine(isStorableText, { message: UNSTORABLE_MESSAGE });
    case "long_text":
      return z
        .string({ error: "Enter text" })
        .max(LONG_TEXT_MAX, { message: `Keep the answer under ${LONG_TEXT_MAX.toLocaleString("en")} characters` })
        .refine(isStorableText, { message: UNSTORABLE_MESSAGE });
    case "number": {
      let schema = z.number({ error: "Enter a number" }).refine(Number.isFinite, { message: "Enter a number" });
      if (question.min !== undefined) schema = schema.refine((n) => n >= question.min!, { message: `Enter a number of at least ${question.min}` });
      if (question.max !== undefined) schema = schema.refine((n) => n <= question.max!, { message: `Enter a number of at most ${question.max}` });
      return schema;
    }
    case "date":
      return z.string({ error: "Enter a date" }).refine((v) => isCalendarDate(v), { message: "Enter a date, like 2027-03-31" });
    case "file":
      return z
        .array(z.uuid({ error: "Attach evidence files" }), { error: "Attach evidence files" })
        .max(MAX_FILES_PER_ANSWER, { message: `Attach at most ${MAX_FILES_PER_ANSWER} files` });
  }
}

/** A stored answer as another contact saved it (what a conflict shows beside the vendor's own). */
export interface CurrentAnswer {
  value: unknown;
  isNa: boolean;
  comment: string | null;
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
  /** Saved by the same vendor contact who is looking (another window or tab), not a colleague. */
  byYou?: boolean;
}

/** Where a question is in a template. */
export interface QuestionLocation {
  question: Question;
  section: Section;
  sectionIndex: number;
  questionIndex: number;
}

export function findQuestion(definition: TemplateDefinition, questionKey: string): QuestionLocation | null {
  for (const [sectionIndex, section] of definition.sections.entries()) {
    const questionIndex = section.questions.findIndex((q) => q.key === questionKey);
    if (questionIndex >= 0) return { question: section.questions[questionIndex]!, section, sectionIndex, questionIndex };
  }
  return null;
}

export type AnswerProblemCode = "unknown_question" | "wrong_scope" | "hidden" | "invalid_value" | "na_not_allowed";

export type CheckResult =
  | { ok: true; question: Question; section: Section; value: unknown; isNa: boolean }
  | { ok: false; code: AnswerProblemCode; message: string; path: "questionKey" | "componentId" | "value" | "isNa" };

/**
 * Whether an answer may be saved. `scope` is where it is being saved (a component's answers:
 * "component"); `answersInScope` are the other answers by key in that scope (for a component, the
 * supplier's answers too). A cleared answer is `value: null`; N/A stores no value.
 */
export function checkAnswer(
  definition: TemplateDefinition,
  scope: SectionScope,
  questionKey: string,
  value: unknown,
  isNa: boolean,
  answersInScope: Readonly<Record<string, ScopeAnswer | undefined>>,
): CheckResult {
  const found = typeof questionKey === "string" ? findQuestion(definition, questionKey) : null;
  if (!found) return { ok: false, code: "unknown_question", message: "This question is not part of this questionnaire", path: "questionKey" };
  const { question, section } = found;
  if (section.scope !== scope) {
    return {
      ok: false,
      code: "wrong_scope",
      message:
        section.scope === "component"
          ? "This question is answered for each AI component: name the component"
          : "This question is answered once for the supplier, not per component",
      path: "componentId",
    };
  }
  if (typeof isNa !== "boolean") return { ok: false, code: "invalid_value", message: "Not applicable must be true or false", path: "isNa" };
  const visible = visibleKeys(scopeNodes(definition, scope), answersInScope);
  if (!visible.has(question.key)) return { ok: false, code: "hidden", message: "This question does not apply given your other answers", path: "questionKey" };
  if (isNa) {
    if (!question.allowNa) return { ok: false, code: "na_not_allowed", message: "This question cannot be answered with “Not applicable”", path: "isNa" };
    return { ok: true, question, section, value: null, isNa: true };
  }
  if (value === null) return { ok: true, question, section, value: null, isNa: false };
  const parsed = answerValueSchema(question).safeParse(value);
  if (!parsed.success) return { ok: false, code: "invalid_value", message: parsed.error.issues[0]?.message ?? "This answer is not valid", path: "value" };
  return { ok: true, question, section, value: parsed.data, isNa: false };
}

/**
 * A form post's strings as the typed value of a question (the no-JavaScript form and the browser's
 * own inputs give text). Empty input is `null`; something that is not a number stays a string so
 * that the check reports it.
 */
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

export function valueFromInput(question: AnswerRulesQuestion, input: string | readonly string[] | null | undefined): unknown {
  if (question.type === "multi_choice" || question.type === "file") {
    const list = input === null || input === undefined ? [] : typeof input === "string" ? [input] : [...input];
    const cleaned = list.filter((v) => v !== "");
    return cleaned.length ? cleaned : null;
  }
  const text = typeof input === "string" ? input : (input?.[0] ?? "");
  if (question.type === "number") {
    if (text.trim() === "") return null;
    // A plain decimal only: Number() would also take "0x10", "1e1", "+16" and "Infinity".
    const n = PLAIN_DECIMAL.test(text.trim()) ? Number(text.trim()) : NaN;
    return Number.isFinite(n) ? n : text;
  }
  if (question.type === "short_text" || question.type === "long_text") return text.trim() === "" ? null : text;
  return text === "" ? null : text;
}

/** Values equal as JSON (for "did this answer change?"). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A value as words, for the conflict panel ("Yes", "Option A, Option B", "2 files"). */
export function describeValue(question: AnswerRulesQuestion, value: unknown, isNa: boolean): string {
  if (isNa) return "Not applicable";
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0) || value === "") return "(no answer)";
  const labels = new Map(choicesOf(question).map((o) => [o.value, o.label]));
  if (question.type === "file" && Array.isArray(value)) return `${value.length} file${value.length === 1 ? "" : "s"}`;
  if (Array.isArray(value)) return value.map((v) => labels.get(String(v)) ?? String(v)).join(", ");
  if (typeof value === "string" && labels.has(value)) return labels.get(value)!;
  return String(value);
}
