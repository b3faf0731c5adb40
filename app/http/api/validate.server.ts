// Running a domain schema (the same one the pages use) over API input: its issues become an
// "invalid" AppError whose fields are body paths, so the problem names each field.
import type { z } from "zod";
import { AppError } from "../../domain/errors";

export function checkInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    fields[key] ??= issue.message;
  }
  throw new AppError("invalid", "The body does not pass the checks for this record.", { fields });
}

/** null in an API body means "clear it": the form schemas read an empty string so. */
export function nullsToEmpty(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? "" : v]));
}
