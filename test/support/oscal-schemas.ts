// The NIST OSCAL 1.0.4 JSON Schemas (test/fixtures/oscal-1.0.4, copied unmodified) compiled once
// with ajv: draft-07, `strict: false` (the schemas use keywords and `$id` fragments ajv's strict
// mode rejects), formats from ajv-formats. Each schema's definitions carry `$id: "#…"` fragments
// that ajv resolves as anchors inside that schema; the two schemas have different base `$id`s, so
// one Ajv instance holds both.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

const fixture = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/oscal-1.0.4/${name}`, import.meta.url)), "utf8")) as object;

let compiled: { assessmentResults: ValidateFunction; catalog: ValidateFunction } | null = null;

function validators() {
  if (!compiled) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    compiled = {
      assessmentResults: ajv.compile(fixture("oscal_assessment-results_schema.json")),
      catalog: ajv.compile(fixture("oscal_catalog_schema.json")),
    };
  }
  return compiled;
}

const describe = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).slice(0, 10).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);

/** The schema's complaints about an assessment-results document (empty when it validates). */
export function assessmentResultsErrors(document: unknown): string[] {
  const validate = validators().assessmentResults;
  return validate(document) ? [] : describe(validate.errors);
}

/** The schema's complaints about a catalog document (empty when it validates). */
export function catalogErrors(document: unknown): string[] {
  const validate = validators().catalog;
  return validate(document) ? [] : describe(validate.errors);
}
