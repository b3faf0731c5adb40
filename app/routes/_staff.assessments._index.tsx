import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { EmptyState, ListFilters, PageHeader, Pagination, SortHeader } from "~/components/list";
import { AssessmentStatusBadge, DueDate } from "~/components/assessments/badges";
import { ListProgressBar } from "~/components/assessments/list-progress";
import { ScrollRegion } from "~/components/assessments/scroll-region";
import { isOpen, STATUS_LABELS } from "~/domain/assessment-lifecycle";
import { readListQuery } from "~/domain/list-query";
import { can } from "~/domain/permissions";
import { assessmentListQuery, listAssessments } from "~/services/assessment-queries.server";
import { requireUserWithPermission } from "~/http/guard.server";

export const meta: MetaFunction = () => [{ title: "Assessments · Assay" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/assessments.css" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const query = readListQuery(new URL(request.url), assessmentListQuery);
  const list = await listAssessments(context.app.db, query, user);
  return { query, ...list, canIssue: can(user, "assessment:issue") };
}

const statusOptions = [{ value: "open", label: "Open (sent or in progress)" }, ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))];
const ownerOptions = [
  { value: "me", label: "Mine" },
  { value: "none", label: "Nobody" },
];
const dueOptions = [
  { value: "7", label: "Within 7 days" },
  { value: "14", label: "Within 14 days" },
  { value: "30", label: "Within 30 days" },
];

export default function AssessmentsList() {
  const { query, rows, total, today, canIssue } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.status || query.due || query.overdue || query.owner || query.template || query.supplier || query.campaign);
  return (
    <>
      <PageHeader
        title="Assessments"
        actions={
          canIssue ? (
            <>
              <Link to="/assessments/new" className="button button--primary">
                Issue a questionnaire
              </Link>
              <Link to="/campaigns/new" className="button">
                Send to many suppliers
              </Link>
            </>
          ) : null
        }
      >
        <p className="lead">Questionnaires sent to suppliers: who has answered, what is due, what is late.</p>
      </PageHeader>
      <ListFilters
        q={query.q}
        searchLabel="Search by supplier"
        filters={[
          { name: "status", label: "Status", value: query.status, options: statusOptions },
          { name: "due", label: "Due", value: query.due, options: dueOptions },
          { name: "overdue", label: "Overdue", value: query.overdue, options: [{ value: "yes", label: "Overdue only" }] },
          { name: "owner", label: "Owner", value: query.owner === "me" || query.owner === "none" ? query.owner : undefined, options: ownerOptions },
        ]}
      />
      <p className="muted list-note">
        Owner: the supplier&rsquo;s procurement owner, or whoever issued the questionnaire when the supplier has none. Progress counts the required questions
        answered so far; more open up as the vendor answers.
      </p>
      {rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No assessment matches these filters.">
            <p>
              <Link to="?">Clear the filters</Link> to see all assessments.
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No questionnaires sent yet.">
            <p>{canIssue ? <Link to="/assessments/new">Issue the first questionnaire</Link> : "Procurement issues questionnaires here"}.</p>
          </EmptyState>
        )
      ) : (
        <ScrollRegion label="Assessments">
          <table className="assessment-table">
            <caption className="visually-hidden">Assessments, as of {formatDate(today)}</caption>
            <thead>
              <tr>
                <SortHeader column="supplier" label="Supplier" sort={query.sort} dir={query.dir} />
                <SortHeader column="status" label="Status" sort={query.sort} dir={query.dir} />
                <th scope="col">Progress</th>
                <SortHeader column="owner" label="Owner" sort={query.sort} dir={query.dir} />
                <SortHeader column="due" label="Due" sort={query.sort} dir={query.dir} />
                <th scope="col">Last vendor activity</th>
                <SortHeader column="issued" label="Issued" sort={query.sort} dir={query.dir} />
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} className={a.overdue ? "assessment-row--overdue" : undefined} data-testid="assessment-row">
                  <td>
                    <Link to={`/assessments/${a.id}`}>{a.supplier_name}</Link>
                    <span className="assessment-table__sub">
                      {a.template_name} v{a.version}
                    </span>
                  </td>
                  <td>
                    <AssessmentStatusBadge status={a.status} />
                  </td>
                  <td>
                    <ListProgressBar required={a.progress.required} answered={a.progress.requiredAnswered} />
                  </td>
                  <td>
                    {a.owner_name ? (
                      <>
                        {a.owner_name}
                        {a.owner_is_issuer ? <span className="assessment-table__sub">issued it</span> : null}
                      </>
                    ) : (
                      <span className="muted">Nobody</span>
                    )}
                  </td>
                  <td>
                    <DueDate dueDate={a.due_date} today={today} open={isOpen(a.status)} />
                  </td>
                  <td>{a.last_active_at ? formatDateTime(a.last_active_at) : <span className="muted">Not yet</span>}</td>
                  <td className="nowrap">{formatDate(a.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <Pagination total={total} page={query.page} noun="assessments" />
    </>
  );
}
