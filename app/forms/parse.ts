// Turning submitted form data into a typed value, or into messages keyed by field.
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, unknown> };

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

export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export function parseWith<S extends z.ZodType>(schema: S, values: Record<string, unknown>): Parsed<z.output<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, fieldErrors: issuesToFieldErrors(result.error.issues), values };
}

export async function parseForm<S extends z.ZodType>(request: Request, schema: S, arrays: readonly string[] = []) {
  return parseWith(schema, formDataToObject(await request.formData(), arrays));
}
