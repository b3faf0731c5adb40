import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { EmptyState, ListFilters, PageHeader, Pagination, SortHeader } from "~/components/list";
import { AssessmentStatusBadge, DueDate } from "~/components/assessments/badges";
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
  const list = await listAssessments(context.app.db, query);
  return { query, ...list, canIssue: can(user, "assessment:issue") };
}

const statusOptions = [{ value: "open", label: "Open (sent or in progress)" }, ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))];
const dueOptions = [
  { value: "7", label: "Within 7 days" },
  { value: "14", label: "Within 14 days" },
  { value: "30", label: "Within 30 days" },
];

export default function AssessmentsList() {
  const { query, rows, total, today, canIssue } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.status || query.due || query.overdue || query.supplier || query.campaign);
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
        ]}
      />
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
        <div className="table-wrap">
          <table className="assessment-table">
            <caption className="visually-hidden">Assessments, as of {formatDate(today)}</caption>
            <thead>
              <tr>
                <SortHeader column="supplier" label="Supplier" sort={query.sort} dir={query.dir} />
                <th scope="col">Questionnaire</th>
                <SortHeader column="status" label="Status" sort={query.sort} dir={query.dir} />
                <SortHeader column="due" label="Due" sort={query.sort} dir={query.dir} />
                <th scope="col">Contacts</th>
                <th scope="col">Answers saved</th>
                <th scope="col">Last vendor activity</th>
                <SortHeader column="issued" label="Issued" sort={query.sort} dir={query.dir} />
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/assessments/${a.id}`}>{a.supplier_name}</Link>
                  </td>
                  <td>
                    {a.template_name} <span className="muted">v{a.version}</span>
                  </td>
                  <td>
                    <AssessmentStatusBadge status={a.status} />
                  </td>
                  <td>
                    <DueDate dueDate={a.due_date} today={today} open={isOpen(a.status)} />
                  </td>
                  <td>{a.contact_count}</td>
                  <td>{a.answer_count}</td>
                  <td>{a.last_active_at ? formatDateTime(a.last_active_at) : <span className="muted">Not yet</span>}</td>
                  <td className="nowrap">{formatDate(a.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination total={total} page={query.page} noun="assessments" />
    </>
  );
}
