// Pre-filling answers from the vendor's model documentation. GET: the upload form, or with
// ?upload=<id> the preview of a kept upload (question, proposed answer, source field, a checkbox per
// row), recomputed against the answers as they are now, so it survives a reload. POST intent=upload
// (multipart): read and keep the document, then show its preview. POST intent=apply: save the
// accepted proposals through the autosave's path and attach the document as evidence.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ModelDocumentApplied, ModelDocumentPreviewPanel, ModelDocumentUploadForm } from "~/components/model-docs/model-document-import";
import { isOpen } from "~/domain/assessment-lifecycle";
import { AppError } from "~/domain/errors";
import { MAX_MODEL_DOCUMENT_BYTES } from "~/domain/model-docs/guard";
import { httpStatus, notFound } from "~/http/errors.server";
import { formFile, formText, readFormBody, type FormBody, type FormLimits } from "~/http/multipart.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";
import { applyModelDocument, modelDocumentPreview, uploadModelDocument, type ApplyOutcome, type ModelDocumentPreview } from "~/services/model-documents.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/model-document-import.css" }];

export const meta: MetaFunction = () => [{ title: "Pre-fill from a model document · Assay" }, { name: "robots", content: "noindex" }];

const contactOf = (access: Awaited<ReturnType<typeof requireVendorGrant>>) => ({ grant: access.grant, assessment: access.assessment });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const assessmentId = access.assessment.id;
  const open = isOpen(access.assessment.status);
  const uploadId = new URL(request.url).searchParams.get("upload");
  let preview: ModelDocumentPreview | null = null;
  let missing: string | null = null;
  if (uploadId && open) {
    try {
      preview = await modelDocumentPreview(context.app, contactOf(access), uploadId);
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== "not_found") throw error;
      missing = error.message;
    }
  }
  return { assessmentId, open, preview, missing };
}

/** One document of at most 5 MB in "file"; an apply post carries one field per accepted row. */
const IMPORT_FORM: FormLimits = {
  fileSize: MAX_MODEL_DOCUMENT_BYTES,
  files: 1,
  fileFields: ["file"],
  fields: 1000,
  fieldSize: 4 * 1024,
  total: MAX_MODEL_DOCUMENT_BYTES + 256 * 1024,
};

const MB = 1024 * 1024;

export type ImportActionData = { ok: false; error: string; field?: string } | { ok: true; applied: ApplyOutcome };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const assessmentId = access.assessment.id;
  const fail = (error: string, status: number, field?: string) => data<ImportActionData>({ ok: false, error, field }, { status });
  let form: FormBody;
  try {
    form = await readFormBody(request, IMPORT_FORM);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message =
      error.kind === "too_large" && error.details.over !== "field"
        ? `This file is larger than ${MAX_MODEL_DOCUMENT_BYTES / MB} MB, the most a model document can be. Nothing was imported.`
        : error.message;
    return fail(message, httpStatus(error), "file");
  }
  const intent = formText(form, "intent");
  try {
    if (intent === "apply") {
      const importId = formText(form, "upload");
      const accepted =
        formText(form, "scope") === "all" ? ("all" as const) : Object.keys(form.fields).flatMap((name) => (name.startsWith("accept:") ? [name.slice(7)] : []));
      const applied = await applyModelDocument(context.app, contactOf(access), { importId, accepted });
      return data<ImportActionData>({ ok: true, applied });
    }
    const file = formFile(form, "file");
    if (!file) return fail("Choose a CycloneDX or SPDX JSON file to upload.", 400, "file");
    const stored = await uploadModelDocument(context.app, contactOf(access), { fileName: file.name, bytes: file.bytes });
    if (stored.status === "rejected") return fail(stored.message, stored.httpStatus, "file");
    throw redirect(`/v/a/${assessmentId}/import?upload=${stored.importId}`);
  } catch (error) {
    if (error instanceof AppError) {
      if (error.kind === "not_found" && intent !== "apply") throw notFound();
      return fail(error.message, httpStatus(error), error.field ?? undefined);
    }
    throw error;
  }
}

export default function ModelDocumentImport() {
  const { assessmentId, open, preview, missing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/v/a/${assessmentId}`;
  const fileError = result && !result.ok && result.field === "file" ? result.error : null;
  const pageError = result && !result.ok && result.field !== "file" ? result.error : null;
  return (
    <>
      <p>
        <Link to={base}>Back to the questionnaire</Link>
      </p>
      <h1>Pre-fill answers from a model document</h1>
      {!open ? (
        <p className="notice" role="status">
          This questionnaire no longer takes answers.
        </p>
      ) : result?.ok ? (
        <ModelDocumentApplied outcome={result.applied} audience="vendor" backHref={`/v/a/${assessmentId}`} backLabel="Back to the questionnaire" />
      ) : (
        <>
          {pageError ? (
            <p className="flash flash--error" role="alert">
              {pageError}
            </p>
          ) : null}
          {missing ? (
            <p className="flash flash--error" role="alert">
              {missing}
            </p>
          ) : null}
          {preview ? (
            <ModelDocumentPreviewPanel preview={preview} audience="vendor" />
          ) : (
            <ModelDocumentUploadForm error={fileError}>
              <p>
                Upload a <strong>CycloneDX 1.6 ML-BOM</strong> or an <strong>SPDX 3.0.1</strong> document with the AI and Dataset profiles, as JSON. Assay reads
                the model card (datasets, training, limitations, fairness assessments, metrics, use cases) and proposes answers for the AI components of this
                questionnaire that the document names. You see every proposal with the field it came from, and choose which to accept; nothing is saved before
                that, and answers you have already given are never replaced.
              </p>
            </ModelDocumentUploadForm>
          )}
        </>
      )}
    </>
  );
}
