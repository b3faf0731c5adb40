// The shape of every form action: parse with the shared schema, save, and on failure answer
// with messages keyed by field and the submitted values, so the page can show both.
import { data } from "@remix-run/node";
import type { z } from "zod";
import { httpStatus, notFound } from "./errors.server";
import { AppError } from "../domain/errors";
import { formDataToObject, parseFormData } from "../forms/parse";
import type { FormFailure } from "../forms/form-failure";

export type { FormFailure };

export const UNREADABLE_FORM_MESSAGE = "The form could not be read. Reload the page and try again.";

export async function handleForm<S extends z.ZodType>(
  request: Request,
  schema: S,
  save: (input: z.output<S>) => Promise<never>,
  arrays: readonly string[] = [],
) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    // A body that is not a form at all (the edge refuses other content types; this is the backstop).
    return data<FormFailure>({ fieldErrors: { form: UNREADABLE_FORM_MESSAGE }, values: {} }, { status: 400 });
  }
  const parsed = parseFormData(schema, form, arrays);
  if (!parsed.ok) return data<FormFailure>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const values = formDataToObject(form, arrays);
  try {
    return await save(parsed.data);
  } catch (error) {
    if (error instanceof AppError) {
      if (error.kind === "not_found") throw notFound();
      return data<FormFailure>({ fieldErrors: { [error.field]: error.message }, values }, { status: httpStatus(error) });
    }
    throw error;
  }
}

/** For small buttons (archive, delete…): run it, or return the message for the page. */
export async function handleCommand(run: () => Promise<never>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) {
      if (error.kind === "not_found") throw notFound();
      return data<FormFailure>({ fieldErrors: { form: error.message }, values: {} }, { status: httpStatus(error) });
    }
    throw error;
  }
}
