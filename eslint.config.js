// Lint rules, and the layer rules of docs/decisions/0009-layers-and-import-rules.md enforced as
// import bans per folder (no-restricted-imports matches the import text, so `~/x`, `../x` and `../../x` all count).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import { defineConfig } from "eslint/config";

/** An import of one of `folders` under app/, written with the `~/` alias or as a relative path (which must climb: `./x` is a sibling). */
const appFolders = (folders) => `^(~/|(\\./)?(\\.\\./)+(app/)?)(${folders.join("|")})(/|$)`;
/** An import of the top-level db/ folder, relative from anywhere. */
const DB = "^(\\.{1,2}/)+db(/|$)";
/** Node modules that do I/O (files, network, processes, threads); node:crypto is allowed in the domain. */
const NODE_IO =
  "^(node:)?(fs|fs/promises|net|http|https|http2|dns|dgram|tls|child_process|cluster|worker_threads|os|process|readline|stream|zlib|vm|v8|inspector|module)(/|$)";
const DATABASE_LIBS = "^(kysely|pg|pg-boss|@electric-sql/.*)(/|$)";
const REMIX = "^@remix-run/";

const ban = (regex, message) => ({ regex, message });
const layer = (files, patterns) => ({ files, rules: { "no-restricted-imports": ["error", { patterns }] } });

export default defineConfig(
  { ignores: ["build/", "public/build/", "node_modules/", ".cache/", "data/", "test-results/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["app/**/*.tsx", "emails/**/*.tsx", "test/**/*.tsx"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  // Kysely migrations are written against Kysely<any>: they must not depend on today's schema types.
  { files: ["db/migrations/**"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  {
    files: ["test/**"],
    languageOptions: { globals: { ...globals.vitest } },
    // Test doubles and fixtures cast freely.
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },

  // The layers. Each folder's list names what it may NOT import; everything else is allowed.
  layer(
    ["app/domain/**"],
    [
      ban(
        appFolders(["services", "http", "routes", "components", "jobs", "server", "forms"]),
        "app/domain is pure: no services, HTTP, routes, components, jobs or server code.",
      ),
      ban(appFolders(["config\\.server"]), "app/domain is pure: take configuration values as arguments."),
      ban(DB, "app/domain is pure: no db/ (define the type in app/domain and let db/schema.ts import it)."),
      ban(DATABASE_LIBS, "app/domain is pure: no database libraries."),
      ban(REMIX, "app/domain is pure: no Remix."),
      ban("^(react|react-dom|nodemailer|@react-email/.*|express|pino.*)(/|$)", "app/domain is pure: no UI, mail, HTTP server or logging libraries."),
      ban(NODE_IO, "app/domain is pure: no Node I/O modules (node:crypto is the one Node module allowed)."),
    ],
  ),
  layer(
    ["app/services/**"],
    [
      ban(
        appFolders(["components", "routes", "http", "jobs"]),
        "app/services take data and return data: no components, routes, app/http (Response, cookies, redirects) or workers.",
      ),
      ban(REMIX, "app/services take data and return data: no Remix (no Response, cookies or redirects)."),
    ],
  ),
  layer(
    ["app/http/**"],
    [
      ban(appFolders(["routes", "components", "jobs"]), "app/http sits between routes and services: no routes, components or workers."),
      ban(DB, "app/http reaches the database only through app/services."),
      ban(DATABASE_LIBS, "app/http reaches the database only through app/services."),
    ],
  ),
  layer(
    ["app/routes/**", "app/root.tsx", "app/entry.*.tsx"],
    [
      ban(DB, "Routes never import db/: call a service (context.app.db may only be passed to services)."),
      ban(DATABASE_LIBS, "Routes never query the database: call a service."),
      ban(appFolders(["jobs"]), "Routes do not reach the workers: a service enqueues jobs."),
    ],
  ),
  layer(
    ["app/components/**", "app/forms/**"],
    [
      ban(
        appFolders(["services", "http", "routes", "jobs", "server", "config\\.server"]),
        "Components render data: no services, HTTP, routes, jobs or server code.",
      ),
      ban(DB, "Components render data: no db/ (types the UI needs live in app/domain)."),
      ban(DATABASE_LIBS, "Components render data: no database libraries."),
    ],
  ),
  layer(
    ["app/jobs/**"],
    [
      ban(appFolders(["routes", "components", "http"]), "Workers call services: no routes, components or app/http."),
      ban(REMIX, "Workers run outside HTTP: no Remix."),
    ],
  ),
  layer(
    ["emails/**"],
    [
      ban(
        appFolders(["services", "http", "routes", "jobs", "server", "components"]),
        "Emails render data given to them: no services, HTTP, routes, jobs or app components.",
      ),
      ban(DB, "Emails render data given to them: no db/."),
      ban(DATABASE_LIBS, "Emails render data given to them: no database libraries."),
      ban(REMIX, "Emails are rendered outside Remix."),
    ],
  ),
  layer(
    ["db/**"],
    [
      ban(
        appFolders(["services", "http", "routes", "components", "jobs", "server", "forms"]),
        "db/ is connection, migrations, schema and raw data: it may import app/domain types only.",
      ),
      ban(REMIX, "db/ is below the web layer: no Remix."),
    ],
  ),
);
