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
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
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
import type { DatabaseTarget } from "../db/connection";
import type { Database } from "../db/schema";
import { seedDemoData } from "../app/services/demo-seed.server";
import { benchScoring, type ScoringBenchResult } from "./bench-scoring";
import { prepareVendorQuestionnaire } from "./bench-vendor";
import { BIG_SEED_DEFAULT_SUPPLIERS, BIG_SEED_MAX_SUPPLIERS, seedBigInventory } from "../app/services/big-seed.server";

const DEFAULT_PATHS = [
  "/healthz",
  "/",
  "/suppliers",
  "/suppliers?q=acme&status=active&sort=name&page=50",
  "/components?kind=hosted_api&page=100",
  "/ai-systems?criticality=critical",
  "/graph",
];
/** A sequential scan reading at least this many rows (all loops together) is worth a look. */
const SEQ_SCAN_REPORT_ROWS = 1000;

// ---- autocannon (CommonJS, no bundled types): only what this script uses -------------------------
interface Histogram {
  average: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  total: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
  requests: Histogram & { sent: number };
  latency: Histogram;
  throughput: Histogram;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  stop(): void;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  workers?: number;
  headers: Record<string, string>;
}) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

// ---- arguments ------------------------------------------------------------------------------------
const USAGE = "Usage: npm run bench -- [--duration 10] [--connections 10] [--suppliers 10000] [--path /x …] [--scoring-seconds 5] [--explain]";
function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}
let options: { duration: number; connections: number; suppliers: number; paths: string[]; customPaths: boolean; explain: boolean; scoringSeconds: number };
try {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      connections: { type: "string" },
      suppliers: { type: "string" },
      path: { type: "string", multiple: true },
      "scoring-seconds": { type: "string" },
      explain: { type: "boolean", default: false },
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
  };
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
  latencyMs?: { p50: number; p90: number; p97_5: number; p99: number; max: number; average: number };
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
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
const errorText = (error: unknown) => {
  const e = error as Error & { cause?: Error };
  return e.cause?.message ? `${e.message} (${e.cause.message})` : e.message;
};

function markdownTable(results: PathResult[]): string {
  const lines = [
    "| path | status | idle ms | req/s | p50 ms | p97.5 ms | p99 ms | max ms | non-2xx | KB/resp |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    const kb = r.bytesPerResponse === undefined ? "–" : (r.bytesPerResponse / 1024).toFixed(1);
    const non2xx = r.measured ? `${r.non2xx}${r.errors ? ` (+${r.errors} errors)` : ""}` : "–";
    if (!r.measured || !r.requests) {
      const rps = r.measured ? "0" : "–";
      lines.push(`| \`${r.path}\` | ${r.status || "error"} | ${ms(r.idleMs)} | ${rps} | – | – | – | – | ${non2xx} | ${kb} |`);
      continue;
    }
    const l = r.latencyMs!;
    const rps = r.requestsPerSec! >= 10 ? r.requestsPerSec!.toFixed(0) : r.requestsPerSec!.toFixed(1);
    lines.push(`| \`${r.path}\` | ${r.status} | ${ms(r.idleMs)} | ${rps} | ${ms(l.p50)} | ${ms(l.p97_5)} | ${ms(l.p99)} | ${ms(l.max)} | ${non2xx} | ${kb} |`);
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
  process.exit(2);
}, budgetMs);
watchdog.unref();

