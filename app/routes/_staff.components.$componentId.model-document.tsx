// Procurement pre-fills answers for the vendor from a model document (CycloneDX 1.6 ML-BOM, SPDX
// 3.0.1 AI package) about one component: the vendor's import (v.a.$assessmentId.import) on the
// component's open assessment, with the same preview. Accepted answers are pre-filled for the vendor
// (confirmed or changed by them), never over an answer the vendor gave. GET: the upload form, or with
// ?assessment=<id>&upload=<id> the preview of a kept upload. POST intent=upload (multipart), intent=apply.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { issueHrefFor } from "~/components/inventory/assessment-list";
import { ModelDocumentApplied, ModelDocumentPreviewPanel, ModelDocumentUploadForm } from "~/components/model-docs/model-document-import";
import { formatDate } from "~/domain/calendar";
import { AppError } from "~/domain/errors";
import { MAX_MODEL_DOCUMENT_BYTES } from "~/domain/model-docs/guard";
import type { ApplyOutcome, ModelDocumentPreview } from "~/domain/model-docs/preview";
import { httpStatus, notFound } from "~/http/errors.server";
import { requireUserWithPermission, type StaffUser } from "~/http/guard.server";
import { formFile, formText, readFormBody, type FormBody, type FormLimits } from "~/http/multipart.server";
import { getComponent } from "~/services/ai-components.server";
import { applyModelDocument, modelDocumentPreview, openAssessmentsForComponent, uploadModelDocument } from "~/services/model-documents.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/model-document-import.css" }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Pre-fill from a model document · ${data?.component.name ?? "Component"} · Assay` }];

/** The component and its open assessments; the one named (or the newest) is the one imported into. */
async function scopeOf(request: Request, context: LoaderFunctionArgs["context"], componentId: string | undefined) {
  const user = await requireUserWithPermission(request, context, "component:write");
  const component = await getComponent(context.app.db, componentId);
  if (!component) throw notFound();
  const assessments = await openAssessmentsForComponent(context.app.db, component.id);
  return { user, component, assessments };
}

const importerOf = (user: StaffUser, componentId: string, assessment: { id: string; status: string; templateVersionId: string }) => ({
  user: { id: user.id, email: user.email },
  componentId,
  assessment: { id: assessment.id, status: assessment.status, templateVersionId: assessment.templateVersionId },
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, component, assessments } = await scopeOf(request, context, params.componentId);
  const search = new URL(request.url).searchParams;
  const uploadId = search.get("upload");
  const chosen = assessments.find((a) => a.id === search.get("assessment")) ?? null;
  let preview: ModelDocumentPreview | null = null;
  let missing: string | null = null;
  if (uploadId) {
    try {
      if (!chosen) throw new AppError("not_found", "This upload was not found: its questionnaire is no longer open. Upload the document again.");
      preview = await modelDocumentPreview(context.app, importerOf(user, component.id, chosen), uploadId);
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== "not_found") throw error;
      missing = error.message;
    }
  }
  return {
    component: { id: component.id, name: component.name, version: component.version, supplierId: component.supplier_id, supplierName: component.supplier_name },
    assessments: assessments.map((a) => ({ id: a.id, status: a.status, issuedOn: formatDate(a.created_at) })),
    chosenId: chosen?.id ?? null,
    preview,
    missing,
  };
}

const IMPORT_FORM: FormLimits = {
  fileSize: MAX_MODEL_DOCUMENT_BYTES,
  files: 1,
  fileFields: ["file"],
  fields: 1000,
  fieldSize: 4 * 1024,
  total: MAX_MODEL_DOCUMENT_BYTES + 256 * 1024,
};

const MB = 1024 * 1024;

type ActionData = { ok: false; error: string; field?: string } | { ok: true; applied: ApplyOutcome };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, component, assessments } = await scopeOf(request, context, params.componentId);
  const fail = (error: string, status: number, field?: string) => data<ActionData>({ ok: false, error, field }, { status });
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
  const assessment = assessments.find((a) => a.id === formText(form, "assessment"));
  if (!assessment) return fail("No open assessment covers this component — issue one first.", 409);
  const importer = importerOf(user, component.id, assessment);
  const intent = formText(form, "intent");
  try {
    if (intent === "apply") {
      const importId = formText(form, "upload");
      const accepted =
        formText(form, "scope") === "all" ? ("all" as const) : Object.keys(form.fields).flatMap((name) => (name.startsWith("accept:") ? [name.slice(7)] : []));
      const applied = await applyModelDocument(context.app, importer, { importId, accepted });
      return data<ActionData>({ ok: true, applied });
    }
    const file = formFile(form, "file");
    if (!file) return fail("Choose a CycloneDX or SPDX JSON file to upload.", 400, "file");
    const stored = await uploadModelDocument(context.app, importer, { fileName: file.name, bytes: file.bytes });
    if (stored.status === "rejected") return fail(stored.message, stored.httpStatus, "file");
    throw redirect(`/components/${component.id}/model-document?assessment=${assessment.id}&upload=${stored.importId}`);
  } catch (error) {
    if (error instanceof AppError) return fail(error.message, httpStatus(error), error.field ?? undefined);
    throw error;
  }
}

export default function ComponentModelDocument() {
  const { component: c, assessments, chosenId, preview, missing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const fileError = result && !result.ok && result.field === "file" ? result.error : null;
  const pageError = result && !result.ok && result.field !== "file" ? result.error : null;
  const back = `/components/${c.id}`;
  const [newest] = assessments;
  return (
    <>
      <Breadcrumbs items={[{ to: "/components", label: "AI components" }, { to: back, label: c.name }, { label: "Pre-fill from a model document" }]} />
      <h1>Pre-fill answers from a model document</h1>
      {!newest ? (
        <p className="notice" role="status">
          No open assessment covers this component — issue one first. <Link to={issueHrefFor(c.supplierId, c.id)}>Issue an assessment</Link>
        </p>
      ) : result?.ok ? (
        <ModelDocumentApplied outcome={result.applied} audience="staff" backHref={back} backLabel={`Back to ${c.name}`} />
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
            <ModelDocumentPreviewPanel preview={preview} audience="staff" fields={<input type="hidden" name="assessment" value={chosenId ?? ""} />} />
          ) : (
            <ModelDocumentUploadForm
              error={fileError}
              fields={
                assessments.length === 1 ? (
                  <input type="hidden" name="assessment" value={newest.id} />
                ) : (
                  <div className="field">
                    <label htmlFor="md-assessment">Assessment to pre-fill</label>
                    <select id="md-assessment" name="assessment" defaultValue={newest.id}>
                      {assessments.map((a) => (
                        <option key={a.id} value={a.id}>
                          Issued {a.issuedOn} ({a.status.replace("_", " ")})
                        </option>
                      ))}
                    </select>
                  </div>
                )
              }
            >
              <p>
                Upload the vendor&apos;s <strong>CycloneDX 1.6 ML-BOM</strong> or <strong>SPDX 3.0.1</strong> document (AI and Dataset profiles, JSON) for{" "}
                {c.name}
                {c.version ? ` ${c.version}` : ""} from {c.supplierName}. Assay proposes answers for this component in its open assessment; you choose which to
                accept. Accepted answers are pre-filled for the vendor to confirm or change; answers the vendor has already given are never replaced.
              </p>
            </ModelDocumentUploadForm>
          )}
        </>
      )}
    </>
  );
}
