// From a detected, valid document to its models, or the sentence that says why there are none.
import { cyclonedxModels } from "./cyclonedx";
import type { ModelDocumentFormat } from "./detect";
import type { ModelFacts } from "./facts";
import { spdxModels } from "./spdx";

export type ModelsRead = { ok: true; models: ModelFacts[] } | { ok: false; message: string };

const NOTHING = "Nothing was imported.";

export function modelsOf(format: ModelDocumentFormat, json: unknown): ModelsRead {
  if (format === "cyclonedx-1.6") {
    const models = cyclonedxModels(json);
    if (models.length === 0) {
      return {
        ok: false,
        message: `This CycloneDX 1.6 document describes no AI model (no component of type "machine-learning-model"), so there is nothing to pre-fill. ${NOTHING}`,
      };
    }
    return { ok: true, models };
  }
  const models = spdxModels(json);
  if (models.length === 0) {
    return {
      ok: false,
      message: `This SPDX 3.0.1 document has no AI package (no element of type "ai_AIPackage" in "@graph"), so there is nothing to pre-fill. ${NOTHING}`,
    };
  }
  return { ok: true, models };
}

/** ajv's errors from the CycloneDX schema, as one sentence naming the first few places. */
export function describeSchemaErrors(errors: unknown): string {
  const list = Array.isArray(errors) ? errors : [];
  const described = list.slice(0, 3).map((e) => {
    const err = e as { instancePath?: unknown; message?: unknown };
    const where = typeof err.instancePath === "string" && err.instancePath !== "" ? err.instancePath : "the document";
    return `${where} ${typeof err.message === "string" ? err.message : "is not valid"}`;
  });
  const more = list.length > 3 ? ` (and ${list.length - 3} more)` : "";
  return `This CycloneDX 1.6 document does not follow the CycloneDX 1.6 schema: ${described.join("; ") || "it is not valid"}${more}. ${NOTHING}`;
}
