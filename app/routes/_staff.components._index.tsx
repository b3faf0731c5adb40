import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { componentKindOptions } from "~/components/inventory/options";
import { gradeOptions, residualOptions } from "~/components/ratings/options";
import { GradeCell, ResidualCell } from "~/components/ratings/rating-cells";
import { EmptyState, ListFilters, PageHeader, Pagination, SortHeader } from "~/components/list";
import { describeCadence, LABELS } from "~/domain/inventory";
import { readListQuery } from "~/domain/list-query";
import { componentListQuery, listComponents } from "~/services/ai-components.server";
import { requireUserWithPermission } from "~/http/guard.server";

export const meta: MetaFunction = () => [{ title: "AI components · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "inventory:read");
  const query = readListQuery(new URL(request.url), componentListQuery);
  return { query, ...(await listComponents(context.app.db, query)) };
}

const gpaiOptions = [
  { value: "yes", label: "General-purpose AI only" },
  { value: "no", label: "Not general-purpose AI" },
];

export default function ComponentsList() {
  const { query, rows, total } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.kind || query.gpai || query.supplier || query.grade || query.residual);
  return (
    <>
      <PageHeader title="AI components">
        <p className="lead">Every API, model, dataset and AI feature our suppliers provide. Add one from its supplier's page.</p>
      </PageHeader>
      <ListFilters
        q={query.q}
        searchLabel="Search components"
        filters={[
          { name: "kind", label: "Kind", value: query.kind, options: componentKindOptions },
          { name: "gpai", label: "General-purpose AI", value: query.gpai, options: gpaiOptions },
          { name: "grade", label: "Grade", value: query.grade, options: gradeOptions },
          { name: "residual", label: "Residual risk", value: query.residual, options: residualOptions },
        ]}
      />
      {rows.length === 0 ? (
        <EmptyState title={filtered ? "No component matches these filters." : "No AI components yet."}>
          <p>
            {filtered ? (
              <Link to="?">Clear the filters</Link>
            ) : (
              <>
                Open a <Link to="/suppliers">supplier</Link> and add what it provides.
              </>
            )}
          </p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">AI components</caption>
            <thead>
              <tr>
                <SortHeader column="name" label="Name" sort={query.sort} dir={query.dir} />
                <SortHeader column="kind" label="Kind" sort={query.sort} dir={query.dir} />
                <SortHeader column="supplier" label="Supplier" sort={query.sort} dir={query.dir} />
                <SortHeader column="grade" label="Grade" sort={query.sort} dir={query.dir} />
                <SortHeader column="residual" label="Residual risk" sort={query.sort} dir={query.dir} />
                <th scope="col">Updates</th>
                <th scope="col">Our systems using it</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/components/${c.id}`}>{c.name}</Link> {c.version ? <span className="muted">{c.version}</span> : null}{" "}
                    {c.is_gpai ? <span className="badge badge--muted">GPAI</span> : null}
                  </td>
                  <td>{LABELS.componentKind[c.kind]}</td>
                  <td>
                    <Link to={`/suppliers/${c.supplier_id}`}>{c.supplier_name}</Link>
                  </td>
                  <td>
                    <GradeCell rating={c.rating} componentId={c.id} />
                  </td>
                  <td>
                    <ResidualCell rating={c.rating} />
                  </td>
                  <td>{describeCadence(c.update_cadence, c.update_interval_days)}</td>
                  <td>{c.system_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination total={total} page={query.page} noun="components" />
    </>
  );
}
