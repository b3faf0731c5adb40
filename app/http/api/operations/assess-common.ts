// Schemas shared by the assessment-side API operations (templates, assessments, findings,
// deadlines, change notices): cursor paging parameters, the page envelope, and small parts.
import { z } from "zod";
import { API_DEFAULT_LIMIT, API_MAX_LIMIT } from "../../../services/api-assessment-queries.server";

export const uuidParam = (what: string) => z.uuid({ error: `Not a valid ${what} id` }).describe(`The ${what}'s id`);

/** `?cursor=…&limit=…`: a page starts strictly after the row the cursor names. */
export const pageQuery = {
  cursor: z.string().max(2000).optional().describe("The opaque cursor from the previous page's `next` link; omit it for the first page."),
  limit: z.coerce
    .number({ error: `A whole number from 1 to ${API_MAX_LIMIT}` })
    .int(`A whole number from 1 to ${API_MAX_LIMIT}`)
    .min(1, `A whole number from 1 to ${API_MAX_LIMIT}`)
    .max(API_MAX_LIMIT, `A whole number from 1 to ${API_MAX_LIMIT}`)
    .default(API_DEFAULT_LIMIT)
    .describe(`How many items per page (default ${API_DEFAULT_LIMIT}, at most ${API_MAX_LIMIT}).`),
};

/** `true`/`false` in a query string. */
export const queryBoolean = z.enum(["true", "false"], { error: "Use true or false" }).transform((v) => v === "true");

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next: z.string().nullable().describe("The URL of the next page (the same filters, the next cursor); null on the last page."),
  });
}

/** The `next` link: this request's query with the new cursor. */
export function nextLink(url: (path: string) => string, path: string, query: Record<string, unknown>, nextCursor: string | null): string | null {
  if (!nextCursor) return null;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || key === "cursor") continue;
    params.set(key, String(value));
  }
  params.set("cursor", nextCursor);
  return url(`${path}?${params.toString()}`);
}

export const named = z.object({ id: z.uuid(), name: z.string() });
export const isoDateTime = z.string().describe("An ISO 8601 timestamp (UTC)");
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe("A calendar date, YYYY-MM-DD");
