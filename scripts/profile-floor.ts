// Profile a page under load in the real server process (see docs/profiling.md).
//
//   npx tsx scripts/profile-floor.ts [--path /floor] [--duration 10] [--connections 10]
//        [--server compiled|tsx] [--out folder] [--top 25]
//   npx tsx scripts/profile-floor.ts --summarise file.cpuprofile
//
// Prepares a throw-away database (PGlite in a temp folder, or a new database on the server in
// BENCH_DATABASE_URL), seeds the demo data and signs the demo admin in. Then, twice, it starts the
// server as `npm start` does as a child process (`--server compiled`: node build/server.js, the default;
// `--server tsx`: node --import tsx scripts/server.ts):
//   1. without profiling: /healthz and the page under the same load, one after the other, and prints
//      req/s, p50, p95, p99 and the page's p95 as a multiple of /healthz's (the floor ratio);
//   2. with `node --cpu-prof`: the page alone under load, then prints the functions with the most
//      self time and the same grouped by package, counting only the samples taken during the load.
// It also prints the bytes the server sends gzipped for the page against the same HTML gzipped whole.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import pg from "pg";
import { loadConfig } from "../app/config.server";
import { createLogger } from "../app/server/logger.server";
import { startRuntime } from "../app/server/runtime.server";
import { SESSION_COOKIE } from "../app/http/session-cookie.server";
import { createStaffSession } from "../app/services/sessions.server";
import { seedDemoData } from "../app/services/demo-seed.server";

const { values } = parseArgs({
  options: {
    path: { type: "string", multiple: true },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    server: { type: "string", default: "compiled" },
    out: { type: "string" },
    top: { type: "string", default: "25" },
    summarise: { type: "string" },
  },
});
const paths = values.path?.length ? values.path : ["/floor"];
const duration = Number(values.duration);
const connections = Number(values.connections);
const top = Number(values.top);
const serverKind = values.server === "tsx" ? "tsx" : "compiled";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
if (values.summarise) {
  // Only read a profile written before: --summarise file.cpuprofile (every sample counted).
  summarise(JSON.parse(fs.readFileSync(values.summarise, "utf8")) as CpuProfile, 0, Number.POSITIVE_INFINITY);
} else {
  await main();
}

