// The dependency graph as pure data: which nodes are drawn, in what order, where, and the edges
// between them. Internal AI systems (left) -> vendor AI components (middle) -> suppliers (right).
// No I/O: the service loads dependency rows, this module decides what the picture and table show.
import { CRITICALITIES, DATA_CATEGORIES, type ComponentKind, type Criticality, type DataCategory } from "./inventory";
import { groupBy } from "./group-by";

/** One live dependency, with what the graph needs to know about both ends and the supplier. */
export interface DependencyRow {
  systemId: string;
  systemName: string;
  systemCriticality: Criticality;
  componentId: string;
  componentName: string;
  componentKind: ComponentKind;
  supplierId: string;
  supplierName: string;
  dataCategories: readonly DataCategory[];
}

export interface GraphSystem {
  id: string;
  name: string;
  criticality: Criticality;
}
export interface GraphComponent {
  id: string;
  name: string;
  kind: ComponentKind;
  supplierId: string;
}
export interface GraphSupplier {
  id: string;
  name: string;
}
export interface GraphDependency {
  systemId: string;
  componentId: string;
  dataCategories: readonly DataCategory[];
}

export interface DependencyGraph {
  systems: GraphSystem[];
  components: GraphComponent[];
  suppliers: GraphSupplier[];
  dependencies: GraphDependency[];
}

export type GraphFilter = { kind: "system"; id: string } | { kind: "supplier"; id: string };

export type GraphColumn = "system" | "component" | "supplier";

// ---------------------------------------------------------------------------------------------
// Data categories and criticality, ranked

/** Most sensitive first: the order in which an edge's category is chosen and the legend is read. */
export const DATA_CATEGORY_SENSITIVITY: readonly DataCategory[] = [...DATA_CATEGORIES].reverse();

/** The most sensitive category shared over a dependency; "none" when nothing is declared. */
export function mostSensitiveCategory(categories: readonly DataCategory[]): DataCategory {
  return DATA_CATEGORY_SENSITIVITY.find((c) => categories.includes(c)) ?? "none";
}

/** The declared categories, most sensitive first, without duplicates. */
export function sortCategoriesBySensitivity(categories: readonly DataCategory[]): DataCategory[] {
  return DATA_CATEGORY_SENSITIVITY.filter((c) => categories.includes(c));
}

/** Most critical first. */
export const CRITICALITY_ORDER: readonly Criticality[] = [...CRITICALITIES].reverse();

function criticalityRank(c: Criticality): number {
  return CRITICALITY_ORDER.indexOf(c);
}

const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => compareText(a.name, b.name) || compareText(a.id, b.id);

function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Systems most critical first, then by name: the order of the left column and of the cap. */
export function compareSystems(a: GraphSystem, b: GraphSystem): number {
  return criticalityRank(a.criticality) - criticalityRank(b.criticality) || byName(a, b);
}

// ---------------------------------------------------------------------------------------------
// Building, filtering and capping the node set

/** Nodes are the ends of dependencies: a component or supplier nobody depends on is not drawn. */
export function buildGraph(rows: readonly DependencyRow[]): DependencyGraph {
  const systems = new Map<string, GraphSystem>();
  const components = new Map<string, GraphComponent>();
  const suppliers = new Map<string, GraphSupplier>();
  const dependencies = new Map<string, GraphDependency>();
  for (const r of rows) {
    if (!systems.has(r.systemId)) systems.set(r.systemId, { id: r.systemId, name: r.systemName, criticality: r.systemCriticality });
    if (!components.has(r.componentId)) {
      components.set(r.componentId, { id: r.componentId, name: r.componentName, kind: r.componentKind, supplierId: r.supplierId });
    }
    if (!suppliers.has(r.supplierId)) suppliers.set(r.supplierId, { id: r.supplierId, name: r.supplierName });
    const key = `${r.systemId}|${r.componentId}`;
    if (!dependencies.has(key)) dependencies.set(key, { systemId: r.systemId, componentId: r.componentId, dataCategories: [...r.dataCategories] });
  }
  return { systems: [...systems.values()], components: [...components.values()], suppliers: [...suppliers.values()], dependencies: [...dependencies.values()] };
}

