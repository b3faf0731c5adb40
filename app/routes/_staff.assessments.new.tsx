import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { DefaultValues } from "react-hook-form";
import * as z from "zod";
import { SelectField } from "~/components/field";
import { DueDateAndMessageFields } from "~/components/assessments/due-and-message-fields";
import { Breadcrumbs, FormActions, FormError } from "~/components/form-parts";
import { addDays, today as todayOf } from "~/domain/calendar";
import { LABELS } from "~/domain/inventory";
import { optionalUuidParam, readListQuery } from "~/domain/list-query";
import { handleForm, type FormFailure } from "~/http/form-action.server";
import { issueFields } from "~/forms/issue-fields";
import { useValidatedForm } from "~/forms/validated-form";
import { issueAssessment, issueChoicesFor, listPublishedVersions, searchIssuableSuppliers } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { countryName } from "~/services/countries.server";

export const meta: MetaFunction = () => [{ title: "Issue a questionnaire · Assay" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/assessments.css" }];

const PICKER_SIZE = 20;

const pickerQuery = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  supplier: optionalUuidParam,
  /** Components to pre-tick (comma-separated ids, e.g. from /deadlines); unknown ones are ignored. */
  components: z.string().max(4000).optional().catch(undefined),
  /** The same, as the inventory pages' "Send questionnaire" links spell them; junk is ignored. */
  supplierId: optionalUuidParam,
  componentId: optionalUuidParam,
});

/** `?supplierId=…&componentId=…` (inventory pages) read as `?supplier=…&components=…`. */
function prefill(url: URL) {
  const { supplierId, componentId, ...query } = readListQuery(url, pickerQuery);
  return { ...query, supplier: query.supplier ?? supplierId, components: query.components ?? componentId };
}

/**
 * The issue form over string inputs, in the browser and on the server (exported for its test); the
 * service checks what needs the database or today's date (ownership, status, the due date's range).
 */
export const issueSchema = z.object({
  supplierId: z.string({ error: "Choose a supplier" }).pipe(z.uuid({ error: "Choose a supplier" })),
  templateVersionId: z.string({ error: "Choose a template version" }).pipe(z.uuid({ error: "Choose a published template version" })),
  ...issueFields,
});
type IssueFormValues = z.input<typeof issueSchema>;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "assessment:issue");
  const db = context.app.db;
  const query = prefill(new URL(request.url));
  const [choices, versions] = await Promise.all([query.supplier ? issueChoicesFor(db, query.supplier) : null, listPublishedVersions(db)]);
  const found = choices ? [] : await searchIssuableSuppliers(db, query.q, PICKER_SIZE);
  const matches = found.map((s) => ({ ...s, country: s.country ? countryName(s.country) : null }));
  const today = todayOf();
  return { query, choices, matches, versions, defaultDue: addDays(today, 30), minDue: addDays(today, 1), reminderDays: context.app.config.reminderDays };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:issue");
  return handleForm(
    request,
    issueSchema,
    async (input) => {
      const { assessmentId } = await issueAssessment(context.app, userActor(user), input);
      throw redirect(`/assessments/${assessmentId}?issued=1`);
    },
    ["componentIds", "contactIds"],
  );
}

