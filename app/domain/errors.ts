// One way for a service to say "no". Services throw AppError; the form-action helper and the
// JSON API each map it to a response in one place (app/http/). A kind, not an HTTP status,
// so the domain stays free of transport.
export type AppErrorKind =
  | "not_found"
  | "invalid" // the input is wrong: `fields` names each path and what is wrong with it
  | "conflict" // a unique name taken, a stale revision, a duplicate
  | "state" // the thing is in a state that does not allow this (closed, submitted, published…)
  | "forbidden"
  | "rate_limited"
  | "too_large" // a body or file over its limit
  | "unsupported"; // a file or body of a type that is not accepted

/** Field path (dot-separated, e.g. "contacts.0.email", or "form" for the whole) → message. */
export type FieldProblems = Record<string, string>;

export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly fields: FieldProblems;
  /** Extra facts for the caller (a current revision, a retry-after in seconds…). */
  readonly details: Record<string, unknown>;

  constructor(kind: AppErrorKind, message: string, options: { field?: string | null; fields?: FieldProblems; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "AppError";
    this.kind = kind;
    this.fields = options.fields ?? (options.field ? { [options.field]: message } : {});
    this.details = options.details ?? {};
  }

  /** The field the message belongs to when there is exactly one, else "form". */
  get field(): string {
    const keys = Object.keys(this.fields);
    return keys.length === 1 ? keys[0]! : "form";
  }
}

export const notFoundError = (message = "Not found") => new AppError("not_found", message);
export const invalidError = (field: string | null, message: string) => new AppError("invalid", message, { field });
export const conflictError = (field: string | null, message: string, details?: Record<string, unknown>) =>
  new AppError("conflict", message, { field, details });
export const stateError = (message: string, details?: Record<string, unknown>) => new AppError("state", message, { details });
export const forbiddenError = (message = "You do not have permission to do this.") => new AppError("forbidden", message);
export const rateLimitedError = (message: string, retryAfterSeconds: number) => new AppError("rate_limited", message, { details: { retryAfterSeconds } });

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The HTTP status each kind answers with (used by app/http only). */
export const HTTP_STATUS: Record<AppErrorKind, number> = {
  not_found: 404,
  invalid: 400,
  conflict: 409,
  state: 409,
  forbidden: 403,
  rate_limited: 429,
  too_large: 413,
  unsupported: 415,
};
