// What a form action answers when input is refused: messages keyed by field, and the values sent back.
import type { FieldErrors } from "./parse";

export interface FormFailure {
  fieldErrors: FieldErrors;
  values: Record<string, unknown>;
}
