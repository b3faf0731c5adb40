// The evidence part of a `file` question (or of a question with an evidence request) on the
// vendor's section pages. With JavaScript: upload and remove through fetchers posting to
// /v/a/:id/evidence?via=fetcher, with progress announced in an aria-live region. Before (or
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
  const [localError, setLocalError] = useState<string | null>(null);
  const [last, setLast] = useState<"upload" | "remove" | null>(null);
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
    setLast("upload");
    const input = event.currentTarget.elements.namedItem("file") as HTMLInputElement | null;
    const file = input?.files?.[0];
    if (!file) {
      event.preventDefault();
      setLocalError("Choose a file to upload.");
    } else if (file.size > MAX_EVIDENCE_BYTES) {
      // Refused here: the server would refuse it too, after the whole upload.
      event.preventDefault();
      setLocalError(`${file.name} is ${formatFileSize(file.size)}: files can be at most ${formatFileSize(MAX_EVIDENCE_BYTES)}.`);
    }
  }

  // The status line speaks of whichever was done last: an upload or a removal.
  const latest = last === "remove" ? remove : upload;
  function onRemove() {
    setLocalError(null);
    setLast("remove");
  }

  let status = "";
  let failed = false;
  if (uploading) status = "Uploading…";
  else if (remove.state !== "idle") status = "Removing…";
  else if (localError) [status, failed] = [localError, true];
  else if (latest.data && !latest.data.ok) [status, failed] = [latest.data.error ?? "That did not work. Nothing was changed.", true];
  else if (latest.data?.removed) status = `Removed ${latest.data.removed}.`;
  else if (latest.data?.evidence) status = `Uploaded ${latest.data.evidence.file_name}.`;

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
        <upload.Form ref={formRef} method="post" action={action} encType="multipart/form-data" className="evidence-upload__form" onSubmit={onSubmit}>
          <input type="hidden" name="intent" value="upload" />
          <input type="hidden" name="question" value={questionKey} />
          <input type="hidden" name="component" value={componentId ?? ""} />
          <div className="field">
            <label htmlFor={`${prefix}-file`}>Add a file</label>
            <input id={`${prefix}-file`} type="file" name="file" accept={ACCEPT_ATTRIBUTE} aria-describedby={`${prefix}-hint`} disabled={uploading} />
            <p className="field__hint" id={`${prefix}-hint`}>
              {ALLOWED_TYPES_TEXT}; at most {formatFileSize(MAX_EVIDENCE_BYTES)}.
            </p>
          </div>
          {requireValidUntil ? (
            <div className="field">
              <label htmlFor={`${prefix}-valid`}>Valid until</label>
              <input id={`${prefix}-valid`} type="date" name="validUntil" required disabled={uploading} />
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