/** Drops anything not reachable by a complete system -> component -> supplier chain. */
function consistent(graph: DependencyGraph, keepDependency: (d: GraphDependency, c: GraphComponent) => boolean): DependencyGraph {
  const systemsById = new Map(graph.systems.map((s) => [s.id, s]));
  const componentsById = new Map(graph.components.map((c) => [c.id, c]));
  const supplierIds = new Set(graph.suppliers.map((s) => s.id));
  const dependencies = graph.dependencies.filter((d) => {
    const component = componentsById.get(d.componentId);
    return systemsById.has(d.systemId) && component !== undefined && supplierIds.has(component.supplierId) && keepDependency(d, component);
  });
  const systemIds = new Set(dependencies.map((d) => d.systemId));
  const componentIds = new Set(dependencies.map((d) => d.componentId));
  const components = graph.components.filter((c) => componentIds.has(c.id));
  const usedSuppliers = new Set(components.map((c) => c.supplierId));
  return {
    systems: graph.systems.filter((s) => systemIds.has(s.id)),
    components,
    suppliers: graph.suppliers.filter((s) => usedSuppliers.has(s.id)),
    dependencies,
  };
}

/**
 * The connected subgraph of one system (its components and their suppliers) or of one supplier
 * (its components and the systems depending on them). No filter: the whole graph, made consistent.
 */
export function filterGraph(graph: DependencyGraph, filter: GraphFilter | null): DependencyGraph {
  if (filter === null) return consistent(graph, () => true);
  if (filter.kind === "system") return consistent(graph, (d) => d.systemId === filter.id);
  return consistent(graph, (_d, c) => c.supplierId === filter.id);
}

export function nodeCount(graph: DependencyGraph): number {
  return graph.systems.length + graph.components.length + graph.suppliers.length;
}

export interface CappedGraph {
  graph: DependencyGraph;
  /** True when some systems (or, for one huge system, some of its dependencies) were left out. */
  truncated: boolean;
  omittedSystems: number;
}

/**
 * Keeps the first systems by criticality whose whole neighbourhood fits in `maxNodes`, stopping at
 * the first that does not fit. A single system too large on its own keeps as many of its
 * dependencies (by component name) as fit, so the page never comes out empty.
 */
export function capGraph(graph: DependencyGraph, maxNodes: number): CappedGraph {
  const full = filterGraph(graph, null);
  if (nodeCount(full) <= maxNodes) return { graph: full, truncated: false, omittedSystems: 0 };

  const componentsById = new Map(full.components.map((c) => [c.id, c]));
  const depsBySystem = groupBy(full.dependencies, (d) => d.systemId);
  const systems = [...full.systems].sort(compareSystems);
  const kept = { systems: new Set<string>(), components: new Set<string>(), suppliers: new Set<string>() };
  const keptDependencies: GraphDependency[] = [];
  const size = () => kept.systems.size + kept.components.size + kept.suppliers.size;

  for (const system of systems) {
    const deps = [...(depsBySystem.get(system.id) ?? [])].sort((a, b) => byName(componentsById.get(a.componentId)!, componentsById.get(b.componentId)!));
    const newComponents = new Set<string>();
    const newSuppliers = new Set<string>();
    for (const d of deps) {
      const c = componentsById.get(d.componentId)!;
      if (!kept.components.has(c.id)) newComponents.add(c.id);
      if (!kept.suppliers.has(c.supplierId)) newSuppliers.add(c.supplierId);
    }
    if (size() + 1 + newComponents.size + newSuppliers.size <= maxNodes) {
      kept.systems.add(system.id);
      newComponents.forEach((id) => kept.components.add(id));
      newSuppliers.forEach((id) => kept.suppliers.add(id));
      keptDependencies.push(...deps);
      continue;
    }
    if (kept.systems.size === 0) {
      kept.systems.add(system.id);
      for (const d of deps) {
        const c = componentsById.get(d.componentId)!;
        const cost = (kept.components.has(c.id) ? 0 : 1) + (kept.suppliers.has(c.supplierId) ? 0 : 1);
        if (size() + cost > maxNodes) continue;
        kept.components.add(c.id);
        kept.suppliers.add(c.supplierId);
        keptDependencies.push(d);
      }
    }
    break;
  }
  const keptKeys = new Set(keptDependencies.map((d) => `${d.systemId}|${d.componentId}`));
  const capped = consistent(full, (d) => keptKeys.has(`${d.systemId}|${d.componentId}`));
  return { graph: capped, truncated: true, omittedSystems: full.systems.length - capped.systems.length };
}

// ---------------------------------------------------------------------------------------------
// Layout

