// AppError → HTTP, in one place for the pages (the JSON API maps it to problem+json on top of this).
import { HTTP_STATUS, isAppError, type AppError } from "../domain/errors";

export function httpStatus(error: AppError): number {
  return HTTP_STATUS[error.kind];
}

export function notFound(what = "Not found"): Response {
  return new Response(what, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "You do not have permission to do this."): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

/** Rethrows a not-found AppError as the 404 response Remix renders; other errors pass through. */
export function throwIfNotFound(error: unknown): void {
  if (isAppError(error) && error.kind === "not_found") throw notFound(error.message);
}
