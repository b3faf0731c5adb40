import fc from "fast-check";
import {
  buildGraph,
  capGraph,
  compareSystems,
  edgePath,
  filterGraph,
  graphView,
  layoutGraph,
  mostSensitiveCategory,
  nodeCount,
  nodeKey,
  sortCategoriesBySensitivity,
  truncateLabel,
  GRAPH_GEOMETRY,
  type DependencyGraph,
  type DependencyRow,
  type NodeLabels,
} from "~/domain/graph-layout";
import { COMPONENT_KINDS, CRITICALITIES, DATA_CATEGORIES, LABELS, type Criticality, type DataCategory } from "~/domain/inventory";

const labels: NodeLabels = { componentKind: (k) => LABELS.componentKind[k], criticality: (c) => LABELS.criticality[c] };

function row(system: string, component: string, supplier: string, extra: Partial<DependencyRow> = {}): DependencyRow {
  return {
    systemId: system,
    systemName: `System ${system}`,
    systemCriticality: "medium",
    componentId: component,
    componentName: `Component ${component}`,
    componentKind: "hosted_api",
    supplierId: supplier,
    supplierName: `Supplier ${supplier}`,
    dataCategories: [],
    ...extra,
  };
}

/** Consistent rows: each component belongs to exactly one supplier, each system has one criticality. */
const arbRows = fc
  .record({
    systems: fc.array(fc.record({ name: fc.string({ maxLength: 40 }), criticality: fc.constantFrom(...CRITICALITIES) }), { minLength: 1, maxLength: 12 }),
    components: fc.array(fc.record({ name: fc.string({ maxLength: 40 }), supplier: fc.nat(7), kind: fc.constantFrom(...COMPONENT_KINDS) }), {
      minLength: 1,
      maxLength: 16,
    }),
    edges: fc.array(fc.record({ s: fc.nat(), c: fc.nat(), cats: fc.subarray([...DATA_CATEGORIES]) }), { maxLength: 40 }),
  })
  .map(({ systems, components, edges }): DependencyRow[] =>
    edges.map((e) => {
      const si = e.s % systems.length;
      const ci = e.c % components.length;
      const sys = systems[si]!;
      const comp = components[ci]!;
      return {
        systemId: `sys-${si}`,
        systemName: sys.name,
        systemCriticality: sys.criticality,
        componentId: `cmp-${ci}`,
        componentName: comp.name,
        componentKind: comp.kind,
        supplierId: `sup-${comp.supplier}`,
        supplierName: `Supplier ${comp.supplier}`,
        dataCategories: e.cats,
      };
    }),
  );

const connected = (graph: DependencyGraph) => ({
  systems: new Set(graph.systems.map((s) => s.id)),
  components: new Set(graph.components.map((c) => c.id)),
  suppliers: new Set(graph.suppliers.map((s) => s.id)),
});

