// Identifiers an OSCAL document needs: name-based (version 5) UUIDs, so the same assessment exported
// twice gives the same UUIDs, and tokens (OSCAL's identifier type) made from our keys, unique in a
// document. Also a single-line text helper for the fields whose schema pattern forbids line breaks
// and surrounding blanks (names, property values).
import { createHash } from "node:crypto";

/** Assay's namespace for its OSCAL UUIDs (a fixed, random version-4 UUID; never change it). */
export const ASSAY_OSCAL_NAMESPACE = "8f3b1c2e-5a47-4d0e-9b6a-2f1e7c9d4a11";

/** Namespace URI of Assay's own OSCAL property and facet names. */
export const ASSAY_OSCAL_NS = "urn:assay:oscal";

/** The OSCAL version the exports declare and are validated against (test/fixtures/oscal-1.0.4). */
export const OSCAL_VERSION = "1.0.4";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 9562 version-5 UUID (SHA-1 of namespace bytes + name bytes). */
export function uuidV5(name: string, namespace: string = ASSAY_OSCAL_NAMESPACE): string {
  if (!UUID.test(namespace)) throw new Error(`Not a UUID: ${namespace}`);
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A UUID maker for one document: every element's UUID from the document's key and the element's key. */
export function uuidsFor(documentKey: string): (elementKey: string) => string {
  return (elementKey) => uuidV5(`${documentKey}:${elementKey}`);
}

const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;

export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * A token from any text: lower case, runs of other characters as "-", starting with a letter or
 * "_" (a leading digit or mark gets "_" in front). Never empty.
 */
export function toToken(value: string): string {
  const cleaned = value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  if (cleaned === "") return "_";
  return /^(\p{L}|_)/u.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** Hands out tokens unique in one document: a taken one gets "-2", "-3" … */
export class TokenRegistry {
  private readonly taken = new Set<string>();

  claim(wanted: string): string {
    const base = toToken(wanted);
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${base}-${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/**
 * Text for fields whose pattern is `^\S(.*\S)?$` (names, property values): on one line, blanks
 * collapsed, trimmed; null when nothing is left (leave the field or property out).
 */
export function singleLine(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const line = value.replace(/\s+/gu, " ").trim();
  return line === "" ? null : line;
}

/** RFC 3339 with time zone, as OSCAL's date-time fields require (milliseconds dropped). */
export function dateTime(value: Date): string {
  return value.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The end of a calendar day (YYYY-MM-DD) in UTC: a date that holds "through the day itself". */
export function endOfDay(date: string): string {
  return `${date}T23:59:59Z`;
}
