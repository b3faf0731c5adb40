// The JavaScript each page makes the browser load, from the Remix build manifest: for every route,
// the entry (and its imports), the manifest itself, and each route module of its chain (root →
// layouts → the route) with their imports, each file counted once, gzipped at level 6 (what the
// server's compression sends). Prints the heaviest routes and fails (exit 1) when one is over the
// budget. Run after `remix build`; `npm run build` and `npm test` do.
//
//   npx tsx scripts/client-weight.ts [--budget-kb 200] [--all] [--json]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import zlib from "node:zlib";

export interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  module: string;
  imports?: string[];
}
export interface Manifest {
  entry: { module: string; imports?: string[] };
  routes: Record<string, ManifestRoute>;
  url?: string;
}

/** The files a document request for `routeId` loads, in no particular order. */
export function filesForRoute(manifest: Manifest, routeId: string): string[] {
  const files = new Set<string>([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
  if (manifest.url) files.add(manifest.url);
  for (let route: ManifestRoute | undefined = manifest.routes[routeId]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined) {
    files.add(route.module);
    for (const file of route.imports ?? []) files.add(file);
  }
  return [...files];
}

export function readManifest(buildDir: string): { manifest: Manifest; file: string } {
  const name = fs.readdirSync(buildDir).find((f) => /^manifest-[A-Z0-9]+\.js$/.test(f));
  if (!name) throw new Error(`No manifest-*.js in ${buildDir}: run \`npx remix build\` first.`);
  const text = fs.readFileSync(path.join(buildDir, name), "utf8");
  const json = text.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "");
  return { manifest: { ...(JSON.parse(json) as Manifest), url: `/build/${name}` }, file: name };
}

export interface RouteWeight {
  routeId: string;
  files: number;
  bytes: number;
  gzipBytes: number;
}

export function routeWeights(publicDir: string): RouteWeight[] {
  const { manifest } = readManifest(path.join(publicDir, "build"));
  const sizes = new Map<string, { bytes: number; gzip: number }>();
  const sizeOf = (url: string) => {
    let size = sizes.get(url);
    if (!size) {
      const content = fs.readFileSync(path.join(publicDir, url));
      size = { bytes: content.length, gzip: zlib.gzipSync(content, { level: 6 }).length };
      sizes.set(url, size);
    }
    return size;
  };
  return Object.keys(manifest.routes).map((routeId) => {
    const files = filesForRoute(manifest, routeId);
    const total = files.map(sizeOf).reduce((a, s) => ({ bytes: a.bytes + s.bytes, gzip: a.gzip + s.gzip }), { bytes: 0, gzip: 0 });
    return { routeId, files: files.length, bytes: total.bytes, gzipBytes: total.gzip };
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, "") === path.resolve(import.meta.filename ?? "").replace(/\.ts$/, "");
if (isMain) {
  const { values } = parseArgs({ options: { "budget-kb": { type: "string", default: "200" }, all: { type: "boolean" }, json: { type: "boolean" } } });
  const budget = Number(values["budget-kb"]) * 1024;
  const weights = routeWeights(path.resolve("public")).sort((a, b) => b.gzipBytes - a.gzipBytes);
  if (values.json) {
    console.log(JSON.stringify(weights, null, 2));
  } else {
    const kb = (n: number) => (n / 1024).toFixed(1);
    const shown = values.all ? weights : weights.slice(0, 15);
    console.log(
      `JavaScript per page (gzip, level 6), budget ${kb(budget)} KB; ${values.all ? "all" : `heaviest ${shown.length} of ${weights.length}`} routes:`,
    );
    console.log(`| route | files | KB | KB gzip |\n|---|---:|---:|---:|`);
    for (const w of shown) console.log(`| ${w.routeId} | ${w.files} | ${kb(w.bytes)} | ${kb(w.gzipBytes)}${w.gzipBytes > budget ? " ✗ over budget" : ""} |`);
    const lightest = weights[weights.length - 1];
    if (lightest) console.log(`Lightest: ${lightest.routeId}, ${kb(lightest.gzipBytes)} KB gzip.`);
  }
  const over = weights.filter((w) => w.gzipBytes > budget);
  if (over.length) {
    console.error(`${over.length} route(s) over the ${kb0(budget)} KB budget: ${over.map((w) => w.routeId).join(", ")}`);
    process.exit(1);
  }
}
function kb0(n: number) {
  return (n / 1024).toFixed(0);
}
