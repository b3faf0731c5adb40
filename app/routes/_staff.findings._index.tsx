// /findings: every finding across all vendors, with filters (status, severity, supplier, owner,
// overdue, source), search, sorting and pages, like the other list pages.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EmptyState, ListFilters, PageHeader, Pagination, SortHeader } from "~/components/list";
import { FindingDue, FindingStatusBadge, SeverityBadge } from "~/components/review/finding-badges";
import { formatDate } from "~/domain/calendar";
import { readListQuery } from "~/domain/list-query";
import {
  FINDING_SOURCE_LABELS,
  FINDING_SOURCES,
  FINDING_STATUS_LABELS,
  FINDING_STATUSES,
  isFindingActive,
  SEVERITIES,
  SEVERITY_LABELS,
} from "~/domain/review/findings";
import { requireUserWithPermission } from "~/http/guard.server";
import { findingFilterOptions, findingListQuery, listFindings } from "~/services/findings.server";

export const meta: MetaFunction = () => [{ title: "Findings · Assay" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/assessments.css" },
  { rel: "stylesheet", href: "/styles/findings.css" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const query = readListQuery(new URL(request.url), findingListQuery);
  const [list, options] = await Promise.all([listFindings(context.app.db, query, user), findingFilterOptions(context.app.db)]);
  return { query, ...list, options };
}

const statusOptions = [{ value: "active", label: "Open or remediating" }, ...FINDING_STATUSES.map((s) => ({ value: s, label: FINDING_STATUS_LABELS[s] }))];
const severityOptions = SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }));
const sourceOptions = FINDING_SOURCES.map((s) => ({ value: s, label: FINDING_SOURCE_LABELS[s] }));

export default function FindingsList() {
  const { query, rows, total, today, options } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.status || query.severity || query.supplier || query.owner || query.overdue || query.source);
  return (
    <>
      <PageHeader title="Findings">
        <p className="lead">What reviewers found wrong with suppliers' answers, across all vendors: who owns it, when it is due, where it stands.</p>
      </PageHeader>
      <ListFilters
        q={query.q}
        searchLabel="Search by title or supplier"
        filters={[
          { name: "status", label: "Status", value: query.status, options: statusOptions },
          { name: "severity", label: "Severity", value: query.severity, options: severityOptions },
          { name: "supplier", label: "Supplier", value: query.supplier, options: options.suppliers.map((s) => ({ value: s.id, label: s.name })) },
          {
            name: "owner",
            label: "Owner",
            value: query.owner,
            options: [{ value: "me", label: "Me" }, { value: "none", label: "Nobody" }, ...options.owners.map((o) => ({ value: o.id, label: o.name }))],
          },
          { name: "overdue", label: "Overdue", value: query.overdue, options: [{ value: "yes", label: "Overdue only" }] },
          { name: "source", label: "Raised from", value: query.source, options: sourceOptions },
        ]}
      />
      {rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No finding matches these filters.">
            <p>
              <Link to="?">Clear the filters</Link> to see all findings.
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No findings yet.">
            <p>
              Reviewers raise findings from a submitted assessment's answers or its scorecard: open one from <Link to="/assessments">the assessments</Link>.
            </p>
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="findings-table">
            <caption className="visually-hidden">Findings, as of {formatDate(today)}</caption>
            <thead>
              <tr>
                <SortHeader column="title" label="Finding" sort={query.sort} dir={query.dir} />
                <SortHeader column="supplier" label="Supplier" sort={query.sort} dir={query.dir} />
                <SortHeader column="severity" label="Severity" sort={query.sort} dir={query.dir} />
                <SortHeader column="status" label="Status" sort={query.sort} dir={query.dir} />
                <th scope="col">Owner</th>
                <SortHeader column="due" label="Due" sort={query.sort} dir={query.dir} />
                <SortHeader column="created" label="Raised" sort={query.sort} dir={query.dir} />
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.id}>
                  <td>
                    <Link to={`/findings/${f.id}`}>{f.title}</Link>
                    {f.componentName ? <span className="muted"> ({f.componentName})</span> : null}
                    <span className="findings-table__source">Raised from {FINDING_SOURCE_LABELS[f.source].toLowerCase()}</span>
                  </td>
                  <td>
                    <Link to={`/suppliers/${f.supplierId}`}>{f.supplierName}</Link>
                  </td>
                  <td>
                    <SeverityBadge severity={f.severity} />
                  </td>
                  <td>
                    <FindingStatusBadge status={f.status} />
                    {f.vendorRespondedAt && isFindingActive(f.status) ? <span className="findings-table__source">Vendor responded</span> : null}
                  </td>
                  <td>{f.ownerName ?? <span className="muted">Nobody</span>}</td>
                  <td>
                    <FindingDue dueDate={f.dueDate} today={today} active={isFindingActive(f.status)} />
                  </td>
                  <td className="nowrap">{formatDate(f.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination total={total} page={query.page} noun="findings" />
    </>
  );
}
