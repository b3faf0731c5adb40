// For pages with several forms posting to one action (a finding's status moves, its edit, its risk
// acceptance): the form body is read once, the intent picks the schema, and a failure carries the
// intent so the page shows each message next to the field of the form that was sent.
import { data } from "@remix-run/node";
import type { z } from "zod";
import { AppError } from "../domain/errors";
import { formDataToObject, parseFormData } from "../forms/parse";
import type { FormFailure } from "../forms/form-failure";
import { httpStatus, notFound } from "./errors.server";
import { UNREADABLE_FORM_MESSAGE } from "./form-action.server";

export type IntentFailure = FormFailure & { intent: string | null };

/** The posted form, or null when the body is not a form. */
export async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

export function intentFailure(intent: string | null, fieldErrors: Record<string, string>, values: Record<string, unknown>, status: number) {
  return data<IntentFailure>({ intent, fieldErrors, values }, { status });
}

export const unreadableForm = () => intentFailure(null, { form: UNREADABLE_FORM_MESSAGE }, {}, 400);

/** Parses `form` with `schema` and runs `save`; a refusal comes back with messages keyed by field and the intent. */
export async function handleIntent<S extends z.ZodType>(form: FormData, intent: string, schema: S, save: (input: z.output<S>) => Promise<never>) {
  const parsed = parseFormData(schema, form);
  if (!parsed.ok) return intentFailure(intent, parsed.fieldErrors, parsed.values, 400);
  try {
    return await save(parsed.data);
  } catch (error) {
    if (error instanceof AppError) {
      if (error.kind === "not_found") throw notFound();
      return intentFailure(intent, { [error.field]: error.message }, formDataToObject(form), httpStatus(error));
    }
    throw error;
  }
}
