// A database connection that dies outside any request (a pooled client's late query, a queue poll)
// must not take the process down with it: such a failure is logged and the pool reconnects on the
// next use. Any other unhandled failure is a bug: logged, then the process exits for its supervisor.
import { isConnectionError } from "../../db/connection-failures";
import type { Logger } from "./logger.server";

export function survivePoolFaults(logger: Logger): void {
  const handle = (kind: string) => (error: unknown) => {
    if (isConnectionError(error)) {
      logger.warn({ err: error }, `database connection lost outside a request (${kind}); continuing`);
      return;
    }
    logger.fatal({ err: error }, `${kind}: exiting`);
    process.exit(1);
  };
  process.on("unhandledRejection", handle("unhandled rejection"));
  process.on("uncaughtException", handle("uncaught exception"));
}
