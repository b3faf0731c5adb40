// /deadlines: every component's next reassessment, grouped by internal system (its exposure: the
// earliest deadline among its dependencies, with its worst residual risk) or by supplier; filtered
// by owner, inherent risk and window with a plain GET form (the dashboard links to these filters);
// a timeline and a table with each reason in words; "Issue reassessment" from every row; CSV export.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { DeadlineTimeline } from "~/components/deadlines/timeline";
import { EmptyState, PageHeader, Pagination } from "~/components/list";
import { formatDate } from "~/domain/calendar";
import { daysInWords, deadlineFilters, deadlineQuery, DEADLINE_WINDOWS, WINDOW_LABELS } from "~/domain/deadlines/query";
import { readListQuery } from "~/domain/list-query";
import { RISK_LEVELS } from "~/domain/scoring/methodology";
import { requireUserWithPermission } from "~/http/guard.server";
import { can } from "~/domain/permissions";
import { deadlineOwnerOptions, listDeadlines } from "~/services/deadlines.server";

export const meta: MetaFunction = () => [{ title: "Deadlines · Assay" }];
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/findings.css" },
  { rel: "stylesheet", href: "/styles/deadlines.css" },
];

const RISK_LABEL = { low: "Low", medium: "Medium", high: "High", critical: "Critical" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "dashboard:read");
  const query = readListQuery(new URL(request.url), deadlineQuery);
  const [list, owners] = await Promise.all([listDeadlines(context.app.db, deadlineFilters(query, user.id)), deadlineOwnerOptions(context.app.db)]);
  return { query, ...list, owners, canIssue: can(user, "assessment:issue") };
}

export default function Deadlines() {
  const { query, rows, total, today, owners, canIssue } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const groupNoun = query.group === "system" ? "internal systems" : "suppliers";
  const filtered = Boolean(query.owner || query.risk || query.window !== "all");
  return (
    <>
      <PageHeader
        title="Reassessment deadlines"
        actions={
          <a className="button button--quiet" href={`/deadlines.csv${search}`} download>
            Export CSV
          </a>
        }
      >
        <p className="lead">
          When each vendor component must be reviewed again, and why:{" "}
          {query.group === "system"
            ? "each internal system's exposure is the earliest deadline among the components it depends on."
            : "each supplier's deadline is the earliest of its components'."}
        </p>
      </PageHeader>
      <Form method="get" className="filters deadline-filters" role="search" aria-label="Filter deadlines">
        <div className="field">
          <label htmlFor="filter-group">Group by</label>
          <select id="filter-group" name="group" defaultValue={query.group}>
            <option value="system">Internal system</option>
            <option value="supplier">Supplier</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-owner">Owner</label>
          <select id="filter-owner" name="owner" defaultValue={query.owner ?? ""}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-risk">Inherent risk</label>
          <select id="filter-risk" name="risk" defaultValue={query.risk ?? ""}>
            <option value="">Any</option>
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {RISK_LABEL[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-window">When</label>
          <select id="filter-window" name="window" defaultValue={query.window}>
            {DEADLINE_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {WINDOW_LABELS[w]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Apply
        </button>
        {filtered ? (
          <Link to={`?group=${query.group}`} className="button button--quiet">
            Clear
          </Link>
        ) : null}
      </Form>
      <p className="muted">
        The owner is the {query.group === "system" ? "internal system's owner" : "supplier's procurement owner"}; inherent risk filters the components counted.
        Today is {formatDate(today)}.
      </p>
      {rows.length === 0 ? (
        <EmptyState title={filtered ? "No deadline matches these filters." : "No deadlines yet."}>
          {filtered ? (
            <p>
              <Link to={`?group=${query.group}`}>Clear the filters</Link> to see every deadline.
            </p>
          ) : (
            <p>
              Deadlines appear once <Link to="/ai-systems">internal AI systems</Link> depend on vendor components.
            </p>
          )}
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline, next 12 months</h2>
            <DeadlineTimeline
              title={`Reassessment deadlines by ${query.group === "system" ? "internal system" : "supplier"} over the next 12 months`}
              today={today}
              rows={rows.map((g) => ({
                id: g.id,
                name: g.name,
                markers: g.components.map((c) => ({ id: c.id, label: `${c.name}: ${c.reason}`, dueOn: c.dueOn, overdue: c.dueOn < today })),
              }))}
            />
          </section>
          <section aria-labelledby="table-heading">
            <h2 id="table-heading">Deadlines by {query.group === "system" ? "internal system" : "supplier"}</h2>
            <div className="table-wrap">
              <table className="findings-table deadlines-table">
                <caption className="visually-hidden">
                  Reassessment deadlines of {groupNoun}, earliest first, as of {formatDate(today)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{query.group === "system" ? "Internal system" : "Supplier"}</th>
                    <th scope="col">Component(s)</th>
                    {query.group === "system" ? <th scope="col">Supplier</th> : null}
                    <th scope="col">Due</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Residual risk</th>
                    {canIssue ? <th scope="col">Action</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((g) => (
                    <tr key={g.id}>
                      <th scope="row">
                        <Link to={g.kind === "system" ? `/ai-systems/${g.id}` : `/suppliers/${g.id}`}>{g.name}</Link>
                        {g.ownerName ? <span className="findings-table__source">Owner: {g.ownerName}</span> : null}
                      </th>
                      <td>
                        <ul className="plain-list">
                          {g.components.map((c) => (
                            <li key={c.id}>
                              <Link to={`/components/${c.id}`}>{c.name}</Link> <span className="muted">({formatDate(c.dueOn)})</span>
                            </li>
                          ))}
                        </ul>
                      </td>
                      {g.kind === "system" ? (
                        <td>
                          <Link to={`/suppliers/${g.first.supplierId}`}>{g.first.supplierName}</Link>
                        </td>
                      ) : null}
                      <td className="nowrap">
                        {formatDate(g.dueOn)}
                        <span className={g.daysLeft < 0 ? "findings-table__source deadline-overdue" : "findings-table__source"}>{daysInWords(g.daysLeft)}</span>
                      </td>
                      <td>
                        {g.first.name}: {g.first.reason}
                      </td>
                      <td>{g.residual ? RISK_LABEL[g.residual] : <span className="muted">Not rated</span>}</td>
                      {canIssue ? (
                        <td>
                          <Link to={g.issueHref}>
                            Issue reassessment<span className="visually-hidden"> of {g.first.name}</span>
                          </Link>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      <Pagination total={total} page={query.page} noun={groupNoun} />
    </>
  );
}
