// The web server run through tsx: npm run demo (and the tests that start a server). `npm start`
// runs the same serve() compiled into build/server.js (scripts/build-server.ts).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { serve } from "../app/server/serve.server";

const buildPath = path.resolve("build/index.js");
if (!fs.existsSync(buildPath)) {
  console.error("Error: no build found at build/index.js. Run `npm run build` first (npm run demo does both).");
  process.exit(1);
}

await serve(async () => (await import(pathToFileURL(buildPath).href)) as ServerBuild);
