// Cursor pagination for API lists: `?limit=1..200` (default 50) and `?cursor=…`, an opaque
// base64url string of the last row's (sort key, id). A reply is `{ data: [...], next: url | null }`;
// following `next` until it is null visits every row exactly once, even while rows are added
// (keyset pagination: no offsets, no skipped or repeated rows).
import * as z from "zod";
import { AppError } from "../../domain/errors";
import type { ApiCall, ApiReply } from "./operation";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export type CursorKey = string | number | null;

export interface Cursor {
  key: CursorKey;
  id: string;
}

const cursorField = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^[A-Za-z0-9_-]+$/, "A cursor is the opaque value from a `next` link.");

/** The query every list takes; extend it with the list's filters (it stays strict: unknown parameters are refused). */
export const pageQuery = z.strictObject({
  limit: z.coerce
    .number({ message: "limit must be a whole number from 1 to 200." })
    .int("limit must be a whole number from 1 to 200.")
    .min(1, "limit must be a whole number from 1 to 200.")
    .max(MAX_PAGE_SIZE, "limit must be a whole number from 1 to 200.")
    .default(DEFAULT_PAGE_SIZE)
    .describe("How many items per page (1–200, default 50)."),
  cursor: cursorField.optional().describe("The opaque cursor from the previous page's `next` link."),
});

/** `{ data: [item…], next: url | null }` */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next: z.string().nullable().describe("The URL of the next page, or null on the last page."),
  });
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), "utf8").toString("base64url");
}

const badCursor = () =>
  new AppError("invalid", "This cursor is not one Assay gave out: start again without a cursor.", { field: "cursor", details: { place: "query" } });

/** The cursor's (key, id), or an "invalid" AppError naming the `cursor` parameter. */
export function decodeCursor(value: string | undefined, keyType: "string" | "number" = "string"): Cursor | null {
  if (value === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw badCursor();
  const [key, id] = parsed as [unknown, unknown];
  if (typeof id !== "string" || id.length === 0 || id.length > 100) throw badCursor();
  if (key !== null && typeof key !== keyType) throw badCursor();
  if (typeof key === "string" && key.length > 500) throw badCursor();
  if (typeof key === "number" && !Number.isFinite(key)) throw badCursor();
  return { key: key as CursorKey, id };
}

/**
 * The reply for one page. `rows` were fetched with `limit + 1`: the extra row only says there is a
 * next page. `next` keeps the request's filters and replaces the cursor.
 */
export function pageReply<T, R>(
  call: Pick<ApiCall<unknown, unknown, unknown>, "self">,
  rows: readonly T[],
  limit: number,
  cursorOf: (row: T) => Cursor,
  toItem: (row: T) => R,
): ApiReply {
  const page = rows.slice(0, limit);
  let next: string | null = null;
  if (rows.length > limit && page.length > 0) {
    const url = new URL(call.self);
    url.searchParams.set("cursor", encodeCursor(cursorOf(page[page.length - 1]!)));
    next = url.toString();
  }
  return { body: { data: page.map(toItem), next } };
}
