// /assessments/:id/decision: the reviewer records the decision (approve, approve with conditions,
// reject) with a rationale, the date it holds until and, for conditions, one finding each with a
// due date. The same schema checks it in the browser and here; a refusal shows next to its field
// and writes nothing. Once decided, the page shows the decision.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { z } from "zod";
import { AssessmentStatusBadge } from "~/components/assessments/badges";
import { TextAreaField, TextField } from "~/components/field";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { DecisionSummary } from "~/components/review/review-panel";
import { addDays, formatDate, formatDateTime, today as todayOf, type CalendarDate } from "~/domain/calendar";
import { DECISIONS, DECISION_LABELS, type Decision } from "~/domain/review/decision";
import { decisionFormSchema, decisionFromForm, MAX_CONDITION_ROWS, RATIONALE_MAX } from "~/domain/review/decision-form";
import { FINDING_STATUS_LABELS, SEVERITIES, SEVERITY_LABELS } from "~/domain/review/findings";
import type { DecisionPageView } from "~/domain/review/review-views";
import { useValidatedForm } from "~/forms/validated-form";
import type { FormFailure } from "~/forms/form-failure";
import { notFound } from "~/http/errors.server";
import { handleForm } from "~/http/form-action.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { decideAssessment } from "~/services/assessment-lifecycle.server";
import { assessmentExists } from "~/services/assessment-queries.server";
import { userActor } from "~/services/audit.server";
import { decisionPageData } from "~/services/review-panel.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Decision: ${data.assessment.supplierName} · Assay` : "Decision · Assay" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/assessments.css" },
  { rel: "stylesheet", href: "/styles/reviews.css" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "review:decide");
  const view = await decisionPageData(context.app.db, params.assessmentId);
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "review:decide");
  const id = params.assessmentId;
  // Existence first: another (or no) assessment's id is a plain 404, whatever the body says.
  if (!id || !(await assessmentExists(context.app.db, id))) throw notFound();
  const now = new Date();
  return handleForm(request, decisionFormSchema(todayOf(now)), async (input) => {
    await decideAssessment(context.app, userActor(user), id, input, now);
    throw redirect(`/assessments/${id}?review=decided#review`);
  });
}

export default function DecisionPage() {
  const view = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { assessment } = view;
  return (
    <>
      <Breadcrumbs
        items={[{ to: "/assessments", label: "Assessments" }, { to: `/assessments/${assessment.id}`, label: assessment.supplierName }, { label: "Decision" }]}
      />
      <PageHeader title={`Decision: ${assessment.supplierName}`}>
        <p className="lead">
          {assessment.templateName}, version {assessment.version}. <AssessmentStatusBadge status={assessment.status} />
          {assessment.submittedAt ? ` Submitted ${formatDateTime(assessment.submittedAt)}.` : null}
        </p>
      </PageHeader>
      {view.decision ? (
        <section className="panel" aria-labelledby="review-decision-heading">
          <DecisionSummary decision={view.decision} headingLevel={2} />
          <p>
            <Link to={`/assessments/${assessment.id}#review`}>Back to the assessment</Link>
          </p>
        </section>
      ) : view.refusal ? (
        <section className="panel" aria-labelledby="not-yet-heading">
          <h2 id="not-yet-heading">Not ready for a decision</h2>
          <p className="notice" role="status">
            {view.refusal}
          </p>
          <p>
            <Link to={`/assessments/${assessment.id}#review`}>Back to the assessment</Link>
          </p>
        </section>
      ) : (
        <DecisionForm view={view} failure={failure} />
      )}
    </>
  );
}

const DECISION_HINTS: Record<Decision, string> = {
  approved: "The supplier may be used as assessed.",
  approved_with_conditions: "The supplier may be used, provided the conditions below are met by their due dates; each becomes a finding.",
  rejected: "The supplier is not to be used for these components.",
};

// The shared schema takes form values flat or nested; the browser side sees it as a plain record.
const asRecordSchema = (today: CalendarDate) => decisionFormSchema(today) as unknown as z.ZodType<Record<string, unknown>, Record<string, unknown>>;

