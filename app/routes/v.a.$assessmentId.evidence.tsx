// Evidence files of one questionnaire, for the vendor. GET ?question=<key>&component=<id>: the
// no-JavaScript upload page of one question (its files, a multipart form, "back to the section");
// GET without a question: every file the contact can see. POST: upload (multipart) or
// intent=remove. The section pages' EvidenceUpload component posts here with a fetcher
// (via=fetcher) and gets `{ ok, evidence?, error? }`; a plain form post is redirected back here.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { findQuestion } from "~/domain/answers";
import { isOpen } from "~/domain/assessment-lifecycle";
import { formatDate } from "~/domain/calendar";
import { AppError } from "~/domain/errors";
import { ACCEPT_ATTRIBUTE, ALLOWED_TYPES_TEXT, formatFileSize, MAX_EVIDENCE_BYTES } from "~/domain/file-types";
import { sectionAllowed } from "~/domain/section-assignment";
import { httpStatus, notFound } from "~/http/errors.server";
import { formFile, formText, readFormBody, type FormBody, type FormLimits } from "~/http/multipart.server";
import { assessmentDefinition } from "~/services/answers.server";
import { assessmentComponents } from "~/services/assessment-queries.server";
import { listEvidence, removeEvidence, takesFiles, uploadEvidence, type UploadedEvidence } from "~/services/evidence.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/vendor-evidence.css" }];

export const meta: MetaFunction = () => [{ title: "Evidence · Assay" }, { name: "robots", content: "noindex" }];

export type EvidenceActionData = {
  ok: boolean;
  intent: "upload" | "remove";
  evidence?: UploadedEvidence;
  removed?: string;
  error?: string;
  field?: string;
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const assessmentId = access.assessment.id;
  const url = new URL(request.url);
  const questionKey = url.searchParams.get("question");
  const componentParam = url.searchParams.get("component") || null;
  const [definition, components] = await Promise.all([
    assessmentDefinition(context.app.db, access.assessment.templateVersionId),
    assessmentComponents(context.app.db, assessmentId),
  ]);
  const open = isOpen(access.assessment.status);
  const componentName = (id: string | null) => (id ? (components.find((c) => c.id === id)?.name ?? null) : null);

  if (!questionKey) {
    // Every file the contact can see, grouped in questionnaire order by the page.
    const files = (await listEvidence(context.app.db, assessmentId)).filter((f) => {
      const found = findQuestion(definition, f.question_key);
      return found && sectionAllowed(access.grant, found.section.key);
    });
    return {
      mode: "all" as const,
      assessmentId,
      open,
      files: files.map((f) => {
        const found = findQuestion(definition, f.question_key)!;
        return {
          id: f.id,
          file_name: f.file_name,
          size_bytes: f.size_bytes,
          valid_until: f.valid_until,
          sha256: f.sha256,
          prompt: found.question.prompt,
          sectionTitle: found.section.title,
          componentName: componentName(f.ai_component_id),
        };
      }),
    };
  }

  const found = findQuestion(definition, questionKey);
  // Unknown question, a question without files, a section not assigned, or a scope that does not fit: 404.
  if (!found || !takesFiles(found.question) || !sectionAllowed(access.grant, found.section.key)) throw notFound();
  const wantsComponent = found.section.scope === "component";
  if (wantsComponent !== (componentParam !== null)) throw notFound();
  if (componentParam && !components.some((c) => c.id === componentParam)) throw notFound();
  const files = await listEvidence(context.app.db, assessmentId, { questionKey, componentId: componentParam });
  return {
    mode: "question" as const,
    assessmentId,
    open,
    question: { key: found.question.key, prompt: found.question.prompt, help: found.question.help ?? null, evidence: found.question.evidence ?? null },
    section: { key: found.section.key, title: found.section.title },
    componentId: componentParam,
    componentName: componentName(componentParam),
    files: files.map((f) => ({ id: f.id, file_name: f.file_name, size_bytes: f.size_bytes, valid_until: f.valid_until, sha256: f.sha256 })),
  };
}

