// Review and submit: progress per section (and component), every required answer still missing with
// a link to its question, and the submit button. Submitting locks the answers and mails the reviewer.
// While changes are requested it is "Review and resubmit", listing what the reviewer asked.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { isOpen, isWithBuyer } from "~/domain/assessment-lifecycle";
import { assessmentProgress } from "~/domain/assessment-progress";
import { formatDateTime } from "~/domain/calendar";
import { sectionNumber, sectionQuestionNumbers } from "~/domain/question-numbers";
import { NOT_NEEDED, OPTIONAL_ONLY, PROGRESS_GROWS } from "~/domain/section-status";
import { sectionHref } from "~/domain/section-page";
import { assessmentDefinition, loadAnswers } from "~/services/answers.server";
import { assessmentComponents } from "~/services/assessment-queries.server";
import { submitAssessment } from "~/services/assessment-lifecycle.server";
import { vendorClarifications } from "~/services/clarifications.server";
import { httpStatus, notFound } from "~/http/errors.server";
import { AppError } from "~/domain/errors";
import { requireVendorGrant } from "~/http/vendor-guard.server";
import type { VendorAccess } from "~/services/vendor-session.server";
import type { AppContext } from "~/services/context.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/vendor-answers.css" },
  { rel: "stylesheet", href: "/styles/vendor-review.css" },
];

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d?.status === "changes_requested" ? "Review and resubmit" : "Review and submit"} · Questionnaire · Assay` },
  { name: "robots", content: "noindex" },
];

async function review(ctx: AppContext, access: VendorAccess) {
  const assessmentId = access.assessment.id;
  const [definition, components, answers, asked] = await Promise.all([
    assessmentDefinition(ctx.db, access.assessment.templateVersionId),
    assessmentComponents(ctx.db, assessmentId),
    loadAnswers(ctx.db, assessmentId),
    access.assessment.status === "changes_requested" ? vendorClarifications(ctx.db, assessmentId, access.grant) : Promise.resolve([]),
  ]);
  const progress = assessmentProgress(
    definition,
    components.map((c) => c.id),
    answers,
  );
  // Numbered as on the section pages: the visible questions consecutively.
  const missingOf = (s: (typeof progress.sections)[number]) => {
    const numbers = sectionQuestionNumbers(
      sectionNumber(s.sectionIndex),
      s.items.map((i) => i.question.key),
      (k) => s.items.some((i) => i.visible && i.question.key === k),
    );
    return s.items
      .filter((i) => i.visible && i.question.required && !i.answered)
      .map((i) => ({
        key: i.question.key,
        number: numbers[i.question.key] ?? "",
        prompt: i.question.prompt,
        href: `${sectionHref(assessmentId, s.sectionKey, s.componentId)}#q-${i.question.key}`,
      }));
  };
  const componentName = new Map(components.map((c) => [c.id, c.version ? `${c.name} ${c.version}` : c.name]));
  const sections = progress.sections.map((s) => ({
    key: `${s.sectionKey}:${s.componentId ?? "-"}`,
    title: s.title,
    number: sectionNumber(s.sectionIndex),
    componentName: s.componentId ? (componentName.get(s.componentId) ?? null) : null,
    href: sectionHref(assessmentId, s.sectionKey, s.componentId),
    required: s.required,
    requiredAnswered: s.requiredAnswered,
    answered: s.answered,
    questions: s.questions,
    needed: s.needed,
    complete: s.complete,
    status: !s.needed ? NOT_NEEDED : s.required === 0 ? OPTIONAL_ONLY : s.complete ? "Complete" : `${s.required - s.requiredAnswered} missing`,
    missing: missingOf(s),
  }));
  return {
    assessmentId,
    status: access.assessment.status,
    submittedAt: access.assessment.submittedAt ? access.assessment.submittedAt.toISOString() : null,
    required: progress.required,
    requiredAnswered: progress.requiredAnswered,
    percent: progress.percent,
    complete: progress.complete,
    sections,
    asked,
  };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  return review(context.app, access);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const form = await request.formData();
  if (form.get("intent") !== "submit") throw notFound();
  if (!isOpen(access.assessment.status)) {
    return data({ ok: false as const, message: "This questionnaire has already been submitted or is closed." }, { status: 423 });
  }
  try {
    await submitAssessment(context.app, access.grant, access.assessment.id);
  } catch (error) {
    if (error instanceof AppError && error.kind === "not_found") throw notFound();
    if (error instanceof AppError) return data({ ok: false as const, message: error.message }, { status: httpStatus(error) });
    throw error;
  }
  const resubmit = access.assessment.status === "changes_requested";
  return data({ ok: true as const, message: resubmit ? "Resubmitted — thank you" : "Submitted — thank you" });
}

