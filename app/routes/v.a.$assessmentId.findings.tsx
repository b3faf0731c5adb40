// /v/a/:id/findings: the findings the buyer raised on this questionnaire, for the vendor: what,
// how severe, where it stands and when it is due (never who owns it on our side, nor our internal
// notes). The vendor responds and uploads remediation evidence here (multipart, read by the
// streaming form reader with the evidence uploads' limits); a response moves an open finding to
// "remediating". Reachable after the decision too, for as long as the contact's link is live.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FindingDue, FindingStatusBadge, SeverityBadge } from "~/components/review/finding-badges";
import { formatDateTime, today as todayOf } from "~/domain/calendar";
import { AppError } from "~/domain/errors";
import { ACCEPT_ATTRIBUTE, ALLOWED_TYPES_TEXT, formatFileSize, MAX_EVIDENCE_BYTES } from "~/domain/file-types";
import { VENDOR_RESPONSE_MAX } from "~/domain/review/finding-forms";
import { isFindingActive } from "~/domain/review/findings";
import { httpStatus, notFound } from "~/http/errors.server";
import { formFile, formText, readFormBody, type FormBody, type FormLimits } from "~/http/multipart.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";
import { respondToFinding, vendorFindings } from "~/services/finding-responses.server";

export const meta: MetaFunction = () => [{ title: "Findings · Assay" }, { name: "robots", content: "noindex" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/findings.css" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const findings = await vendorFindings(context.app.db, access.grant, access.assessment.id);
  return { assessmentId: access.assessment.id, supplierName: access.assessment.supplierName, findings, today: todayOf() };
}

/** One file of at most 10 MB in the field "file", a response of up to 10,000 characters, a little room for the framing. */
const RESPONSE_FORM: FormLimits = {
  fileSize: MAX_EVIDENCE_BYTES,
  files: 1,
  fileFields: ["file"],
  fields: 10,
  fieldSize: 64 * 1024,
  total: MAX_EVIDENCE_BYTES + 128 * 1024,
};

export type FindingResponseFailure = { findingId: string | null; field: string; error: string; response: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const assessmentId = access.assessment.id;
  const fail = (body: FindingResponseFailure, status: number) => data(body, { status });
  let form: FormBody;
  try {
    form = await readFormBody(request, RESPONSE_FORM);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message =
      error.kind === "too_large" && error.details.over !== "field"
        ? `This file is larger than ${formatFileSize(MAX_EVIDENCE_BYTES)}, the most a file can be. Nothing was saved.`
        : error.message;
    return fail({ findingId: null, field: "file", error: message, response: "" }, httpStatus(error));
  }
  const findingId = formText(form, "findingId");
  const response = formText(form, "response");
  const file = formFile(form, "file");
  try {
    await respondToFinding(context.app, access.grant, assessmentId, findingId, {
      response,
      file: file && (file.bytes.byteLength > 0 || file.name) ? { name: file.name, bytes: file.bytes } : null,
    });
  } catch (error) {
    if (error instanceof AppError) {
      if (error.kind === "not_found") throw notFound();
      return fail({ findingId, field: error.field, error: error.message, response }, httpStatus(error));
    }
    throw error;
  }
  throw redirect(`/v/a/${assessmentId}/findings?done=responded#finding-${findingId}`);
}

export default function VendorFindings() {
  const { assessmentId, supplierName, findings, today } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const base = `/v/a/${assessmentId}`;
  const active = findings.filter((f) => isFindingActive(f.status)).length;
  return (
    <>
      <h1>Findings</h1>
      <p>
        <Link to={base}>Back to the questionnaire</Link>
      </p>
      <p className="lead">
        What our review of {supplierName}'s answers found, and what we ask you to remediate. Respond to each one, and upload evidence of the remediation.
      </p>
      {params.get("done") === "responded" ? (
        <p className="flash flash--ok" role="status">
          Thank you: your response was sent to our reviewers.
        </p>
      ) : null}
      {failure && !failure.findingId ? (
        <p className="flash flash--error" role="alert">
          {failure.error}
        </p>
      ) : null}
      {findings.length === 0 ? (
        <p className="muted">There are no findings on this questionnaire.</p>
      ) : (
        <p role="status">
          {active} of {findings.length} finding{findings.length === 1 ? "" : "s"} still open.
        </p>
      )}
      {findings.map((f) => {
        const mine = failure && failure.findingId === f.id ? failure : null;
        const responseError = mine && mine.field !== "file" ? mine.error : null;
        const fileError = mine && mine.field === "file" ? mine.error : null;
        return (
          <article key={f.id} id={`finding-${f.id}`} className="panel vendor-finding" aria-labelledby={`finding-${f.id}-title`}>
            <h2 id={`finding-${f.id}-title`}>{f.title}</h2>
            <p className="finding-facts">
              <SeverityBadge severity={f.severity} /> <FindingStatusBadge status={f.status} />{" "}
              <span>
                Due <FindingDue dueDate={f.dueDate} today={today} active={isFindingActive(f.status)} />
              </span>
            </p>
            {f.question || f.componentName ? (
              <p className="muted">
                About{" "}
                {f.question ? (
                  <>
                    the question “{f.question.prompt}” ({f.question.sectionTitle})
                  </>
                ) : (
                  "your answers"
                )}
                {f.componentName ? ` for ${f.componentName}` : ""}
              </p>
            ) : null}
            {f.description ? <p className="prewrap">{f.description}</p> : null}
            {f.responses.length ? (
              <>
                <h3>Your responses</h3>
                <ol className="finding-history">
                  {f.responses.map((r) => (
                    <li key={r.id} className="finding-history__item">
                      <p className="finding-history__head muted">
                        {formatDateTime(r.at)} · {r.by}
                      </p>
                      <p className="prewrap finding-history__note">{r.text}</p>
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
            {f.files.length ? (
              <>
                <h3>Your remediation evidence</h3>
                <ul className="evidence-list">
                  {f.files.map((file) => (
                    <li key={file.id}>
                      <a href={`${base}/findings/files/${file.id}`} download>
                        {file.fileName}
                      </a>{" "}
                      <span className="muted">
                        ({formatFileSize(file.sizeBytes)}, {formatDateTime(file.at)}
                        {file.by ? `, ${file.by}` : ""})
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {f.mayRespond ? (
              <Form
                // A new form after each response sent: the text and the file are not sent twice.
                key={`${f.responses.length}-${f.files.length}`}
                method="post"
                encType="multipart/form-data"
                className="finding-respond"
              >
                <h3>Respond</h3>
                <input type="hidden" name="findingId" value={f.id} />
                <div className={responseError ? "field field--invalid" : "field"}>
                  <label htmlFor={`response-${f.id}`}>Your response</label>
                  <p className="field__hint" id={`response-${f.id}-hint`}>
                    What you have done or will do, and by when. At most {VENDOR_RESPONSE_MAX.toLocaleString("en-GB")} characters.
                  </p>
                  <textarea
                    id={`response-${f.id}`}
                    name="response"
                    rows={4}
                    maxLength={VENDOR_RESPONSE_MAX}
                    defaultValue={mine?.response ?? ""}
                    aria-invalid={responseError ? true : undefined}
                    aria-describedby={[`response-${f.id}-hint`, responseError ? `response-${f.id}-error` : null].filter(Boolean).join(" ")}
                  />
                  {responseError ? (
                    <p className="field__error" id={`response-${f.id}-error`}>
                      {responseError}
                    </p>
                  ) : null}
                </div>
                <div className={fileError ? "field field--invalid" : "field"}>
                  <label htmlFor={`file-${f.id}`}>Remediation evidence (optional)</label>
                  <p className="field__hint" id={`file-${f.id}-hint`}>
                    {ALLOWED_TYPES_TEXT}; at most {formatFileSize(MAX_EVIDENCE_BYTES)}.
                  </p>
                  <input
                    id={`file-${f.id}`}
                    type="file"
                    name="file"
                    accept={ACCEPT_ATTRIBUTE}
                    aria-invalid={fileError ? true : undefined}
                    aria-describedby={[`file-${f.id}-hint`, fileError ? `file-${f.id}-error` : null].filter(Boolean).join(" ")}
                  />
                  {fileError ? (
                    <p className="field__error" id={`file-${f.id}-error`}>
                      {fileError}
                    </p>
                  ) : null}
                </div>
                <div>
                  <button type="submit" className="button button--primary" disabled={busy}>
                    Send<span className="visually-hidden"> your response to “{f.title}”</span>
                  </button>
                </div>
              </Form>
            ) : (
              <p className="muted">{f.status === "closed" ? "This finding is closed." : "This finding needs no further response from you."}</p>
            )}
          </article>
        );
      })}
    </>
  );
}
