// npm run bench (= remix build && tsx scripts/bench.ts): page speed under load, measured, never asserted.
// Starts the real app (Express + the Remix build) in this process on a random loopback port, over a
// throw-away database: a fresh embedded PGlite folder under the OS temp folder, or, with
// BENCH_DATABASE_URL=postgres://…/postgres, a new database on that server, dropped afterwards.
// Migrates, seeds the demo data and the big synthetic inventory (app/services/big-seed.server.ts), signs the demo
// admin in directly in the database, then runs autocannon against each page and prints a table.
// Last, the scoring engine alone (scripts/bench-scoring.ts): assessments scored per second on one
// core at the built-in template's full size, 5 components, printed in a table of its own.
//
//   --duration S      seconds of load per page (default 10)
//   --connections N   concurrent connections (default 10)
//   --suppliers N     size of the big seed (default 10000; components, systems scale with it)
//   --path /x         page to measure instead of the default list (repeatable)
//   --scoring-seconds S  seconds per scoring-engine measurement (default 5)
//   --explain         also EXPLAIN ANALYZE every SELECT one request to each page makes, flagging
//                     sequential scans that read 1,000 rows or more
//   --reuse           BENCH_DATABASE_URL names an already seeded database (npm run seed:scale): use it
//                     as it is (migrate, demo data if missing), and keep it afterwards
//   --inventory-only  seed only the big inventory (no assessments), as before issue 15
//   --full-rescore    time a real "rescore all" of every scored assessment (default: 200, extrapolated)
//   --compare F       print the change per row against an earlier JSON report
//   --out F           where to write the JSON report (default docs/benchmarks/latest.json)
//   --server M        compiled: the pages are served by `node build/server.js` in a child process, as
//                     `npm start` runs in production (PostgreSQL only; needs `npm run build`); inprocess:
//                     by the Remix build in this process through tsx. Default: compiled when possible
//                     (BENCH_DATABASE_URL set, build/server.js present, no --explain), else inprocess.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { ServerBuild } from "@remix-run/node";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { loadConfig } from "../app/config.server";
import { createExpressApp } from "../app/server/express.server";
import { createLogger } from "../app/server/logger.server";
import { startRuntime, type Runtime } from "../app/server/runtime.server";
import { SESSION_COOKIE } from "../app/http/session-cookie.server";
import { createStaffSession } from "../app/services/sessions.server";
import { createPersonalToken } from "../app/services/api-tokens.server";
import type { DatabaseTarget } from "../db/connection";
import type { Database } from "../db/schema";
import { seedDemoData } from "../app/services/demo-seed.server";
import { benchScoring, type ScoringBenchResult } from "./bench-scoring";
import { prepareVendorQuestionnaire } from "./bench-vendor";
import { BIG_SEED_DEFAULT_SUPPLIERS, BIG_SEED_MAX_SUPPLIERS, seedBigInventory } from "../app/services/big-seed.server";
import { seedScale } from "../app/services/scale-seed.server";
import { refreshAllDeadlines } from "../app/services/deadlines.server";
import { rescoreLatest } from "../app/services/scores.server";
import { runRescore, startRescoreAll } from "../app/services/scores-rescore.server";
import { currentMethodology } from "../app/services/scores-methodology.server";
import { userActor } from "../app/services/audit.server";
import type { TemplateDefinition } from "../app/domain/templates/definition";
import { runLoad, type AutosaveSlot } from "./bench-load";
import { positiveInt, sleep, startWebInstance, stopChild, type Child } from "./bench-processes";

/** Pages with fixed URLs; pages of one record (a supplier, an assessment…) are added once the data is there. */
const DEFAULT_PATHS = ["/floor", "/healthz", "/", "/suppliers?q=acme&status=active&sort=name&page=50", "/assessments", "/deadlines", "/reviews"];
/** REST API list endpoints (first page, default size), measured with a read-only personal token of the admin. */
const API_PATHS = ["/api/v1/suppliers", "/api/v1/components", "/api/v1/assessments", "/api/v1/findings", "/api/v1/deadlines"];
/** The autosave row: a pseudo-path (POSTs to the vendor JSON answer API, distinct questions). */
const AUTOSAVE = "autosave";
const AUTOSAVE_CONNECTIONS = 16;
/** A sequential scan reading at least this many rows (all loops together) is worth a look. */
const SEQ_SCAN_REPORT_ROWS = 1000;

