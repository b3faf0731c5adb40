// Turning submitted form data into a typed value, or into messages keyed by field. Input no form
// could mean is refused here, for every form at once: text that cannot be stored (NUL, a broken
// Unicode character) and a single-value field sent more than once.
import type { z } from "zod";
import { isStorableText, UNSTORABLE_MESSAGE } from "../domain/storable-text";

export type FieldErrors = Record<string, string>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, unknown> };

export const EMPTY_FORM_MESSAGE = "The form arrived empty or without any field it asks for. Reload the page and try again.";
export const REPEATED_FIELD_MESSAGE = "This field was sent more than once. Reload the page and try again.";

/** FormData to a plain object; fields named in `arrays` keep every value. */
export function formDataToObject(form: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    result[key] = arrays.includes(key) ? all : (all[0] ?? "");
  }
  for (const key of arrays) if (!(key in result)) result[key] = [];
  return result;
}

/** Problems with the form as sent, before its schema is asked: repeated single-value fields, unstorable text. */
export function formDataProblems(form: FormData, arrays: readonly string[] = []): FieldErrors {
  const errors: FieldErrors = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (!isStorableText(key)) errors.form ??= UNSTORABLE_MESSAGE;
    else if (all.some((v) => !isStorableText(v))) errors[key] = UNSTORABLE_MESSAGE;
    else if (all.length > 1 && !arrays.includes(key)) errors[key] = REPEATED_FIELD_MESSAGE;
  }
  return errors;
}

/** Fields whose text cannot be stored, in already-read values. */
export function unstorableFields(values: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(values)) {
    const texts = Array.isArray(value) ? value : [value];
    if (!isStorableText(key) || texts.some((v) => typeof v === "string" && !isStorableText(v)))
      errors[isStorableText(key) ? key : "form"] ??= UNSTORABLE_MESSAGE;
  }
  return errors;
}

export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Sent-back values with unstorable text blanked, so the page can show them again. */
function echoable(values: Record<string, unknown>): Record<string, unknown> {
  const clean = (v: unknown) => (typeof v === "string" && !isStorableText(v) ? "" : v);
  return Object.fromEntries(
    Object.entries(values)
      .filter(([key]) => isStorableText(key))
      .map(([key, value]) => [key, Array.isArray(value) ? value.map(clean) : clean(value)]),
  );
}

export function parseWith<S extends z.ZodType>(schema: S, values: Record<string, unknown>): Parsed<z.output<S>> {
  const unstorable = unstorableFields(values);
  if (Object.keys(unstorable).length) return { ok: false, fieldErrors: unstorable, values: echoable(values) };
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, fieldErrors: issuesToFieldErrors(result.error.issues), values };
}

/** The field names of an object schema (also under transforms and pipes), or null for any other schema. */
function schemaFields(schema: z.ZodType): string[] | null {
  const def = schema._zod.def as { type: string; shape?: Record<string, unknown>; in?: z.ZodType };
  if (def.type === "object" && def.shape) return Object.keys(def.shape);
  if (def.type === "pipe" && def.in) return schemaFields(def.in);
  return null;
}

/**
 * A submitted form checked as sent, then by its schema. A page's form always sends its text fields,
 * so a post with none of the schema's fields (empty, or only unknown names) is refused rather than
 * read as "every field cleared".
 */
export function parseFormData<S extends z.ZodType>(schema: S, form: FormData, arrays: readonly string[] = []): Parsed<z.output<S>> {
  const values = formDataToObject(form, arrays);
  const fields = schemaFields(schema);
  if (fields && ![...form.keys()].some((key) => fields.includes(key))) return { ok: false, fieldErrors: { form: EMPTY_FORM_MESSAGE }, values: {} };
  const problems = formDataProblems(form, arrays);
  if (Object.keys(problems).length) return { ok: false, fieldErrors: problems, values: echoable(values) };
  return parseWith(schema, values);
}

export async function parseForm<S extends z.ZodType>(request: Request, schema: S, arrays: readonly string[] = []) {
  return parseFormData(schema, await request.formData(), arrays);
}
