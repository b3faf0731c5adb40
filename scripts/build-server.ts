// npm run build, after `remix build`: compiles the production server into one file, build/server.js,
// so `npm start` runs plain JavaScript (node build/server.js) rather than TypeScript through the tsx
// loader. The bundle holds serve() (app/server/serve.server.ts), the Remix server build and the
// packages they use, so there is one copy of each (one React, one router). Packages that load files
// of their own at run time stay in node_modules (EXTERNAL).
//
// It also memoises two pure steps of @remix-run/router's route matching (docs/decisions/0031):
// matchRoutes() flattens and ranks the whole route table, and compiles a regular expression for each
// route path it tries, on every call, and Remix calls it four times per document request. The patch
// is checked: if the router's source no longer has the text it replaces, the build fails.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { patchRouterSource } from "./router-memo";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "build/server.js");
/**
 * Packages that read files next to their own code (PGlite's WebAssembly and data files, the CycloneDX
 * library's JSON schemas, which also has optional XML plug-ins) or are optional natives.
 */
const EXTERNAL = ["@electric-sql/pglite", "@electric-sql/pglite/*", "@cyclonedx/cyclonedx-library", "pg-native", "fsevents"];

if (!fs.existsSync(path.join(ROOT, "build/index.js"))) {
  console.error("No build/index.js: run `remix build` first.");
  process.exit(1);
}

const routerMemo: Plugin = {
  name: "router-memo",
  setup(b) {
    b.onLoad({ filter: /[\\/]@remix-run[\\/]router[\\/]dist[\\/]router\.(cjs\.)?js$/ }, async (args) => ({
      contents: patchRouterSource(await fs.promises.readFile(args.path, "utf8"), args.path),
      loader: "js",
    }));
  },
};

const result = await build({
  stdin: {
    contents: [
      `import * as remixBuild from "./build/index.js";`,
      `import { serve } from "./app/server/serve.server";`,
      `await serve(async () => remixBuild);`,
    ].join("\n"),
    resolveDir: ROOT,
    sourcefile: "server-entry.ts",
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: OUT,
  external: EXTERNAL,
  // Production React (process.env.NODE_ENV is still read at run time for the app's own config).
  define: {},
  mainFields: ["main", "module"],
  // CommonJS packages inside an ES module bundle still call require() and read __dirname.
  banner: {
    js: [
      `import { createRequire as __assayCreateRequire } from "node:module";`,
      `import { fileURLToPath as __assayFileURLToPath } from "node:url";`,
      `import { dirname as __assayDirname } from "node:path";`,
      `const require = __assayCreateRequire(import.meta.url);`,
      `const __filename = __assayFileURLToPath(import.meta.url);`,
      `const __dirname = __assayDirname(__filename);`,
    ].join("\n"),
  },
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
  plugins: [routerMemo],
});
const bytes = fs.statSync(OUT).size;
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`Server: build/server.js, ${(bytes / 1024 / 1024).toFixed(1)} MB from ${inputs} modules (npm start runs it with node).`);
