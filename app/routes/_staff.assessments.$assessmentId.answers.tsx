// /assessments/:id/answers: the reviewer's view of the answers. Per section (the supplier's, then
// each component's), question and answer side by side with evidence, the latest score's line and
// knock-outs, the previous cycle's change, and the thread with a form to add to it. Filters are GET
// parameters; comments are a plain POST (intent "comment") that redirects back to the answer.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AssessmentStatusBadge } from "~/components/assessments/badges";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { EmptyState, PageHeader } from "~/components/list";
import { AnswersFilters } from "~/components/review/answers-filters";
import { AnswersSections } from "~/components/review/answers-sections";
import { score } from "~/components/scorecard/format";
import { transition } from "~/domain/assessment-lifecycle";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { can } from "~/domain/permissions";
import { answerAnchor, filterQuery, parseReviewFilters, threadKey } from "~/domain/review/answer-review";
import { notFound } from "~/http/errors.server";
import { handleForm } from "~/http/form-action.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { addStaffComment, staffCommentForm } from "~/services/answer-comments.server";
import { loadAnswerReview } from "~/services/answer-review.server";
import { assessmentExists } from "~/services/assessment-queries.server";
import { userActor } from "~/services/audit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Answers: ${data.page.assessment.supplierName} · Assay` : "Answers · Assay" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/review.css" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const filters = parseReviewFilters(new URL(request.url).searchParams);
  const page = await loadAnswerReview(context.app.db, params.assessmentId, filters);
  if (!page) throw notFound();
  const status = page.assessment.status;
  return {
    page,
    query: filterQuery(page.review.filters),
    permissions: {
      comment: can(user, "review:write") && status !== "closed",
      raiseFinding: can(user, "finding:write") && status !== "closed",
      requestClarification: can(user, "review:write") && transition(status, "request_changes").ok,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "review:write");
  const id = params.assessmentId;
  // Existence first: another (or no) assessment's id is a plain 404, whatever the body says.
  if (!(await assessmentExists(context.app.db, id))) throw notFound();
  const filters = parseReviewFilters(new URL(request.url).searchParams);
  return handleForm(request, staffCommentForm, async (input) => {
    await addStaffComment(context.app, userActor(user), id!, {
      questionKey: input.questionKey,
      componentId: input.componentId,
      body: input.body,
      visibility: input.visibility,
    });
    throw redirect(`/assessments/${id}/answers${filterQuery(filters, { done: "comment" })}#${answerAnchor(input.questionKey, input.componentId)}`);
  });
}

/** Errors that belong to no single answer's form: the question or component named, or the request itself. */
const SCOPE_FIELDS = ["questionKey", "componentId", "intent"];

export default function AnswersReviewPage() {
  const { page, query, permissions } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { assessment, review } = page;

  // A refused comment shows in its answer's form when that answer is on the page; otherwise (or
  // when the question or component itself is wrong) at the top.
  let banner: string | undefined;
  let itemFailure: ({ key: string } & NonNullable<typeof failure>) | undefined;
  if (failure) {
    const values = failure.values ?? {};
    const key = threadKey(String(values.questionKey ?? ""), values.componentId ? String(values.componentId) : null);
    const shown = review.groups.some((g) => g.sections.some((s) => s.items.some((i) => i.key === key)));
    const scopeError = SCOPE_FIELDS.map((f) => failure.fieldErrors[f]).find(Boolean);
    if (scopeError || !shown || !permissions.comment) banner = scopeError ?? Object.values(failure.fieldErrors)[0] ?? "The comment was not added.";
    else itemFailure = { key, ...failure };
  }

  return (
    <>
      <Breadcrumbs
        items={[{ to: "/assessments", label: "Assessments" }, { to: `/assessments/${assessment.id}`, label: assessment.supplierName }, { label: "Answers" }]}
      />
      <PageHeader
        title={`Answers: ${assessment.supplierName}`}
        actions={
          <Link to={`/assessments/${assessment.id}/scorecard`} className="button button--quiet">
            Scorecard
          </Link>
        }
      >
        <p className="lead review-facts">
          <AssessmentStatusBadge status={assessment.status} />
          <span>
            {assessment.templateName}, version {assessment.version}
          </span>
          {assessment.submittedAt ? <span>Submitted {formatDateTime(assessment.submittedAt)}</span> : <span>Not submitted yet</span>}
          <span>
            {page.score
              ? `Scores from the latest score (${formatDateTime(page.score.computedAt)}, as of ${formatDate(page.score.scoringDate)}): ${
                  page.score.grade ? `grade ${page.score.grade}` : "no grade"
                }, ${score(page.score.overall)} overall`
              : "Not scored yet: scores appear once the vendor submits."}
          </span>
        </p>
      </PageHeader>
      {params.get("done") === "comment" && !failure ? (
        <p className="flash flash--ok" role="status">
          Comment added.
        </p>
      ) : null}
      <FormError message={banner} />
      <AnswersFilters
        action={`/assessments/${assessment.id}/answers`}
        filters={review.filters}
        counts={review.counts}
        unavailable={review.unavailable}
        total={review.total}
        shown={review.shown}
      />
      {review.shown === 0 && review.filters.length ? (
        <EmptyState title="No question matches these filters.">
          <p>
            <Link to={`/assessments/${assessment.id}/answers`}>Show all questions</Link>
          </p>
        </EmptyState>
      ) : (
        <AnswersSections
          assessmentId={assessment.id}
          groups={review.groups}
          query={query}
          permissions={permissions}
          scored={page.score !== null}
          failure={itemFailure}
        />
      )}
    </>
  );
}
