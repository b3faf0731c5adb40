// npm run worker: runs the job workers alone (emails, reminders, sweeps). Against PostgreSQL,
// start as many as you like; the queue hands each job to one of them.
import { DataDirLockedError } from "../db/connection";
import { ConfigError, loadConfig } from "../app/config.server";
import { createLogger } from "../app/server/logger.server";
import { startRuntime } from "../app/server/runtime.server";

try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = await startRuntime(config, logger, { worker: true });
  logger.info({ database: runtime.database.location }, "worker started");
  const stop = async () => {
    logger.info("worker stopping");
    await runtime.stop();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} catch (error) {
  if (error instanceof DataDirLockedError || error instanceof ConfigError) console.error(`Error: ${error.message}`);
  else console.error(error);
  process.exit(1);
}
