// RFC 9457 problem details for the REST API: every refusal is `application/problem+json` with
// type, title, status, detail, instance and, for bad input, `errors` naming each field (a JSON
// Pointer into the body, or the query/path parameter) with what is wrong with it.
import type { Response } from "express";
import * as z from "zod";
import { HTTP_STATUS, type AppError, type AppErrorKind } from "../../domain/errors";

export interface ProblemField {
  /** JSON Pointer into the request body, e.g. "/contacts/0/email". */
  pointer?: string;
  /** A query or path parameter, e.g. "limit". */
  parameter?: string;
  /** A request header, e.g. "Idempotency-Key". */
  header?: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ProblemField[];
  [extension: string]: unknown;
}

export const PROBLEM_TYPES = {
  validation: { title: "The request is not valid", status: 400 },
  malformed_json: { title: "The body is not valid JSON", status: 400 },
  unstorable_text: { title: "The request contains text that cannot be stored", status: 400 },
  unauthenticated: { title: "An API token is needed", status: 401 },
  insufficient_scope: { title: "The token's scope does not allow this", status: 403 },
  forbidden: { title: "Your role does not allow this", status: 403 },
  not_found: { title: "Not found", status: 404 },
  method_not_allowed: { title: "Method not allowed", status: 405 },
  conflict: { title: "Conflict", status: 409 },
  state: { title: "Not possible in the current state", status: 409 },
  stale: { title: "The resource changed since you read it", status: 409 },
  idempotency_in_progress: { title: "A request with this Idempotency-Key is still in progress", status: 409 },
  too_large: { title: "The body is too large", status: 413 },
  unsupported_media_type: { title: "The body must be JSON", status: 415 },
  idempotency_mismatch: { title: "This Idempotency-Key was used with a different request", status: 422 },
  rate_limited: { title: "Too many requests", status: 429 },
  server_error: { title: "Something went wrong on our side", status: 500 },
  unavailable: { title: "The database is unreachable", status: 503 },
} as const satisfies Record<string, { title: string; status: number }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

/** A URI per problem type (RFC 9457 §3.1.1): stable names clients can switch on. */
export const problemTypeUri = (type: ProblemType) => `urn:assay:problem:${type.replace(/_/g, "-")}`;

export function problem(type: ProblemType, detail: string, extra: Partial<Problem> = {}): Problem {
  const { title, status } = PROBLEM_TYPES[type];
  return { type: problemTypeUri(type), title, status, detail, ...extra };
}

/** Thrown inside the router to answer with a problem (and optional headers). */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
    this.name = "ProblemError";
  }
}

export function sendProblem(res: Response, body: Problem, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.status(body.status).set("Cache-Control", "no-store").set(headers);
  res.type("application/problem+json").send(JSON.stringify(body));
}

/** "/a~b/c" escaping per RFC 6901. */
export function jsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => "/" + String(part).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

export type InputPlace = "body" | "query" | "path";

/** zod issues → one entry per field; an unknown key is named as its own field. */
export function fieldsFromZod(error: z.ZodError, place: InputPlace): ProblemField[] {
  const fields: ProblemField[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) fields.push(field(place, [...issue.path, key], `Unknown field "${key}": it is not part of this operation.`));
      continue;
    }
    fields.push(field(place, issue.path, issue.message));
  }
  return fields;
}

function field(place: InputPlace, path: ReadonlyArray<PropertyKey>, message: string): ProblemField {
  if (place === "body") return { pointer: jsonPointer(path), message };
  return { parameter: path.map(String).join(".") || "(none)", message };
}

const KIND_TO_TYPE: Record<AppErrorKind, ProblemType> = {
  not_found: "not_found",
  invalid: "validation",
  conflict: "conflict",
  state: "state",
  forbidden: "forbidden",
  rate_limited: "rate_limited",
  too_large: "too_large",
  unsupported: "unsupported_media_type",
};

/** A service's AppError as a problem: status from HTTP_STATUS, its fields as body pointers. */
export function problemFromAppError(error: AppError, instance: string): { problem: Problem; headers: Record<string, string> } {
  const named = error.details.problemType;
  const type: ProblemType = typeof named === "string" && named in PROBLEM_TYPES ? (named as ProblemType) : KIND_TO_TYPE[error.kind];
  // Fields are body paths unless the service says the input was a query parameter or a header.
  const place = error.details.place;
  const errors: ProblemField[] = Object.entries(error.fields)
    .filter(([path]) => path !== "form")
    .map(([path, message]) =>
      place === "query" || place === "path"
        ? { parameter: path, message }
        : place === "header"
          ? { header: path, message }
          : { pointer: jsonPointer(path.split(".")), message },
    );
  if (place === "header" && typeof error.details.header === "string" && errors.length === 0)
    errors.push({ header: error.details.header, message: error.message });
  const body = problem(type, error.message, { status: HTTP_STATUS[error.kind], instance, ...(errors.length ? { errors } : {}) });
  const headers: Record<string, string> = {};
  const retry = error.details.retryAfterSeconds;
  if (error.kind === "rate_limited" && typeof retry === "number") headers["Retry-After"] = String(Math.max(1, Math.ceil(retry)));
  return { problem: body, headers };
}

/** The problem document's schema (for the OpenAPI document). */
export const problemSchema = z
  .object({
    type: z.string().describe("A URI naming the kind of problem, e.g. urn:assay:problem:validation."),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          pointer: z.string().optional().describe("JSON Pointer into the request body."),
          parameter: z.string().optional().describe("A query or path parameter."),
          header: z.string().optional().describe("A request header."),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .describe("RFC 9457 problem details.");
