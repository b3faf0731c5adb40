// The bench's load generator: `connections` keep-alive connections, each sending its next request
// as soon as the last one answered, for `durationMs`, from a worker thread (so the client does not
// share the app's event loop). Every latency is kept, so p95 is exact (autocannon reports p90 and
// p97.5 but no p95). With `autosave`, each request POSTs a different answer (the slots are split
// between connections; each slot's revision follows the server's reply, so saves never conflict).
import { Worker } from "node:worker_threads";

export interface AutosaveSlot {
  questionKey: string;
  componentId: string | null;
  values: [unknown, unknown];
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationMs: number;
  headers: Record<string, string>;
  autosave?: AutosaveSlot[];
}

export interface LoadResult {
  requests: number;
  elapsedMs: number;
  requestsPerSec: number;
  latencyMs: { p50: number; p90: number; p95: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  bytesPerResponse: number;
}

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const zlib = require("node:zlib");
const { url, connections, durationMs, headers, autosave } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const latencies = [];
const codes = {};
let errors = 0, bytes = 0;
const started = performance.now();
const end = started + durationMs;
function send(body) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (body !== undefined) { h["content-type"] = "application/json"; h["content-length"] = Buffer.byteLength(body); }
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search,
      method: body === undefined ? "GET" : "POST", headers: h, timeout: 30000 }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, buf: Buffer.concat(chunks), gzip: res.headers["content-encoding"] === "gzip" }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}
async function connection(i) {
  const mine = autosave ? autosave.map((s, j) => ({ ...s, j, rev: 0 })).filter((s) => s.j % connections === i) : null;
  let k = 0;
  while (performance.now() < end) {
    let slot = null, body;
    if (mine) {
      slot = mine[k++ % mine.length];
      body = JSON.stringify({ questionKey: slot.questionKey, componentId: slot.componentId, value: slot.values[slot.rev % 2], isNa: false, comment: null, baseRevision: slot.rev });
    }
    const t = performance.now();
    try {
      const { status, buf, gzip } = await send(body);
      latencies.push(performance.now() - t);
      codes[status] = (codes[status] || 0) + 1;
      bytes += buf.length;
      // A saved answer's new revision; on a conflict (an answer prefilled at issue), the stored one's.
      if (slot && (status === 200 || status === 409)) {
        const reply = JSON.parse((gzip ? zlib.gunzipSync(buf) : buf).toString());
        slot.rev = status === 200 ? reply.revision : reply.current && reply.current.revision;
      }
    } catch { errors += 1; }
  }
}
Promise.all(Array.from({ length: connections }, (_, i) => connection(i))).then(() => {
  agent.destroy();
  parentPort.postMessage({ latencies: Float64Array.from(latencies), codes, errors, bytes, elapsedMs: performance.now() - started });
});
`;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: options });
    worker.once("error", reject);
    worker.once("message", (m: { latencies: Float64Array; codes: Record<string, number>; errors: number; bytes: number; elapsedMs: number }) => {
      void worker.terminate();
      const sorted = m.latencies.slice().sort();
      const n = sorted.length;
      const non2xx = Object.entries(m.codes).reduce((sum, [code, count]) => (code.startsWith("2") ? sum : sum + count), 0);
      resolve({
        requests: n,
        elapsedMs: m.elapsedMs,
        requestsPerSec: n / (m.elapsedMs / 1000),
        latencyMs: {
          p50: percentile(sorted, 50),
          p90: percentile(sorted, 90),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          max: n ? sorted[n - 1]! : NaN,
          mean: n ? sorted.reduce((a, b) => a + b, 0) / n : NaN,
        },
        statusCodes: m.codes,
        non2xx,
        errors: m.errors,
        bytesPerResponse: n ? Math.round(m.bytes / n) : 0,
      });
    });
  });
}