// ---- arguments ------------------------------------------------------------------------------------
const USAGE =
  "Usage: npm run bench -- [--duration 10] [--connections 10] [--suppliers 10000] [--path /x …] [--scoring-seconds 5] [--explain] " +
  "[--reuse] [--inventory-only] [--full-rescore] [--compare previous.json] [--out file.json] [--server compiled|inprocess]";
let options: {
  duration: number;
  connections: number;
  suppliers: number;
  paths: string[];
  customPaths: boolean;
  explain: boolean;
  scoringSeconds: number;
  reuse: boolean;
  inventoryOnly: boolean;
  fullRescore: boolean;
  compare: string | null;
  out: string;
  server: "compiled" | "inprocess";
};
try {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      connections: { type: "string" },
      suppliers: { type: "string" },
      path: { type: "string", multiple: true },
      "scoring-seconds": { type: "string" },
      explain: { type: "boolean", default: false },
      reuse: { type: "boolean", default: false },
      "inventory-only": { type: "boolean", default: false },
      "full-rescore": { type: "boolean", default: false },
      compare: { type: "string" },
      out: { type: "string" },
      server: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  options = {
    duration: positiveInt("duration", values.duration, 10, 600),
    connections: positiveInt("connections", values.connections, 10, 1000),
    suppliers: positiveInt("suppliers", values.suppliers, BIG_SEED_DEFAULT_SUPPLIERS, BIG_SEED_MAX_SUPPLIERS),
    paths: values.path?.length ? values.path : DEFAULT_PATHS,
    customPaths: Boolean(values.path?.length),
    explain: values.explain ?? false,
    scoringSeconds: positiveInt("scoring-seconds", values["scoring-seconds"], 5, 600),
    reuse: values.reuse ?? false,
    inventoryOnly: values["inventory-only"] ?? false,
    fullRescore: values["full-rescore"] ?? false,
    compare: values.compare ?? null,
    out: values.out ?? "docs/benchmarks/latest.json",
    server: "inprocess",
  };
  const compiledPossible = Boolean(process.env.BENCH_DATABASE_URL) && !options.explain && fs.existsSync("build/server.js");
  if (values.server !== undefined && values.server !== "compiled" && values.server !== "inprocess") throw new Error("--server must be compiled or inprocess");
  if (values.server === "compiled" && !compiledPossible)
    throw new Error("--server compiled needs BENCH_DATABASE_URL, build/server.js (npm run build) and no --explain");
  options.server = (values.server as "compiled" | "inprocess" | undefined) ?? (compiledPossible ? "compiled" : "inprocess");
  if (options.reuse && !process.env.BENCH_DATABASE_URL) throw new Error("--reuse needs BENCH_DATABASE_URL (the seeded database itself)");
  if (options.compare && !fs.existsSync(options.compare)) throw new Error(`--compare: no file ${options.compare}`);
  const bad = options.paths.find((p) => !p.startsWith("/"));
  if (bad) throw new Error(`--path must start with "/": ${bad}`);
} catch (error) {
  console.error(`Error: ${(error as Error).message}\n${USAGE}`);
  process.exit(1);
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT); // public/ and build/ are found relative to the working folder, as in npm start
const buildPath = path.join(ROOT, "build/index.js");
if (!fs.existsSync(buildPath)) {
  console.error("Error: no build found at build/index.js. Run `npx remix build` first (npm run bench does both).");
  process.exit(1);
}
// Production React and Remix, as `npm start` runs; set before the build (and React) is imported.
process.env.NODE_ENV = "production";
// The API's per-token limit (600 a minute) would answer most of a load run with 429: lift it for the bench.
process.env.API_RATE_LIMIT_PER_MINUTE ??= "100000000";

// ---- types of the report --------------------------------------------------------------------------
interface SeqScan {
  table: string;
  rows: number;
  removedByFilter: number;
  filter: string | null;
}
interface ExplainedQuery {
  sql: string;
  parameters: unknown[];
  executionMs: number;
  seqScans: SeqScan[];
  plan: unknown;
}
interface PathResult {
  path: string;
  /** Status of one request before the load; the load runs only when it is 2xx. */
  status: number;
  measured: boolean;
  note?: string;
  /** Median of a few sequential requests on the idle server, before the load. */
  idleMs?: number;
  requestsPerSec?: number;
  latencyMs?: { p50: number; p90: number; p95: number; p99: number; max: number; mean: number };
  /** This row's p95 divided by the floor's (/floor) p95. */
  timesFloorP95?: number;
  connections?: number;
  requests?: number;
  non2xx?: number;
  errors?: number;
  timeouts?: number;
  statusCodes?: Record<string, number>;
  bytesPerResponse?: number;
  queries?: ExplainedQuery[];
}

