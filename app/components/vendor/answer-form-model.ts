// The answering form's values and how they become what the answers API takes: a stored answer as
// form state, form state as a save payload (or the message that stops it), and the no-JavaScript
// post read back into one payload per changed question. Pure, shared by the form and the route.
import { answerValueSchema, COMMENT_MAX, sameValue, valueFromInput } from "~/domain/answers";
import { toAnswerValue } from "~/domain/question-visibility";
import type { AnswerValue } from "~/domain/templates/conditions";
import type { FormQuestion } from "~/domain/section-page";

export type FormAnswer = { value: AnswerValue; na: boolean; comment: string };
export type FormValues = { answers: Record<string, FormAnswer> };
export type Mine = { value: unknown; isNa: boolean; comment: string | null };

export function toFormAnswer(question: FormQuestion, stored: { value: unknown; isNa: boolean; comment: string | null } | undefined): FormAnswer {
  if (!stored) return { value: question.type === "multi_choice" ? [] : undefined, na: false, comment: "" };
  let value = toAnswerValue(stored.value);
  if (question.type === "number" && typeof value === "number") value = String(value);
  return { value, na: stored.isNa, comment: stored.comment ?? "" };
}

/** What the API gets for a question, or the message that stops it from being sent. */
export function toPayload(question: FormQuestion, answer: FormAnswer, storedFiles: unknown): Mine | { error: string } {
  const comment = answer.comment.trim() === "" ? null : answer.comment;
  if (answer.comment.length > COMMENT_MAX) return { error: `Keep the comment under ${COMMENT_MAX} characters` };
  if (answer.na) return { value: null, isNa: true, comment };
  let value: unknown;
  if (question.type === "file") value = storedFiles ?? null;
  else if (Array.isArray(answer.value)) value = valueFromInput(question, answer.value);
  else value = valueFromInput(question, answer.value === undefined || answer.value === null ? "" : String(answer.value));
  if (value !== null) {
    const check = answerValueSchema(question).safeParse(value);
    if (!check.success) return { error: check.error.issues[0]?.message ?? "This answer is not valid" };
  }
  return { value, isNa: false, comment };
}

/** The form's answer as a value (for the conflict panel's "Your answer"). */
export function formValue(question: FormQuestion, answer: FormAnswer): unknown {
  if (answer.na) return null;
  if (Array.isArray(answer.value)) return answer.value;
  if (answer.value === undefined || answer.value === "") return null;
  return question.type === "number" ? Number(answer.value) : answer.value;
}

function formString(form: FormData, name: string): string | null {
  const v = form.get(name);
  return typeof v === "string" ? v : null;
}

/** One question of a no-JavaScript post that changed: the answer, over the revision the vendor saw. */
export interface PostedChange {
  question: FormQuestion;
  mine: Mine;
  baseRevision: number;
  /** Why the post cannot be saved as it is (a revision that is not a whole number): nothing is saved. */
  problem?: string;
}

export const UNREADABLE_REVISION_MESSAGE = "Your answer could not be read (the page sent a broken revision number); reload the page and enter it again.";

/** A revision as the page sent it: digits only, or null. */
export function parseRevision(text: string | null): number | null {
  if (text === null || !/^\d{1,9}$/.test(text)) return null;
  return Number(text);
}

function withRevision(question: FormQuestion, mine: Mine, text: string | null): PostedChange {
  const baseRevision = parseRevision(text);
  return baseRevision === null ? { question, mine, baseRevision: 0, problem: UNREADABLE_REVISION_MESSAGE } : { question, mine, baseRevision };
}

/**
 * The questions of a "Save section" post whose answer differs from the one the page showed
 * (`orig.<key>`); questions without `rev.<key>` were not on the page (hidden by a condition).
 */
export function changedAnswers(questions: readonly FormQuestion[], form: FormData): PostedChange[] {
  const changes: PostedChange[] = [];
  for (const question of questions) {
    const rev = formString(form, `rev.${question.key}`);
    if (rev === null) continue;
    const base = `answers.${question.key}`;
    const isNa = formString(form, `${base}.na`) !== null;
    let original: Mine = { value: null, isNa: false, comment: null };
    try {
      original = JSON.parse(formString(form, `orig.${question.key}`) ?? "") as Mine;
    } catch {
      // no original: treat everything as changed
    }
    const value = isNa
      ? null
      : question.type === "file"
        ? original.value
        : valueFromInput(
            question,
            form.getAll(base).filter((v): v is string => typeof v === "string"),
          );
    const commentText = formString(form, `comment.${question.key}`) ?? "";
    const mine = { value, isNa, comment: commentText.trim() === "" ? null : commentText };
    if (sameValue(mine.value, original.value) && mine.isNa === Boolean(original.isNa) && (mine.comment ?? null) === (original.comment ?? null)) continue;
    changes.push(withRevision(question, mine, rev));
  }
  return changes;
}

/** "Keep mine" after a conflict: the question, the vendor's answer again and the revision they have now seen; null when the answer cannot be read. */
export function keptAnswer(questions: readonly FormQuestion[], form: FormData): { question: FormQuestion | undefined; change: PostedChange | null } {
  const question = questions.find((q) => q.key === formString(form, "questionKey"));
  if (!question) return { question, change: null };
  try {
    const parsed = JSON.parse(formString(form, "mine") ?? "null") as { value?: unknown; isNa?: unknown; comment?: unknown };
    const mine = { value: parsed.value ?? null, isNa: parsed.isNa === true, comment: typeof parsed.comment === "string" ? parsed.comment : null };
    return { question, change: withRevision(question, mine, formString(form, "revision") ?? "0") };
  } catch {
    return { question, change: null };
  }
}

export const isKeepMine = (form: FormData) => formString(form, "intent") === "keep-mine";
