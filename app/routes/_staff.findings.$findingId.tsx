// /findings/:id: one finding with everything staff need: what it is about, its status moves
// (through the findings' transition table, refused in words), its severity, owner and due date,
// the vendor's response and remediation files, its risk acceptances and its history.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import * as z from "zod";
import { Breadcrumbs, FormError, echoed } from "~/components/form-parts";
import { SelectField, TextAreaField, TextField } from "~/components/field";
import { PageHeader } from "~/components/list";
import { AcceptanceForm } from "~/components/review/acceptance-form";
import { FindingDue, FindingStatusBadge, SeverityBadge } from "~/components/review/finding-badges";
import { FindingHistory } from "~/components/review/finding-history";
import { AcceptanceList } from "~/components/review/risk-acceptances";
import { formatDateTime } from "~/domain/calendar";
import { formatFileSize } from "~/domain/file-types";
import { canSometimes } from "~/domain/permissions";
import { editFindingSchema, moveFindingSchema } from "~/domain/review/finding-forms";
import { FINDING_MOVE_LABELS, FINDING_SOURCE_LABELS, isFindingActive, SEVERITIES, SEVERITY_LABELS } from "~/domain/review/findings";
import { acceptanceFormSchema } from "~/domain/review/risk-acceptance";
import { notFound } from "~/http/errors.server";
import { requireStaffUser, requireUserWithPermission, forbidden } from "~/http/guard.server";
import { handleIntent, readForm, unreadableForm, intentFailure } from "~/http/intent-form.server";
import { userActor } from "~/services/audit.server";
import { editFinding, getFindingForStaff, moveFinding } from "~/services/findings.server";
import { acceptFindingRisk, revokeAcceptance } from "~/services/risk-acceptances.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Finding: ${data.finding.title} · Assay` : "Finding · Assay" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/assessments.css" },
  { rel: "stylesheet", href: "/styles/findings.css" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const page = await getFindingForStaff(context.app.db, params.findingId, user);
  if (!page) throw notFound();
  return { ...page, userId: user.id };
}

const revokeSchema = z.object({
  acceptanceId: z.string({ error: "Choose an acceptance to revoke" }).pipe(z.uuid({ error: "Choose an acceptance to revoke" })),
});

const DONE: Record<string, string> = {
  raised: "Finding raised.",
  start_remediation: "Remediation started.",
  close: "Finding closed.",
  reopen: "Finding reopened.",
  edited: "Changes saved.",
  unchanged: "Nothing was changed.",
  accepted: "Risk accepted: the finding is risk accepted until the acceptance expires.",
  revoked: "Acceptance revoked.",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context);
  const findingId = params.findingId ?? "";
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const intent = form.get("intent");
  const back = (done: string) => `/findings/${findingId}?done=${done}`;
  const actor = userActor(user);
  if (intent === "start_remediation" || intent === "close" || intent === "reopen") {
    if (!canSometimes(user.role, "finding:write")) throw forbidden();
    return handleIntent(form, "move", moveFindingSchema, async (input) => {
      await moveFinding(context.app, actor, findingId, input.intent, input.note);
      throw redirect(back(input.intent));
    });
  }
  if (intent === "edit") {
    if (!canSometimes(user.role, "finding:write")) throw forbidden();
    return handleIntent(form, "edit", editFindingSchema, async (input) => {
      const changed = await editFinding(context.app, actor, findingId, input);
      throw redirect(back(changed ? "edited" : "unchanged"));
    });
  }
  if (intent === "accept") {
    if (!canSometimes(user.role, "risk:accept")) throw forbidden();
    return handleIntent(form, "accept", acceptanceFormSchema, async (input) => {
      await acceptFindingRisk(context.app, user, findingId, { ...input, systemId: null });
      throw redirect(back("accepted"));
    });
  }
  if (intent === "revoke") {
    if (!canSometimes(user.role, "risk:accept")) throw forbidden();
    return handleIntent(form, "revoke", revokeSchema, async (input) => {
      await revokeAcceptance(context.app, user, input.acceptanceId);
      throw redirect(back("revoked"));
    });
  }
  return intentFailure(null, { form: "The request was not understood. Reload the page and try again." }, {}, 400);
}

