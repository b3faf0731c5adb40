import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import * as z from "zod";
import { ScrollRegion } from "~/components/assessments/scroll-region";
import { StatusSummary } from "~/components/assessments/status-summary";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { isOpen, STATUS_LABELS, transition } from "~/domain/assessment-lifecycle";
import { formatDate, formatDateTime, today as todayOf } from "~/domain/calendar";
import { PageHeader } from "~/components/list";
import { formatFileSize } from "~/domain/file-types";
import { LABELS } from "~/domain/inventory";
import { can } from "~/domain/permissions";
import { handleCommand } from "~/http/form-action.server";
import { resendGrant, revokeGrant } from "~/services/access-grants.server";
import { closeAssessment, reopenAssessment } from "~/services/assessment-lifecycle.server";
import { assessmentExists, getAssessmentForStaff } from "~/services/assessment-queries.server";
import { listEvidence } from "~/services/evidence.server";
import { userActor } from "~/services/audit.server";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { ClarificationsPanel } from "~/components/review/clarifications-panel";
import { CyclePanel } from "~/components/review/cycle-panel";
import { FindingsPanel } from "~/components/review/findings-panel";
import { ReviewPanel } from "~/components/review/review-panel";
import { clarificationsPanelData } from "~/services/clarifications.server";
import { cyclePanelData } from "~/services/reassessment.server";
import { findingsPanelData } from "~/services/findings.server";
import { reviewPanelData } from "~/services/review-panel.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.assessment.supplier_name}: ${data.assessment.template_name} · Assay` : "Assessment · Assay" },
];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/template-editor.css" },
  { rel: "stylesheet", href: "/styles/assessments.css" },
  { rel: "stylesheet", href: "/styles/vendor-evidence.css" },
  // The review panels' own styles.
  { rel: "stylesheet", href: "/styles/reviews.css" },
  { rel: "stylesheet", href: "/styles/clarifications.css" },
  { rel: "stylesheet", href: "/styles/findings.css" },
  { rel: "stylesheet", href: "/styles/review-cycle.css" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const found = await getAssessmentForStaff(context.app.db, params.assessmentId);
  if (!found) throw notFound();
  const now = new Date();
  // The definition is already inside the progress (question by question); no need to send it twice.
  const { definition: _definition, ...assessment } = found.assessment;
  // Evidence is listed by its question's prompt, not its internal key.
  const prompts = new Map(found.assessment.definition.sections.flatMap((sec) => sec.questions.map((q) => [q.key, q.prompt] as const)));
  const evidenceFiles = (await listEvidence(context.app.db, found.assessment.id)).map(({ content_type: _type, ...f }) => ({
    ...f,
    question_prompt: prompts.get(f.question_key) ?? f.question_key,
  }));
  // The review's panels: each feature loads its own (app/services/…) and renders its own (app/components/review/…).
  const [review, clarifications, findings, cycle] = await Promise.all([
    reviewPanelData(context.app.db, found.assessment.id, user, now),
    clarificationsPanelData(context.app.db, found.assessment.id, user),
    findingsPanelData(context.app.db, found.assessment.id, user),
    cyclePanelData(context.app.db, found.assessment.id, user),
  ]);
  return {
    ...found,
    review,
    clarifications,
    findings,
    cycle,
    assessment,
    evidenceFiles,
    today: todayOf(now),
    now: now.toISOString(),
    canManage: can(user, "assessment:manage"),
  };
}

const commandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("resend"), grantId: z.uuid() }),
  z.object({ intent: z.literal("revoke"), grantId: z.uuid() }),
  z.object({ intent: z.literal("reopen") }),
  z.object({ intent: z.literal("close") }),
]);

const DONE: Record<string, string> = {
  resend: "A new link was sent; the previous one no longer works.",
  revoke: "Access revoked: the link no longer works and open sessions have ended.",
  reopen: "Reopened: the vendor contacts can change their answers and submit again.",
  close: "The assessment is closed.",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:manage");
  const id = params.assessmentId;
  // Existence first: another (or no) assessment's id is a plain 404, whatever the body says.
  if (!(await assessmentExists(context.app.db, id))) throw notFound();
  const parsed = commandSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ fieldErrors: { form: "The request was not understood. Reload the page and try again." }, values: {} }, { status: 400 });
  const command = parsed.data;
  const actor = userActor(user);
  return handleCommand(async () => {
    if (command.intent === "resend") await resendGrant(context.app, actor, id!, command.grantId);
    else if (command.intent === "revoke") await revokeGrant(context.app, actor, id!, command.grantId);
    else if (command.intent === "reopen") await reopenAssessment(context.app, actor, id!);
    else await closeAssessment(context.app, actor, id!);
    throw redirect(`/assessments/${id}?done=${command.intent}`);
  });
}

