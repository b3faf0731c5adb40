// The API reference for people at /api/docs: a small page of our own that loads Redoc's standalone
// bundle from this origin (never a CDN) and points it at the OpenAPI document.
//
// The page sets its own Content-Security-Policy, replacing (res.setHeader) the global one helmet set
// earlier, because Redoc needs two things the rest of the app does not:
//   - style-src 'unsafe-inline': styled-components injects <style> elements and style attributes;
//   - worker-src blob: the search index runs in a worker Redoc creates from a blob: URL.
// Scripts still come only from 'self', and there is no inline script: Redoc.init is in init.js below.
// Both scripts have a content hash in their name, so they can be cached for a year.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import express, { type Router } from "express";

export const API_DOCS_PATH = "/api/docs";
const OPENAPI_URL = "/api/v1/openapi.json";
const REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";

export const API_DOCS_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src blob:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

const INIT_SCRIPT = `// Starts Redoc on the Assay OpenAPI document (served by ${API_DOCS_PATH}).
Redoc.init(
  ${JSON.stringify(OPENAPI_URL)},
  {
    scrollYOffset: 0,
    hideHostname: false,
    expandResponses: "200,201",
    theme: { colors: { primary: { main: "#1f4e79" } }, typography: { fontFamily: "system-ui, sans-serif", headings: { fontFamily: "system-ui, sans-serif" } } },
  },
  document.getElementById("redoc-container"),
);
`;

const shortHash = (content: string) => createHash("sha256").update(content).digest("hex").slice(0, 12);

function page(redocSrc: string, initSrc: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Assay REST API reference</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; color: #1b1b1b; }
  .api-docs-intro { padding: 1rem 1.5rem; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
  .api-docs-intro p { margin: 0.25rem 0; max-width: 60rem; line-height: 1.5; }
  .api-docs-intro a { color: #1f4e79; }
  .api-docs-brand { font-weight: 600; }
</style>
<script src="${redocSrc}" defer></script>
<script src="${initSrc}" defer></script>
</head>
<body>
<header class="api-docs-intro">
  <p class="api-docs-brand"><a href="/">← Back to Assay</a> · Assay REST API reference</p>
  <p>Every call needs a token sent as <code>Authorization: Bearer &lt;token&gt;</code>. Create a personal token
  under <a href="/profile/tokens">Profile → API tokens</a>; it can do what your role may do, within its scope (read or write).
  Admins create service tokens for integrations under <a href="/admin/api-tokens">Admin → API tokens</a>.
  The machine-readable OpenAPI 3.1 document is at <a href="${OPENAPI_URL}">${OPENAPI_URL}</a>.</p>
</header>
<main id="redoc-container">
  <noscript><p>This reference needs JavaScript. The OpenAPI document itself is at <a href="${OPENAPI_URL}">${OPENAPI_URL}</a>.</p></noscript>
</main>
</body>
</html>
`;
}

/** Mounted at API_DOCS_PATH. `redocBundle` is for tests; by default the installed redoc package's bundle. */
export function createApiDocsRouter(options: { redocBundle?: string } = {}): Router {
  const bundlePath = options.redocBundle ?? createRequire(import.meta.url).resolve("redoc/bundles/redoc.standalone.js");
  // The one outside address the bundle loads, Redocly's logo in the sidebar footer, becomes an empty
  // data: image (which the component then drops): the page loads nothing from other origins.
  const bundle = fs.readFileSync(bundlePath, "utf8").replaceAll(REDOCLY_LOGO, "data:,");
  const redocName = `redoc.standalone.${shortHash(bundle)}.js`;
  const initName = `init.${shortHash(INIT_SCRIPT)}.js`;
  const html = page(`${API_DOCS_PATH}/${redocName}`, `${API_DOCS_PATH}/${initName}`);

  const router = express.Router();
  const longCache = (res: express.Response) => res.set("Cache-Control", "public, max-age=31536000, immutable");

  router.get("/", (_req, res) => {
    res.setHeader("Content-Security-Policy", API_DOCS_POLICY);
    res.set("Cache-Control", "no-cache").type("html").send(html);
  });
  router.get(`/${redocName}`, (_req, res) => {
    longCache(res).type("text/javascript").send(bundle);
  });
  router.get(`/${initName}`, (_req, res) => {
    longCache(res).type("text/javascript").send(INIT_SCRIPT);
  });
  router.use((_req, res) => {
    res.status(404).type("text/plain").send("Not found");
  });
  return router;
}
