// Fails (exit 1) when a browser bundle in public/build refers to Node-only code (see
// scripts/client-bundle-scan.ts). Run after `remix build`: `npm test` and `npm run build` do.
import fs from "node:fs";
import path from "node:path";
import { findNodeReferences, type BundleFinding } from "./client-bundle-scan";

const root = path.resolve(process.argv[2] ?? "public/build");
if (!fs.existsSync(root)) {
  console.error(`No client build at ${root}: run \`npx remix build\` first.`);
  process.exit(1);
}

const files = fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".js"));
const findings: BundleFinding[] = files.flatMap((name) => findNodeReferences(name, fs.readFileSync(path.join(root, name), "utf8")));

if (findings.length > 0) {
  console.error(`Browser bundles refer to Node-only code (server code imported from a module without .server in its name?):`);
  for (const f of findings) console.error(`  ${f.file}: ${f.what} in …${f.excerpt}…`);
  process.exit(1);
}
console.log(`Client bundles: ${files.length} files, no Node-only references.`);