export default function ReviewAndSubmit() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const open = isOpen(page.status);
  const resubmit = page.status === "changes_requested";
  const title = resubmit ? "Review and resubmit" : "Review and submit";
  const missing = page.sections.flatMap((s) => s.missing.map((m) => ({ ...m, section: s })));
  return (
    <div className="review">
      <nav aria-label="Breadcrumb" className="answering__crumbs">
        <Link to={`/v/a/${page.assessmentId}`}>Overview</Link> <span aria-hidden="true">›</span> <span aria-current="page">{title}</span>
      </nav>
      <h1>{title}</h1>
      {result?.ok || isWithBuyer(page.status) ? (
        <div className="flash flash--ok" role="status">
          <p className="review__done">{result?.ok ? result.message : page.status === "resubmitted" ? "Resubmitted — thank you" : "Submitted — thank you"}</p>
          <p>
            Your answers{page.submittedAt ? ` were submitted on ${formatDateTime(page.submittedAt)} and` : ""} are now locked. The reviewer has been told; if
            they need changes, they will reopen the questionnaire for you.
          </p>
        </div>
      ) : page.status === "closed" ? (
        <p className="notice" role="status">
          This questionnaire is closed.
        </p>
      ) : page.status === "decided" || page.status === "expired" ? (
        <p className="notice" role="status">
          This questionnaire has been reviewed and no longer takes answers.
        </p>
      ) : result && !result.ok ? (
        <p className="flash flash--error" role="alert">
          {result.message}
        </p>
      ) : null}

      <section aria-labelledby="review-progress" className="panel">
        <h2 id="review-progress">Progress</h2>
        <div className="progress-line">
          <label htmlFor="review-progress-bar">
            {page.requiredAnswered} of {page.required} required questions answered
          </label>
          <progress
            id="review-progress-bar"
            aria-describedby="review-progress-note"
            max={Math.max(page.required, 1)}
            value={page.required ? page.requiredAnswered : 1}
          >
            {page.percent}%
          </progress>
        </div>
        <p className="muted" id="review-progress-note">
          {PROGRESS_GROWS}
        </p>
        <table className="review__table">
          <caption className="visually-hidden">Required answers per section</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">Required answered</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {page.sections.map((s) => (
              <tr key={s.key}>
                <th scope="row">
                  <Link to={s.href}>
                    {s.number}. {s.title}
                    {s.componentName ? ` (${s.componentName})` : ""}
                  </Link>
                </th>
                <td>{s.needed ? `${s.requiredAnswered} of ${s.required}` : "—"}</td>
                <td className={s.needed ? undefined : "muted"}>{s.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {resubmit && !result?.ok ? (
        <section aria-labelledby="asked-heading" className="panel review-banner">
          <h2 id="asked-heading">What the reviewer asked</h2>
          {page.asked.length ? (
            <ol className="review-asked">
              {page.asked.map((c) => (
                <li key={c.key}>
                  <Link to={c.href}>
                    {c.number} {c.prompt}
                  </Link>{" "}
                  <span className="muted">
                    in {c.sectionTitle}
                    {c.componentName ? ` (about ${c.componentName})` : ""}
                  </span>
                  <p className="review-asked__message prewrap">{c.message}</p>
                </li>
              ))}
            </ol>
          ) : (
            <p>The questions the reviewer asked about are in sections your colleagues answer.</p>
          )}
        </section>
      ) : null}

      {open && !result?.ok ? (
        <>
          {missing.length ? (
            <section aria-labelledby="missing-heading" className="panel review__missing">
              <h2 id="missing-heading">
                Still missing: {missing.length} required answer{missing.length === 1 ? "" : "s"}
              </h2>
              <ul>
                {missing.map((m) => (
                  <li key={`${m.section.key}:${m.key}`}>
                    <Link to={m.href}>
                      {m.number} {m.prompt}
                    </Link>{" "}
                    <span className="muted">
                      in {m.section.title}
                      {m.section.componentName ? ` (${m.section.componentName})` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : (
            <p>Every required question is answered.</p>
          )}
          <Form method="post" className="review__submit">
            <input type="hidden" name="intent" value="submit" />
            <p>
              {resubmit
                ? "Once resubmitted, answers are locked again and the reviewer sees what you changed."
                : "Once submitted, answers are locked and the reviewer is notified."}
            </p>
            <button type="submit" className="button button--primary" disabled={submitting}>
              {resubmit ? "Resubmit the questionnaire" : "Submit the questionnaire"}
            </button>
          </Form>
        </>
      ) : null}
    </div>
  );
}
