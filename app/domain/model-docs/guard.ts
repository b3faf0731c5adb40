// The first look at an uploaded model document, before any parser or schema validator sees it:
// its size, its encoding, how deeply it nests (counted on the raw text, so a 10,000-level array
// never reaches JSON.parse or ajv's recursion) and whether it is JSON at all. Each refusal is a
// sentence the vendor can act on.

const MB = 1024 * 1024;

/** The largest model document read: model cards are kilobytes; the specification's largest example is 100 KB. */
export const MAX_MODEL_DOCUMENT_BYTES = 5 * MB;
/** Deeper than any CycloneDX or SPDX document needs (the specification's examples nest under 15 levels). */
export const MAX_MODEL_DOCUMENT_DEPTH = 64;

export type Guarded = { ok: true; text: string; json: unknown } | { ok: false; message: string };

const NOTHING = "Nothing was imported.";

/**
 * The deepest nesting of arrays and objects in JSON text, stopping as soon as it passes `limit`
 * (returns limit + 1 then). Brackets inside strings do not count.
 */
export function jsonDepth(text: string, limit = MAX_MODEL_DOCUMENT_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i += 1;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth += 1;
      if (depth > max) {
        max = depth;
        if (max > limit) return limit + 1;
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth -= 1;
  }
  return max;
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / MB) * 10) / 10} MB`;
}

/** Size, encoding, depth and JSON syntax, in that order; the parsed JSON when all pass. */
export function guardModelDocument(bytes: Uint8Array): Guarded {
  if (bytes.byteLength === 0) return { ok: false, message: "Choose a CycloneDX or SPDX file to upload: the file is empty." };
  if (bytes.byteLength > MAX_MODEL_DOCUMENT_BYTES) {
    return {
      ok: false,
      message: `This file is ${formatMb(bytes.byteLength)}: a model document can be at most ${formatMb(MAX_MODEL_DOCUMENT_BYTES)}. ${NOTHING}`,
    };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return { ok: false, message: `This file is not UTF-8 text, so it is not a CycloneDX or SPDX JSON document. ${NOTHING}` };
  }
  if (jsonDepth(text) > MAX_MODEL_DOCUMENT_DEPTH) {
    return {
      ok: false,
      message: `This file nests more than ${MAX_MODEL_DOCUMENT_DEPTH} levels deep, far more than any CycloneDX or SPDX document needs, so it was not read. ${NOTHING}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? ` (${error.message.slice(0, 200)})` : "";
    return { ok: false, message: `This file is not valid JSON${detail}. Upload a CycloneDX 1.6 or SPDX 3.0.1 JSON document. ${NOTHING}` };
  }
  return { ok: true, text, json };
}