export default function IssueAssessment() {
  const { query, choices, matches, versions, defaultDue, minDue, reminderDays } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ to: "/assessments", label: "Assessments" }, { label: "Issue a questionnaire" }]} />
      <h1>Issue a questionnaire</h1>
      <p className="lead">
        One supplier, the AI components to ask about, and the contacts who answer. Sending the same questionnaire to many suppliers?{" "}
        <Link to="/campaigns/new">Start a campaign</Link>.
      </p>

      <section aria-labelledby="supplier-heading" className="panel issue-step">
        <h2 id="supplier-heading">1. Supplier</h2>
        {choices ? (
          <p>
            <strong>{choices.supplier.name}</strong> <span className="muted">({LABELS.supplierStatus[choices.supplier.status]})</span>{" "}
            <Link to={`?q=${encodeURIComponent(query.q)}`}>Choose another supplier</Link>
          </p>
        ) : (
          <>
            {query.supplier ? (
              <p className="notice" role="status">
                That supplier was not found. Search for it below.
              </p>
            ) : null}
            <Form method="get" className="picker-search" role="search" aria-label="Find a supplier">
              <div className="field">
                <label htmlFor="supplier-q">Find a supplier by name</label>
                <input id="supplier-q" type="search" name="q" defaultValue={query.q} maxLength={100} />
              </div>
              <button type="submit" className="button">
                Search
              </button>
            </Form>
            {matches.length === 0 ? (
              <p className="muted">
                {query.q ? `No prospective or active supplier matches “${query.q}”.` : "No prospective or active suppliers yet."} Questionnaires go to suppliers
                in the <Link to="/suppliers">inventory</Link>.
              </p>
            ) : (
              <>
                <p className="muted" role="status">
                  {query.q
                    ? `Suppliers matching “${query.q}”${matches.length >= PICKER_SIZE ? ` (the first ${PICKER_SIZE}; search more precisely to narrow them down)` : ""}.`
                    : `The first ${matches.length} suppliers by name; search to find others.`}
                </p>
                <ul className="supplier-choices">
                  {matches.map((s) => (
                    <li key={s.id}>
                      <Link to={`?supplier=${s.id}`}>
                        {s.name}
                        <span className="visually-hidden">: choose this supplier</span>
                      </Link>{" "}
                      <span className="muted">
                        {LABELS.supplierStatus[s.status]}
                        {s.country ? ` · ${s.country}` : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </section>

      {choices && !choices.issuable ? (
        <p className="notice" role="status">
          {choices.supplier.name} is {choices.supplier.archived_at ? "archived" : LABELS.supplierStatus[choices.supplier.status].toLowerCase()}: questionnaires
          go to prospective and active suppliers only.
        </p>
      ) : null}
      {choices && choices.issuable ? (
        <IssueForm
          key={choices.supplier.id}
          supplierId={choices.supplier.id}
          components={choices.components}
          preselect={query.components?.split(",").filter((id) => choices.components.some((c) => c.id === id))}
          contacts={choices.contacts}
          versions={versions}
          defaultDue={defaultDue}
          minDue={minDue}
          reminderDays={reminderDays}
          failure={failure}
        />
      ) : null}
    </>
  );
}

interface IssueFormProps {
  supplierId: string;
  components: Array<{ id: string; name: string; kind: keyof typeof LABELS.componentKind; version: string | null }>;
  /** Components ticked at first (else all of them). */
  preselect?: string[];
  contacts: Array<{ id: string; name: string; email: string; title: string | null; is_primary: boolean }>;
  versions: Array<{ id: string; version: number; name: string; is_builtin: boolean }>;
  defaultDue: string;
  minDue: string;
  reminderDays: number[];
  failure: FormFailure | undefined;
}

function IssueForm({ supplierId, components, preselect, contacts, versions, defaultDue, minDue, reminderDays, failure }: IssueFormProps) {
  const sent = failure?.values;
  const list = (name: string, fallback: string[]) => (Array.isArray(sent?.[name]) ? (sent[name] as string[]) : fallback);
  const text = (name: string, fallback: string) => (typeof sent?.[name] === "string" ? (sent[name] as string) : fallback);
  const builtin = versions.find((v) => v.is_builtin) ?? versions[0];
  const defaults = {
    supplierId,
    templateVersionId: text("templateVersionId", builtin?.id ?? ""),
    componentIds: list("componentIds", preselect?.length ? preselect : components.map((c) => c.id)),
    contactIds: list(
      "contactIds",
      contacts.filter((c) => c.is_primary).map((c) => c.id),
    ),
    dueDate: text("dueDate", defaultDue),
    message: text("message", ""),
  };
  const { field, register, onSubmit, errorFor } = useValidatedForm(issueSchema, {
    defaultValues: defaults as DefaultValues<IssueFormValues>,
    serverErrors: failure?.fieldErrors,
  });
  const busy = useNavigation().state !== "idle";
  const componentError = errorFor("componentIds") ?? errorFor("componentIds.0");
  const contactError = errorFor("contactIds") ?? errorFor("contactIds.0");
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="panel issue-step">
      <h2>2. What to ask, and whom</h2>
      <FormError message={errorFor("form") ?? errorFor("supplierId")} />
      <input type="hidden" {...register("supplierId")} value={supplierId} />

      <fieldset
        className={componentError ? "field fieldset field--invalid" : "field fieldset"}
        aria-describedby={componentError ? "componentIds-error" : "componentIds-hint"}
      >
        <legend>AI components in scope</legend>
        <p className="field__hint" id="componentIds-hint">
          Component sections of the questionnaire are answered once for each component ticked here.
        </p>
        {components.length === 0 ? (
          <p className="muted">This supplier has no active AI components recorded: only the supplier-wide sections will be asked.</p>
        ) : (
          components.map((c) => (
            <span className="checkbox" key={c.id}>
              <input
                type="checkbox"
                id={`componentIds-${c.id}`}
                value={c.id}
                defaultChecked={defaults.componentIds.includes(c.id)}
                {...register("componentIds")}
              />
              <label htmlFor={`componentIds-${c.id}`}>
                {c.name}
                {c.version ? ` ${c.version}` : ""} <span className="muted">({LABELS.componentKind[c.kind]})</span>
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
        <legend>Send to</legend>
        <p className="field__hint" id="contactIds-hint">
          Each contact gets a personal link by email.
        </p>
        {contacts.length === 0 ? (
          <p className="muted">
            This supplier has no contacts yet: <Link to={`/suppliers/${supplierId}/contacts/new`}>add one</Link> first.
          </p>
        ) : (
          contacts.map((c) => (
            <span className="checkbox" key={c.id}>
              <input type="checkbox" id={`contactIds-${c.id}`} value={c.id} defaultChecked={defaults.contactIds.includes(c.id)} {...register("contactIds")} />
              <label htmlFor={`contactIds-${c.id}`}>
                {c.name} &lt;{c.email}&gt;
                {c.title ? <span className="muted"> · {c.title}</span> : null}
                {c.is_primary ? <span className="badge badge--ok">Primary</span> : null}
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
        <SelectField
          id="templateVersionId"
          label="Questionnaire"
          hint="Published template versions only; the assessment keeps the version it was sent with"
          options={versions.map((v) => ({ value: v.id, label: `${v.name}, version ${v.version}` }))}
          placeholder={versions.length ? "Choose a questionnaire" : "No published templates yet"}
          {...field("templateVersionId")}
          error={errorFor("templateVersionId")}
        />
        <DueDateAndMessageFields
          dueDate={{ ...field("dueDate"), error: errorFor("dueDate") }}
          message={{ ...field("message"), error: errorFor("message") }}
          minDue={minDue}
          reminderDays={reminderDays}
        />
      </div>
      <FormActions submitLabel="Issue and send invitations" cancelTo="/assessments" busy={busy} />
    </Form>
  );
}
