// Which body a mutation may carry: a form (urlencoded or multipart) everywhere, JSON only where an
// API takes JSON. Anything else is refused 415 at the edge, before a route tries to read it as a form.
import type { NextFunction, Request, Response } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Routes that take a JSON body (and only JSON). */
const JSON_ROUTES: readonly RegExp[] = [/^\/v\/a\/[^/]+\/answers\/?$/];

/**
 * Upload routes read their body with the streaming form reader (app/http/multipart.server.ts), which
 * refuses a wrong type or a broken multipart body itself and answers with the page and its message
 * next to the file field, rather than this plain-text refusal.
 */
const SELF_READING_ROUTES: readonly RegExp[] = [
  /^\/v\/a\/[^/]+\/evidence(\.data)?\/?$/,
  /^\/v\/a\/[^/]+\/findings(\.data)?\/?$/,
  /^\/inventory\/csv(\.data)?\/?$/,
  /^\/templates(\.data)?\/?$/,
  /^\/templates\/[^/]+\/versions\/[^/]+\/edit(\.data)?\/?$/,
];

export const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"] as const;

export type ContentTypeVerdict = { ok: true } | { ok: false; status: 400 | 415; message: string };

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export function checkContentType(method: string, pathname: string, contentType: string | undefined): ContentTypeVerdict {
  if (SAFE_METHODS.has(method.toUpperCase())) return { ok: true };
  if (SELF_READING_ROUTES.some((route) => route.test(pathname))) return { ok: true };
  const type = mediaType(contentType);
  if (JSON_ROUTES.some((route) => route.test(pathname))) {
    if (type === "application/json") return { ok: true };
    return { ok: false, status: 415, message: "This address takes JSON: send the body with Content-Type: application/json. Nothing was saved." };
  }
  if (type === "multipart/form-data" && !/;\s*boundary=/i.test(contentType ?? "")) {
    return { ok: false, status: 400, message: "This form could not be read: a multipart body needs a boundary. Nothing was saved." };
  }
  if ((FORM_TYPES as readonly string[]).includes(type)) return { ok: true };
  return {
    ok: false,
    status: 415,
    message: `This address takes a form (${FORM_TYPES.join(" or ")}), not ${type ? type : "a body without a Content-Type"}. Nothing was saved.`,
  };
}

/** Express middleware: a body of the wrong type is answered here, unread, and the connection closed. */
export function contentTypeGate(req: Request, res: Response, next: NextFunction): void {
  const verdict = checkContentType(req.method, req.path, req.get("content-type"));
  if (verdict.ok) return next();
  res.status(verdict.status).set("Connection", "close").set("Cache-Control", "no-store").type("text/plain").send(verdict.message);
}
