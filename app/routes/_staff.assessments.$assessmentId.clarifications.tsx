// Request clarification: the reviewer ticks the answers to reopen, writes what is needed for each,
// and sends. The assessment goes to "changes requested", the vendor contacts get a new link by
// email. A plain form: without JavaScript the "what is needed" box shows once its question is ticked
// (CSS), and a refused post shows each message by its question with nothing written.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import * as z from "zod";
import { AssessmentStatusBadge } from "~/components/assessments/badges";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { isAppError } from "~/domain/errors";
import type { FormFailure } from "~/forms/form-failure";
import { formDataProblems, formDataToObject } from "~/forms/parse";
import { UNREADABLE_FORM_MESSAGE } from "~/http/form-action.server";
import { notFound, httpStatus } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { CLARIFICATION_MESSAGE_MAX, clarificationFormData, requestClarifications } from "~/services/clarifications.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/clarifications.css" }];

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `Request clarification · ${d.supplierName}: ${d.templateName} · Assay` : "Request clarification · Assay" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "review:write");
  const form = await clarificationFormData(context.app.db, params.assessmentId);
  if (!form) throw notFound();
  const url = new URL(request.url);
  const question = url.searchParams.get("question");
  const component = url.searchParams.get("component");
  return { ...form, preselected: question ? `${question}:${component || "-"}` : null, messageMax: CLARIFICATION_MESSAGE_MAX };
}

/** `questionKey:componentId` (or `-`): the value of a question's checkbox. */
const SCOPE_VALUE = /^([a-z][a-z0-9_]{0,63}):(-|[0-9a-fA-F-]{36})$/;

const requestForm = z.object({
  scope: z.array(z.string().max(200)).max(5000),
  messages: z.record(z.string(), z.string()),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "review:write");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data<FormFailure>({ fieldErrors: { form: UNREADABLE_FORM_MESSAGE }, values: {} }, { status: 400 });
  }
  const raw = formDataToObject(form, ["scope"]);
  const problems = formDataProblems(form, ["scope"]);
  const messages: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) if (key.startsWith("message.") && typeof value === "string") messages[key.slice("message.".length)] = value;
  const values = { scope: raw.scope, ...Object.fromEntries(Object.entries(messages).map(([k, v]) => [`message.${k}`, v])) };
  if (Object.keys(problems).length) return data<FormFailure>({ fieldErrors: problems, values }, { status: 400 });
  const parsed = requestForm.safeParse({ scope: raw.scope, messages });
  if (!parsed.success) return data<FormFailure>({ fieldErrors: { form: UNREADABLE_FORM_MESSAGE }, values }, { status: 400 });

  const items = parsed.data.scope.map((value) => {
    const match = SCOPE_VALUE.exec(value);
    // A value no checkbox of this page sends: the service refuses it as not part of the questionnaire.
    const questionKey = match ? match[1]! : value;
    const componentId = match && match[2] !== "-" ? match[2]!.toLowerCase() : null;
    return { questionKey, componentId, message: parsed.data.messages[value] ?? "" };
  });
  try {
    await requestClarifications(context.app, userActor(user), params.assessmentId, items);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.kind === "not_found") throw notFound();
    const fieldErrors = error.kind === "invalid" && Object.keys(error.fields).length ? error.fields : { form: error.message };
    return data<FormFailure>({ fieldErrors, values }, { status: httpStatus(error) });
  }
  throw redirect(`/assessments/${params.assessmentId}?clarification=sent#clarifications`);
}

export default function RequestClarification() {
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const errors = failure?.fieldErrors ?? {};
  const values = failure?.values ?? {};
  const chosen = new Set(Array.isArray(values.scope) ? (values.scope as string[]) : page.preselected ? [page.preselected] : []);
  const messageOf = (key: string) => {
    const v = values[`message.${key}`];
    return typeof v === "string" ? v : "";
  };
  const back = `/assessments/${page.assessmentId}`;
  let index = 0;
  return (
    <>
      <Breadcrumbs items={[{ to: "/assessments", label: "Assessments" }, { to: back, label: page.supplierName }, { label: "Request clarification" }]} />
      <PageHeader title="Request clarification">
        <p className="lead">
          {page.supplierName}: {page.templateName} <AssessmentStatusBadge status={page.status} />
        </p>
      </PageHeader>
      {page.refusal ? (
        <div className="notice" role="status">
          <p>{page.refusal}</p>
          <p>Clarification can be requested while an assessment is in review or after the vendor resubmitted.</p>
          <p>
            <Link to={back}>Back to the assessment</Link>
          </p>
        </div>
      ) : (
        <Form method="post" className="clarify" noValidate>
          <p>
            Tick each question the vendor should answer again and write what is needed. Only the ticked questions reopen; the vendor gets an email with a new
            link and sees your message by each question.
          </p>
          {params.get("question") && !page.groups.some((g) => g.questions.some((q) => q.key === page.preselected)) ? (
            <p className="notice">The question in the link is not part of this questionnaire: choose below.</p>
          ) : null}
          <FormError message={errors.form} />
          {errors.questions ? (
            <p className="field__error clarify__error" id="questions-error" role="alert">
              {errors.questions}
            </p>
          ) : null}
          {page.groups.map((group) => (
            <fieldset key={group.key} className="clarify__group" aria-describedby={errors.questions ? "questions-error" : undefined}>
              <legend>
                {group.title}
                {group.componentName ? <span className="clarify__component"> about {group.componentName}</span> : null}
              </legend>
              <ul className="clarify__questions">
                {group.questions.map((q) => {
                  index += 1;
                  const id = `clarify-${index}`;
                  const error = errors[`message.${q.key}`];
                  const picked = chosen.has(q.key);
                  return (
                    <li key={q.key} className={error ? "clarify__question clarify__question--invalid" : "clarify__question"}>
                      <input
                        type="checkbox"
                        className="clarify__pick"
                        id={`${id}-pick`}
                        name="scope"
                        value={q.key}
                        defaultChecked={picked}
                        aria-describedby={`${id}-answer`}
                      />
                      <label htmlFor={`${id}-pick`} className="clarify__label">
                        <span className="clarify__number">{q.number}</span> {q.prompt}
                      </label>
                      <p className="clarify__answer" id={`${id}-answer`}>
                        {`Current answer: ${q.answer}${q.hidden ? " (the question does not apply given the vendor's other answers)" : ""}`}
                      </p>
                      <div className={error ? "field field--invalid clarify__message clarify__message--shown" : "field clarify__message"}>
                        <label htmlFor={`${id}-message`}>What is needed</label>
                        <textarea
                          id={`${id}-message`}
                          name={`message.${q.key}`}
                          rows={3}
                          maxLength={page.messageMax}
                          defaultValue={messageOf(q.key)}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? `${id}-message-error` : undefined}
                        />
                        {error ? (
                          <p className="field__error" id={`${id}-message-error`}>
                            {error}
                          </p>
                        ) : null}
                      </div>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          ))}
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? "Sending…" : "Send the request to the vendor"}
            </button>
            <Link to={back} className="button button--quiet">
              Cancel
            </Link>
          </div>
        </Form>
      )}
    </>
  );
}
