// The model-document reader of the import pipeline: a CycloneDX 1.6 or SPDX 3.0.1 document's text
// in, one row per proposed answer out (app/domain/model-docs/pipeline.ts), and a problem per model
// that names no AI component of the assessment. A document that cannot be read at all (too large,
// too deep, not JSON, not CycloneDX or SPDX, the wrong version, against the schema, no model)
// throws an AppError ("invalid") that says so. CycloneDX documents are checked against the
// specification's JSON schema with @cyclonedx/cyclonedx-library (ajv), loaded once.
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { invalidError } from "../domain/errors";
import type { ImportReader } from "../domain/import/source";
import { detectModelDocument, type ModelDocumentFormat } from "../domain/model-docs/detect";
import { guardModelDocument } from "../domain/model-docs/guard";
import type { ModelDocumentMapping } from "../domain/model-docs/mapping";
import { describeSchemaErrors, modelsOf } from "../domain/model-docs/parse";
import { proposalRow } from "../domain/model-docs/pipeline";
import { proposeAnswers, type ModelMatch, type ScopeComponent } from "../domain/model-docs/propose";
import type { TemplateDefinition } from "../domain/templates/definition";

let cyclonedxValidator: Validation.JsonValidator | null = null;

/** The CycloneDX 1.6 JSON schema's errors for this text, or null when it is valid. */
export async function cyclonedxSchemaErrors(text: string): Promise<unknown[] | null> {
  cyclonedxValidator ??= new Validation.JsonValidator(Spec.Version.v1dot6);
  const errors = await cyclonedxValidator.validate(text);
  return errors === null ? null : Array.isArray(errors) ? errors : [errors];
}

/** A readable document: its format and its models, or the AppError that says why not. */
export async function readModelDocument(bytes: Uint8Array) {
  const guarded = guardModelDocument(bytes);
  if (!guarded.ok) throw invalidError("file", guarded.message);
  const detected = detectModelDocument(guarded.json);
  if (!detected.ok) throw invalidError("file", detected.message);
  if (detected.format === "cyclonedx-1.6") {
    const errors = await cyclonedxSchemaErrors(guarded.text);
    if (errors) throw invalidError("file", describeSchemaErrors(errors));
  }
  const read = modelsOf(detected.format, guarded.json);
  if (!read.ok) throw invalidError("file", read.message);
  return { format: detected.format as ModelDocumentFormat, text: guarded.text, models: read.models };
}

export interface ReaderScope {
  definition: TemplateDefinition;
  components: readonly ScopeComponent[];
  mapping: ModelDocumentMapping;
  sectionAllowed: (sectionKey: string) => boolean;
  /** Filled with the models matched to components, for the evidence step. */
  matches?: ModelMatch[];
}

/** The reader for one assessment and contact: the document's proposals as rows. */
export function modelDocumentReader(scope: ReaderScope): ImportReader {
  return async (text, _layout, sink) => {
    const { models } = await readModelDocument(new TextEncoder().encode(text));
    const result = proposeAnswers({
      models,
      mapping: scope.mapping,
      definition: scope.definition,
      components: scope.components,
      sectionAllowed: scope.sectionAllowed,
    });
    scope.matches?.push(...result.matches);
    for (const problem of result.problems) sink.problem(problem);
    result.proposals.forEach((proposal, i) => sink.row(proposalRow(proposal, i + 1)));
  };
}