/** One file of at most 10 MB in the field "file", a few short fields, a little room for the multipart framing. */
const EVIDENCE_FORM: FormLimits = {
  fileSize: MAX_EVIDENCE_BYTES,
  files: 1,
  fileFields: ["file"],
  fields: 20,
  fieldSize: 16 * 1024,
  total: MAX_EVIDENCE_BYTES + 64 * 1024,
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const assessmentId = access.assessment.id;
  const url = new URL(request.url);
  const viaFetcher = url.searchParams.get("via") === "fetcher";
  const answer = (body: EvidenceActionData, status: number) => data(body, { status });

  let form: FormBody;
  try {
    form = await readFormBody(request, EVIDENCE_FORM);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // A file (or the whole body) over the limit gets the page's own message; anything else, the reader's.
    const message =
      error.kind === "too_large" && error.details.over !== "field"
        ? `This file is larger than ${formatFileSize(MAX_EVIDENCE_BYTES)}, the most a file can be. Nothing was saved.`
        : error.message;
    return answer({ ok: false, intent: "upload", field: "file", error: message }, httpStatus(error));
  }
  const text = (name: string) => formText(form, name);
  const intent = text("intent") === "remove" ? "remove" : "upload";
  const back = (extra: string) => {
    const question = text("question");
    const component = text("component");
    const query = new URLSearchParams();
    if (question) query.set("question", question);
    if (component) query.set("component", component);
    query.set("done", extra);
    return `/v/a/${assessmentId}/evidence?${query}`;
  };

  try {
    if (intent === "remove") {
      const evidenceId = text("evidenceId");
      const removed = await removeEvidence(context.app, access.grant, assessmentId, evidenceId);
      if (!viaFetcher) throw redirect(back("removed"));
      return answer({ ok: true, intent, removed: removed.fileName }, 200);
    }
    const file = formFile(form, "file");
    const evidence = await uploadEvidence(context.app, access.grant, {
      assessmentId,
      questionKey: text("question"),
      componentId: text("component") || null,
      fileName: file?.name ?? "",
      bytes: file?.bytes ?? new Uint8Array(),
      validUntil: text("validUntil") || null,
    });
    if (!viaFetcher) throw redirect(back("uploaded"));
    return answer({ ok: true, intent, evidence }, 200);
  } catch (error) {
    if (error instanceof AppError) {
      if (error.kind === "not_found") throw notFound();
      return answer({ ok: false, intent, field: error.field, error: error.message }, httpStatus(error));
    }
    throw error;
  }
}