export const GRAPH_GEOMETRY = {
  width: 1000,
  nodeWidth: 264,
  nodeHeight: 52,
  gap: 14,
  top: 52,
  bottom: 16,
  columnX: { system: 12, component: 368, supplier: 724 } satisfies Record<GraphColumn, number>,
  /** Where a node's text starts: systems leave room for the criticality mark. */
  textInset: { system: 30, component: 12, supplier: 12 } satisfies Record<GraphColumn, number>,
  labelFontSize: 13,
  sublabelFontSize: 12,
  /** Characters of a name that fit on a node's first line (the full name is in its accessible name
   *  and tooltip): 13px bold averages under 0.6em a character even in wide fallback fonts. */
  labelChars: 28,
  sublabelChars: 34,
} as const;

export interface LaidOutNode {
  key: string;
  id: string;
  column: GraphColumn;
  name: string;
  label: string;
  sublabel: string;
  href: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Systems only. */
  criticality?: Criticality;
  /** Components only. */
  kind?: ComponentKind;
}

export interface LaidOutEdge {
  key: string;
  from: string;
  to: string;
  kind: "uses" | "supplied_by";
  /** For "uses" edges: the most sensitive data category shared. */
  category: DataCategory | null;
  path: string;
}

export interface GraphTableRow {
  key: string;
  system: LaidOutNode;
  component: LaidOutNode;
  supplier: LaidOutNode;
  dataCategories: DataCategory[];
}

export interface GraphLayout {
  width: number;
  height: number;
  columns: Record<GraphColumn, { x: number; count: number }>;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  /** The same dependencies as the picture, in the picture's order: the accessible equivalent. */
  rows: GraphTableRow[];
}

export interface NodeLabels {
  componentKind: (kind: ComponentKind) => string;
  criticality: (c: Criticality) => string;
}

export function nodeKey(column: GraphColumn, id: string): string {
  return `${column}:${id}`;
}

const HREF_BASE: Record<GraphColumn, string> = { system: "/ai-systems/", component: "/components/", supplier: "/suppliers/" };

export function nodeHref(column: GraphColumn, id: string): string {
  return HREF_BASE[column] + encodeURIComponent(id);
}

