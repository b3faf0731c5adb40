// /reviews: the review queue. Submitted assessments waiting for a decision, as four views (mine,
// unassigned, overdue, all in review), the most urgent review first, with who reviews each and
// the grade once scored.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AssessmentStatusBadge } from "~/components/assessments/badges";
import { EmptyState, PageHeader, Pagination } from "~/components/list";
import { GradeBadge } from "~/components/scorecard/badges";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { readListQuery } from "~/domain/list-query";
import { can } from "~/domain/permissions";
import { requireUserWithPermission } from "~/http/guard.server";
import { defaultReviewTab, listReviewQueue, reviewQueueQuery, type ReviewTab } from "~/services/review-queue.server";

export const meta: MetaFunction = () => [{ title: "Reviews · Assay" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/assessments.css" },
  { rel: "stylesheet", href: "/styles/scorecard.css" },
  { rel: "stylesheet", href: "/styles/reviews.css" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const query = readListQuery(new URL(request.url), reviewQueueQuery);
  const tab = query.tab ?? defaultReviewTab(can(user, "review:write"));
  return listReviewQueue(context.app.db, user, { tab, page: query.page });
}

const TABS: Array<{ tab: ReviewTab; label: string }> = [
  { tab: "mine", label: "Mine" },
  { tab: "unassigned", label: "Unassigned" },
  { tab: "overdue", label: "Overdue" },
  { tab: "all", label: "All in review" },
];

const EMPTY: Record<ReviewTab, { title: string; text: string }> = {
  mine: { title: "Nothing to review for you.", text: "Assessments you are assigned to review appear here once the vendor submits." },
  unassigned: { title: "Every review has a reviewer.", text: "Submitted assessments without a reviewer appear here." },
  overdue: { title: "No review is overdue.", text: "Reviews past their due date, while the answers are with us, appear here." },
  all: { title: "No assessment is in review.", text: "Assessments appear here when the vendor submits, until they are decided." },
};

export default function ReviewsPage() {
  const { tab, page, total, counts, rows } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Reviews">
        <p className="lead">Submitted questionnaires waiting for a decision: take one into review, ask for clarifications, decide.</p>
      </PageHeader>
      <nav aria-label="Review views" className="review-tabs">
        <ul>
          {TABS.map((t) => (
            <li key={t.tab}>
              <Link to={`?tab=${t.tab}`} aria-current={t.tab === tab ? "page" : undefined} className={t.tab === tab ? "review-tabs__current" : undefined}>
                {t.label} <span className="review-tabs__count">({counts[t.tab]})</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <EmptyState title={EMPTY[tab].title}>
          <p>{EMPTY[tab].text}</p>
          {tab !== "all" && counts.all > 0 ? (
            <p>
              <Link to="?tab=all">See all {counts.all} in review</Link>
            </p>
          ) : null}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="review-table">
            <caption className="visually-hidden">{TABS.find((t) => t.tab === tab)?.label}: assessments in review, the most urgent first</caption>
            <thead>
              <tr>
                <th scope="col">Supplier</th>
                <th scope="col">Questionnaire</th>
                <th scope="col">Status</th>
                <th scope="col">Submitted</th>
                <th scope="col">Review due</th>
                <th scope="col">Reviewers</th>
                <th scope="col">Grade</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/assessments/${r.id}#review`}>{r.supplierName}</Link>
                  </td>
                  <td>
                    {r.templateName} <span className="muted">v{r.version}</span>
                  </td>
                  <td>
                    <AssessmentStatusBadge status={r.status} />
                  </td>
                  <td className="nowrap">{r.submittedAt ? formatDateTime(r.submittedAt) : "—"}</td>
                  <td>
                    {r.reviewDueDate ? <span className="nowrap">{formatDate(r.reviewDueDate)}</span> : <span className="muted">Not set</span>}{" "}
                    {r.due ? (
                      <span className={`badge ${r.due.overdue ? "badge--danger" : r.due.soon ? "badge--warn" : "badge--muted"}`}>{r.due.text}</span>
                    ) : null}
                    {r.status === "changes_requested" ? <span className="muted review-table__note">With the vendor for changes</span> : null}
                  </td>
                  <td>{r.reviewers.length ? r.reviewers.map((x) => x.name).join(", ") : <span className="muted">Unassigned</span>}</td>
                  <td>
                    {r.grade ? (
                      <Link to={`/assessments/${r.id}/scorecard`}>
                        <GradeBadge grade={r.grade} />
                      </Link>
                    ) : (
                      <span className="muted">Not scored</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination total={total} page={page} noun="assessments" />
    </>
  );
}
