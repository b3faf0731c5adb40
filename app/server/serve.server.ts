// The web server: npm start (build/server.js, compiled by scripts/build-server.ts) and npm run demo
// (scripts/server.ts through tsx) both call serve(). Serves the Remix build; runs the workers unless
// RUN_WORKER=false. On SIGTERM/SIGINT: stop taking connections, let requests in flight finish
// (SHUTDOWN_TIMEOUT_SECONDS, 25 by default), then stop the workers and the database.
import type { ServerBuild } from "@remix-run/node";
import { DataDirLockedError } from "../../db/connection";
import { ConfigError, loadConfig } from "../config.server";
import { createExpressApp } from "./express.server";
import { createLogger } from "./logger.server";
import { survivePoolFaults } from "./process-faults.server";
import { startRuntime } from "./runtime.server";
import { ShutdownGate } from "./shutdown.server";

/** Starts the server; `loadBuild` gives the Remix server build (imported once, after the runtime is up). */
export async function serve(loadBuild: () => Promise<ServerBuild>): Promise<void> {
  try {
    const config = loadConfig();
    const logger = createLogger(config.logLevel);
    survivePoolFaults(logger);
    const runtime = await startRuntime(config, logger, { worker: config.runWorker });
    const build = await loadBuild();
    const gate = new ShutdownGate();
    const app = createExpressApp(runtime.ctx, build, { shutdown: gate });
    const server = app.listen(config.port, config.host, () => {
      logger.info({ port: config.port, database: runtime.database.location }, "server listening");
      console.log(`\nAssay is running at ${config.baseUrl}  (database: ${runtime.database.kind} at ${runtime.database.location})`);
      if (config.devMailbox) {
        console.log(`Sign in: open ${config.baseUrl}/login, enter admin@example.com, then follow the link in ${config.baseUrl}/dev/mailbox\n`);
      }
    });

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, inFlight: gate.inFlight }, "shutting down: no new connections, finishing requests in flight");
      // Last resort if stopping itself hangs: the drain, then the queue's own 10 s, then a margin.
      const forceExit = setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 20_000).unref();
      const drained = await gate.drain(server, config.shutdownTimeoutMs);
      if (!drained) logger.warn({ inFlight: gate.inFlight }, "requests still running at the shutdown deadline were cut off");
      let clean = drained;
      await runtime.stop().catch((error) => {
        clean = false;
        logger.error({ err: error }, "error while stopping");
      });
      clearTimeout(forceExit);
      logger.info({ clean }, "stopped");
      process.exit(clean ? 0 : 1);
    };
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    process.on("SIGINT", () => void shutdown("SIGINT"));
  } catch (error) {
    if (error instanceof DataDirLockedError || error instanceof ConfigError) console.error(`Error: ${error.message}`);
    else console.error(error);
    process.exit(1);
  }
}
