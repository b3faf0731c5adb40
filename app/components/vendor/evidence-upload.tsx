// The evidence part of a `file` question (or of a question with an evidence request) on the
// vendor's section pages. With JavaScript: upload and remove through fetchers posting to
// /v/a/:id/evidence?via=fetcher, with progress announced in an aria-live region; a refused file or
// date is explained next to its field (the form checks before sending, the server again), and the
// last outcome goes on the next change of the form. Before (or
// without) JavaScript: the files as download links and a link to the upload page of the question.
// Pages that embed it should add `evidenceUploadLinks()` to their `links`.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ACCEPT_ATTRIBUTE, ALLOWED_TYPES_TEXT, formatFileSize, MAX_EVIDENCE_BYTES } from "~/domain/file-types";

export interface EvidenceUploadProps {
  assessmentId: string;
  questionKey: string;
  componentId: string | null;
  files: Array<{ id: string; file_name: string; size_bytes: number; valid_until: string | null }>;
  requireValidUntil: boolean;
  evidenceRequest?: string;
}

/** What the evidence action answers a fetcher. */
interface EvidenceResult {
  ok: boolean;
  intent?: "upload" | "remove";
  evidence?: { id: string; file_name: string; size_bytes: number; valid_until: string | null };
  removed?: string;
  error?: string;
  field?: string;
}

export const evidenceUploadLinks = () => [{ rel: "stylesheet", href: "/styles/vendor-evidence.css" }];

export function evidencePageUrl(assessmentId: string, questionKey: string, componentId: string | null): string {
  const query = new URLSearchParams({ question: questionKey });
  if (componentId) query.set("component", componentId);
  return `/v/a/${assessmentId}/evidence?${query}`;
}

