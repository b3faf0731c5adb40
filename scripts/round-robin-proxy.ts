// A tiny round-robin HTTP reverse proxy on node:http, for npm run bench:scale-out (and for trying
// several instances by hand). Each request goes to the next upstream in turn, over a keep-alive agent
// of that upstream; bodies are streamed both ways, status and headers copied (hop-by-hop headers
// dropped), the client's address appended to X-Forwarded-For. An upstream that cannot be reached
// gets a 502 with a short text body; there is no retry, no health check, no TLS.
//
//   tsx scripts/round-robin-proxy.ts --port 8080 --upstream http://127.0.0.1:3001 --upstream http://127.0.0.1:3002
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export interface RoundRobinProxyOptions {
  /** 0 picks a free port. */
  port: number;
  /** Base URLs, like http://127.0.0.1:3001 (http only; a path on them is ignored). */
  upstreams: string[];
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
}

export interface RoundRobinProxy {
  url: string;
  close(): Promise<void>;
}

/** Headers that belong to one connection, never forwarded (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const listed = String(headers.connection ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

interface Upstream {
  url: URL;
  agent: http.Agent;
}

export async function startRoundRobinProxy(options: RoundRobinProxyOptions): Promise<RoundRobinProxy> {
  if (options.upstreams.length === 0) throw new Error("startRoundRobinProxy: no upstreams");
  const upstreams: Upstream[] = options.upstreams.map((raw) => {
    const url = new URL(raw);
    if (url.protocol !== "http:") throw new Error(`startRoundRobinProxy: only http:// upstreams, not ${raw}`);
    return { url, agent: new http.Agent({ keepAlive: true }) };
  });
  let next = 0;

  const server = http.createServer((req, res) => {
    const upstream = upstreams[next]!;
    next = (next + 1) % upstreams.length;
    const headers = forwardable(req.headers);
    const client = req.socket.remoteAddress ?? "unknown";
    const prior = req.headers["x-forwarded-for"];
    headers["x-forwarded-for"] = prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${client}` : client;

    const proxyReq = http.request(
      { agent: upstream.agent, hostname: upstream.url.hostname, port: upstream.url.port || 80, method: req.method, path: req.url, headers },
      (proxyRes) => {
        res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, forwardable(proxyRes.headers));
        proxyRes.pipe(res);
        proxyRes.on("error", () => res.destroy());
      },
    );
    proxyReq.on("error", (error) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const text = `502 Bad Gateway: upstream ${upstream.url.origin} did not answer (${(error as NodeJS.ErrnoException).code ?? error.message})\n`;
      res.writeHead(502, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
    // The client hung up before the answer was complete: stop the upstream request too.
    res.on("close", () => {
      if (!res.writableFinished) proxyReq.destroy();
    });
    req.pipe(proxyReq);
  });
  server.keepAliveTimeout = 65_000;

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(":") ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            for (const upstream of upstreams) upstream.agent.destroy();
          }),
      });
    });
  });
}

// ---- command line ---------------------------------------------------------------------------------
const runDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  const USAGE = "Usage: tsx scripts/round-robin-proxy.ts --port 8080 --upstream http://127.0.0.1:3001 [--upstream http://127.0.0.1:3002 …] [--host 127.0.0.1]";
  try {
    const { values } = parseArgs({
      options: { port: { type: "string" }, host: { type: "string" }, upstream: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const port = Number(values.port ?? "8080");
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be a whole number from 0 to 65535");
    if (!values.upstream?.length) throw new Error("give at least one --upstream");
    const proxy = await startRoundRobinProxy({ port, host: values.host, upstreams: values.upstream });
    console.log(`Round-robin proxy at ${proxy.url} → ${values.upstream.join(", ")}`);
    const stop = () => void proxy.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  } catch (error) {
    console.error(`Error: ${(error as Error).message}\n${USAGE}`);
    process.exit(1);
  }
}
