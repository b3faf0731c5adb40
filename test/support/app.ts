// The application's real services on a test database: queue, workers, config, silent logger.
import type { DatabaseHandle } from "../../db/connection";
import { loadConfig, type AppConfig } from "../../app/config.server";
import { createQueue, startQueue } from "../../app/services/queue.server";
import { startWorkers } from "../../app/jobs/workers.server";
import type { AppContext } from "../../app/services/context.server";
import { createMailTransport } from "../../app/services/mail.server";
import { createLogger } from "../../app/server/logger.server";
import { createTestDatabase } from "./database";

export interface TestApp {
  ctx: AppContext;
  database: DatabaseHandle;
  stop(): Promise<void>;
}

export async function startTestApp(options: { env?: Record<string, string>; worker?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config: AppConfig = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", BASE_URL: "http://localhost:3000", ...options.env });
  const logger = createLogger(config.logLevel);
  const queue = createQueue(database.pool);
  queue.on("error", () => {});
  const ctx: AppContext = { db: database.db, databaseKind: database.kind, queue, config, logger };
  await startQueue(queue);
  if (options.worker) await startWorkers(ctx, createMailTransport(config.smtpUrl));
  return {
    ctx,
    database,
    async stop() {
      await queue.stop({ graceful: false, wait: true, timeout: 5_000 });
      await database.close();
    },
  };
}

/** Polls until `check` returns a value (or throws after `timeoutMs`): for work done by a queue worker. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error("Timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