export default function EvidencePage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const base = `/v/a/${loaded.assessmentId}`;

  if (loaded.mode === "all") {
    return (
      <>
        <h1>Your evidence files</h1>
        <p>
          <Link to={base}>Back to the questionnaire</Link>
        </p>
        {result && !result.ok ? (
          <p className="flash flash--error" role="alert">
            {result.error}
          </p>
        ) : done === "removed" ? (
          <p className="flash flash--ok" role="status">
            File removed.
          </p>
        ) : null}
        {loaded.files.length === 0 ? (
          <p className="muted">No files uploaded yet. Add them from the questions that ask for evidence.</p>
        ) : (
          <div className="table-wrap">
            <table className="evidence-table">
              <caption className="visually-hidden">Uploaded evidence</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">For</th>
                  <th scope="col">Size</th>
                  <th scope="col">Valid until</th>
                </tr>
              </thead>
              <tbody>
                {loaded.files.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <a href={`${base}/evidence/${f.id}`} download>
                        {f.file_name}
                      </a>
                      <span className="evidence-hash" title={f.sha256}>
                        SHA-256 {f.sha256.slice(0, 12)}…
                      </span>
                    </td>
                    <td>
                      {f.sectionTitle}
                      {f.componentName ? ` (${f.componentName})` : ""}: {f.prompt}
                    </td>
                    <td>{formatFileSize(f.size_bytes)}</td>
                    <td>{f.valid_until ? formatDate(f.valid_until) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    );
  }

  const { question, section, componentId, componentName, files, open } = loaded;
  const sectionUrl = `${base}/s/${section.key}${componentId ? `?component=${componentId}` : ""}`;
  const requireValidUntil = Boolean(question.evidence?.requireValidUntil);
  const error = result && !result.ok ? result.error : null;
  // A refused file or date is explained by its field; anything else at the top.
  const fileError = error && result?.intent === "upload" && result.field === "file" ? error : null;
  const dateError = error && result?.intent === "upload" && result.field === "validUntil" ? error : null;
  const pageError = fileError || dateError ? null : error;
  return (
    <>
      <p>
        <Link to={sectionUrl}>Back to the section “{section.title}”</Link>
      </p>
      <h1>
        Evidence <span className="vendor__for">{componentName ? `for ${componentName}` : `for ${section.title}`}</span>
      </h1>
      <p className="evidence-prompt">{question.prompt}</p>
      {question.evidence ? <p className="evidence-request">Requested: {question.evidence.request}</p> : null}
      {done === "uploaded" ? (
        <p className="flash flash--ok" role="status">
          File uploaded.
        </p>
      ) : done === "removed" ? (
        <p className="flash flash--ok" role="status">
          File removed.
        </p>
      ) : null}
      {pageError ? (
        <p className="flash flash--error" role="alert" id="evidence-error">
          {pageError}
        </p>
      ) : null}

      <section aria-labelledby="files-heading" className="panel">
        <h2 id="files-heading">Files</h2>
        {files.length === 0 ? (
          <p className="muted">No file yet.</p>
        ) : (
          <ul className="evidence-list">
            {files.map((f) => (
              <li key={f.id} className="evidence-list__item">
                <a href={`${base}/evidence/${f.id}`} download>
                  {f.file_name}
                </a>{" "}
                <span className="muted">
                  ({formatFileSize(f.size_bytes)}
                  {f.valid_until ? `, valid until ${formatDate(f.valid_until)}` : ""})
                </span>
                {open ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="evidenceId" value={f.id} />
                    <input type="hidden" name="question" value={question.key} />
                    <input type="hidden" name="component" value={componentId ?? ""} />
                    <button type="submit" className="button button--small button--danger">
                      Remove<span className="visually-hidden"> {f.file_name}</span>
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {open ? (
        <section aria-labelledby="upload-heading" className="panel">
          <h2 id="upload-heading">Add a file</h2>
          {/* noValidate: a missing file or date gets this page's message by the field, from the server. */}
          <Form method="post" encType="multipart/form-data" className="evidence-form" noValidate aria-describedby={pageError ? "evidence-error" : undefined}>
            <input type="hidden" name="intent" value="upload" />
            <input type="hidden" name="question" value={question.key} />
            <input type="hidden" name="component" value={componentId ?? ""} />
            <div className={fileError ? "field field--invalid" : "field"}>
              <label htmlFor="evidence-file">File</label>
              <input
                id="evidence-file"
                type="file"
                name="file"
                accept={ACCEPT_ATTRIBUTE}
                aria-describedby={fileError ? "evidence-file-error evidence-file-hint" : "evidence-file-hint"}
                aria-invalid={fileError ? true : undefined}
              />
              {fileError ? (
                <p className="field__error" id="evidence-file-error" role="alert">
                  {fileError}
                </p>
              ) : null}
              <p className="field__hint" id="evidence-file-hint">
                {ALLOWED_TYPES_TEXT}; at most {formatFileSize(MAX_EVIDENCE_BYTES)}.
              </p>
            </div>
            {requireValidUntil ? (
              <div className={dateError ? "field field--invalid" : "field"}>
                <label htmlFor="evidence-valid-until">Valid until</label>
                <input
                  id="evidence-valid-until"
                  type="date"
                  name="validUntil"
                  aria-describedby={dateError ? "evidence-valid-error evidence-valid-hint" : "evidence-valid-hint"}
                  aria-invalid={dateError ? true : undefined}
                />
                {dateError ? (
                  <p className="field__error" id="evidence-valid-error" role="alert">
                    {dateError}
                  </p>
                ) : null}
                <p className="field__hint" id="evidence-valid-hint">
                  The date this document (certificate, report) expires.
                </p>
              </div>
            ) : null}
            <div>
              <button type="submit" className="button button--primary">
                Upload
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <p className="notice" role="status">
          This questionnaire no longer takes answers: files cannot be added or removed.
        </p>
      )}
    </>
  );
}
