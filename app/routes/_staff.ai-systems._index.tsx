import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CriticalityBadge } from "~/components/inventory/badges";
import { criticalityOptions, euClassOptions, lifecycleOptions, userOptions } from "~/components/inventory/options";
import { EmptyState, ListFilters, PageHeader, Pagination, SortHeader } from "~/components/list";
import { LABELS } from "~/domain/inventory";
import { readListQuery } from "~/domain/list-query";
import { can } from "~/domain/permissions";
import { listSystemOwners, listSystems, systemListQuery } from "~/services/ai-systems.server";
import { requireUserWithPermission } from "~/http/guard.server";

export const meta: MetaFunction = () => [{ title: "AI systems · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "inventory:read");
  const query = readListQuery(new URL(request.url), systemListQuery);
  const [list, owners] = await Promise.all([listSystems(context.app.db, query), listSystemOwners(context.app.db)]);
  return {
    query,
    ...list,
    owners,
    canCreate: can(user, "system:create"),
    myId: user.role === "risk_owner" ? user.id : null,
  };
}

export default function AiSystemsList() {
  const { query, rows, total, owners, canCreate, myId } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.criticality || query.euClass || query.lifecycle || query.owner);
  return (
    <>
      <PageHeader
        title="AI systems"
        actions={
          canCreate ? (
            <Link to="/ai-systems/new" className="button button--primary">
              Add an AI system
            </Link>
          ) : null
        }
      >
        <p className="lead">
          Our own models and AI features, and the vendor components they depend on.
          {myId && query.owner !== myId ? (
            <>
              {" "}
              <Link to={`?owner=${myId}`}>Show only the systems I own</Link>.
            </>
          ) : null}
        </p>
      </PageHeader>
      <ListFilters
        q={query.q}
        searchLabel="Search AI systems"
        filters={[
          { name: "criticality", label: "Criticality", value: query.criticality, options: criticalityOptions },
          { name: "owner", label: "Owner", value: query.owner, options: userOptions(owners) },
          { name: "euClass", label: "EU AI Act class", value: query.euClass, options: euClassOptions },
          { name: "lifecycle", label: "Lifecycle", value: query.lifecycle, options: lifecycleOptions },
        ]}
      />
      {rows.length === 0 ? (
        total > 0 ? (
          <EmptyState title="There is nothing on this page.">
            <p>
              <Link to={`?${pageOneParams(query)}`}>Go to the first page</Link>.
            </p>
          </EmptyState>
        ) : filtered ? (
          <EmptyState title="No AI system matches these filters.">
            <p>
              <Link to="?">Clear the filters</Link> to see all AI systems.
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No AI systems yet.">
            <p>
              {canCreate ? <Link to="/ai-systems/new">Add your first AI system</Link> : "Risk owners add the systems they own here"}, or{" "}
              <Link to="/inventory/csv">import them from a CSV file</Link>. Then link each one to the vendor components it depends on.
            </p>
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">AI systems</caption>
            <thead>
              <tr>
                <SortHeader column="name" label="Name" sort={query.sort} dir={query.dir} />
                <SortHeader column="criticality" label="Criticality" sort={query.sort} dir={query.dir} />
                <th scope="col">EU AI Act class</th>
                <th scope="col">Lifecycle</th>
                <SortHeader column="owner" label="Owner" sort={query.sort} dir={query.dir} />
                <th scope="col">Business unit</th>
                <th scope="col">Vendor components</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/ai-systems/${s.id}`}>{s.name}</Link>
                  </td>
                  <td>
                    <CriticalityBadge value={s.criticality} />
                  </td>
                  <td>{LABELS.euAiActClass[s.eu_ai_act_class]}</td>
                  <td>{LABELS.lifecycle[s.lifecycle]}</td>
                  <td>{s.owner_name ?? <span className="muted">No owner</span>}</td>
                  <td>{s.business_unit ?? "—"}</td>
                  <td>{s.component_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination total={total} page={query.page} noun="AI systems" />
    </>
  );
}

/** The current search and filters, without the page number. */
function pageOneParams(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const key of ["q", "criticality", "euClass", "lifecycle", "owner", "sort", "dir"]) {
    const value = query[key];
    if (typeof value === "string" && value !== "") params.set(key, value);
  }
  return params.toString();
}
