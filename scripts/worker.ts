// npm run worker: runs the job workers alone (emails, reminders, sweeps). Against PostgreSQL,
// start as many as you like; the queue hands each job to one of them.
import { DataDirLockedError } from "../db/connection";
import { ConfigError, loadConfig } from "../app/config.server";
import { createLogger } from "../app/server/logger.server";
import { survivePoolFaults } from "../app/server/process-faults.server";
import { startRuntime } from "../app/server/runtime.server";

try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  survivePoolFaults(logger);
  const runtime = await startRuntime(config, logger, { worker: true });
  logger.info({ database: runtime.database.location }, "worker started");
  // The job in hand finishes (the queue's graceful stop), then the database closes.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    logger.info("worker stopping");
    const clean = await runtime.stop().then(
      () => true,
      (error: unknown) => {
        logger.error({ err: error }, "error while stopping");
        return false;
      },
    );
    process.exit(clean ? 0 : 1);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} catch (error) {
  if (error instanceof DataDirLockedError || error instanceof ConfigError) console.error(`Error: ${error.message}`);
  else console.error(error);
  process.exit(1);
}