async function main() {
  const outDir = path.resolve(values.out ?? fs.mkdtempSync(path.join(os.tmpdir(), "assay-profile-")));
  fs.mkdirSync(outDir, { recursive: true });

  const serverArgs = serverKind === "compiled" ? ["build/server.js"] : ["--import", "tsx", "scripts/server.ts"];
  if (serverKind === "compiled" && !fs.existsSync("build/server.js")) {
    console.error("No build/server.js: run `npm run build` first.");
    process.exit(1);
  }

  type Autocannon = (opts: Record<string, unknown>) => Promise<{
    requests: { average: number; total: number };
    latency: { p50: number; p97_5: number; p99: number } & Record<string, number>;
    throughput: { total: number };
    non2xx: number;
  }>;
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

  // ---- database ------------------------------------------------------------------------------------
  const serverUrl = process.env.BENCH_DATABASE_URL;
  const dbName = `assay_profile_${process.pid}_${randomBytes(3).toString("hex")}`;
  const dataDir = serverUrl ? null : fs.mkdtempSync(path.join(os.tmpdir(), "assay-profile-db-"));
  let databaseUrl: string | null = null;
  async function admin(text: string) {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(text).finally(() => client.end());
  }
  if (serverUrl) {
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(serverUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: "production",
    BASE_URL: baseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    SEED_DEMO: "never",
    RUN_WORKER: "false",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir!, DATABASE_URL: "" }),
  };
  const config = loadConfig(env);
  const runtime = await startRuntime(config, createLogger("warn"), {
    worker: false,
    queue: false,
    target: databaseUrl ? { kind: "postgres", url: databaseUrl } : { kind: "pglite", dataDir: dataDir! },
  });
  await seedDemoData(runtime.ctx.db);
  const adminUser = await runtime.ctx.db.selectFrom("users").select("id").where("role", "=", "admin").limit(1).executeTakeFirstOrThrow();
  const { token } = await runtime.ctx.db.transaction().execute((trx) => createStaffSession(trx, adminUser.id, { ip: "127.0.0.1", userAgent: "profile" }));
  await runtime.stop(); // PGlite: one process at a time holds the data folder
  const headers = { cookie: `${SESSION_COOKIE}=${token}`, "accept-encoding": "gzip" };

  // ---- the server as a child process ----------------------------------------------------------------
  async function startServer(extra: string[]): Promise<ChildProcess> {
    const child: ChildProcess = spawn(process.execPath, [...extra, ...serverArgs], {
      env: { ...process.env, ...env } as NodeJS.ProcessEnv,
      stdio: ["ignore", "ignore", "inherit"],
    });
    for (let i = 0; i < 300; i += 1) {
      const ok = await fetch(`${baseUrl}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return child;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGKILL");
    throw new Error("the server did not answer /healthz within 30 s");
  }
  async function stopServer(child: ChildProcess) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  async function load(p: string, seconds = duration) {
    const r = await autocannon({ url: baseUrl + p, connections, duration: seconds, headers, workers: 1 });
    // autocannon has no p95: p97.5 is the nearest it reports.
    return {
      rps: r.requests.average,
      p50: r.latency.p50,
      p95: r.latency.p97_5,
      p99: r.latency.p99,
      bytes: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
      non2xx: r.non2xx,
    };
  }
  /** Bytes on the wire for one gzip request, and the decoded HTML gzipped in one piece. */
  function wireBytes(p: string): Promise<{ wire: number; whole: number; html: number }> {
    return new Promise((resolve, reject) => {
      http
        .get(baseUrl + p, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const wire = Buffer.concat(chunks);
            const html = res.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(wire) : wire;
            resolve({ wire: wire.length, whole: zlib.gzipSync(html).length, html: html.length });
          });
        })
        .on("error", reject);
    });
  }

  const cpuLoad = () => os.loadavg()[0]!.toFixed(2);
  try {
    console.log(
      `Server: node ${serverArgs.join(" ")} (${serverUrl ? "PostgreSQL" : "PGlite"}), ${connections} connections, ${duration} s per load. Load average ${cpuLoad()}.`,
    );
    // 1. figures without the profiler
    let child = await startServer([]);
    await load("/healthz", 2); // warm-up
    for (const p of paths) await load(p, 2);
    const healthz = await load("/healthz");
    console.log(`\n| path | req/s | p50 ms | p97.5 ms | p99 ms | KB/resp | p97.5 ÷ /healthz | req/s ÷ /healthz |`);
    console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
    const row = (p: string, r: Awaited<ReturnType<typeof load>>) =>
      console.log(
        `| ${p} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p95} | ${r.p99} | ${(r.bytes / 1024).toFixed(1)} | ${(r.p95 / healthz.p95).toFixed(1)}× | ${(healthz.rps / r.rps).toFixed(1)}× |`,
      );
    row("/healthz", healthz);
    for (const p of paths) row(p, await load(p));
    console.log(`Load average after: ${cpuLoad()}.`);
    for (const p of paths) {
      const b = await wireBytes(p);
      console.log(`${p}: ${b.html} bytes of HTML; sent gzipped ${b.wire} bytes; gzipped whole ${b.whole} bytes (${(b.wire / b.whole).toFixed(2)}×).`);
    }
    await stopServer(child);

    // 2. the CPU profile of the first page under load
    const spawnedAt = performance.now();
    child = await startServer(["--cpu-prof", `--cpu-prof-dir=${outDir}`]);
    await load(paths[0]!, 2);
    const loadFrom = performance.now() - spawnedAt;
    await load(paths[0]!);
    const loadTo = performance.now() - spawnedAt;
    await stopServer(child);
    const file = fs
      .readdirSync(outDir)
      // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (tsx adds a loader thread).
      .filter((f) => f.endsWith(".cpuprofile") && f.includes(`.${child.pid}.0.`))
      .map((f) => path.join(outDir, f))[0];
    if (!file) throw new Error("no .cpuprofile written");
    summarise(JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile, loadFrom * 1000, loadTo * 1000);
    console.log(`\nProfile: ${file} (open in Chrome DevTools › Performance, or speedscope).`);
  } finally {
    if (serverUrl) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---- reading the profile -------------------------------------------------------------------------
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
// In build/server.js, esbuild starts each module with a comment naming its file: the package of a line
// is the last such comment above it.
function bundledFile(url: string, line: number): string {
  const bundleIndex = bundleIndexOf(url);
  let lo = 0;
  let hi = bundleIndex.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bundleIndex[mid]!.line <= line) lo = mid;
    else hi = mid - 1;
  }
  return bundleIndex[lo]?.file ?? "build/server.js";
}
function bundleIndexOf(url: string): { line: number; file: string }[] {
  const cache = bundleIndexOf as unknown as { index?: { line: number; file: string }[] };
  if (!cache.index) {
    const bundleIndex: { line: number; file: string }[] = (cache.index = []);
    const lines = fs.readFileSync(fileURLToPath(url), "utf8").split("\n");
    lines.forEach((text, i) => {
      const m = /^\/\/ (\S+\.(?:m?js|cjs|tsx?|json))$/.exec(text);
      if (m) bundleIndex.push({ line: i, file: m[1]! });
    });
  }
  return cache.index;
}
function where(url: string, line = 0): string {
  if (!url) return "(native)";
  if (url.startsWith("wasm://")) return "WebAssembly (PGlite's PostgreSQL)";
  if (url.endsWith("/build/server.js")) url = bundledFile(url, line);
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node internals";
  if (url.startsWith("build/index.js") || url.includes("/build/index.js")) return "app (Remix build)";
  return "app";
}
/** Self time per function and per package, over the samples between fromUs and toUs after the start. */
function summarise(profile: CpuProfile, fromUs: number, toUs: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = 0;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    t += profile.timeDeltas[i]!;
    if (t < fromUs || t > toUs) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + dt);
    total += dt;
  }
  const fns = new Map<string, number>();
  const pkgs = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || "(anonymous)"}  ${f.url ? `${f.url.replace(/^.*node_modules\//, "").replace(`file://${ROOT}/`, "")}:${f.lineNumber + 1}` : ""}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const pkg = f.functionName.startsWith("(") ? f.functionName : where(f.url, f.lineNumber);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  console.log(`\nCPU profile of ${paths[0]} under load: ${(total / 1e6).toFixed(1)} s sampled.`);
  console.log(`\nSelf time by package:`);
  for (const [k, us] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(us)}  ${k}`);
  console.log(`\nTop ${top} functions by self time:`);
  for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${k}`);
}
