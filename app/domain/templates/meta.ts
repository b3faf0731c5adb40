// What a template is called: the rules for its name and description, and the names its copies take.
import * as z from "zod";

export const templateMetaSchema = z.object({
  name: z.string().trim().min(1, "Give the template a name").max(200, "Use at most 200 characters"),
  description: z
    .string()
    .trim()
    .max(2000, "Use at most 2,000 characters")
    .nullish()
    .transform((v) => v || null),
});
export type TemplateMetaInput = z.input<typeof templateMetaSchema>;

/** "Acme (copy)" for "Acme"; any "(copy N)" suffix is replaced, not stacked. */
export function copyNames(name: string): string[] {
  const root = name.replace(/ \(copy(?: \d+)?\)$/, "");
  const names = [name];
  for (let n = 1; n <= 1000; n += 1) {
    const suffix = n === 1 ? " (copy)" : ` (copy ${n})`;
    names.push(root.slice(0, 200 - suffix.length).trimEnd() + suffix);
  }
  return names;
}