/** Cuts a name to `max` characters with an ellipsis, on a word boundary when one is near. */
export function truncateLabel(text: string, max: number): string {
  const chars = [...text.trim().replace(/\s+/g, " ")];
  if (chars.length <= max) return chars.join("");
  const cut = chars.slice(0, max - 1).join("");
  // A word that ends exactly at the cut stays; otherwise back up to the last space when one is near.
  if (chars[max - 1] === " ") return `${cut.trimEnd()}…`;
  const space = cut.lastIndexOf(" ");
  return `${(space >= max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Order by the mean position of the neighbours to the left (fewer crossings), then by name. */
function orderByBarycentre<T extends { id: string; name: string }>(items: readonly T[], neighbourPositions: (item: T) => number[]): T[] {
  const centre = new Map(
    items.map((item) => {
      const positions = neighbourPositions(item);
      return [item.id, positions.length ? positions.reduce((a, b) => a + b, 0) / positions.length : Number.POSITIVE_INFINITY];
    }),
  );
  return [...items].sort((a, b) => centre.get(a.id)! - centre.get(b.id)! || byName(a, b));
}

/** An S-curve from the right middle of one node to the left middle of the next column's node. */
export function edgePath(from: { x: number; y: number; width: number; height: number }, to: { x: number; y: number; height: number }): string {
  const x1 = from.x + from.width;
  const y1 = from.y + from.height / 2;
  const x2 = to.x;
  const y2 = to.y + to.height / 2;
  const mid = (x1 + x2) / 2;
  return `M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`;
}

export function layoutGraph(input: DependencyGraph, labels: NodeLabels): GraphLayout {
  const graph = filterGraph(input, null);
  const g = GRAPH_GEOMETRY;
  const pitch = g.nodeHeight + g.gap;

  const systems = [...graph.systems].sort(compareSystems);
  const systemIndex = new Map(systems.map((s, i) => [s.id, i]));
  const depsByComponent = groupBy(graph.dependencies, (d) => d.componentId);
  const components = orderByBarycentre(graph.components, (c) => (depsByComponent.get(c.id) ?? []).map((d) => systemIndex.get(d.systemId)!));
  const componentIndex = new Map(components.map((c, i) => [c.id, i]));
  const componentsBySupplier = groupBy(components, (c) => c.supplierId);
  const suppliers = orderByBarycentre(graph.suppliers, (s) => (componentsBySupplier.get(s.id) ?? []).map((c) => componentIndex.get(c.id)!));

  const tallest = Math.max(systems.length, components.length, suppliers.length, 1);
  const place = (column: GraphColumn, index: number, count: number) => ({
    x: g.columnX[column],
    // Shorter columns are centred against the tallest one.
    y: g.top + ((tallest - count) * pitch) / 2 + index * pitch,
    width: g.nodeWidth,
    height: g.nodeHeight,
  });

  const nodes: LaidOutNode[] = [
    ...systems.map((s, i): LaidOutNode => ({
      key: nodeKey("system", s.id),
      id: s.id,
      column: "system",
      name: s.name,
      label: truncateLabel(s.name, g.labelChars),
      sublabel: `${labels.criticality(s.criticality)} criticality`,
      href: nodeHref("system", s.id),
      criticality: s.criticality,
      ...place("system", i, systems.length),
    })),
    ...components.map((c, i): LaidOutNode => ({
      key: nodeKey("component", c.id),
      id: c.id,
      column: "component",
      name: c.name,
      label: truncateLabel(c.name, g.labelChars),
      sublabel: truncateLabel(labels.componentKind(c.kind), g.sublabelChars),
      href: nodeHref("component", c.id),
      kind: c.kind,
      ...place("component", i, components.length),
    })),
    ...suppliers.map((s, i): LaidOutNode => {
      const count = componentsBySupplier.get(s.id)?.length ?? 0;
      return {
        key: nodeKey("supplier", s.id),
        id: s.id,
        column: "supplier",
        name: s.name,
        label: truncateLabel(s.name, g.labelChars),
        sublabel: `${count} component${count === 1 ? "" : "s"} shown`,
        href: nodeHref("supplier", s.id),
        ...place("supplier", i, suppliers.length),
      };
    }),
  ];
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const node = (column: GraphColumn, id: string) => byKey.get(nodeKey(column, id))!;

  const dependencies = [...graph.dependencies].sort(
    (a, b) => systemIndex.get(a.systemId)! - systemIndex.get(b.systemId)! || componentIndex.get(a.componentId)! - componentIndex.get(b.componentId)!,
  );
  const usesEdges: LaidOutEdge[] = dependencies.map((d) => {
    const from = node("system", d.systemId);
    const to = node("component", d.componentId);
    return {
      key: `uses:${d.systemId}:${d.componentId}`,
      from: from.key,
      to: to.key,
      kind: "uses",
      category: mostSensitiveCategory(d.dataCategories),
      path: edgePath(from, to),
    };
  });
  // The most sensitive edges are drawn last, so they lie on top where lines cross.
  const sensitivity = (e: LaidOutEdge) => DATA_CATEGORY_SENSITIVITY.length - DATA_CATEGORY_SENSITIVITY.indexOf(e.category ?? "none");
  const stackedUses = usesEdges
    .map((e, i) => ({ e, i }))
    .sort((a, b) => sensitivity(a.e) - sensitivity(b.e) || a.i - b.i)
    .map(({ e }) => e);
  const suppliedEdges: LaidOutEdge[] = components.map((c) => {
    const from = node("component", c.id);
    const to = node("supplier", c.supplierId);
    return { key: `supplied_by:${c.id}:${c.supplierId}`, from: from.key, to: to.key, kind: "supplied_by", category: null, path: edgePath(from, to) };
  });

  const supplierOf = new Map(components.map((c) => [c.id, c.supplierId]));
  const rows: GraphTableRow[] = dependencies.map((d) => ({
    key: `${d.systemId}:${d.componentId}`,
    system: node("system", d.systemId),
    component: node("component", d.componentId),
    supplier: node("supplier", supplierOf.get(d.componentId)!),
    dataCategories: sortCategoriesBySensitivity(d.dataCategories),
  }));

  return {
    width: g.width,
    height: g.top + tallest * pitch - g.gap + g.bottom,
    columns: {
      system: { x: g.columnX.system, count: systems.length },
      component: { x: g.columnX.component, count: components.length },
      supplier: { x: g.columnX.supplier, count: suppliers.length },
    },
    nodes,
    edges: [...stackedUses, ...suppliedEdges],
    rows,
  };
}

export interface GraphView {
  layout: GraphLayout;
  /** The whole filtered graph was larger than `maxNodes` and was cut to the first systems. */
  truncated: boolean;
  omittedSystems: number;
}

/** Rows in, picture out: build, keep the filter's connected subgraph, cap, lay out. */
export function graphView(rows: readonly DependencyRow[], filter: GraphFilter | null, maxNodes: number, labels: NodeLabels): GraphView {
  const capped = capGraph(filterGraph(buildGraph(rows), filter), maxNodes);
  return { layout: layoutGraph(capped.graph, labels), truncated: capped.truncated, omittedSystems: capped.omittedSystems };
}
