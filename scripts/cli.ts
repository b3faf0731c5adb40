// Shared by every command: load config, open the runtime, print clear errors, exit non-zero on failure.
import { DataDirLockedError } from "../db/connection";
import { ConfigError, loadConfig, type AppConfig } from "../app/config.server";
import { createLogger, type Logger } from "../app/server/logger.server";
import { startRuntime, type Runtime, type RuntimeOptions } from "../app/server/runtime.server";

export async function runCommand(
  options: RuntimeOptions,
  main: (runtime: Runtime, config: AppConfig, logger: Logger) => Promise<number | void>,
): Promise<never> {
  let runtime: Runtime | null = null;
  let code: number;
  try {
    const config = loadConfig();
    const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
    runtime = await startRuntime(config, logger, options);
    code = (await main(runtime, config, logger)) ?? 0;
  } catch (error) {
    code = 1;
    if (error instanceof DataDirLockedError || error instanceof ConfigError) console.error(`Error: ${error.message}`);
    else console.error(error);
  } finally {
    await runtime?.stop().catch((error) => console.error(error));
  }
  process.exit(code);
}
