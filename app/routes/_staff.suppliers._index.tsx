import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EmptyState, ListFilters, PageHeader, Pagination, SortHeader } from "~/components/list";
import { supplierStatusOptions, userOptions } from "~/components/inventory/options";
import { gradeOptions, residualOptions } from "~/components/ratings/options";
import { GradeCell, ResidualCell } from "~/components/ratings/rating-cells";
import { LABELS } from "~/domain/inventory";
import { readListQuery } from "~/domain/list-query";
import { can } from "~/domain/permissions";
import { requireUserWithPermission } from "~/http/guard.server";
import { listSupplierOwners, listSuppliers, supplierListQuery } from "~/services/suppliers.server";

export const meta: MetaFunction = () => [{ title: "Suppliers · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "inventory:read");
  const query = readListQuery(new URL(request.url), supplierListQuery);
  const [list, owners] = await Promise.all([listSuppliers(context.app.db, query), listSupplierOwners(context.app.db)]);
  return { query, ...list, owners, canCreate: can(user, "supplier:write") };
}

export default function SuppliersList() {
  const { query, rows, total, owners, canCreate } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.status || query.owner || query.grade || query.residual);
  return (
    <>
      <PageHeader
        title="Suppliers"
        actions={
          canCreate ? (
            <Link to="/suppliers/new" className="button button--primary">
              Add a supplier
            </Link>
          ) : null
        }
      >
        <p className="lead">The companies we buy AI from.</p>
      </PageHeader>
      <ListFilters
        q={query.q}
        searchLabel="Search suppliers"
        filters={[
          { name: "status", label: "Status", value: query.status, options: supplierStatusOptions },
          { name: "owner", label: "Procurement owner", value: query.owner, options: userOptions(owners) },
          { name: "grade", label: "Grade", value: query.grade, options: gradeOptions },
          { name: "residual", label: "Residual risk", value: query.residual, options: residualOptions },
        ]}
      />
      {rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No supplier matches these filters.">
            <p>
              <Link to="?">Clear the filters</Link> to see all suppliers.
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No suppliers yet.">
            <p>
              {canCreate ? <Link to="/suppliers/new">Add your first AI supplier</Link> : "Procurement adds suppliers here"}, or{" "}
              <Link to="/inventory/csv">import them from a CSV file</Link>.
            </p>
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Suppliers</caption>
            <thead>
              <tr>
                <SortHeader column="name" label="Name" sort={query.sort} dir={query.dir} />
                <SortHeader column="status" label="Status" sort={query.sort} dir={query.dir} />
                <SortHeader column="country" label="Country" sort={query.sort} dir={query.dir} />
                <SortHeader column="grade" label="Grade" sort={query.sort} dir={query.dir} />
                <SortHeader column="residual" label="Residual risk" sort={query.sort} dir={query.dir} />
                <th scope="col">Owner</th>
                <th scope="col">Components</th>
                <th scope="col">Our systems using them</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/suppliers/${s.id}`}>{s.name}</Link>
                  </td>
                  <td>{LABELS.supplierStatus[s.status]}</td>
                  <td>{s.country_label ?? "—"}</td>
                  <td>
                    <GradeCell rating={s.rating} />
                  </td>
                  <td>
                    <ResidualCell rating={s.rating} />
                  </td>
                  <td>{s.owner_name ?? <span className="muted">None</span>}</td>
                  <td>{s.component_count}</td>
                  <td>{s.system_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination total={total} page={query.page} noun="suppliers" />
    </>
  );
}
