// Pre-filling answers from the vendor's model documentation. GET: the upload form, or with
// ?upload=<id> the preview of a kept upload (question, proposed answer, source field, a checkbox per
// row), recomputed against the answers as they are now, so it survives a reload. POST intent=upload
// (multipart): read and keep the document, then show its preview. POST intent=apply: save the
// accepted proposals through the autosave's path and attach the document as evidence.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
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
        <Applied assessmentId={assessmentId} outcome={result.applied} />
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
          {preview ? <Preview preview={preview} /> : <UploadForm error={fileError} />}
        </>
      )}
    </>
  );
}

function UploadForm({ error }: { error: string | null }) {
  const navigation = useNavigation();
  return (
    <section aria-labelledby="upload-heading" className="panel">
      <h2 id="upload-heading">Upload your model documentation</h2>
      <p>
        Upload a <strong>CycloneDX 1.6 ML-BOM</strong> or an <strong>SPDX 3.0.1</strong> document with the AI and Dataset profiles, as JSON. Assay reads the
        model card (datasets, training, limitations, fairness assessments, metrics, use cases) and proposes answers for the AI components of this questionnaire
        that the document names. You see every proposal with the field it came from, and choose which to accept; nothing is saved before that, and answers you
        have already given are never replaced.
      </p>
      <Form method="post" encType="multipart/form-data" noValidate className="md-upload">
        <input type="hidden" name="intent" value="upload" />
        <div className={error ? "field field--invalid" : "field"}>
          <label htmlFor="md-file">Model document</label>
          <input
            id="md-file"
            type="file"
            name="file"
            accept=".json,application/json,application/ld+json,application/vnd.cyclonedx+json,application/spdx+json"
            aria-describedby={error ? "md-file-error md-file-hint" : "md-file-hint"}
            aria-invalid={error ? true : undefined}
          />
          {error ? (
            <p className="field__error" id="md-file-error" role="alert">
              {error}
            </p>
          ) : null}
          <p className="field__hint" id="md-file-hint">
            JSON, at most {MAX_MODEL_DOCUMENT_BYTES / MB} MB. The model names in the document must match the AI components of this questionnaire.
          </p>
        </div>
        <div>
          <button type="submit" className="button button--primary" disabled={navigation.state === "submitting"}>
            Upload and preview
          </button>
        </div>
      </Form>
    </section>
  );
}

const STATUS_TEXT = { new: "Proposed", conflict: "Already answered", same: "Already answered the same" } as const;