// ---- the throw-away database ------------------------------------------------------------------------
interface BenchDatabase {
  target: DatabaseTarget;
  label: string;
  drop(): Promise<void>;
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function createBenchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl && options.reuse) {
    const url = new URL(serverUrl);
    return {
      target: { kind: "postgres", url: serverUrl },
      label: `PostgreSQL, existing database ${url.pathname.slice(1)} at ${url.host} (kept)`,
      drop: async () => {},
    };
  }
  if (serverUrl) {
    const name = `assay_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      target: { kind: "postgres", url: url.toString() },
      label: `PostgreSQL, database ${name} at ${url.host} (dropped afterwards)`,
      drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-"));
  return {
    target: { kind: "pglite", dataDir },
    label: `PGlite, data folder ${dataDir} (removed afterwards)`,
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

// ---- EXPLAIN ----------------------------------------------------------------------------------------
interface PlanNode {
  "Node Type"?: string;
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  Filter?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode, found: SeqScan[] = []): SeqScan[] {
  if (node["Node Type"] === "Seq Scan" && node["Relation Name"]) {
    found.push({
      table: node["Relation Name"],
      rows: (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1),
      removedByFilter: (node["Rows Removed by Filter"] ?? 0) * (node["Actual Loops"] ?? 1),
      filter: node.Filter ?? null,
    });
  }
  for (const child of node.Plans ?? []) seqScans(child, found);
  return found;
}

async function explainAll(pool: pg.Pool, queries: { sql: string; parameters: readonly unknown[] }[]): Promise<ExplainedQuery[]> {
  const explained: ExplainedQuery[] = [];
  for (const query of queries) {
    if (!/^\s*(select|with)\b/i.test(query.sql) || /\b(insert|update|delete)\b/i.test(query.sql)) continue;
    const result = await pool.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`, [...query.parameters]);
    const raw = (result.rows[0] as Record<string, unknown>)["QUERY PLAN"];
    const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode; "Execution Time": number }>;
    explained.push({
      sql: query.sql,
      parameters: [...query.parameters],
      executionMs: plan[0]!["Execution Time"],
      seqScans: seqScans(plan[0]!.Plan),
      plan: plan[0],
    });
  }
  return explained;
}

