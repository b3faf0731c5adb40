// Text PostgreSQL cannot store (a NUL character) or that is not Unicode at all (half of a surrogate
// pair, which UTF-8 cannot encode): refused wherever input arrives, before it reaches the database.
import * as z from "zod";

export const UNSTORABLE_MESSAGE = "This contains characters that cannot be stored (a NUL character or a broken Unicode character). Remove them and try again.";

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** The path of the first string (or object key) in a parsed JSON value that cannot be stored, or null. */
export function unstorablePath(value: unknown, maxDepth = 64): Array<string | number> | null {
  const walk = (node: unknown, path: Array<string | number>): Array<string | number> | null => {
    if (typeof node === "string") return isStorableText(node) ? null : path;
    if (node === null || typeof node !== "object" || path.length >= maxDepth) return null;
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) {
        const found = walk(item, [...path, index]);
        if (found) return found;
      }
      return null;
    }
    for (const [key, item] of Object.entries(node)) {
      if (!isStorableText(key)) return [...path, key];
      const found = walk(item, [...path, key]);
      if (found) return found;
    }
    return null;
  };
  return walk(value, []);
}

/** A zod check for any JSON body: every string in it must be storable. */
export const storableJson = <T extends z.ZodType>(schema: T) =>
  schema.superRefine((value, ctx) => {
    const path = unstorablePath(value);
    if (path) ctx.addIssue({ code: "custom", path, message: UNSTORABLE_MESSAGE });
  });

/** A string that can be stored. */
export const storableString = () => z.string().refine(isStorableText, { message: UNSTORABLE_MESSAGE });
