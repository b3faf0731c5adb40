// Strong ETags for API resources: a hash of the id and the row's version (its updated_at, or a
// revision number). An update sent with `If-Match` whose tag is not the current one is refused
// with a 409 problem (the resource changed since the caller read it); nothing is written.
import { createHash } from "node:crypto";
import { AppError } from "../../domain/errors";

export function etagOf(id: string, version: Date | string | number): string {
  const v = version instanceof Date ? version.toISOString() : String(version);
  return `"${createHash("sha256").update(`${id}:${v}`, "utf8").digest("base64url").slice(0, 27)}"`;
}

/** Strong comparison (RFC 9110 §13.1.1): `*` matches anything; weak tags never match. */
export function etagMatches(header: string | null, current: string): boolean {
  if (header === null) return true;
  const trimmed = header.trim();
  if (trimmed === "*") return true;
  return trimmed
    .split(",")
    .map((tag) => tag.trim())
    .some((tag) => tag === current);
}

/** For GET: whether `If-None-Match` names the current tag (the reply is then 304). */
export function notModified(header: string | null, current: string): boolean {
  if (header === null) return false;
  const tags = header.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  return tags.includes("*") || tags.includes(current);
}

/** Throws a 409 "stale" conflict when the caller's If-Match does not name the current version. No header: no check. */
export function requireIfMatch(ifMatch: string | null, current: string): void {
  if (etagMatches(ifMatch, current)) return;
  throw new AppError("conflict", "This resource changed since you read it (If-Match does not match its current ETag). Read it again and retry.", {
    details: { problemType: "stale", place: "header", header: "If-Match", currentEtag: current },
  });
}
