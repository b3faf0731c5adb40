// Search, filter, sort and page parameters of list pages: parsed leniently (a bad value falls
// back to the default, a list URL never errors) and turned back into links.
import * as z from "zod";
import { RISK_LEVELS } from "./scoring/methodology";
import { GRADES } from "./templates/definition";

export const PAGE_SIZE = 25;

export const baseListQuery = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
});

/** Reads a list query from a URL with a schema whose every field has a default or `.catch`. */
export function readListQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (value !== "") raw[key] = value;
  return schema.parse(raw);
}

export function optionalEnum<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).optional().catch(undefined);
}

export const optionalUuidParam = z.uuid().optional().catch(undefined);

/** A grade filter: A (best) … E (worst), or "none" for not rated yet. */
export const GRADE_FILTERS = [...GRADES, "none"] as const;
export type GradeFilter = (typeof GRADE_FILTERS)[number];

/** The rating filters of the supplier and component lists (grade, residual risk); junk is ignored. */
export const ratingFilters = {
  grade: optionalEnum(GRADE_FILTERS),
  residual: optionalEnum(RISK_LEVELS),
};

export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
  from: number;
  to: number;
}

export function pageInfo(total: number, page: number, pageSize = PAGE_SIZE): PageInfo {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(page, pageCount);
  return {
    page: current,
    pageSize,
    total,
    pageCount,
    from: total === 0 ? 0 : (current - 1) * pageSize + 1,
    to: Math.min(total, current * pageSize),
  };
}

/** The same list URL with some parameters changed (undefined or "" removes one). */
export function withParams(search: string, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") params.delete(key);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "?";
}

/** Characters that LIKE treats specially are matched literally. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Rows fetched by id, put back in the order the page query chose. */
export function inPageOrder<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