function DecisionForm({ view, failure }: { view: DecisionPageView; failure?: FormFailure | null }) {
  const today = view.today as CalendarDate;
  const sent = failure?.values ?? {};
  const shown = decisionFromForm({ validUntil: view.defaultValidUntil, ...sent });
  const [rows, setRows] = useState(Math.min(MAX_CONDITION_ROWS, Math.max(3, shown.conditions.length)));
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const { register, onSubmit, errorFor } = useValidatedForm(asRecordSchema(today), {
    defaultValues: shown as unknown as Record<string, unknown>,
    serverErrors: failure?.fieldErrors,
  });
  const busy = useNavigation().state !== "idle";
  const decisionError = errorFor("decision");
  // react-hook-form keeps a message about the rows as a whole under "conditions.root" (its field-array convention).
  const conditionsError = errorFor("conditions.root") ?? errorFor("conditions");
  const row = (i: number) => shown.conditions[i] ?? { title: "", severity: "", dueDate: "", description: "" };
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="panel decision-form">
      <FormError message={errorFor("form")} />
      <fieldset className={decisionError ? "field fieldset field--invalid" : "field fieldset"} aria-describedby={decisionError ? "decision-error" : undefined}>
        <legend>Decision</legend>
        {DECISIONS.map((d) => (
          <span className="checkbox decision-form__choice" key={d}>
            <input
              type="radio"
              id={`decision-${d}`}
              value={d}
              defaultChecked={shown.decision === d}
              aria-describedby={`decision-${d}-hint`}
              {...register("decision")}
            />
            <label htmlFor={`decision-${d}`}>
              {DECISION_LABELS[d]}{" "}
              <span className="field__hint" id={`decision-${d}-hint`}>
                {DECISION_HINTS[d]}
              </span>
            </label>
          </span>
        ))}
        {decisionError ? (
          <p className="field__error" id="decision-error">
            {decisionError}
          </p>
        ) : null}
      </fieldset>

      <TextAreaField
        id="rationale"
        label="Rationale"
        hint="Why this decision: recorded with it, shown on the scorecard and sent to procurement and the owners of the dependent systems"
        rows={6}
        maxLength={RATIONALE_MAX}
        defaultValue={shown.rationale}
        {...register("rationale")}
        error={errorFor("rationale")}
      />

      <TextField
        id="validUntil"
        label="Valid until"
        type="date"
        min={addDays(today, 1)}
        hint={`The decision holds until this date, then expires and the supplier is due for reassessment. Suggested: ${formatDate(view.defaultValidUntil)}, ${view.validityReason}`}
        defaultValue={shown.validUntil}
        {...register("validUntil")}
        error={errorFor("validUntil")}
      />

      <fieldset
        className={conditionsError ? "field fieldset field--invalid decision-form__conditions" : "field fieldset decision-form__conditions"}
        aria-describedby={conditionsError ? "conditions-hint conditions-error" : "conditions-hint"}
      >
        <legend>Conditions</legend>
        <p className="field__hint" id="conditions-hint">
          Only for “Approved with conditions”: each condition becomes a finding with its due date, tracked until it is met. Leave the rows blank otherwise.
        </p>
        {conditionsError ? (
          <p className="field__error" id="conditions-error">
            {conditionsError}
          </p>
        ) : null}
        {Array.from({ length: rows }, (_, i) => {
          const values = row(i);
          const name = (field: string) => `conditions.${i}.${field}`;
          const id = (field: string) => `conditions-${i}-${field}`;
          const severityError = errorFor(name("severity"));
          return (
            <fieldset className="fieldset decision-form__condition" key={i}>
              <legend>Condition {i + 1}</legend>
              <div className="form-grid">
                <div className="field--wide">
                  <TextField
                    id={id("title")}
                    label="Title"
                    maxLength={200}
                    defaultValue={values.title}
                    {...register(name("title"))}
                    error={errorFor(name("title"))}
                  />
                </div>
                <div className={severityError ? "field field--invalid" : "field"}>
                  <label htmlFor={id("severity")}>Severity</label>
                  <select
                    id={id("severity")}
                    defaultValue={values.severity}
                    aria-invalid={severityError ? true : undefined}
                    aria-describedby={severityError ? `${id("severity")}-error` : undefined}
                    {...register(name("severity"))}
                  >
                    <option value="">Choose a severity</option>
                    {SEVERITIES.map((s) => (
                      <option key={s} value={s}>
                        {SEVERITY_LABELS[s]}
                      </option>
                    ))}
                  </select>
                  {severityError ? (
                    <p className="field__error" id={`${id("severity")}-error`}>
                      {severityError}
                    </p>
                  ) : null}
                </div>
                <TextField
                  id={id("dueDate")}
                  label="Due date"
                  type="date"
                  min={today}
                  defaultValue={values.dueDate}
                  {...register(name("dueDate"))}
                  error={errorFor(name("dueDate"))}
                />
                <div className="field--wide">
                  <TextAreaField
                    id={id("description")}
                    label="What is needed (optional)"
                    rows={2}
                    defaultValue={values.description}
                    {...register(name("description"))}
                    error={errorFor(name("description"))}
                  />
                </div>
              </div>
            </fieldset>
          );
        })}
        {hydrated && rows < MAX_CONDITION_ROWS ? (
          <button type="button" className="button button--small" onClick={() => setRows((n) => Math.min(MAX_CONDITION_ROWS, n + 1))}>
            Add another condition
          </button>
        ) : null}
      </fieldset>

      {view.openFindings.length ? (
        <div className="decision-form__findings">
          <h2 id="open-findings-heading">Open findings on this assessment</h2>
          <ul aria-labelledby="open-findings-heading">
            {view.openFindings.map((f) => (
              <li key={f.id}>
                {f.title}{" "}
                <span className="muted">
                  ({SEVERITY_LABELS[f.severity]}, {FINDING_STATUS_LABELS[f.status].toLowerCase()}
                  {f.dueDate ? `, due ${formatDate(f.dueDate)}` : ""})
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Saving…" : "Record the decision"}
        </button>
        <Link to={`/assessments/${view.assessment.id}#review`} className="button button--quiet">
          Cancel
        </Link>
      </div>
    </Form>
  );
}
