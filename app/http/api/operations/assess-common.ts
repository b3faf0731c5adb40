// Small schemas and helpers shared by the assessment-side API operations (templates, assessments,
// findings, deadlines, change notices). Paging itself is pagination.ts's: `?limit&cursor`, and
// replies `{ data, next }`; these lists compute their own keyset cursors (api-assessment-queries).
import * as z from "zod";

export const uuidParam = (what: string) => z.uuid({ error: `Not a valid ${what} id` }).describe(`The ${what}'s id`);

/** `true`/`false` in a query string. */
export const queryBoolean = z.enum(["true", "false"], { error: "Use true or false" }).transform((v) => v === "true");

/** The `next` link: this request's address with the new cursor (the same filters and limit). */
export function nextLink(self: string, nextCursor: string | null): string | null {
  if (!nextCursor) return null;
  const url = new URL(self);
  url.searchParams.set("cursor", nextCursor);
  return url.toString();
}

export const named = z.object({ id: z.uuid(), name: z.string() });
export const isoDateTime = z.string().describe("An ISO 8601 timestamp (UTC)");
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "A date like 2027-03-31")
  .describe("A calendar date, YYYY-MM-DD");