export default function FindingPage() {
  const { finding, events, files, acceptances, activeAcceptances, affectedSystems, owners, approvers, today, can, userId } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const done = params.get("done");
  const errorsFor = (intent: string) => (failure?.intent === intent ? failure.fieldErrors : {});
  const valuesFor = (intent: string) => (failure?.intent === intent ? failure.values : undefined);
  const active = isFindingActive(finding.status);
  const moveErrors = errorsFor("move");
  const editErrors = errorsFor("edit");
  const editValues = valuesFor("edit");
  const acceptFailure = failure?.intent === "accept" ? failure : null;
  const revokeErrors = errorsFor("revoke");
  const ownersWithCurrent =
    finding.ownerId && !owners.some((o) => o.id === finding.ownerId)
      ? [...owners, { id: finding.ownerId, name: `${finding.ownerName ?? "Former owner"} (cannot own findings now)`, email: finding.ownerEmail ?? "" }]
      : owners;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/findings", label: "Findings" },
          ...(finding.assessmentId ? [{ to: `/assessments/${finding.assessmentId}`, label: finding.supplierName }] : []),
          { label: finding.title },
        ]}
      />
      <PageHeader title={finding.title}>
        <p className="lead finding-facts">
          <SeverityBadge severity={finding.severity} /> <FindingStatusBadge status={finding.status} />{" "}
          <span>
            Due <FindingDue dueDate={finding.dueDate} today={today} active={active} />
          </span>
        </p>
      </PageHeader>
      {done && DONE[done] ? (
        <p className="flash flash--ok" role="status">
          {DONE[done]}
        </p>
      ) : null}
      <FormError
        message={
          failure && !failure.intent ? failure.fieldErrors.form : (moveErrors.form ?? moveErrors.intent ?? revokeErrors.form ?? revokeErrors.acceptanceId)
        }
      />

      <section aria-labelledby="details-heading" className="panel">
        <h2 id="details-heading">Details</h2>
        <dl className="detail-grid">
          <dt>Supplier</dt>
          <dd>
            <Link to={`/suppliers/${finding.supplierId}`}>{finding.supplierName}</Link>
          </dd>
          {finding.assessmentId ? (
            <>
              <dt>Assessment</dt>
              <dd>
                <Link to={`/assessments/${finding.assessmentId}`}>{finding.templateName ?? "The assessment"}</Link>
              </dd>
            </>
          ) : null}
          <dt>Raised from</dt>
          <dd>{FINDING_SOURCE_LABELS[finding.source]}</dd>
          {finding.questionKey ? (
            <>
              <dt>Question</dt>
              <dd>
                {finding.questionPrompt ?? finding.questionKey}
                {finding.sectionTitle ? <span className="muted"> ({finding.sectionTitle})</span> : null}
              </dd>
            </>
          ) : null}
          <dt>Component</dt>
          <dd>{finding.componentId ? <Link to={`/components/${finding.componentId}`}>{finding.componentName}</Link> : "The supplier as a whole"}</dd>
          <dt>Owner</dt>
          <dd>{finding.ownerName ? `${finding.ownerName} (${finding.ownerEmail})` : <span className="muted">Nobody</span>}</dd>
          <dt>Raised</dt>
          <dd>
            {formatDateTime(finding.createdAt)}
            {finding.createdByName ? ` by ${finding.createdByName}` : ""}
          </dd>
          {finding.closedAt ? (
            <>
              <dt>Closed</dt>
              <dd>{formatDateTime(finding.closedAt)}</dd>
            </>
          ) : null}
          <dt>Description</dt>
          <dd className="prewrap">{finding.description ?? "—"}</dd>
          <dt>Affected systems</dt>
          <dd>
            {affectedSystems.length === 0
              ? "None of our AI systems depends on it"
              : affectedSystems.map((s, i) => (
                  <span key={s.id}>
                    {i ? ", " : ""}
                    <Link to={`/ai-systems/${s.id}`}>{s.name}</Link>
                    {s.ownerName ? <span className="muted"> (risk owner {s.ownerName})</span> : null}
                  </span>
                ))}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="vendor-heading" className="panel">
        <h2 id="vendor-heading">The vendor's response and remediation evidence</h2>
        {finding.vendorResponse ? (
          <blockquote className="finding-response">
            <p className="prewrap">{finding.vendorResponse}</p>
            {finding.vendorRespondedAt ? <p className="muted">Latest response, {formatDateTime(finding.vendorRespondedAt)}</p> : null}
          </blockquote>
        ) : (
          <p className="muted">The vendor has not responded yet. They see this finding in their portal and can respond there.</p>
        )}
        {files.length ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Remediation evidence</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Size</th>
                  <th scope="col">SHA-256</th>
                  <th scope="col">Uploaded</th>
                </tr>
              </thead>
              <tbody>
                {files.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <a href={`/findings/${finding.id}/files/${f.id}`} download>
                        {f.fileName}
                      </a>
                    </td>
                    <td>{formatFileSize(f.sizeBytes)}</td>
                    <td>
                      <code className="evidence-hash" title={f.sha256}>
                        {f.sha256.slice(0, 12)}…
                      </code>
                    </td>
                    <td>
                      {formatDateTime(f.createdAt)}
                      {f.uploadedBy ? ` by ${f.uploadedBy}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">No remediation evidence uploaded.</p>
        )}
      </section>

      {can.moves.length ? (
        <section aria-labelledby="status-heading" className="panel">
          <h2 id="status-heading">Status</h2>
          <Form method="post" className="finding-moves" key={`moves-${events.length}`}>
            <TextAreaField
              id="move-note"
              name="note"
              label="Note for the history (optional)"
              hint="Staff only: never shown to the vendor"
              rows={2}
              defaultValue={echoed(valuesFor("move"), "note") ?? ""}
              error={moveErrors.note}
            />
            <div className="form-actions">
              {can.moves.map((move) => (
                <button key={move} type="submit" name="intent" value={move} className={move === "close" ? "button button--primary" : "button"} disabled={busy}>
                  {FINDING_MOVE_LABELS[move]}
                </button>
              ))}
            </div>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="acceptance-heading" className="panel">
        <h2 id="acceptance-heading">Risk acceptance</h2>
        {activeAcceptances.length === 0 && acceptances.length === 0 ? <p className="muted">The risk of this finding has not been accepted.</p> : null}
        {acceptances.length ? <AcceptanceList acceptances={acceptances} canRevoke={can.revoke} caption={`of “${finding.title}”`} kind="finding" /> : null}
        {can.accept ? (
          <>
            <h3>Accept the risk</h3>
            <p className="muted">The finding moves to “risk accepted” until the expiry date; then it opens again.</p>
            <AcceptanceForm
              approvers={approvers}
              defaultApproverId={approvers.some((a) => a.id === userId) ? userId : ""}
              today={today}
              failure={acceptFailure}
              submitLabel="Accept the risk"
              idPrefix="accept"
            />
          </>
        ) : active ? (
          <p className="muted">
            Only an admin, or the risk owner of an affected system{affectedSystems.length ? "" : " (none depends on it)"}, can accept the risk of this finding.
          </p>
        ) : null}
      </section>

      {can.write ? (
        <section aria-labelledby="edit-heading" className="panel">
          <h2 id="edit-heading">Severity, owner and due date</h2>
          <FormError message={editErrors.form} />
          <Form method="post" className="form-grid" key={`edit-${events.length}`}>
            <input type="hidden" name="intent" value="edit" />
            <SelectField
              id="edit-severity"
              name="severity"
              label="Severity"
              options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
              defaultValue={echoed(editValues, "severity") ?? finding.severity}
              error={editErrors.severity}
            />
            <SelectField
              id="edit-owner"
              name="ownerId"
              label="Owner"
              options={ownersWithCurrent.map((o) => ({ value: o.id, label: o.email ? `${o.name} (${o.email})` : o.name }))}
              placeholder="Choose an owner"
              defaultValue={echoed(editValues, "ownerId") ?? finding.ownerId ?? ""}
              error={editErrors.ownerId}
            />
            <TextField
              id="edit-due"
              name="dueDate"
              label="Due date"
              type="date"
              hint="YYYY-MM-DD"
              defaultValue={echoed(editValues, "dueDate") ?? finding.dueDate ?? ""}
              error={editErrors.dueDate}
            />
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                Save changes
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="history-heading" className="panel">
        <h2 id="history-heading">History</h2>
        <FindingHistory events={events} />
      </section>
    </>
  );
}