let database: BenchDatabase | null = null;
let runtime: Runtime | null = null;
let server: http.Server | null = null;
let current: AutocannonInstance | null = null;
let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  console.error("\nInterrupted: stopping the load and cleaning up…");
  current?.stop();
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
  console.log(`Big seed (${options.suppliers} suppliers):`);
  await seedBigInventory(db, { suppliers: options.suppliers, log: console.log });

  const counts = await sql<Record<string, string>>`SELECT
      (SELECT count(*) FROM suppliers) AS suppliers, (SELECT count(*) FROM supplier_contacts) AS contacts,
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
  if (!options.customPaths) options.paths = [...options.paths, ...vendor.paths];
  console.log(`Vendor questionnaire: ${vendor.questions} questions to answer (built-in template × 5 components).`);
  // Browsers ask for gzip; the app compresses, and that cost belongs in the figures.
  const headers = { cookie: `${SESSION_COOKIE}=${token}; ${vendor.cookie}`, "accept-encoding": "gzip" };

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
  console.log(`App listening on ${baseUrl}; signed in as ${admin.email}. ${options.duration} s per page, ${options.connections} connections.\n`);

  // Requests autocannon abandoned at the end of a run are still being served (the database keeps
  // working after the client hung up): wait for quiet before the next page, or its figures pay for them.
  const pool = runtime.database.pool;
  const waitUntilIdle = async (limitMs: number): Promise<boolean> => {
    const until = Date.now() + limitMs;
    let quietSince = 0;
    while (Date.now() < until && !interrupted) {
      const busy = inFlight > 0 || pool.waitingCount > 0 || pool.totalCount > pool.idleCount;
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
  for (const pagePath of options.paths) {
    if (interrupted) break;
    const url = baseUrl + pagePath;
    let status = 0;
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
    const queries = options.explain ? await explainAll(runtime.database.pool, captured) : undefined;
    if (status < 200 || status > 299) {
      const note = status === 404 ? "route not found (404); not measured" : `answered ${status}; not measured`;
      results.push({ path: pagePath, status, measured: false, note, queries });
      console.log(`${pagePath}: ${note}`);
      continue;
    }
    // The probe took the first-request costs (module init, plan caches); a few more on the idle
    // server give the single-request latency.
    const idle: number[] = [];
    for (let i = 0; i < 5; i += 1) idle.push((await timedGet(url)).millis);
    const idleMs = idle.sort((a, b) => a - b)[2]!;

    process.stdout.write(`${pagePath}: ${options.duration} s of load… `);
    // Errors the app prints under load (aborted renders…) are counted and reported, not streamed.
    const appErrors: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void appErrors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
    let r: AutocannonResult;
    let drainMs = 0;
    let drained = true;
    try {
      // One worker thread drives the load, so the client does not share the app's event loop.
      current = autocannon({ url, connections: options.connections, duration: options.duration, timeout: 10, workers: 1, headers });
      r = await current;
      current = null;
      const t = performance.now();
      drained = await waitUntilIdle(180_000);
      drainMs = performance.now() - t;
    } finally {
      console.error = consoleError;
    }
    const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]));
    const completed = r.requests.total;
    const result: PathResult = {
      path: pagePath,
      status,
      measured: true,
      idleMs,
      requestsPerSec: r.requests.average,
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max, average: r.latency.average },
      requests: completed,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      statusCodes,
      bytesPerResponse: completed > 0 ? Math.round(r.throughput.total / completed) : undefined,
      queries,
    };
    const notes: string[] = [];
    if (completed === 0) notes.push(`no response completed within the ${options.duration} s run`);
    if (r.non2xx > 0) notes.push(`non-2xx responses under load: ${JSON.stringify(statusCodes)}`);
    if (r.errors > 0) notes.push(`${r.errors} connection errors (${r.timeouts} timeouts after 10 s)`);
    if (appErrors.length) notes.push(`the app logged ${appErrors.length} errors, e.g. "${appErrors[0]!.split("\n")[0]!.slice(0, 120)}"`);
    if (!drained) notes.push("the server was still busy 3 minutes after the run");
    if (drainMs > 2000) notes.push(`abandoned requests kept the server busy ${(drainMs / 1000).toFixed(0)} s after the run`);
    if (notes.length) result.note = notes.join("; ");
    results.push(result);
    console.log(`${r.requests.average.toFixed(0)} req/s, p50 ${ms(r.latency.p50)} ms, p99 ${ms(r.latency.p99)} ms${result.note ? ` (${result.note})` : ""}`);
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
    dataset,
    durationSeconds: options.duration,
    connections: options.connections,
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

  const outDir = path.join(os.tmpdir(), "assay-bench-results");
  fs.mkdirSync(outDir, { recursive: true });
  const report = JSON.stringify({ environment, results, scoring }, null, 2);
  const outFile = path.join(outDir, "latest.json");
  fs.writeFileSync(outFile, report);
  fs.writeFileSync(path.join(outDir, `bench-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`), report);
  console.log(`\nResults (JSON): ${outFile}`);
  if (interrupted) exitCode = 130;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  current?.stop();
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
  }
  await runtime?.stop().catch((error) => console.error(error));
  await database?.drop().catch((error) => console.error(`Could not remove the bench database: ${(error as Error).message}`));
}
process.exit(exitCode);
