// The model-document import's steps, shared by the vendor's page (v.a.$assessmentId.import) and
// procurement's on a component (components.$componentId.model-document): the upload form, the
// preview (question, proposed answer, source field, a checkbox per row) and the outcome.
import { Form, Link, useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { MAX_MODEL_DOCUMENT_BYTES } from "~/domain/model-docs/guard";
import type { ApplyOutcome, ModelDocumentPreview } from "~/domain/model-docs/preview";

const MB = 1024 * 1024;

/** The upload step: `children` introduce it, `fields` add inputs (the staff page's assessment choice). */
export function ModelDocumentUploadForm({ error, children, fields }: { error: string | null; children: ReactNode; fields?: ReactNode }) {
  const navigation = useNavigation();
  return (
    <section aria-labelledby="upload-heading" className="panel">
      <h2 id="upload-heading">Upload your model documentation</h2>
      {children}
      <Form method="post" encType="multipart/form-data" noValidate className="md-upload">
        <input type="hidden" name="intent" value="upload" />
        {fields}
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

/** vendor: the contact answers for themselves; staff: procurement pre-fills for the vendor. */
export type ImportAudience = "vendor" | "staff";

/** `fields`: more hidden inputs for the apply form (the staff page's assessment). */
export function ModelDocumentPreviewPanel({ preview, audience, fields }: { preview: ModelDocumentPreview; audience: ImportAudience; fields?: ReactNode }) {
  const staff = audience === "staff";
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
        {preview.counts.update
          ? `, ${preview.counts.update} for questions ${staff ? "the vendor has" : "you have"} already answered differently (kept as they are)`
          : ""}
        {preview.counts.unchanged ? `, ${preview.counts.unchanged} already answered the same way` : ""}.{" "}
        {staff
          ? "Accepted answers are pre-filled for the vendor, who confirms or changes them, marked as taken from this document, and the document is attached to the model card question as evidence."
          : "Accepted answers are saved as yours, marked as taken from this document, and the document is attached to the model card question as evidence."}
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
        <p className="notice">This document proposes no answers for the questions {staff ? "still open in" : "you can answer in"} this questionnaire.</p>
      ) : (
        <Form method="post" className="md-apply">
          <input type="hidden" name="intent" value="apply" />
          <input type="hidden" name="upload" value={preview.importId} />
          {fields}
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
                        {line.current !== null ? (
                          <p className="md-current">
                            {staff ? "The vendor's answer, kept" : "Your answer, kept"}: {line.current}
                          </p>
                        ) : null}
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

export function ModelDocumentApplied({
  outcome,
  audience,
  backHref,
  backLabel,
}: {
  outcome: ApplyOutcome;
  audience: ImportAudience;
  backHref: string;
  backLabel: string;
}) {
  return (
    <section aria-labelledby="applied-heading" className="panel">
      <h2 id="applied-heading">
        {outcome.saved.length} answer{outcome.saved.length === 1 ? "" : "s"} saved
      </h2>
      <p className="flash flash--ok" role="status">
        Saved {outcome.saved.length} answer{outcome.saved.length === 1 ? "" : "s"} from the document
        {outcome.evidenceAttached ? `, and attached it as evidence ${outcome.evidenceAttached === 1 ? "once" : `${outcome.evidenceAttached} times`}` : ""}.
        {audience === "staff" ? "The vendor sees them pre-filled, to confirm or change." : "Check them in the sections: they are now your answers."}
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
        <Link to={backHref}>{backLabel}</Link>
      </p>
    </section>
  );
}
