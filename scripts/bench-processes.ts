// Child processes for the benchmarks (scripts/bench.ts --server compiled, scripts/bench-scale-out.ts):
// the compiled server started as `npm start` runs it, on a free loopback port, waited for on /healthz,
// and stopped with its whole process group. Also the benchmarks' shared argument check.
import { spawn, type ChildProcess } from "node:child_process";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HEALTH_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;

export const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** A command-line option that must be a whole number from 1 to `max`. */
export function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}

export interface Child {
  name: string;
  process: ChildProcess;
  /** The last lines it printed, for the error message if it dies. */
  tail: string[];
  exited: Promise<void>;
}

/** Every child started (and not yet reaped): stopped at exit whatever happens. */
export const children: Child[] = [];
let stopping = false;
export const alive = (child: Child) => child.process.exitCode === null && child.process.signalCode === null;

/** Starts a process in a group of its own, so stopping it stops whatever it started too. Its output is prefixed with its name. */
export function startChild(name: string, args: string[], env: Record<string, string | undefined>): Child {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.SMTP_URL; // mail stays in the database: a benchmark sends nothing
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const tail: string[] = [];
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const child: Child = { name, process: proc, tail, exited };
  for (const stream of [proc.stdout, proc.stderr]) {
    let partial = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines.filter((l) => l.trim())) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        console.log(`  [${name}] ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`);
      }
    });
  }
  proc.once("exit", (code, signal) => {
    if (!stopping) console.log(`  [${name}] exited (${signal ?? `code ${code}`})`);
  });
  children.push(child);
  return child;
}

/** SIGTERM to the child's group, SIGKILL after 10 s; then SIGKILL to anything it left behind. */
export async function stopChild(child: Child): Promise<void> {
  const pid = child.process.pid;
  if (pid === undefined || !alive(child)) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup("SIGTERM");
  const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_GRACE_MS).unref());
  if ((await Promise.race([child.exited.then(() => "exited" as const), timer])) === "timeout") {
    console.log(`  [${child.name}] still running ${STOP_GRACE_MS / 1000} s after SIGTERM: SIGKILL`);
    signalGroup("SIGKILL");
    await child.exited;
  }
  signalGroup("SIGKILL");
}

/** Stops every child; says so if one may have survived. */
export async function stopAllChildren(): Promise<void> {
  stopping = true;
  await Promise.all(children.map(stopChild));
  if (children.some(alive)) console.log("Warning: a child process may still be running.");
}

// Last resort (process.exit from anywhere): kill what is left, synchronously.
process.on("exit", () => {
  for (const child of children) {
    if (child.process.pid !== undefined && alive(child)) {
      try {
        process.kill(-child.process.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
});

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitHealthy(child: Child, url: string): Promise<void> {
  const until = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < until) {
    if (!alive(child)) throw new Error(`${child.name} exited before it answered /healthz:\n${child.tail.join("\n")}`);
    const status = await fetch(`${url}/healthz`).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0,
    );
    if (status === 200) return;
    await sleep(250);
  }
  throw new Error(`${child.name} did not answer 200 on ${url}/healthz within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

/**
 * A web instance as `npm start` runs one (node build/server.js, production, no workers) on the given
 * loopback port (a free one if none), waited for until /healthz answers. `env` adds settings.
 */
export async function startWebInstance(
  name: string,
  options: { databaseUrl: string; port?: number; env?: Record<string, string | undefined> },
): Promise<{ url: string; child: Child }> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = startChild(name, ["build/server.js"], {
    NODE_ENV: "production",
    DATABASE_URL: options.databaseUrl,
    RUN_WORKER: "false",
    PORT: String(port),
    HOST: "127.0.0.1",
    BASE_URL: url,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    SEED_DEMO: "never",
    ...options.env,
  });
  await waitHealthy(child, url);
  console.log(`Web instance ${name} up at ${url} (pid ${child.process.pid}) in ${Math.round(performance.now() - t0)} ms.`);
  return { url, child };
}
