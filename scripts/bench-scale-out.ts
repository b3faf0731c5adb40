// npm run bench:scale-out (= npm run build && tsx scripts/bench-scale-out.ts): horizontal scale,
// measured, never asserted. Throughput of ONE web instance against TWO on the same PostgreSQL, behind
// the round-robin proxy of scripts/round-robin-proxy.ts, with one worker process running beside them.
//
// BENCH_DATABASE_URL must name an already seeded database (npm run seed:scale, or npm run bench --
// --reuse once): nothing is seeded here. The web instances are the compiled server (node
// build/server.js, as `npm start`), each migrating at start as in production. The demo admin is
// signed in by a session row inserted directly (removed at the end). Then, per page:
//   1. instance A alone, directly;
//   2. instance A alone through the proxy (the proxy's own cost; skip with --skip-proxy-one);
//   3. instances A and B through the proxy, round robin.
// Every child process is stopped at the end (SIGTERM, SIGKILL after 10 s), also on errors and Ctrl-C.
//
//   --duration S      seconds of load per page and set (default 10)
//   --connections N   concurrent connections (default 10)
//   --warmup S        seconds of unrecorded load per page before each measurement (default 2; 0: none),
//                     so a freshly started instance is not measured while its JIT is still cold
//   --path /x         page to measure instead of the default list (repeatable)
//   --skip-proxy-one  leave out set 2
//   --out F           where to write the JSON report (default docs/benchmarks/scale-out-latest.json)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { SESSION_COOKIE } from "../app/http/session-cookie.server";
import { createStaffSession } from "../app/services/sessions.server";
import type { Database } from "../db/schema";
import { runLoad, type LoadResult } from "./bench-load";
import { startRoundRobinProxy, type RoundRobinProxy } from "./round-robin-proxy";
import { alive, children, positiveInt, sleep, startChild, startWebInstance, stopAllChildren } from "./bench-processes";

const DEFAULT_PATHS = ["/floor", "/suppliers?q=acme&status=active&sort=name&page=50", "/assessments", "/reviews", "/"];

// ---- arguments ------------------------------------------------------------------------------------
const USAGE =
  "Usage: BENCH_DATABASE_URL=postgres://…/<seeded db> npm run bench:scale-out -- [--duration 10] [--connections 10] [--warmup 2] [--path /x …] [--skip-proxy-one] [--out file.json]";
