// The web server: npm start (and npm run demo). Serves the Remix build; runs the workers
// unless RUN_WORKER=false; shuts down cleanly on SIGTERM/SIGINT.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { DataDirLockedError } from "../db/connection";
import { ConfigError, loadConfig } from "../app/config.server";
import { createExpressApp } from "../app/server/express.server";
import { createLogger } from "../app/server/logger.server";
import { startRuntime } from "../app/server/runtime.server";

const buildPath = path.resolve("build/index.js");
if (!fs.existsSync(buildPath)) {
  console.error("Error: no build found at build/index.js. Run `npm run build` first (npm run demo does both).");
  process.exit(1);
}

try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = await startRuntime(config, logger, { worker: config.runWorker });
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createExpressApp(runtime.ctx, build);
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
    logger.info({ signal }, "shutting down");
    const forceExit = setTimeout(() => process.exit(1), 15_000).unref();
    server.close();
    server.closeIdleConnections();
    await runtime.stop().catch((error) => logger.error({ err: error }, "error while stopping"));
    clearTimeout(forceExit);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
} catch (error) {
  if (error instanceof DataDirLockedError || error instanceof ConfigError) console.error(`Error: ${error.message}`);
  else console.error(error);
  process.exit(1);
}
