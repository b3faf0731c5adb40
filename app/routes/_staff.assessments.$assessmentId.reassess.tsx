// /assessments/:id/reassess: issue the next cycle of a decided assessment, pre-filled with its
// answers and the evidence still valid. The form works without JavaScript; every refusal shows
// next to its field (or at the top for the assessment's state) and writes nothing.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { DefaultValues } from "react-hook-form";
import * as z from "zod";
import { AssessmentStatusBadge } from "~/components/assessments/badges";
import { DueDateAndMessageFields } from "~/components/assessments/due-and-message-fields";
import { Breadcrumbs, FormActions, FormError } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { formatDate } from "~/domain/calendar";
import { LABELS } from "~/domain/inventory";
import { DECISION_LABELS } from "~/domain/review/decision";
import { issueFields } from "~/forms/issue-fields";
import { useValidatedForm } from "~/forms/validated-form";
import { notFound } from "~/http/errors.server";
import { handleForm, type FormFailure } from "~/http/form-action.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { reassess, reassessChoices } from "~/services/reassessment.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Reassess${data ? ` ${data.previous.supplierName}` : ""} · Assay` }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/assessments.css" },
  { rel: "stylesheet", href: "/styles/review-cycle.css" },
];

/** The reassess form over string inputs, in the browser and on the server; the service checks the rest. */
export const reassessSchema = z.object({
  templateVersionId: z.string({ error: "Choose the questionnaire version" }).pipe(z.uuid({ error: "Choose the questionnaire version" })),
  ...issueFields,
});
type ReassessFormValues = z.input<typeof reassessSchema>;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "assessment:issue");
  const choices = await reassessChoices(context.app.db, params.assessmentId);
  if (!choices) throw notFound();
  return { ...choices, reminderDays: context.app.config.reminderDays };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:issue");
  return handleForm(
    request,
    reassessSchema,
    async (input) => {
      const { assessmentId } = await reassess(context.app, userActor(user), params.assessmentId ?? "", input);
      throw redirect(`/assessments/${assessmentId}?issued=1`);
    },
    ["componentIds", "contactIds"],
  );
}

export default function Reassess() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { previous, refusal, next, issuable } = data;
  const back = `/assessments/${previous.id}`;
  return (
    <>
      <Breadcrumbs items={[{ to: "/assessments", label: "Assessments" }, { to: back, label: previous.supplierName }, { label: "Reassess" }]} />
      <PageHeader title={`Reassess ${previous.supplierName}`}>
        <p className="lead">
          The next cycle of {previous.templateName} (version {previous.version}), issued {formatDate(previous.createdAt)} and now{" "}
          <AssessmentStatusBadge status={previous.status} />
          {previous.decision ? ` (${DECISION_LABELS[previous.decision].toLowerCase()})` : ""}. The vendor gets the questionnaire pre-filled with the last
          cycle&rsquo;s answers and the evidence that is still valid, and confirms or changes each answer.
        </p>
      </PageHeader>
      {refusal ? (
        <div className="notice" role="status">
          <p>{refusal}</p>
          <p>
            {next ? (
              <>
                <Link to={`/assessments/${next.id}`}>Open the next cycle</Link> ·{" "}
              </>
            ) : null}
            <Link to={back}>Back to the assessment</Link>
          </p>
        </div>
      ) : !issuable ? (
        <div className="notice" role="status">
          <p>
            {previous.supplierName} is{" "}
            {previous.supplierArchived ? "archived" : LABELS.supplierStatus[previous.supplierStatus as keyof typeof LABELS.supplierStatus].toLowerCase()}:
            questionnaires go to prospective and active suppliers only. <Link to={`/suppliers/${previous.supplierId}`}>Open the supplier</Link>.
          </p>
        </div>
      ) : null}
      {refusal ? <FormError message={failure?.fieldErrors.form} /> : <ReassessForm data={data} failure={failure} />}
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function ReassessForm({ data, failure }: { data: LoaderData; failure: FormFailure | undefined }) {
  const { previous, versions, components, contacts, defaults, droppedComponents, reminderDays } = data;
  const sent = failure?.values;
  const list = (name: string, fallback: string[]) => (Array.isArray(sent?.[name]) ? (sent[name] as string[]) : fallback);
  const text = (name: string, fallback: string) => (typeof sent?.[name] === "string" ? (sent[name] as string) : fallback);
  const values = {
    templateVersionId: text("templateVersionId", defaults.templateVersionId),
    componentIds: list("componentIds", defaults.componentIds),
    contactIds: list("contactIds", defaults.contactIds),
    dueDate: text("dueDate", defaults.dueDate),
    message: text("message", ""),
  };
  const { field, register, onSubmit, errorFor } = useValidatedForm(reassessSchema, {
    defaultValues: values as DefaultValues<ReassessFormValues>,
    serverErrors: failure?.fieldErrors,
  });
  const busy = useNavigation().state !== "idle";
  const versionError = errorFor("templateVersionId");
  const componentError = errorFor("componentIds") ?? errorFor("componentIds.0");
  const contactError = errorFor("contactIds") ?? errorFor("contactIds.0");
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="panel">
      <h2>The next cycle</h2>
      <FormError message={errorFor("form") ?? errorFor("supplierId")} />

      <fieldset
        className={versionError ? "field fieldset field--invalid" : "field fieldset"}
        aria-describedby={versionError ? "templateVersionId-error" : undefined}
      >
        <legend>Questionnaire version</legend>
        {versions.length === 0 ? (
          <p className="muted">This questionnaire&rsquo;s template has no published version any more: publish one, or issue another questionnaire.</p>
        ) : (
          versions.map((v) => (
            <span className="checkbox" key={v.id}>
              <input
                type="radio"
                id={`templateVersionId-${v.id}`}
                value={v.id}
                defaultChecked={values.templateVersionId === v.id}
                {...register("templateVersionId")}
              />
              <label htmlFor={`templateVersionId-${v.id}`}>
                {v.name}, version {v.version}{" "}
                <span className="muted">
                  {v.newest && v.pinned
                    ? "(the version of the last cycle, and the newest)"
                    : v.newest
                      ? "(the newest published version: questions new since the last cycle are asked fresh)"
                      : "(the version of the last cycle)"}
                </span>
              </label>
            </span>
          ))
        )}
        {versionError ? (
          <p className="field__error" id="templateVersionId-error">
            {versionError}
          </p>
        ) : null}
      </fieldset>

      <fieldset
        className={componentError ? "field fieldset field--invalid" : "field fieldset"}
        aria-describedby={componentError ? "componentIds-error" : "componentIds-hint"}
      >
        <legend>AI components in scope</legend>
        <p className="field__hint" id="componentIds-hint">
          Ticked: the components of the last cycle ({previous.componentCount}) that are still active
          {droppedComponents ? `; ${droppedComponents} of them ${droppedComponents === 1 ? "is" : "are"} archived now and cannot be asked about` : ""}. Answers
          are carried over only for components still in scope.
        </p>
        {components.length === 0 ? (
          <p className="muted">This supplier has no active AI components recorded.</p>
        ) : (
          components.map((c) => (
            <span className="checkbox" key={c.id}>
              <input
                type="checkbox"
                id={`componentIds-${c.id}`}
                value={c.id}
                defaultChecked={values.componentIds.includes(c.id)}
                {...register("componentIds")}
              />
              <label htmlFor={`componentIds-${c.id}`}>
                {c.name}
                {c.version ? ` ${c.version}` : ""} <span className="muted">({LABELS.componentKind[c.kind]})</span>
                {c.wasInScope ? null : <span className="badge badge--muted">New in scope</span>}
              </label>
            </span>
          ))
        )}
        {componentError ? (
          <p className="field__error" id="componentIds-error">
            {componentError}
          </p>
        ) : null}
      </fieldset>

      <fieldset
        className={contactError ? "field fieldset field--invalid" : "field fieldset"}
        aria-describedby={contactError ? "contactIds-error" : "contactIds-hint"}
      >
        <legend>Send the link to</legend>
        <p className="field__hint" id="contactIds-hint">
          Ticked: the contacts who had a link to the last cycle (not revoked). Each gets a personal link by email.
        </p>
        {contacts.length === 0 ? (
          <p className="muted">
            This supplier has no contacts: <Link to={`/suppliers/${previous.supplierId}/contacts/new`}>add one</Link> first.
          </p>
        ) : (
          contacts.map((c) => (
            <span className="checkbox" key={c.id}>
              <input type="checkbox" id={`contactIds-${c.id}`} value={c.id} defaultChecked={values.contactIds.includes(c.id)} {...register("contactIds")} />
              <label htmlFor={`contactIds-${c.id}`}>
                {c.name} &lt;{c.email}&gt;
                {c.title ? <span className="muted"> · {c.title}</span> : null}
                {c.is_primary ? <span className="badge badge--ok">Primary</span> : null}
                {c.hadLink ? <span className="badge badge--muted">Had a link last cycle</span> : null}
              </label>
            </span>
          ))
        )}
        {contactError ? (
          <p className="field__error" id="contactIds-error">
            {contactError}
          </p>
        ) : null}
      </fieldset>

      <div className="form-grid">
        <DueDateAndMessageFields
          dueDate={{ ...field("dueDate"), error: errorFor("dueDate") }}
          message={{ ...field("message"), error: errorFor("message") }}
          minDue={defaults.minDue}
          reminderDays={reminderDays}
        />
      </div>
      <FormActions submitLabel="Reassess and send invitations" cancelTo={`/assessments/${previous.id}`} busy={busy} />
    </Form>
  );
}