// ---- report -----------------------------------------------------------------------------------------
const ms = (n: number | undefined) => (n === undefined ? "–" : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const errorText = (error: unknown) => {
  const e = error as Error & { cause?: Error };
  return e.cause?.message ? `${e.message} (${e.cause.message})` : e.message;
};

function markdownTable(results: PathResult[]): string {
  const lines = [
    "| page | status | conns | idle ms | req/s | p50 ms | p95 ms | p99 ms | p95 × floor | non-2xx | KB/resp |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    const kb = r.bytesPerResponse === undefined ? "–" : (r.bytesPerResponse / 1024).toFixed(1);
    const non2xx = r.measured ? `${r.non2xx}${r.errors ? ` (+${r.errors} errors)` : ""}` : "–";
    const label = r.path === AUTOSAVE ? "autosave (vendor JSON answer API)" : `\`${r.path}\``;
    if (!r.measured || !r.requests) {
      lines.push(`| ${label} | ${r.status || "error"} | – | ${ms(r.idleMs)} | ${r.measured ? "0" : "–"} | – | – | – | – | ${non2xx} | ${kb} |`);
      continue;
    }
    const l = r.latencyMs!;
    const rps = r.requestsPerSec! >= 10 ? r.requestsPerSec!.toFixed(0) : r.requestsPerSec!.toFixed(1);
    const times = r.timesFloorP95 === undefined ? "–" : `${r.timesFloorP95.toFixed(2)}×`;
    lines.push(
      `| ${label} | ${r.status} | ${r.connections} | ${ms(r.idleMs)} | ${rps} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${times} | ${non2xx} | ${kb} |`,
    );
  }
  return lines.join("\n");
}

/** The change per row against an earlier report (same page label): req/s and p95, in per cent. */
function compareTable(results: PathResult[], previous: { results: PathResult[]; environment?: { date?: string } }): string {
  const pct = (now: number | undefined, before: number | undefined) =>
    now === undefined || before === undefined || !before ? "–" : `${now >= before ? "+" : ""}${(((now - before) / before) * 100).toFixed(0)} %`;
  const lines = [
    `Compared with the run of ${previous.environment?.date ?? "an earlier date"}:`,
    "",
    "| page | req/s before → now | change | p95 ms before → now | change | × floor before → now |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    const p = previous.results.find((x) => x.path === r.path);
    if (!p) {
      lines.push(`| \`${r.path}\` | new | | | | |`);
      continue;
    }
    const f = (n: number | undefined) => (n === undefined ? "–" : n >= 100 ? n.toFixed(0) : n.toFixed(1));
    const x = (n: number | undefined) => (n === undefined ? "–" : `${n.toFixed(2)}×`);
    lines.push(
      `| \`${r.path}\` | ${f(p.requestsPerSec)} → ${f(r.requestsPerSec)} | ${pct(r.requestsPerSec, p.requestsPerSec)} | ` +
        `${f(p.latencyMs?.p95)} → ${f(r.latencyMs?.p95)} | ${pct(r.latencyMs?.p95, p.latencyMs?.p95)} | ${x(p.timesFloorP95)} → ${x(r.timesFloorP95)} |`,
    );
  }
  return lines.join("\n");
}

function scoringTable(r: ScoringBenchResult): string {
  const lines = [
    `Scoring engine: the built-in template (${r.questions} questions) for the supplier and ${r.components} components, ${r.answersPerAssessment} answers per assessment, one core.`,
    "",
    "| scoring | assessments/s | per CPU-second | scored |",
    "|---|---:|---:|---:|",
  ];
  for (const m of r.measurements)
    lines.push(`| ${m.label} | ${m.perSecond.toLocaleString("en")} | ${m.perCpuSecond.toLocaleString("en")} | ${m.scored.toLocaleString("en")} |`);
  return lines.join("\n");
}

// ---- main -------------------------------------------------------------------------------------------
const startedAt = new Date();
const loadBefore = Number(os.loadavg()[0]!.toFixed(2));
// Bounded in time whatever happens: start-up and seeding, then per page its load plus room for the
// idle requests and for draining what the load left behind.
const budgetMs = 10 * 60_000 + (options.paths.length + 3) * (options.duration + 240) * 1000;
const watchdog = setTimeout(() => {
  console.error(`Error: the benchmark did not finish within ${Math.round(budgetMs / 60_000)} minutes; giving up.`);
  if (database) console.error(`Left behind: ${database.label.replace(/ \(.*\)$/, "")}`);
  process.exit(2); // bench-processes kills the server's process group on exit
}, budgetMs);
watchdog.unref();

let database: BenchDatabase | null = null;
let runtime: Runtime | null = null;
let server: http.Server | null = null;
let child: Child | null = null;
let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  console.error("\nInterrupted: finishing the current page, then cleaning up…");
});