export default function AssessmentDetail() {
  const { assessment, components, grants, evidenceFiles, progress, lastReminder, today, now, canManage, review, clarifications, findings, cycle } =
    useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const open = isOpen(assessment.status);
  const componentName = (id: string | null) => components.find((c) => c.id === id)?.name ?? "Component";
  return (
    <div className="assessment-page">
      <Breadcrumbs items={[{ to: "/assessments", label: "Assessments" }, { label: assessment.supplier_name }]} />
      <PageHeader title={`${assessment.supplier_name}: ${assessment.template_name}`}>
        <p className="lead">
          {STATUS_LABELS[assessment.status]} · version {assessment.version} of the questionnaire
        </p>
      </PageHeader>
      {params.get("issued") ? (
        <p className="flash flash--ok" role="status">
          Questionnaire issued: the invitations are on their way to {grants.length} contact{grants.length === 1 ? "" : "s"}.
        </p>
      ) : null}
      {done && DONE[done] ? (
        <p className="flash flash--ok" role="status">
          {DONE[done]}
        </p>
      ) : null}
      <FormError message={failure?.fieldErrors.form} />
      <StatusSummary
        assessmentId={assessment.id}
        status={assessment.status}
        dueDate={assessment.due_date}
        today={today}
        submittedAt={assessment.submitted_at}
        validUntil={assessment.valid_until}
        progress={progress}
        contacts={grants.filter((g) => !g.revoked_at).length}
        opened={grants.filter((g) => g.last_used_at).length}
        lastReminder={lastReminder}
        actions={
          canManage ? (
            <>
              {transition(assessment.status, "reopen").ok ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="reopen" />
                  <button type="submit" className="button">
                    Reopen for changes
                  </button>
                </Form>
              ) : null}
              {transition(assessment.status, "close").ok ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="close" />
                  <button type="submit" className="button button--quiet">
                    Close the assessment
                  </button>
                </Form>
              ) : null}
            </>
          ) : null
        }
      />
      <ReviewPanel assessmentId={assessment.id} data={review} />
      <ClarificationsPanel assessmentId={assessment.id} data={clarifications} />
      <FindingsPanel assessmentId={assessment.id} data={findings} />
      <CyclePanel assessmentId={assessment.id} data={cycle} />

      <section aria-labelledby="facts-heading" className="panel">
        <h2 id="facts-heading">Details</h2>
        <dl className="detail-grid">
          <dt>Supplier</dt>
          <dd>
            <Link to={`/suppliers/${assessment.supplier_id}`}>{assessment.supplier_name}</Link>
            {assessment.owner_name ? <span className="muted"> · procurement owner {assessment.owner_name}</span> : null}
          </dd>
          <dt>Questionnaire</dt>
          <dd>
            <Link to={`/templates/${assessment.template_id}`}>{assessment.template_name}</Link>, version {assessment.version}
          </dd>
          <dt>Issued</dt>
          <dd>
            {formatDateTime(assessment.created_at)}
            {assessment.issued_by_name ? ` by ${assessment.issued_by_name}` : ""}
            {assessment.campaign_id ? (
              <>
                {" "}
                as part of <Link to={`/campaigns/${assessment.campaign_id}`}>a campaign</Link>
              </>
            ) : null}
          </dd>
          {assessment.submitted_at ? (
            <>
              <dt>Submitted</dt>
              <dd>{formatDateTime(assessment.submitted_at)}</dd>
            </>
          ) : null}
          {assessment.reopened_at ? (
            <>
              <dt>Last reopened</dt>
              <dd>{formatDateTime(assessment.reopened_at)}</dd>
            </>
          ) : null}
          {assessment.closed_at ? (
            <>
              <dt>Closed</dt>
              <dd>{formatDateTime(assessment.closed_at)}</dd>
            </>
          ) : null}
          <dt>AI components in scope</dt>
          <dd>
            {components.length === 0
              ? "None: supplier-wide sections only"
              : components.map((c, i) => (
                  <span key={c.id}>
                    {i ? ", " : ""}
                    <Link to={`/components/${c.id}`}>{c.name}</Link>
                    {c.version ? ` ${c.version}` : ""} <span className="muted">({LABELS.componentKind[c.kind]})</span>
                  </span>
                ))}
          </dd>
          <dt>Message to the supplier</dt>
          <dd className="prewrap">{assessment.message ?? "—"}</dd>
        </dl>
      </section>

      <section aria-labelledby="progress-heading" className="panel">
        <h2 id="progress-heading">Progress</h2>
        <div className="progress-line">
          <label htmlFor="assessment-progress">
            {progress.requiredAnswered} of {progress.required} required questions answered ({progress.percent}%)
          </label>
          <progress id="assessment-progress" max={Math.max(progress.required, 1)} value={progress.required ? progress.requiredAnswered : 1}>
            {progress.percent}%
          </progress>
        </div>
        <ScrollRegion label="Progress by section and component">
          <table className="progress-table">
            <caption className="visually-hidden">Progress by section and component</caption>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col">Answered for</th>
                <th scope="col">Required answered</th>
                <th scope="col">All questions answered</th>
              </tr>
            </thead>
            <tbody>
              {progress.sections.map((s) => (
                <tr key={`${s.sectionKey}:${s.componentId ?? "-"}`} className={s.complete || !s.needed ? undefined : "progress-table__open"}>
                  <th scope="row">{s.title}</th>
                  <td>{s.componentId ? componentName(s.componentId) : "The supplier"}</td>
                  <td>
                    {s.requiredAnswered} of {s.required}
                    {s.complete ? <span className="visually-hidden"> (complete)</span> : null}
                  </td>
                  <td>
                    {s.answered} of {s.questions}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section aria-labelledby="access-heading" className="panel">
        <h2 id="access-heading">Who has access</h2>
        {grants.length === 0 ? (
          <p className="muted">Nobody has a link to this questionnaire.</p>
        ) : (
          <ScrollRegion label="Vendor contacts with a link">
            <table className="access-table">
              <caption className="visually-hidden">Vendor contacts with a link</caption>
              <thead>
                <tr>
                  <th scope="col">Contact</th>
                  <th scope="col">Access</th>
                  <th scope="col">Link last sent</th>
                  <th scope="col">Last active</th>
                  {canManage ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {grants.map((g) => {
                  const expired = new Date(g.expires_at) <= new Date(now);
                  return (
                    <tr key={g.id}>
                      <td>
                        {g.name} <span className="muted">&lt;{g.email}&gt;</span>
                        {g.invited_by_email ? <span className="access-table__note">Invited by {g.invited_by_email}</span> : null}
                        {g.sections?.length ? <span className="access-table__note">Sections: {g.sections.join(", ")}</span> : null}
                      </td>
                      <td>
                        {g.revoked_at ? (
                          <span className="badge badge--danger">Revoked {formatDate(g.revoked_at)}</span>
                        ) : expired ? (
                          <span className="badge badge--warn">Link expired {formatDate(g.expires_at)}</span>
                        ) : (
                          <span>Link valid until {formatDate(new Date(new Date(g.expires_at).getTime() - 1))}</span>
                        )}
                      </td>
                      <td>{g.last_sent_at ? formatDateTime(g.last_sent_at) : "—"}</td>
                      <td>{g.last_used_at ? formatDateTime(g.last_used_at) : <span className="muted">Never opened</span>}</td>
                      {canManage ? (
                        <td>
                          <span className="inline-form">
                            {open ? (
                              <Form method="post" className="inline-form">
                                <input type="hidden" name="intent" value="resend" />
                                <input type="hidden" name="grantId" value={g.id} />
                                <button type="submit" className="button button--small">
                                  {g.revoked_at ? "Restore and send a new link" : "Send a new link"}
                                  <span className="visually-hidden"> to {g.email}</span>
                                </button>
                              </Form>
                            ) : null}
                            {!g.revoked_at ? (
                              <Form method="post" className="inline-form">
                                <input type="hidden" name="intent" value="revoke" />
                                <input type="hidden" name="grantId" value={g.id} />
                                <button type="submit" className="button button--small button--danger">
                                  Revoke<span className="visually-hidden"> access of {g.email}</span>
                                </button>
                              </Form>
                            ) : null}
                          </span>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section aria-labelledby="evidence-heading" className="panel">
        <h2 id="evidence-heading">Evidence files</h2>
        {evidenceFiles.length === 0 ? (
          <p className="muted">No files uploaded yet.</p>
        ) : (
          <ScrollRegion label="Files uploaded by the vendor">
            <table className="evidence-table">
              <caption className="visually-hidden">Files uploaded by the vendor</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Question</th>
                  <th scope="col">Size</th>
                  <th scope="col">SHA-256</th>
                  <th scope="col">Valid until</th>
                  <th scope="col">Uploaded</th>
                </tr>
              </thead>
              <tbody>
                {evidenceFiles.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <a href={`/assessments/${assessment.id}/evidence/${f.id}`} download>
                        {f.file_name}
                      </a>
                    </td>
                    <td>
                      {f.question_prompt}
                      {f.ai_component_id ? <span className="muted"> ({componentName(f.ai_component_id)})</span> : null}
                    </td>
                    <td>{formatFileSize(f.size_bytes)}</td>
                    <td>
                      <code className="evidence-hash" title={f.sha256}>
                        {f.sha256.slice(0, 12)}…
                      </code>
                    </td>
                    <td>{f.valid_until ? formatDate(f.valid_until) : "—"}</td>
                    <td>
                      {formatDateTime(f.created_at)}
                      {f.uploaded_by_email ? ` by ${f.uploaded_by_email}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </div>
  );
}