let options: { databaseUrl: string; duration: number; connections: number; warmup: number; paths: string[]; proxyOne: boolean; out: string };
try {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      connections: { type: "string" },
      warmup: { type: "string" },
      path: { type: "string", multiple: true },
      "skip-proxy-one": { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) throw new Error("BENCH_DATABASE_URL is not set: it must name an already seeded PostgreSQL database (npm run seed:scale)");
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error("BENCH_DATABASE_URL must start with postgres://");
  options = {
    databaseUrl,
    duration: positiveInt("duration", values.duration, 10, 600),
    connections: positiveInt("connections", values.connections, 10, 1000),
    warmup: values.warmup === "0" ? 0 : positiveInt("warmup", values.warmup, 2, 60),
    paths: values.path?.length ? values.path : DEFAULT_PATHS,
    proxyOne: !values["skip-proxy-one"],
    out: values.out ?? "docs/benchmarks/scale-out-latest.json",
  };
  const bad = options.paths.find((p) => !p.startsWith("/"));
  if (bad) throw new Error(`--path must start with "/": ${bad}`);
} catch (error) {
  console.error(`Error: ${(error as Error).message}\n${USAGE}`);
  process.exit(1);
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
if (!fs.existsSync(path.join(ROOT, "build/server.js"))) {
  console.error("Error: no build/server.js. Run `npm run build` first (npm run bench:scale-out does both).");
  process.exit(1);
}

/** A web instance: the compiled server, no workers, on a free loopback port. */
const startInstance = async (name: string) => (await startWebInstance(name, { databaseUrl: options.databaseUrl })).url;

// ---- clean-up: on success, error, Ctrl-C ------------------------------------------------------------
let stopping = false;
let proxy: RoundRobinProxy | null = null;
let db: Kysely<Database> | null = null;
let sessionId: string | null = null;

async function cleanUp(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await proxy?.close().catch(() => {});
  await stopAllChildren();
  if (db && sessionId)
    await db
      .deleteFrom("sessions")
      .where("id", "=", sessionId)
      .execute()
      .catch(() => {});
  await db?.destroy().catch(() => {});
  if (!children.some(alive)) console.log("All child processes stopped.");
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the child processes…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---- measuring ----------------------------------------------------------------------------------------
interface Row {
  path: string;
  /** Status of one request before the load; the load runs only when it is 2xx. */
  status: number;
  measured: boolean;
  requestsPerSec?: number;
  latencyMs?: LoadResult["latencyMs"];
  requests?: number;
  non2xx?: number;
  errors?: number;
  statusCodes?: Record<string, number>;
  bytesPerResponse?: number;
}
interface RowSet {
  key: "one" | "oneViaProxy" | "two";
  label: string;
  rows: Row[];
}

async function get(url: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, { headers, redirect: "manual" });
  await res.arrayBuffer();
  return res.status;
}

async function measureSet(key: RowSet["key"], label: string, baseUrl: string, upstreams: number, headers: Record<string, string>): Promise<RowSet> {
  console.log(`\n${label} (${baseUrl}):`);
  const rows: Row[] = [];
  for (const page of options.paths) {
    const url = baseUrl + page;
    // A few requests first (each upstream serves the page), the status check, then warm-up and load.
    let status = 0;
    for (let i = 0; i < Math.max(2, upstreams * 2); i++) status = await get(url, headers).catch(() => 0);
    if (status < 200 || status > 299) {
      console.log(`  ${page}: status ${status || "error"}, not measured`);
      rows.push({ path: page, status, measured: false });
      continue;
    }
    if (options.warmup) await runLoad({ url, connections: options.connections, durationMs: options.warmup * 1000, headers });
    const r = await runLoad({ url, connections: options.connections, durationMs: options.duration * 1000, headers });
    console.log(
      `  ${page}: ${r.requestsPerSec.toFixed(1)} req/s, p95 ${r.latencyMs.p95.toFixed(1)} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ""}`,
    );
    rows.push({
      path: page,
      status,
      measured: true,
      requestsPerSec: r.requestsPerSec,
      latencyMs: r.latencyMs,
      requests: r.requests,
      non2xx: r.non2xx,
      errors: r.errors,
      statusCodes: r.statusCodes,
      bytesPerResponse: r.bytesPerResponse,
    });
    await sleep(300);
  }
  return { key, label, rows };
}

// ---- report -----------------------------------------------------------------------------------------
const rps = (r: Row | undefined) =>
  !r?.measured || r.requestsPerSec === undefined ? "–" : r.requestsPerSec >= 10 ? r.requestsPerSec.toFixed(0) : r.requestsPerSec.toFixed(1);
const p95 = (r: Row | undefined) => {
  const n = r?.measured ? r.latencyMs?.p95 : undefined;
  return n === undefined || Number.isNaN(n) ? "–" : n >= 100 ? n.toFixed(0) : n.toFixed(1);
};
const ratio = (a: Row | undefined, b: Row | undefined) =>
  a?.requestsPerSec && b?.requestsPerSec && a.measured && b.measured ? `${(a.requestsPerSec / b.requestsPerSec).toFixed(2)}×` : "–";
const flag = (r: Row | undefined) => (r?.measured && (r.non2xx || r.errors) ? " ⚠" : "");

function markdownTable(sets: RowSet[]): string {
  const one = sets.find((s) => s.key === "one")!;
  const viaProxy = sets.find((s) => s.key === "oneViaProxy");
  const two = sets.find((s) => s.key === "two")!;
  const head = ["page", "1 instance req/s", "p95 ms"];
  if (viaProxy) head.push("1 via proxy req/s", "p95 ms");
  head.push("2 instances req/s", "p95 ms", "speed-up");
  if (viaProxy) head.push("vs 1 via proxy");
  const lines = [
    `| ${head.join(" | ")} |`,
    `|---|${head
      .slice(1)
      .map(() => "---:")
      .join("|")}|`,
  ];
  for (const page of options.paths) {
    const a = one.rows.find((r) => r.path === page);
    const p = viaProxy?.rows.find((r) => r.path === page);
    const b = two.rows.find((r) => r.path === page);
    const cells = [`\`${page}\``, rps(a) + flag(a), p95(a)];
    if (viaProxy) cells.push(rps(p) + flag(p), p95(p));
    cells.push(rps(b) + flag(b), p95(b), ratio(b, a));
    if (viaProxy) cells.push(ratio(b, p));
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

// ---- main -------------------------------------------------------------------------------------------
try {
  const dbName = new URL(options.databaseUrl).pathname.slice(1);
  const loadBefore = os.loadavg();
  console.log(`Scale-out benchmark on ${dbName}: ${options.duration} s per page and set, ${options.connections} connections.\n`);

  const worker = startChild("worker", ["--import", "tsx", "scripts/worker.ts"], {
    NODE_ENV: "production",
    DATABASE_URL: options.databaseUrl,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
  });
  const instanceA = await startInstance("web-a");
  if (!alive(worker)) throw new Error(`the worker exited:\n${worker.tail.join("\n")}`);

  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 2 }) }) });
  const admin = await db
    .selectFrom("users")
    .select(["id", "email"])
    .where("role", "=", "admin")
    .where("disabled_at", "is", null)
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  if (!admin) throw new Error(`no active admin in ${dbName}: is it seeded? (npm run seed:scale, or npm run bench -- --reuse once, adds the demo data)`);
  const session = await db.transaction().execute((trx) => createStaffSession(trx, admin.id, { ip: "127.0.0.1", userAgent: "assay-bench-scale-out" }));
  sessionId = session.sessionId;
  const headers = { cookie: `${SESSION_COOKIE}=${session.token}`, "accept-encoding": "gzip" };
  const counts = await sql<{ suppliers: string; assessments: string; v: string }>`SELECT (SELECT count(*) FROM suppliers) AS suppliers,
      (SELECT count(*) FROM assessments) AS assessments, current_setting('server_version') AS v`.execute(db);
  const dataset = { suppliers: Number(counts.rows[0]!.suppliers), assessments: Number(counts.rows[0]!.assessments) };
  console.log(`Signed in as ${admin.email}. Data: ${dataset.suppliers} suppliers, ${dataset.assessments} assessments.`);

  const sets: RowSet[] = [];
  sets.push(await measureSet("one", "1 instance, directly", instanceA, 1, headers));
  if (options.proxyOne) {
    proxy = await startRoundRobinProxy({ port: 0, upstreams: [instanceA] });
    sets.push(await measureSet("oneViaProxy", "1 instance through the proxy", proxy.url, 1, headers));
    await proxy.close();
    proxy = null;
  }
  const instanceB = await startInstance("web-b");
  proxy = await startRoundRobinProxy({ port: 0, upstreams: [instanceA, instanceB] });
  sets.push(await measureSet("two", "2 instances through the round-robin proxy", proxy.url, 2, headers));
  const loadAfter = os.loadavg();

  const cpus = os.cpus();
  const environment = {
    date: new Date().toISOString(),
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpu: { model: cpus[0]?.model.trim() ?? "unknown", count: cpus.length },
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    postgres: counts.rows[0]!.v,
    database: dbName,
    dataset,
  };
  const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(" / ");
  console.log(`\n${markdownTable(sets)}\n`);
  console.log(
    `${options.duration} s per page and set (after ${options.warmup} s of warm-up), ${options.connections} connections, gzip; one worker process beside the web instances; ` +
      `speed-up = 2 instances' req/s ÷ 1 instance's.` +
      (sets.some((s) => s.rows.some((r) => r.measured && (r.non2xx || r.errors))) ? " ⚠: some answers were not 2xx, or failed (see the JSON)." : ""),
  );
  console.log(`Machine: ${environment.cpu.count} × ${environment.cpu.model}, ${environment.memoryGb} GB, ${environment.os}.`);
  console.log(`Load average (1/5/15 min) before ${load(loadBefore)}, after ${load(loadAfter)}. Node ${process.version}, PostgreSQL ${environment.postgres}.`);
  console.log(`Date: ${environment.date}.`);

  fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
  const report = { environment, options: { duration: options.duration, connections: options.connections, warmup: options.warmup, paths: options.paths }, sets };
  fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`JSON report: ${options.out}`);
  await cleanUp();
  process.exit(0);
} catch (error) {
  console.error(`Error: ${(error as Error).message}`);
  await cleanUp();
  process.exit(1);
}
