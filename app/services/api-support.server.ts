// What the REST API layer (app/http/api) needs to know about database failures without importing
// db/: a lost connection answers 503 + Retry-After, text the database cannot store answers 400.
import { isConnectionError } from "../../db/connection-failures";

export function isDatabaseUnavailable(error: unknown): boolean {
  return isConnectionError(error);
}

/** 22021 (NUL or bad UTF-8) / 22P05 (untranslatable): the backstop of the API's own text checks. */
export function isUnstorableTextError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "22021" || code === "22P05";
}