describe("graph layout", () => {
  describe("data categories", () => {
    it("picks the most sensitive category shared: special > personal > confidential > internal > none", () => {
      expect(mostSensitiveCategory(["internal", "personal", "confidential"])).toBe("personal");
      expect(mostSensitiveCategory(["personal", "special_category"])).toBe("special_category");
      expect(mostSensitiveCategory(["internal"])).toBe("internal");
      expect(mostSensitiveCategory([])).toBe("none");
      expect(sortCategoriesBySensitivity(["internal", "special_category", "none", "confidential"])).toEqual([
        "special_category",
        "confidential",
        "internal",
        "none",
      ]);
    });

    it("always answers one of the categories given, and none is more sensitive", () => {
      const rank = (c: DataCategory) => DATA_CATEGORIES.indexOf(c);
      fc.assert(
        fc.property(fc.subarray([...DATA_CATEGORIES], { minLength: 1 }), (cats) => {
          const top = mostSensitiveCategory(cats);
          return cats.includes(top) && cats.every((c) => rank(c) <= rank(top));
        }),
      );
    });
  });

  describe("filtering", () => {
    const rows = [row("s1", "c1", "p1", { dataCategories: ["personal"] }), row("s1", "c2", "p2"), row("s2", "c2", "p2"), row("s3", "c3", "p1")];

    it("by system: its components and their suppliers only", () => {
      const g = filterGraph(buildGraph(rows), { kind: "system", id: "s1" });
      expect(connected(g)).toEqual({ systems: new Set(["s1"]), components: new Set(["c1", "c2"]), suppliers: new Set(["p1", "p2"]) });
      expect(g.dependencies).toHaveLength(2);
    });

    it("by supplier: its components and the systems depending on them only", () => {
      const g = filterGraph(buildGraph(rows), { kind: "supplier", id: "p1" });
      expect(connected(g)).toEqual({ systems: new Set(["s1", "s3"]), components: new Set(["c1", "c3"]), suppliers: new Set(["p1"]) });
    });

    it("by an unknown id: nothing", () => {
      expect(nodeCount(filterGraph(buildGraph(rows), { kind: "system", id: "nope" }))).toBe(0);
      expect(nodeCount(filterGraph(buildGraph(rows), { kind: "supplier", id: "nope" }))).toBe(0);
    });

    it("property: filtering by a system yields only nodes connected to it", () => {
      fc.assert(
        fc.property(arbRows, fc.nat(), (rows, pick) => {
          const graph = buildGraph(rows);
          fc.pre(graph.systems.length > 0);
          const system = graph.systems[pick % graph.systems.length]!;
          const g = filterGraph(graph, { kind: "system", id: system.id });
          const used = new Set(rows.filter((r) => r.systemId === system.id).map((r) => r.componentId));
          const supplied = new Set(rows.filter((r) => r.systemId === system.id).map((r) => r.supplierId));
          expect(g.systems.map((s) => s.id)).toEqual([system.id]);
          expect(new Set(g.components.map((c) => c.id))).toEqual(used);
          expect(new Set(g.suppliers.map((s) => s.id))).toEqual(supplied);
          expect(g.dependencies.every((d) => d.systemId === system.id)).toBe(true);
        }),
      );
    });

    it("property: filtering by a supplier yields only its components and the systems using them", () => {
      fc.assert(
        fc.property(arbRows, fc.nat(), (rows, pick) => {
          const graph = buildGraph(rows);
          fc.pre(graph.suppliers.length > 0);
          const supplier = graph.suppliers[pick % graph.suppliers.length]!;
          const g = filterGraph(graph, { kind: "supplier", id: supplier.id });
          const mine = rows.filter((r) => r.supplierId === supplier.id);
          expect(g.suppliers.map((s) => s.id)).toEqual([supplier.id]);
          expect(new Set(g.components.map((c) => c.id))).toEqual(new Set(mine.map((r) => r.componentId)));
          expect(new Set(g.systems.map((s) => s.id))).toEqual(new Set(mine.map((r) => r.systemId)));
        }),
      );
    });
  });

  describe("capping", () => {
    it("leaves a small graph alone", () => {
      const graph = buildGraph([row("s1", "c1", "p1")]);
      expect(capGraph(graph, 150)).toMatchObject({ truncated: false, omittedSystems: 0 });
    });

    it("keeps the most critical systems first and stops at the first that does not fit", () => {
      const rows = [
        row("low", "c1", "p1", { systemCriticality: "low" }),
        row("crit", "c2", "p2", { systemCriticality: "critical" }),
        row("high", "c3", "p3", { systemCriticality: "high" }),
      ];
      const capped = capGraph(buildGraph(rows), 6);
      expect(capped.truncated).toBe(true);
      expect(capped.omittedSystems).toBe(1);
      expect(capped.graph.systems.map((s) => s.id).sort()).toEqual(["crit", "high"]);
    });

    it("draws part of one system that is too large on its own rather than nothing", () => {
      const rows = Array.from({ length: 10 }, (_, i) => row("big", `c${i}`, "p1"));
      const capped = capGraph(buildGraph(rows), 6);
      expect(capped.truncated).toBe(true);
      expect(nodeCount(capped.graph)).toBe(6);
      expect(capped.graph.systems.map((s) => s.id)).toEqual(["big"]);
    });

    it("property: never more than the cap; the systems kept are the first by criticality", () => {
      fc.assert(
        fc.property(arbRows, fc.integer({ min: 3, max: 30 }), (rows, max) => {
          const full = buildGraph(rows);
          const capped = capGraph(full, max);
          expect(nodeCount(capped.graph)).toBeLessThanOrEqual(max);
          if (nodeCount(full) <= max) expect(capped.truncated).toBe(false);
          const order = [...full.systems].sort(compareSystems).map((s) => s.id);
          const kept = [...capped.graph.systems].sort(compareSystems).map((s) => s.id);
          expect(order.slice(0, kept.length)).toEqual(kept);
          expect(capped.omittedSystems).toBe(full.systems.length - kept.length);
          if (full.systems.length > 0) expect(kept.length).toBeGreaterThan(0);
        }),
      );
    });
  });

  describe("layout", () => {
    it("puts systems left, components in the middle, suppliers right; systems most critical first", () => {
      const rows = [
        row("a", "c1", "p1", { systemName: "Alpha", systemCriticality: "low" }),
        row("b", "c1", "p1", { systemName: "Bravo", systemCriticality: "critical" }),
        row("c", "c2", "p2", { systemName: "Charlie", systemCriticality: "critical" }),
      ];
      const layout = layoutGraph(buildGraph(rows), labels);
      const systems = layout.nodes.filter((n) => n.column === "system");
      expect(systems.map((n) => n.name)).toEqual(["Bravo", "Charlie", "Alpha"]);
      expect(new Set(systems.map((n) => n.x))).toEqual(new Set([GRAPH_GEOMETRY.columnX.system]));
      expect(layout.nodes.find((n) => n.key === nodeKey("component", "c1"))!.x).toBe(GRAPH_GEOMETRY.columnX.component);
      expect(layout.nodes.find((n) => n.key === nodeKey("supplier", "p1"))!.x).toBe(GRAPH_GEOMETRY.columnX.supplier);
      expect(layout.nodes.find((n) => n.key === nodeKey("system", "b"))!.href).toBe("/ai-systems/b");
      expect(layout.nodes.find((n) => n.key === nodeKey("component", "c1"))!.href).toBe("/components/c1");
      expect(layout.nodes.find((n) => n.key === nodeKey("supplier", "p2"))!.href).toBe("/suppliers/p2");
    });

    it("colours a uses edge by the most sensitive category and lists the same dependencies as table rows", () => {
      const rows = [row("s1", "c1", "p1", { dataCategories: ["internal", "special_category", "personal"] }), row("s1", "c2", "p1")];
      const layout = layoutGraph(buildGraph(rows), labels);
      const uses = layout.edges.filter((e) => e.kind === "uses");
      expect(uses.map((e) => e.category).sort()).toEqual(["none", "special_category"]);
      expect(layout.edges.filter((e) => e.kind === "supplied_by")).toHaveLength(2);
      expect(layout.rows.map((r) => [r.system.id, r.component.id, r.supplier.id, r.dataCategories])).toEqual([
        ["s1", "c1", "p1", ["special_category", "personal", "internal"]],
        ["s1", "c2", "p1", []],
      ]);
    });

    it("draws an edge from the right middle of one node to the left middle of the next", () => {
      expect(edgePath({ x: 0, y: 0, width: 100, height: 50 }, { x: 200, y: 100, height: 50 })).toBe("M100 25 C150 25 150 125 200 125");
    });

    it("cuts long names on a word, with an ellipsis", () => {
      expect(truncateLabel("Short name", 30)).toBe("Short name");
      const cut = truncateLabel("Tagwell Multilingual Support Intents and more", 30);
      expect(cut).toBe("Tagwell Multilingual Support…");
      expect([...cut].length).toBeLessThanOrEqual(30);
      expect([...truncateLabel("x".repeat(100), 30)].length).toBe(30);
      expect(truncateLabel("Internal Code Assistant for Pull-Request Review", 28)).toBe("Internal Code Assistant for…");
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 5, max: 40 }), (text, max) => {
          const label = truncateLabel(text, max);
          const normalised = text.trim().replace(/\s+/g, " ");
          // Never longer than asked, and always a prefix of the name (so the name contains what is shown).
          return [...label].length <= max && normalised.startsWith(label.replace(/…$/, ""));
        }),
      );
    });

    it("property: every edge endpoint is a laid-out node, nodes in a column never overlap, all fits the canvas", () => {
      fc.assert(
        fc.property(arbRows, (rows) => {
          const layout = layoutGraph(buildGraph(rows), labels);
          const keys = new Set(layout.nodes.map((n) => n.key));
          expect(keys.size).toBe(layout.nodes.length);
          for (const edge of layout.edges) {
            expect(keys.has(edge.from)).toBe(true);
            expect(keys.has(edge.to)).toBe(true);
            expect(edge.path).toMatch(/^M[\d.]+ [\d.]+ C/);
          }
          for (const column of ["system", "component", "supplier"] as const) {
            const nodes = layout.nodes.filter((n) => n.column === column).sort((a, b) => a.y - b.y);
            expect(nodes).toHaveLength(layout.columns[column].count);
            for (let i = 1; i < nodes.length; i++) expect(nodes[i]!.y).toBeGreaterThanOrEqual(nodes[i - 1]!.y + nodes[i - 1]!.height);
          }
          for (const n of layout.nodes) {
            expect(n.x).toBeGreaterThanOrEqual(0);
            expect(n.y).toBeGreaterThanOrEqual(0);
            expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
            expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
            expect([...n.label].length).toBeLessThanOrEqual(GRAPH_GEOMETRY.labelChars);
          }
          // Columns never mix, and the table is the picture's dependencies one to one.
          const columnOf = new Map(layout.nodes.map((n) => [n.key, n.column]));
          for (const e of layout.edges) {
            expect([columnOf.get(e.from), columnOf.get(e.to)]).toEqual(e.kind === "uses" ? ["system", "component"] : ["component", "supplier"]);
          }
          expect(layout.rows.length).toBe(layout.edges.filter((e) => e.kind === "uses").length);
        }),
      );
    });

    it("property: the picture does not depend on the order the rows arrive in", () => {
      fc.assert(
        fc.property(
          arbRows.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
          ([rows, shuffled]) => {
            const a = layoutGraph(buildGraph(rows), labels);
            const b = layoutGraph(buildGraph(shuffled), labels);
            const positions = (l: typeof a) => l.nodes.map((n) => `${n.key}@${n.x},${n.y}`).sort();
            expect(positions(b)).toEqual(positions(a));
            expect(b.rows.map((r) => r.key)).toEqual(a.rows.map((r) => r.key));
          },
        ),
      );
    });

    it("graphView filters, caps and lays out in one step", () => {
      const rows = [row("s1", "c1", "p1", { systemCriticality: "critical" as Criticality }), row("s2", "c2", "p2")];
      const view = graphView(rows, { kind: "supplier", id: "p2" }, 150, labels);
      expect(view.truncated).toBe(false);
      expect(view.layout.nodes.map((n) => n.key)).toEqual(["system:s2", "component:c2", "supplier:p2"]);
      expect(graphView([], null, 150, labels).layout.nodes).toEqual([]);
    });
  });
});