function Preview({ preview }: { preview: ModelDocumentPreview }) {
  const selectable = preview.lines.filter((l) => l.status === "new").map((l) => l.key);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(selectable));
  const allSelected = selectable.length > 0 && selectable.every((k) => selected.has(k));
  const toggle = (key: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
    <section aria-labelledby="preview-heading" className="panel">
      <h2 id="preview-heading">Proposed answers from {preview.fileName}</h2>
      <p>
        {preview.format}, SHA-256 <code className="md-hash">{preview.sha256}</code>. {preview.counts.create} answer{preview.counts.create === 1 ? "" : "s"}{" "}
        proposed
        {preview.counts.update ? `, ${preview.counts.update} for questions you have already answered differently (kept as they are)` : ""}
        {preview.counts.unchanged ? `, ${preview.counts.unchanged} already answered the same way` : ""}. Accepted answers are saved as yours, marked as taken
        from this document, and the document is attached to the model card question as evidence.
      </p>
      {preview.problems.length ? (
        <div className="flash md-problems" role="status">
          <p>Some of the document could not be used:</p>
          <ul>
            {preview.problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
          {preview.more ? <p>And {preview.more} more.</p> : null}
        </div>
      ) : null}
      {preview.lines.length === 0 ? (
        <p className="notice">This document proposes no answers for the questions you can answer in this questionnaire.</p>
      ) : (
        <Form method="post" className="md-apply">
          <input type="hidden" name="intent" value="apply" />
          <input type="hidden" name="upload" value={preview.importId} />
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Table of proposed answers">
            <table className="md-table">
              <caption className="visually-hidden">Proposed answers: accept the ones you want to save</caption>
              <thead>
                <tr>
                  <th scope="col" className="md-table__pick">
                    <input
                      type="checkbox"
                      id="md-select-all"
                      checked={allSelected}
                      disabled={selectable.length === 0}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(selectable))}
                    />
                    <label htmlFor="md-select-all">Select all</label>
                  </th>
                  <th scope="col">Question</th>
                  <th scope="col">Proposed answer</th>
                  <th scope="col">Source field</th>
                </tr>
              </thead>
              <tbody>
                {preview.lines.map((line) => {
                  const id = `md-accept-${line.key.replace(/[^a-z0-9_-]/gi, "-")}`;
                  return (
                    <tr key={line.key} className={line.status === "new" ? undefined : "md-table__row--kept"}>
                      <td className="md-table__pick">
                        {line.status === "new" ? (
                          <input type="checkbox" id={id} name={`accept:${line.key}`} checked={selected.has(line.key)} onChange={() => toggle(line.key)} />
                        ) : (
                          <span className="md-status">{STATUS_TEXT[line.status]}</span>
                        )}
                      </td>
                      <td>
                        {line.status === "new" ? (
                          <label htmlFor={id} className="md-question">
                            {line.number ? <span className="md-number">{line.number}</span> : null} {line.prompt}
                          </label>
                        ) : (
                          <span className="md-question">
                            {line.number ? <span className="md-number">{line.number}</span> : null} {line.prompt}
                          </span>
                        )}
                        {line.componentName ? <span className="md-component">About {line.componentName}</span> : null}
                      </td>
                      <td>
                        <p className="md-proposed prewrap">{line.proposed}</p>
                        {line.current !== null ? <p className="md-current">Your answer, kept: {line.current}</p> : null}
                      </td>
                      <td>
                        <code className="md-source">{line.source}</code>
                        <span className="md-why">{line.why}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="md-actions">
            <button type="submit" name="scope" value="selected" className="button button--primary" disabled={selectable.length === 0}>
              Accept selected
            </button>
            <button type="submit" name="scope" value="all" className="button" disabled={selectable.length === 0}>
              Accept all {selectable.length}
            </button>
          </div>
        </Form>
      )}
      <p>
        <Link to=".">Upload another document instead</Link>
      </p>
    </section>
  );
}

function Applied({ assessmentId, outcome }: { assessmentId: string; outcome: ApplyOutcome }) {
  return (
    <section aria-labelledby="applied-heading" className="panel">
      <h2 id="applied-heading">
        {outcome.saved.length} answer{outcome.saved.length === 1 ? "" : "s"} saved
      </h2>
      <p className="flash flash--ok" role="status">
        Saved {outcome.saved.length} answer{outcome.saved.length === 1 ? "" : "s"} from the document
        {outcome.evidenceAttached ? `, and attached it as evidence ${outcome.evidenceAttached === 1 ? "once" : `${outcome.evidenceAttached} times`}` : ""}.
        Check them in the sections: they are now your answers.
      </p>
      {outcome.saved.length ? (
        <ul>
          {outcome.saved.map((s) => (
            <li key={s.key}>{s.label}</li>
          ))}
        </ul>
      ) : null}
      {outcome.conflicts.length ? (
        <>
          <h3>Kept as they were</h3>
          <p>These questions were answered meanwhile, so the document&apos;s proposal was not saved:</p>
          <ul>
            {outcome.conflicts.map((s) => (
              <li key={s.key}>{s.label}</li>
            ))}
          </ul>
        </>
      ) : null}
      {outcome.skipped.length ? (
        <>
          <h3>Not saved</h3>
          <ul>
            {outcome.skipped.map((s, i) => (
              <li key={i}>
                {s.label}: {s.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <Link to={`/v/a/${assessmentId}`}>Back to the questionnaire</Link>
      </p>
    </section>
  );
}