export function EvidenceUpload({ assessmentId, questionKey, componentId, files, requireValidUntil, evidenceRequest }: EvidenceUploadProps) {
  const upload = useFetcher<EvidenceResult>({ key: `evidence-upload:${questionKey}:${componentId ?? "-"}` });
  const remove = useFetcher<EvidenceResult>({ key: `evidence-remove:${questionKey}:${componentId ?? "-"}` });
  const [hydrated, setHydrated] = useState(false);
  const [localError, setLocalError] = useState<FieldError | null>(null);
  const [last, setLast] = useState<"upload" | "remove" | null>(null);
  /** The form changed since the last upload or removal: its outcome is no longer news. */
  const [changed, setChanged] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => setHydrated(true), []);

  const uploading = upload.state !== "idle";
  const prefix = `ev-${questionKey}-${componentId ? componentId.slice(0, 8) : "s"}`;
  const action = `/v/a/${assessmentId}/evidence?via=fetcher`;
  const pageUrl = evidencePageUrl(assessmentId, questionKey, componentId);

  // A finished upload clears the form for the next file.
  useEffect(() => {
    if (upload.state === "idle" && upload.data?.ok) formRef.current?.reset();
  }, [upload.state, upload.data]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    setLocalError(null);
    setChanged(false);
    setLast("upload");
    const problem = checkUpload(event.currentTarget, requireValidUntil);
    if (problem) {
      event.preventDefault();
      setLocalError(problem);
    }
  }

  // The status line speaks of whichever was done last: an upload or a removal.
  const latest = last === "remove" ? remove : upload;
  function onRemove() {
    setLocalError(null);
    setChanged(false);
    setLast("remove");
  }

  let status = "";
  let failed = false;
  // A refusal of the file or the date shows by that field; anything else in the status line.
  let fieldError: FieldError | null = localError;
  if (uploading) status = "Uploading…";
  else if (remove.state !== "idle") status = "Removing…";
  else if (localError || changed) status = "";
  else if (latest.data && !latest.data.ok) {
    const message = latest.data.error ?? "That did not work. Nothing was changed.";
    if (latest === upload && (latest.data.field === "file" || latest.data.field === "validUntil")) fieldError = { field: latest.data.field, message };
    else [status, failed] = [message, true];
  } else if (latest.data?.removed) status = `Removed ${latest.data.removed}.`;
  else if (latest.data?.evidence) status = `Uploaded ${latest.data.evidence.file_name}.`;
  const fileError = fieldError?.field === "file" ? fieldError.message : null;
  const dateError = fieldError?.field === "validUntil" ? fieldError.message : null;

  return (
    <div className="evidence-upload" role="group" aria-labelledby={`${prefix}-title`}>
      <p className="evidence-upload__title" id={`${prefix}-title`}>
        Evidence files
      </p>
      {evidenceRequest ? <p className="evidence-request">Requested: {evidenceRequest}</p> : null}
      {files.length ? (
        <ul className="evidence-list">
          {files.map((f) => (
            <li key={f.id} className="evidence-list__item">
              <a href={`/v/a/${assessmentId}/evidence/${f.id}`} download>
                {f.file_name}
              </a>{" "}
              <span className="muted">
                ({formatFileSize(f.size_bytes)}
                {f.valid_until ? `, valid until ${f.valid_until}` : ""})
              </span>
              {hydrated ? (
                <remove.Form method="post" action={action} className="inline-form" onSubmit={onRemove}>
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="evidenceId" value={f.id} />
                  <button type="submit" className="button button--small button--danger" disabled={remove.state !== "idle"}>
                    Remove<span className="visually-hidden"> {f.file_name}</span>
                  </button>
                </remove.Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted evidence-upload__empty">No file yet.</p>
      )}
      {hydrated ? (
        <upload.Form
          ref={formRef}
          method="post"
          action={action}
          encType="multipart/form-data"
          className="evidence-upload__form"
          noValidate
          onSubmit={onSubmit}
          onChange={() => {
            setChanged(true);
            setLocalError(null);
          }}
        >
          <input type="hidden" name="intent" value="upload" />
          <input type="hidden" name="question" value={questionKey} />
          <input type="hidden" name="component" value={componentId ?? ""} />
          <div className={fileError ? "field field--invalid" : "field"}>
            <label htmlFor={`${prefix}-file`}>Add a file</label>
            <input
              id={`${prefix}-file`}
              type="file"
              name="file"
              accept={ACCEPT_ATTRIBUTE}
              aria-describedby={fileError ? `${prefix}-file-error ${prefix}-hint` : `${prefix}-hint`}
              aria-invalid={fileError ? true : undefined}
              disabled={uploading}
            />
            {fileError ? (
              <p className="field__error" id={`${prefix}-file-error`}>
                {fileError}
              </p>
            ) : null}
            <p className="field__hint" id={`${prefix}-hint`}>
              {ALLOWED_TYPES_TEXT}; at most {formatFileSize(MAX_EVIDENCE_BYTES)}.
            </p>
          </div>
          {requireValidUntil ? (
            <div className={dateError ? "field field--invalid" : "field"}>
              <label htmlFor={`${prefix}-valid`}>Valid until</label>
              <input
                id={`${prefix}-valid`}
                type="date"
                name="validUntil"
                aria-describedby={dateError ? `${prefix}-valid-error` : undefined}
                aria-invalid={dateError ? true : undefined}
                disabled={uploading}
              />
              {dateError ? (
                <p className="field__error" id={`${prefix}-valid-error`}>
                  {dateError}
                </p>
              ) : null}
            </div>
          ) : null}
          <div>
            <button type="submit" className="button" disabled={uploading}>
              {uploading ? "Uploading…" : "Upload"}
            </button>
          </div>
        </upload.Form>
      ) : (
        <p>
          <a href={pageUrl}>Upload or remove files for this question</a>
        </p>
      )}
      <p className={failed ? "evidence-upload__status evidence-upload__status--error" : "evidence-upload__status"} aria-live="polite" role="status">
        {status}
      </p>
    </div>
  );
}

type FieldError = { field: "file" | "validUntil"; message: string };

/** What stops an upload before it is sent (the server checks the same again, with the same words). */
function checkUpload(form: HTMLFormElement, requireValidUntil: boolean): FieldError | null {
  const input = form.elements.namedItem("file") as HTMLInputElement | null;
  const file = input?.files?.[0];
  if (!file) return { field: "file", message: "Choose a file to upload." };
  // Refused here: the server would refuse it too, after the whole upload.
  if (file.size > MAX_EVIDENCE_BYTES)
    return { field: "file", message: `${file.name} is ${formatFileSize(file.size)}: files can be at most ${formatFileSize(MAX_EVIDENCE_BYTES)}.` };
  const date = form.elements.namedItem("validUntil") as HTMLInputElement | null;
  if (requireValidUntil && !date?.value) return { field: "validUntil", message: "Enter the date until which this document is valid." };
  return null;
}
