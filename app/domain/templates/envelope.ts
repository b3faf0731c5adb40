// The JSON a template travels in (export, import): one envelope, checked as strictly as the
// editor, so a bad file is refused with every problem at its path before anything is written.
import * as z from "zod";
import { unstorablePath, UNSTORABLE_MESSAGE } from "../storable-text";
import { definitionShape, type TemplateDefinition } from "./definition";
import { crossQuestionProblems, pathToString, validateDefinition, type DefinitionProblem } from "./validate";

export const TEMPLATE_FORMAT = "assay-template";
export const TEMPLATE_FORMAT_VERSION = 1;
/** The largest template JSON accepted (the HTTP edge refuses larger bodies under /templates too). */
export const MAX_TEMPLATE_JSON_BYTES = 5 * 1024 * 1024;

export interface TemplateEnvelope {
  format: typeof TEMPLATE_FORMAT;
  formatVersion: typeof TEMPLATE_FORMAT_VERSION;
  name: string;
  description?: string;
  definition: TemplateDefinition;
}

const envelopeSchema = z.strictObject({
  format: z.literal(TEMPLATE_FORMAT, { error: `This is not an Assay template: "format" must be "${TEMPLATE_FORMAT}"` }),
  formatVersion: z.literal(TEMPLATE_FORMAT_VERSION, { error: `Only format version ${TEMPLATE_FORMAT_VERSION} can be imported` }),
  name: z.string({ error: "Give the template a name" }).trim().min(1, "Give the template a name").max(200, "Use at most 200 characters"),
  description: z.string().trim().max(2000, "Use at most 2,000 characters").optional(),
  definition: z.custom<unknown>((value) => value !== undefined, { error: "The template definition is missing" }),
});

/** A definition with its keys in the schema's order (jsonb reorders them), for stable exports. */
function normalized(definition: TemplateDefinition): TemplateDefinition {
  const parsed = definitionShape.safeParse(definition);
  return parsed.success ? parsed.data : definition;
}

export function toExportEnvelope(name: string, description: string | null | undefined, definition: TemplateDefinition): TemplateEnvelope {
  return {
    format: TEMPLATE_FORMAT,
    formatVersion: TEMPLATE_FORMAT_VERSION,
    name,
    ...(description ? { description } : {}),
    definition: normalized(definition),
  };
}

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

const problemAt = (path: Path, message: string): DefinitionProblem => ({ path: pathToString(path) || "(root)", message });

/**
 * zod issues as problems with the most precise path: one problem per unknown field (at the field),
 * and for a union (a condition) the problems of the alternative that came closest.
 */
export function issuesToProblems(issues: readonly Issue[], prefix: Path = []): DefinitionProblem[] {
  return issues.flatMap((issue): DefinitionProblem[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => problemAt([...path, key], "Unknown field: it is not part of the template format"));
    if (issue.code === "invalid_union" && issue.errors.length) {
      const branches = issue.errors.map((branch) => issuesToProblems(branch, path));
      if (issue.errors.every((branch) => branch.length === 1 && branch[0]!.code === "invalid_type" && branch[0]!.path.length === 0)) {
        const expected = issue.errors.map((branch) => (branch[0] as { expected?: string }).expected).filter(Boolean);
        return [problemAt(path, `Expected ${expected.join(", ").replace(/, ([^,]*)$/, " or $1")}`)];
      }
      const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
      return best.length ? best : [problemAt(path, issue.message)];
    }
    return [problemAt(path, issue.message)];
  });
}

/** Shape and cross-question rules of a definition, with paths under `prefix`. */
export function definitionProblems(input: unknown, prefix: Path = []): DefinitionProblem[] {
  const shape = definitionShape.safeParse(input);
  if (!shape.success) return issuesToProblems(shape.error.issues, prefix);
  const base = pathToString(prefix);
  return crossQuestionProblems(shape.data).map((p) => ({ path: base ? `${base}.${p.path}` : p.path, message: p.message }));
}

/** A template file's bytes as text: UTF-8 only, decoded strictly (a bad byte is refused, never turned into "�"). */
export function decodeTemplateFile(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problems: DefinitionProblem[] } {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const message = "The file is not UTF-8 text (it has bytes that are not valid UTF-8). Save it as UTF-8 and import it again";
    return { ok: false, problems: [{ path: "(root)", message }] };
  }
}

export type ParsedTemplateJson = { ok: true; envelope: TemplateEnvelope } | { ok: false; problems: DefinitionProblem[] };

/** Reads an exported template: JSON, then the envelope (strict), then the definition (strict, then its rules). */
export function parseTemplateJson(json: string): ParsedTemplateJson {
  if (json.length > MAX_TEMPLATE_JSON_BYTES) {
    return { ok: false, problems: [{ path: "(root)", message: `The file is larger than ${MAX_TEMPLATE_JSON_BYTES / 1024 / 1024} MB` }] };
  }
  const text = json.replace(/^\uFEFF/, "");
  if (text.trim() === "") return { ok: false, problems: [{ path: "(root)", message: "The file is empty" }] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: "(root)", message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const unstorable = unstorablePath(value);
  if (unstorable) return { ok: false, problems: [problemAt(unstorable, UNSTORABLE_MESSAGE)] };
  const envelope = envelopeSchema.safeParse(value);
  const problems = envelope.success ? [] : issuesToProblems(envelope.error.issues);
  const definition = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { definition?: unknown }).definition : undefined;
  if (definition !== undefined) problems.push(...definitionProblems(definition, ["definition"]));
  if (problems.length || !envelope.success) return { ok: false, problems };
  const check = validateDefinition(definition);
  if (!check.ok) return { ok: false, problems: check.problems.map((p) => ({ path: `definition.${p.path}`, message: p.message })) };
  const { name, description } = envelope.data;
  return { ok: true, envelope: toExportEnvelope(name, description, check.definition) };
}
