import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { SelectField } from "~/components/field";
import {
  CRITICALITY_ORDER,
  DATA_CATEGORY_SENSITIVITY,
  GRAPH_GEOMETRY,
  graphView,
  type GraphColumn,
  type GraphFilter,
  type GraphLayout,
  type LaidOutNode,
} from "~/domain/graph-layout";
import { LABELS, type Criticality } from "~/domain/inventory";
import { findFilterTarget, GRAPH_LIMITS, loadGraphCached, type GraphData } from "~/services/graph.server";
import { requireUserWithPermission } from "~/http/guard.server";

export const meta: MetaFunction = () => [{ title: "Dependency graph · Assay" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/graph.css" }];

// Blank means "all"; anything else must look like an id (PostgreSQL's uuid syntax), or the page says so.
const idOrBlank = (what: string) =>
  z.union([z.literal(""), z.guid({ error: `The ${what} in the address is not a valid id. Choose a ${what} from the list instead.` })]).optional();

const querySchema = z
  .object({ supplier: idOrBlank("supplier"), system: idOrBlank("system") })
  .refine((q) => !(q.supplier && q.system), { error: "Filter by a supplier or by a system, not both at once." });

const NODE_LABELS = {
  componentKind: (kind: keyof typeof LABELS.componentKind) => LABELS.componentKind[kind],
  criticality: (c: Criticality) => LABELS.criticality[c],
};

const NO_ROWS: GraphData = { rows: [], counts: { systems: 0, components: 0, suppliers: 0, dependencies: 0 }, rowsLimited: false };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "inventory:read");
  const db = context.app.db;

  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const filterError = parsed.success ? null : (parsed.error.issues[0]?.message ?? "The filter in the address was not understood.");
  const query = parsed.success ? parsed.data : {};
  const filter: GraphFilter | null = query.supplier ? { kind: "supplier", id: query.supplier } : query.system ? { kind: "system", id: query.system } : null;

  const target = filter ? await findFilterTarget(db, filter) : null;
  const cached = await loadGraphCached(db, filter && !target ? null : filter, target ? filter : null);
  const graph = filter && !target ? NO_ROWS : cached.graph;
  const options = cached.options;
  const view = graphView(graph.rows, filter, GRAPH_LIMITS.maxNodes, NODE_LABELS);

  return data(
    {
      filter: filter && { ...filter, name: target?.name ?? null },
      filterError,
      options,
      counts: graph.counts,
      rowsLimited: graph.rowsLimited,
      truncated: view.truncated || graph.rowsLimited || view.layout.columns.system.count < graph.counts.systems,
      layout: view.layout,
      maxNodes: GRAPH_LIMITS.maxNodes,
    },
    { status: filterError ? 400 : 200 },
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export default function DependencyGraphPage() {
  const page = useLoaderData<typeof loader>();
  const { filter, filterError, layout, counts } = page;
  const shown = layout.columns;
  const hasGraph = layout.nodes.length > 0;

  return (
    <>
      <h1>Dependency graph</h1>
      <p className="lead">Which of our AI systems depend on which vendor AI components, and who supplies them.</p>

      {filterError ? (
        <p className="flash flash--error" role="alert" id="graph-filter-error">
          {filterError} Showing the whole graph.
        </p>
      ) : null}

      <FilterForms page={page} />

      {filter && filter.name === null ? (
        <p className="empty" data-testid="graph-empty">
          There is no {filter.kind === "supplier" ? "supplier" : "AI system"} with that id: it may have been archived or removed.{" "}
          <a href="/graph">Show the whole graph</a>.
        </p>
      ) : !hasGraph && filter ? (
        <p className="empty" data-testid="graph-empty">
          {filter.kind === "supplier"
            ? `No AI system depends on any component from ${filter.name}.`
            : `${filter.name} does not depend on any vendor AI component yet.`}{" "}
          <a href="/graph">Show the whole graph</a>.
        </p>
      ) : !hasGraph ? (
        <p className="empty" data-testid="graph-empty">
          There are no dependencies yet, so there is no graph to draw. Record which vendor AI components an internal AI system uses on its page under{" "}
          <a href="/ai-systems">AI systems</a>.
        </p>
      ) : (
        <>
          <p id="graph-summary">
            {filter
              ? filter.kind === "supplier"
                ? `Showing supplier ${filter.name}: ${plural(shown.component.count, "component")} used by ${plural(shown.system.count, "AI system")}.`
                : `Showing AI system ${filter.name}: it depends on ${plural(shown.component.count, "vendor component")} from ${plural(shown.supplier.count, "supplier")}.`
              : `Showing ${plural(shown.system.count, "AI system")}, ${plural(shown.component.count, "vendor component")} and ${plural(shown.supplier.count, "supplier")}, linked by ${plural(layout.rows.length, "dependency", "dependencies")}.`}{" "}
            Each name is a link to its page.
          </p>
          {page.truncated ? (
            <p className="notice" data-testid="graph-truncated">
              {page.rowsLimited
                ? `There are ${plural(counts.dependencies, "dependency", "dependencies")} here, more than can be drawn at once. `
                : `This graph has ${plural(counts.systems + counts.components + counts.suppliers, "node")} (${plural(counts.systems, "system")}, ${plural(counts.components, "component")}, ${plural(counts.suppliers, "supplier")}), more than the ${page.maxNodes} that can be drawn at once. `}
              Showing the first {plural(shown.system.count, "AI system")} by criticality. Choose a supplier or an AI system above to see the rest.
            </p>
          ) : null}
          <section aria-labelledby="graph-heading" className="graph">
            <h2 id="graph-heading">Graph</h2>
            <Legend />
            <div className="graph__scroll">
              <GraphPicture layout={layout} />
            </div>
          </section>
          <section aria-labelledby="graph-table-heading">
            <h2 id="graph-table-heading">Dependencies as a table</h2>
            <GraphTable layout={layout} />
          </section>
        </>
      )}
    </>
  );
}

function FilterForms({ page }: { page: LoaderData }) {
  const { filter, options } = page;
  const supplierValue = filter?.kind === "supplier" && filter.name !== null ? filter.id : "";
  const systemValue = filter?.kind === "system" && filter.name !== null ? filter.id : "";
  // A GET form each, so only one filter is ever sent; both work without JavaScript.
  return (
    <div className="graph-filters">
      <Form method="get" className="form-row graph-filters__form" aria-label="Filter by supplier">
        <SelectField
          key={`supplier-${supplierValue}`}
          id="graph-supplier"
          name="supplier"
          label="Supplier"
          defaultValue={supplierValue}
          hint={options.suppliersLimited ? `The first ${options.suppliers.length} by name` : undefined}
          options={[{ value: "", label: "All suppliers" }, ...options.suppliers.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <button type="submit" className="button">
          Show supplier
        </button>
      </Form>
      <Form method="get" className="form-row graph-filters__form" aria-label="Filter by AI system">
        <SelectField
          key={`system-${systemValue}`}
          id="graph-system"
          name="system"
          label="AI system"
          defaultValue={systemValue}
          hint={options.systemsLimited ? `The first ${options.systems.length} by name` : undefined}
          options={[{ value: "", label: "All AI systems" }, ...options.systems.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <button type="submit" className="button">
          Show system
        </button>
      </Form>
      {filter ? (
        <p className="graph-filters__reset">
          <a href="/graph">Show the whole graph</a>
        </p>
      ) : null}
    </div>
  );
}

const COLUMN_TITLES: Record<GraphColumn, string> = { system: "Our AI systems", component: "Vendor AI components", supplier: "Suppliers" };
const COLUMN_NOUNS: Record<GraphColumn, string> = { system: "AI system", component: "AI component", supplier: "supplier" };

function accessibleName(node: LaidOutNode): string {
  if (node.column === "system" && node.criticality) return `${node.name} (AI system, ${LABELS.criticality[node.criticality].toLowerCase()} criticality)`;
  if (node.column === "component" && node.kind) return `${node.name} (AI component: ${LABELS.componentKind[node.kind]})`;
  return `${node.name} (${COLUMN_NOUNS[node.column]}, ${node.sublabel})`;
}

function GraphPicture({ layout }: { layout: GraphLayout }) {
  const columns: GraphColumn[] = ["system", "component", "supplier"];
  return (
    <svg
      className="graph__svg"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      role="group"
      aria-labelledby="graph-heading"
      aria-describedby="graph-summary"
      data-testid="graph-svg"
    >
      <g aria-hidden="true" className="graph__edges">
        {layout.edges.map((edge) => (
          <path
            key={edge.key}
            d={edge.path}
            fill="none"
            stroke="#6b7280"
            strokeWidth={2}
            className={edge.kind === "uses" ? `graph-edge graph-edge--${edge.category}` : "graph-edge graph-edge--supplied"}
            data-from={edge.from}
            data-to={edge.to}
          />
        ))}
      </g>
      {columns.map((column) => (
        <g key={column} role="group" aria-labelledby={`graph-column-${column}`}>
          <text id={`graph-column-${column}`} className="graph__column-title" x={layout.columns[column].x} y={28} fontSize={15} fontWeight={700} fill="#1d232b">
            {COLUMN_TITLES[column]} ({layout.columns[column].count})
          </text>
          {layout.nodes
            .filter((node) => node.column === column)
            .map((node) => (
              <GraphNode key={node.key} node={node} />
            ))}
        </g>
      ))}
    </svg>
  );
}

function GraphNode({ node }: { node: LaidOutNode }) {
  const modifier = node.column === "system" && node.criticality ? ` graph-node--${node.criticality}` : "";
  const textX = node.x + GRAPH_GEOMETRY.textInset[node.column];
  const name = accessibleName(node);
  // The link's visible text is the name line only, always a prefix of its accessible name (WCAG 2.5.3);
  // the second line repeats what the name already says, so it is drawn beside the link, hidden from
  // assistive technology and transparent to the pointer.
  return (
    <g>
      <a href={node.href} className={`graph-node graph-node--${node.column}${modifier}`} aria-label={name}>
        <title>{name}</title>
        <rect className="graph-node__focus" x={node.x - 5} y={node.y - 5} width={node.width + 10} height={node.height + 10} rx={10} fill="none" stroke="none" />
        <rect
          className="graph-node__box"
          x={node.x}
          y={node.y}
          width={node.width}
          height={node.height}
          rx={node.column === "supplier" ? 14 : 6}
          fill="#ffffff"
          stroke="#4a5361"
          strokeWidth={1.5}
        />
        {node.column === "system" && node.criticality ? (
          <CriticalityMark criticality={node.criticality} cx={node.x + 15} cy={node.y + node.height / 2} />
        ) : null}
        <text className="graph-node__label" x={textX} y={node.y + 21} fontSize={GRAPH_GEOMETRY.labelFontSize} fontWeight={600} fill="#1d232b">
          {node.label}
        </text>
      </a>
      <text
        className="graph-node__sublabel"
        x={textX}
        y={node.y + 40}
        fontSize={GRAPH_GEOMETRY.sublabelFontSize}
        fill="#3d4551"
        aria-hidden="true"
        pointerEvents="none"
      >
        {node.sublabel}
      </text>
    </g>
  );
}

/** A shape per criticality, so the level is not told by colour alone. */
function CriticalityMark({ criticality, cx, cy }: { criticality: Criticality; cx: number; cy: number }) {
  const className = `graph-mark graph-mark--${criticality}`;
  const r = 7;
  switch (criticality) {
    case "low":
      return <circle className={className} cx={cx} cy={cy} r={r - 1} fill="#2f6f4f" />;
    case "medium":
      return <rect className={className} x={cx - r + 1} y={cy - r + 1} width={2 * r - 2} height={2 * r - 2} fill="#1f3a5f" />;
    case "high":
      return <polygon className={className} points={`${cx},${cy - r} ${cx + r},${cy + r - 1} ${cx - r},${cy + r - 1}`} fill="#8a5a00" />;
    case "critical":
      return <polygon className={className} points={`${cx},${cy - r - 1} ${cx + r + 1},${cy} ${cx},${cy + r + 1} ${cx - r - 1},${cy}`} fill="#a3222f" />;
  }
}

function Legend() {
  return (
    <div className="graph-legend" aria-label="Legend" role="group">
      <div>
        <h3 className="graph-legend__title">AI system criticality</h3>
        <ul className="graph-legend__list">
          {CRITICALITY_ORDER.map((c) => (
            <li key={c}>
              <svg className="graph-legend__swatch" viewBox="0 0 28 20" width={28} height={20} aria-hidden="true" focusable="false">
                <g className={`graph-node--${c}`}>
                  <rect className="graph-node__box" x={1} y={1} width={26} height={18} rx={4} fill="#ffffff" stroke="#4a5361" />
                  <CriticalityMark criticality={c} cx={14} cy={10} />
                </g>
              </svg>
              {LABELS.criticality[c]}
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3 className="graph-legend__title">Most sensitive data shared</h3>
        <ul className="graph-legend__list">
          {DATA_CATEGORY_SENSITIVITY.map((category) => (
            <li key={category}>
              <svg className="graph-legend__swatch" viewBox="0 0 36 20" width={36} height={20} aria-hidden="true" focusable="false">
                <path className={`graph-edge graph-edge--${category}`} d="M2 10 H34" fill="none" stroke="#6b7280" strokeWidth={2} />
              </svg>
              {category === "none" ? "None declared" : LABELS.dataCategory[category]}
            </li>
          ))}
          <li>
            <svg className="graph-legend__swatch" viewBox="0 0 36 20" width={36} height={20} aria-hidden="true" focusable="false">
              <path className="graph-edge graph-edge--supplied" d="M2 10 H34" fill="none" stroke="#6b7280" strokeWidth={2} />
            </svg>
            Supplied by (component to supplier)
          </li>
        </ul>
      </div>
    </div>
  );
}

function GraphTable({ layout }: { layout: GraphLayout }) {
  return (
    <div className="table-wrap">
      <table data-testid="graph-table">
        <caption className="visually-hidden">Every dependency drawn in the graph above, one per row</caption>
        <thead>
          <tr>
            <th scope="col">System</th>
            <th scope="col">Component</th>
            <th scope="col">Supplier</th>
            <th scope="col">Data shared</th>
          </tr>
        </thead>
        <tbody>
          {layout.rows.map((row) => (
            <tr key={row.key}>
              <td>
                <a href={row.system.href}>{row.system.name}</a>
                {row.system.criticality ? (
                  <span className={`graph-table__meta badge ${CRITICALITY_BADGE[row.system.criticality]}`}>{LABELS.criticality[row.system.criticality]}</span>
                ) : null}
              </td>
              <td>
                <a href={row.component.href}>{row.component.name}</a>
                {row.component.kind ? <span className="graph-table__meta graph-table__kind">{LABELS.componentKind[row.component.kind]}</span> : null}
              </td>
              <td>
                <a href={row.supplier.href}>{row.supplier.name}</a>
              </td>
              <td>{row.dataCategories.length ? row.dataCategories.map((c) => LABELS.dataCategory[c]).join(", ") : "None declared"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const CRITICALITY_BADGE: Record<Criticality, string> = {
  critical: "badge--danger",
  high: "badge--warn",
  medium: "badge--muted",
  low: "badge--ok",
};
