// Request bodies are counted as they stream in, whatever their framing (Content-Length or chunked):
// past the route's limit the request is answered 413 and its connection closed, so no body is ever
// read whole into memory. Routes with their own, friendlier limits get a little more room here.
import { Transform, type TransformCallback } from "node:stream";
import type { Request, Response } from "express";
import { MAX_EVIDENCE_BYTES } from "../domain/file-types";
import { MAX_LOGO_BYTES } from "../domain/organisation";
import { MAX_IMPORT_BYTES } from "../domain/inventory-import/kinds";
import { MAX_TEMPLATE_JSON_BYTES } from "../domain/templates/envelope";

const KB = 1024;
const MB = 1024 * KB;

/** Form posts and JSON: the largest staff form (5,000-character notes, encoded) fits with room to spare. */
export const DEFAULT_BODY_LIMIT = 64 * KB;
/** Above the route's own budget, so the route's friendlier 413 page answers first. */
const ROUTE_SLACK = 1 * MB;

const BODY_LIMITS: Array<[pattern: RegExp, bytes: number]> = [
  [/^\/inventory\/csv\/?$/, MAX_IMPORT_BYTES + ROUTE_SLACK],
  // The template import reads and drops up to twice its limit, so the browser gets its 413 page rather than a reset.
  [/^\/templates\/?$/, 2 * MAX_TEMPLATE_JSON_BYTES + ROUTE_SLACK],
  [/^\/templates\/[^/]+\/versions\/[^/]+\/edit\/?$/, 2 * MAX_TEMPLATE_JSON_BYTES + ROUTE_SLACK],
  [/^\/v\/a\/[^/]+\/evidence\/?$/, MAX_EVIDENCE_BYTES + ROUTE_SLACK],
  // A response to a finding with one remediation file.
  [/^\/v\/a\/[^/]+\/findings(\.data)?\/?$/, MAX_EVIDENCE_BYTES + ROUTE_SLACK],
  // One whole section of answers (long texts and comments) in one post.
  [/^\/v\/a\/[^/]+\/s\/[^/]+\/?$/, 1 * MB],
  // The autosave API refuses answers over 256 KB itself.
  [/^\/v\/a\/[^/]+\/answers\/?$/, 256 * KB + 64 * KB],
  [/^\/v\/a\/[^/]+\/import(\.data)?\/?$/, 5 * MB + ROUTE_SLACK], // A model document of at most 5 MB (MAX_MODEL_DOCUMENT_BYTES); the route's own message first.
  [/^\/components\/[^/]+\/model-document(\.data)?\/?$/, 5 * MB + ROUTE_SLACK], // The same, uploaded by procurement on a component.
  // Up to 5,000 supplier ids, or 500 component ids, with a message.
  [/^\/campaigns\/new\/?$/, 512 * KB],
  [/^\/assessments\/new\/?$/, 256 * KB],
  // The organisation profile with its logo; the route refuses a logo over its limit with a message by the field.
  [/^\/admin\/organisation(\.data)?\/?$/, 2 * MAX_LOGO_BYTES + ROUTE_SLACK],
];

export function bodyLimitFor(pathname: string): number {
  return BODY_LIMITS.find(([pattern]) => pattern.test(pathname))?.[1] ?? DEFAULT_BODY_LIMIT;
}

function describeLimit(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / KB)} KB`;
}

/**
 * Answers 413 and closes the connection. The rest of the body is not read: closing is what stops
 * a client that keeps sending.
 */
export function refuseTooLarge(req: Request, res: Response, limit: number): void {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  req.log?.warn({ limit }, "request body over the limit");
  res.status(413).set("Connection", "close").type("text/plain");
  res.send(`This request is too large: the limit here is ${describeLimit(limit)}. Nothing was saved.`);
  res.on("finish", () => {
    // Give the client a moment to read the answer before the socket goes; then stop reading for good.
    setTimeout(() => req.socket.destroy(), 1_000).unref();
  });
}

/** True when the declared length alone is over the limit: refused before a byte is read. */
export function declaredTooLarge(req: Request, limit: number): boolean {
  const declared = Number(req.get("content-length") ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** Passes the body through, counting; past `limit` it fails with BodyTooLargeError and calls `onExceeded` once. */
export class ByteLimit extends Transform {
  seen = 0;

  constructor(
    private readonly limit: number,
    private readonly onExceeded: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.byteLength;
    if (this.seen > this.limit) {
      this.onExceeded();
      callback(new BodyTooLargeError(this.limit));
      return;
    }
    callback(null, chunk);
  }
}

/**
 * After the answer, a body nobody read would stall a kept-alive connection: read and drop the rest,
 * still within the limit (past it the connection is closed).
 */
export function discardUnread(req: Request, counted: ByteLimit, limit: number): void {
  if (req.complete || req.destroyed) return;
  req.unpipe(counted);
  let left = limit - counted.seen;
  req.on("data", (chunk: Buffer) => {
    left -= chunk.byteLength;
    if (left < 0) req.socket.destroy();
  });
  req.resume();
}
