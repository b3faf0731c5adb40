// What every service call may need, built once at start and handed to Remix as load context.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { AppConfig } from "../config.server";
import type { Queue } from "./queue.server";
import type { Logger } from "../server/logger.server";

export interface AppContext {
  db: Kysely<Database>;
  databaseKind: "postgres" | "pglite";
  queue: Queue;
  config: AppConfig;
  logger: Logger;
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    app: AppContext;
    cspNonce: string;
    clientIp: string | null;
  }
}
