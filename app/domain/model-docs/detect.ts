// Which model-document format a parsed JSON value is, or why it is none Assay reads.
import { isSpdx301Context } from "./spdx";

export type ModelDocumentFormat = "cyclonedx-1.6" | "spdx-3.0.1";

export const FORMAT_LABELS: Record<ModelDocumentFormat, string> = {
  "cyclonedx-1.6": "CycloneDX 1.6 ML-BOM",
  "spdx-3.0.1": "SPDX 3.0.1 (AI and Dataset profiles)",
};

export type Detected = { ok: true; format: ModelDocumentFormat } | { ok: false; message: string };

const NOTHING = "Nothing was imported.";
const SPDX_CONTEXT_HINT = '"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"';
const WHAT_WE_READ = "Upload a CycloneDX 1.6 ML-BOM or an SPDX 3.0.1 document with the AI profile, as JSON.";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function detectModelDocument(json: unknown): Detected {
  if (!isObject(json))
    return { ok: false, message: `This JSON file is not a CycloneDX or SPDX document (its top level is not an object). ${WHAT_WE_READ} ${NOTHING}` };
  if (json.bomFormat === "CycloneDX") {
    const version = typeof json.specVersion === "string" ? json.specVersion : null;
    if (version === "1.6") return { ok: true, format: "cyclonedx-1.6" };
    return {
      ok: false,
      message: `This is a CycloneDX ${version ? version.slice(0, 20) : "(no specVersion)"} document. Assay reads CycloneDX 1.6, the version whose ML-BOM carries model cards: export the BOM as CycloneDX 1.6 JSON and upload it again. ${NOTHING}`,
    };
  }
  if ("spdxVersion" in json) {
    return {
      ok: false,
      message: `This is an SPDX 2 document (${String(json.spdxVersion).slice(0, 20)}), which has no AI profile. Upload an SPDX 3.0.1 JSON-LD document with the AI and Dataset profiles. ${NOTHING}`,
    };
  }
  if ("@context" in json) {
    if (isSpdx301Context(json["@context"])) {
      if (!Array.isArray(json["@graph"])) return { ok: false, message: `This SPDX 3.0.1 document has no "@graph" list of elements. ${NOTHING}` };
      return { ok: true, format: "spdx-3.0.1" };
    }
    return {
      ok: false,
      message: `This JSON-LD document does not use the SPDX 3.0.1 context (${SPDX_CONTEXT_HINT}). ${WHAT_WE_READ} ${NOTHING}`,
    };
  }
  return {
    ok: false,
    message: `This JSON file is neither a CycloneDX BOM (no "bomFormat": "CycloneDX") nor an SPDX 3 document (no "@context"). ${WHAT_WE_READ} ${NOTHING}`,
  };
}