let exitCode = 0;
try {
  database = await createBenchDatabase();
  console.log(`Bench database: ${database.label}`);

  // The server listens first (port 0 = any free one) so BASE_URL is known before the app starts.
  let handler: http.RequestListener = (_req, res) => res.end();
  let inFlight = 0;
  server = http.createServer((req, res) => {
    inFlight += 1;
    res.once("close", () => (inFlight -= 1)); // also when the client gave up early
    handler(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Not from process.env: the bench never touches the configured DATABASE_URL or DATA_DIR.
  const config = loadConfig({
    NODE_ENV: "production",
    BASE_URL: baseUrl,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    SEED_DEMO: "never",
    RUN_WORKER: "false",
  });
  const logger = createLogger(config.logLevel);
  let t0 = performance.now();
  runtime = await startRuntime(config, logger, { worker: false, target: database.target });
  console.log(`Database opened and migrated in ${Math.round(performance.now() - t0)} ms.`);
  const db = runtime.ctx.db;

  t0 = performance.now();
  const demo = await seedDemoData(db);
  console.log(`Demo data seeded in ${Math.round(performance.now() - t0)} ms:`, demo);
  if (options.reuse) console.log("Reusing the seeded database as it is (no seeding).");
  else if (options.inventoryOnly) {
    console.log(`Big seed (${options.suppliers} suppliers):`);
    await seedBigInventory(db, { suppliers: options.suppliers, log: console.log });
  } else {
    console.log(`Scale seed (${options.suppliers} suppliers; npm run seed:scale):`);
    await seedScale(db, { suppliers: options.suppliers, log: console.log });
  }

  const counts = await sql<Record<string, string>>`SELECT
      (SELECT count(*) FROM assessments) AS assessments, (SELECT reltuples::bigint FROM pg_class WHERE relname = 'answers') AS answers_estimated,
      (SELECT count(*) FROM scores) AS scores, (SELECT count(*) FROM suppliers) AS suppliers, (SELECT count(*) FROM supplier_contacts) AS contacts,
      (SELECT count(*) FROM ai_components) AS components, (SELECT count(*) FROM ai_systems) AS systems,
      (SELECT count(*) FROM ai_system_dependencies) AS dependencies`.execute(db);
  const dataset = Object.fromEntries(Object.entries(counts.rows[0]!).map(([k, v]) => [k, Number(v)]));
  const serverVersion = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db)).rows[0]!.v;

  const admin = await db
    .selectFrom("users")
    .select(["id", "email"])
    .where("role", "=", "admin")
    .where("disabled_at", "is", null)
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirstOrThrow();
  const { token } = await db.transaction().execute((trx) => createStaffSession(trx, admin.id, { ip: "127.0.0.1", userAgent: "assay-bench (autocannon)" }));
  // The vendor form at full size: the built-in template for five components (see bench-vendor.ts).
  const vendor = await prepareVendorQuestionnaire(runtime.ctx, admin);
  // Pages of one record, picked from the seeded data: a big-seed supplier with assessments, one AI
  // system, a decided (scored) assessment of the built-in template.
  const supplier = await db.selectFrom("suppliers as s").select("s.id").where("s.external_id", "=", "BIG-SUP-000002").executeTakeFirst();
  const system = await db.selectFrom("ai_systems").select("id").where("external_id", "=", "BIG-SYS-000001").executeTakeFirst();
  const scored = await db
    .selectFrom("assessments as a")
    .innerJoin("scores as sc", "sc.assessment_id", "a.id")
    .select("a.id")
    .where("a.status", "=", "decided")
    .orderBy("a.id")
    .limit(1)
    .executeTakeFirst();
  if (!options.customPaths) {
    const [vendorHome, vendorSection, vendorSubmit] = vendor.paths;
    options.paths = [
      ...options.paths.slice(0, 4),
      ...(supplier ? [`/suppliers/${supplier.id}`] : []),
      ...(system ? [`/graph?system=${system.id}`] : []),
      ...options.paths.slice(4, 5),
      ...(scored ? [`/assessments/${scored.id}`] : []),
      vendorHome!,
      vendorSection!,
      AUTOSAVE,
      vendorSubmit!,
      ...(scored ? [`/assessments/${scored.id}/scorecard`, `/assessments/${scored.id}/scorecard.pdf`] : []),
      ...options.paths.slice(5),
      ...API_PATHS,
    ];
  }
  // The autosave: the section page's own questions (no condition, one of two answers), each a slot.
  const autosaveSlots: AutosaveSlot[] = [];
  {
    const row = await db.selectFrom("assessments").select("template_version_id").where("id", "=", vendor.assessmentId).executeTakeFirstOrThrow();
    const version = await db.selectFrom("template_versions").select("definition").where("id", "=", row.template_version_id).executeTakeFirstOrThrow();
    for (const section of (version.definition as TemplateDefinition).sections) {
      for (const q of section.questions) {
        if (q.showIf || (q.type !== "yes_no" && q.type !== "yes_partial_no")) continue;
        const scopes = section.scope === "component" ? vendor.componentIds : [null];
        for (const componentId of scopes) autosaveSlots.push({ questionKey: q.key, componentId, values: ["yes", "no"] });
      }
    }
  }
  console.log(`Vendor questionnaire: ${vendor.questions} questions to answer (built-in template × 5 components).`);
  // Browsers ask for gzip; the app compresses, and that cost belongs in the figures.
  // The API takes a bearer token and ignores cookies; the pages ignore the bearer token.
  const apiToken = await createPersonalToken(runtime.ctx, userActor(admin), admin.id, { name: "assay-bench", scopes: "read", expires: null });
  const headers = { cookie: `${SESSION_COOKIE}=${token}; ${vendor.cookie}`, authorization: `Bearer ${apiToken.token}`, "accept-encoding": "gzip" };

  // With --explain, the app runs on a Kysely that also records each query while a probe runs.
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  let capturing = false;
  if (options.explain) {
    runtime.ctx.db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: runtime.database.pool }),
      log: (event) => {
        if (capturing && event.level === "query") captured.push({ sql: event.query.sql, parameters: event.query.parameters });
      },
    });
  }

  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  handler = createExpressApp(runtime.ctx, build) as unknown as http.RequestListener;
  if (options.server === "compiled") {
    // The production process itself on the same port: this process keeps its runtime for seeding and
    // the portfolio jobs, and stops listening.
    const port = (server.address() as AddressInfo).port;
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = null;
    child = (
      await startWebInstance("server", {
        databaseUrl: (database.target as { url: string }).url,
        port,
        env: { API_RATE_LIMIT_PER_MINUTE: process.env.API_RATE_LIMIT_PER_MINUTE },
      })
    ).child;
  }
  console.log(
    `App (${options.server === "compiled" ? "node build/server.js" : "in this process"}) listening on ${baseUrl}; signed in as ${admin.email}. ` +
      `${options.duration} s per page, ${options.connections} connections.\n`,
  );

  // Requests autocannon abandoned at the end of a run are still being served (the database keeps
  // working after the client hung up): wait for quiet before the next page, or its figures pay for them.
  const pool = runtime.database.pool;
  // The compiled server is another process: its database sessions tell whether it is still busy.
  const childBusy = async () =>
    Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`.execute(db)
      ).rows[0]!.n,
    ) > 0;
  const waitUntilIdle = async (limitMs: number): Promise<boolean> => {
    const until = Date.now() + limitMs;
    let quietSince = 0;
    while (Date.now() < until && !interrupted) {
      const busy = child ? await childBusy() : inFlight > 0 || pool.waitingCount > 0 || pool.totalCount > pool.idleCount;
      if (busy) quietSince = 0;
      else if (!quietSince) quietSince = Date.now();
      else if (Date.now() - quietSince >= 500) return true;
      await sleep(50);
    }
    return false;
  };
  const timedGet = async (url: string) => {
    const t = performance.now();
    const response = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(60_000) });
    await response.arrayBuffer();
    return { status: response.status, millis: performance.now() - t };
  };

  const results: PathResult[] = [];
  const autosaveUrl = `${baseUrl}/v/a/${vendor.assessmentId}/answers`;
  for (const pagePath of options.paths) {
    if (interrupted) break;
    const isAutosave = pagePath === AUTOSAVE;
    const url = isAutosave ? autosaveUrl : baseUrl + pagePath;
    const connections = isAutosave ? AUTOSAVE_CONNECTIONS : options.connections;
    let status = 0;
    let idleMs: number | undefined;
    let queries: ExplainedQuery[] | undefined;
    if (isAutosave) {
      // One save to check, then the idle figure from a few more (each a new revision of one answer).
      const slot = autosaveSlots[0]!;
      const post = async (rev: number) => {
        const t = performance.now();
        const response = await fetch(url, {
          method: "POST",
          headers: { ...headers, origin: baseUrl, "content-type": "application/json" },
          body: JSON.stringify({
            questionKey: slot.questionKey,
            componentId: slot.componentId,
            value: slot.values[rev % 2],
            isNa: false,
            comment: null,
            baseRevision: rev,
          }),
        });
        const body = (await response.json()) as { revision?: number };
        return { status: response.status, millis: performance.now() - t, revision: body.revision ?? rev };
      };
      let rev =
        (
          await db
            .selectFrom("answers")
            .select("revision")
            .where("assessment_id", "=", vendor.assessmentId)
            .where("question_key", "=", slot.questionKey)
            .where("scope_id", "=", slot.componentId ?? "00000000-0000-0000-0000-000000000000")
            .executeTakeFirst()
        )?.revision ?? 0;
      const idle: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const r = await post(rev);
        status = r.status;
        rev = r.revision;
        if (i > 0) idle.push(r.millis);
      }
      idleMs = idle.sort((x, y) => x - y)[2];
      // The load starts every slot at revision 0: use slots not saved yet (the first one was).
      autosaveSlots.shift();
    } else {
      try {
        captured.length = 0;
        capturing = true;
        status = (await timedGet(url)).status;
      } catch (error) {
        capturing = false;
        results.push({ path: pagePath, status: 0, measured: false, note: `request failed: ${errorText(error)}; not measured` });
        console.log(`${pagePath}: request failed (${errorText(error)}); not measured`);
        continue;
      } finally {
        capturing = false;
      }
      queries = options.explain ? await explainAll(runtime.database.pool, captured) : undefined;
      if (status >= 200 && status <= 299) {
        // The probe took the first-request costs (module init, plan caches); a few more on the idle server give the single-request latency.
        const idle: number[] = [];
        for (let i = 0; i < 5; i += 1) idle.push((await timedGet(url)).millis);
        idleMs = idle.sort((x, y) => x - y)[2]!;
      }
    }
    if (status < 200 || status > 299) {
      const note = status === 404 ? "route not found (404); not measured" : `answered ${status}; not measured`;
      results.push({ path: pagePath, status, measured: false, note, queries });
      console.log(`${pagePath}: ${note}`);
      continue;
    }

    process.stdout.write(`${pagePath}: ${options.duration} s of load, ${connections} connections… `);
    const appErrors: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void appErrors.push(args.map((x) => (x instanceof Error ? x.message : String(x))).join(" "));
    let r: Awaited<ReturnType<typeof runLoad>>;
    let drainMs = 0;
    let drained = true;
    try {
      r = await runLoad({
        url,
        connections,
        durationMs: options.duration * 1000,
        headers: isAutosave ? { ...headers, origin: baseUrl } : headers,
        autosave: isAutosave ? autosaveSlots : undefined,
      });
      const t = performance.now();
      drained = await waitUntilIdle(180_000);
      drainMs = performance.now() - t;
    } finally {
      console.error = consoleError;
    }
    const result: PathResult = {
      path: pagePath,
      status,
      measured: true,
      idleMs,
      connections,
      requestsPerSec: r.requestsPerSec,
      latencyMs: r.latencyMs,
      requests: r.requests,
      non2xx: r.non2xx,
      errors: r.errors,
      statusCodes: r.statusCodes,
      bytesPerResponse: r.bytesPerResponse,
      queries,
    };
    const notes: string[] = [];
    if (r.requests === 0) notes.push(`no response completed within the ${options.duration} s run`);
    if (r.non2xx > 0) notes.push(`non-2xx responses under load: ${JSON.stringify(r.statusCodes)}`);
    if (r.errors > 0) notes.push(`${r.errors} connection errors or timeouts (30 s)`);
    if (appErrors.length) notes.push(`the app logged ${appErrors.length} errors, e.g. "${appErrors[0]!.split("\n")[0]!.slice(0, 120)}"`);
    if (!drained) notes.push("the server was still busy 3 minutes after the run");
    if (drainMs > 2000) notes.push(`abandoned requests kept the server busy ${(drainMs / 1000).toFixed(0)} s after the run`);
    if (notes.length) result.note = notes.join("; ");
    results.push(result);
    console.log(`${r.requestsPerSec.toFixed(0)} req/s, p50 ${ms(r.latencyMs.p50)} ms, p95 ${ms(r.latencyMs.p95)} ms${result.note ? ` (${result.note})` : ""}`);
  }
  const floor = results.find((x) => x.path === "/floor" && x.measured && x.requests);
  if (floor) for (const x of results) if (x.latencyMs) x.timesFloorP95 = x.latencyMs.p95 / floor.latencyMs!.p95;

  // The portfolio jobs, timed on the idle server: a rescore (of a sample, or all with --full-rescore) and the deadline sweep.
  const portfolio: Record<string, { ms: number; items: number; note: string }> = {};
  if (!interrupted) {
    const admin2 = await db.selectFrom("users").select(["id", "email", "name", "role"]).where("id", "=", admin.id).executeTakeFirstOrThrow();
    const scoredCount = Number((await sql<{ n: string }>`SELECT count(DISTINCT assessment_id) AS n FROM scores`.execute(db)).rows[0]!.n);
    if (options.fullRescore) {
      const t = performance.now();
      const runId = await startRescoreAll(runtime.ctx, userActor(admin2));
      const { done, failed } = await runRescore(runtime.ctx, runId);
      const took = performance.now() - t;
      portfolio.rescore = { ms: took, items: done + failed, note: `full "rescore all" of ${done + failed} scored assessments (${failed} refused)` };
    } else {
      const methodology = await currentMethodology(db);
      const sample = (await db.selectFrom("scores").select("assessment_id").distinct().orderBy("assessment_id").limit(200).execute()).map(
        (x) => x.assessment_id,
      );
      const t = performance.now();
      for (const id of sample) await db.transaction().execute((trx) => rescoreLatest(trx, id, methodology));
      const took = performance.now() - t;
      portfolio.rescore = {
        ms: (took / Math.max(1, sample.length)) * scoredCount,
        items: scoredCount,
        note: `${sample.length} assessments rescored as "rescore all" does (${(took / Math.max(1, sample.length)).toFixed(1)} ms each), extrapolated to all ${scoredCount}`,
      };
    }
    const t = performance.now();
    const { refreshed } = await refreshAllDeadlines(db);
    portfolio.deadlineSweep = { ms: performance.now() - t, items: refreshed, note: `the nightly deadline sweep over all ${refreshed} components` };
    for (const [name, p] of Object.entries(portfolio)) console.log(`${name}: ${(p.ms / 1000).toFixed(1)} s (${p.note})`);
  }

  // The scoring engine alone, on this (now idle) process's main thread: one core.
  let scoring: ScoringBenchResult | null = null;
  if (!interrupted) {
    console.log(`\nScoring engine (built-in template, 5 components, ${options.scoringSeconds} s per line):`);
    scoring = benchScoring({ seconds: options.scoringSeconds, components: 5, variants: 200 }, console.log);
  }

  const cpus = os.cpus();
  const environment = {
    date: startedAt.toISOString(),
    node: process.version,
    cpu: `${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}`,
    database: `${runtime.database.kind} (PostgreSQL ${serverVersion})`,
    server: options.server === "compiled" ? "node build/server.js (child process, as npm start)" : "Remix build in the bench process (tsx)",
    dataset,
    durationSeconds: options.duration,
    connections: options.connections,
    autosaveConnections: AUTOSAVE_CONNECTIONS,
    /** 1-minute load average before and after: other work on the machine skews the figures. */
    loadAverage: { before: loadBefore, after: Number(os.loadavg()[0]!.toFixed(2)) },
  };
  console.log(`\n## Assay bench: ${environment.database}, ${environment.cpu}, Node ${environment.node}`);
  console.log(
    `Data: ${Object.entries(dataset)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ")}. ${options.duration} s per page, ${options.connections} connections.`,
  );
  console.log(`Load average (1 min) before ${environment.loadAverage.before}, after ${environment.loadAverage.after}.\n`);
  console.log(markdownTable(results));
  const notes = results.filter((r) => r.note);
  if (notes.length) console.log(`\n${notes.map((r) => `- \`${r.path}\`: ${r.note}`).join("\n")}`);
  if (scoring) console.log(`\n${scoringTable(scoring)}`);
  const portfolioText = Object.keys(portfolio).length
    ? [
        "| portfolio job | seconds | items | what |",
        "|---|---:|---:|---|",
        ...Object.entries(portfolio).map(([name, p]) => `| ${name} | ${(p.ms / 1000).toFixed(1)} | ${p.items.toLocaleString("en")} | ${p.note} |`),
      ].join("\n")
    : "";
  if (portfolioText) console.log(`\n${portfolioText}`);
  if (options.compare) {
    const previous = JSON.parse(fs.readFileSync(options.compare, "utf8")) as { results: PathResult[]; environment?: { date?: string } };
    console.log(`\n${compareTable(results, previous)}`);
  }

  if (options.explain) {
    console.log("\n## Queries per page (EXPLAIN ANALYZE of one request)\n");
    for (const r of results) {
      if (!r.queries) continue;
      console.log(`${r.path}: ${r.queries.length} SELECTs, ${r.queries.reduce((s, q) => s + q.executionMs, 0).toFixed(1)} ms in the database`);
      for (const q of r.queries) {
        for (const scan of q.seqScans.filter((s) => s.rows + s.removedByFilter >= SEQ_SCAN_REPORT_ROWS)) {
          const filter = scan.filter ? `, filter ${scan.filter} (removed ${scan.removedByFilter})` : "";
          console.log(`  Seq Scan on ${scan.table}: ${scan.rows} rows${filter} [${q.executionMs.toFixed(1)} ms]  ${q.sql.replace(/\s+/g, " ").slice(0, 140)}…`);
        }
      }
    }
  }

  // The JSON (without the query plans, which are large) where --out says; the plans go to the temp folder.
  const outFile = path.resolve(options.out);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const slim = results.map(({ queries: _queries, ...rest }) => rest);
  fs.writeFileSync(outFile, `${JSON.stringify({ environment, results: slim, scoring, portfolio }, null, 2)}\n`);
  const tmpDir = path.join(os.tmpdir(), "assay-bench-results");
  fs.mkdirSync(tmpDir, { recursive: true });
  const full = path.join(tmpDir, `bench-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(full, JSON.stringify({ environment, results, scoring, portfolio }, null, 2));
  console.log(`\nResults (JSON): ${outFile} (with query plans: ${full})`);
  if (interrupted) exitCode = 130;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
  }
  if (child) await stopChild(child);
  await runtime?.stop().catch((error) => console.error(error));
  await database?.drop().catch((error) => console.error(`Could not remove the bench database: ${(error as Error).message}`));
}
process.exit(exitCode);
