// Start-up shared by the web server, the worker and the command-line scripts: open the
// database (taking the data folder's lock), migrate, seed an empty embedded database, start the queue.
import { openDatabase, targetFromEnv, type DatabaseHandle, type DatabaseTarget } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { seedDemoData, shouldAutoSeed } from "../services/demo-seed.server";
import type { AppConfig } from "../config.server";
import { createQueue, startQueue } from "../services/queue.server";
import { startWorkers } from "../jobs/workers.server";
import type { AppContext } from "../services/context.server";
import { createMailTransport } from "../services/mail.server";
import { ensureBuiltinTemplate } from "../services/builtin-template.server";
import type { Logger } from "./logger.server";

export interface Runtime {
  ctx: AppContext;
  database: DatabaseHandle;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Run the job workers in this process. */
  worker: boolean;
  /** Start the queue at all (command-line scripts that send nothing skip it). */
  queue?: boolean;
  target?: DatabaseTarget;
}

export function targetFromConfig(config: AppConfig): DatabaseTarget {
  return targetFromEnv({ DATABASE_URL: config.databaseUrl, DATA_DIR: config.dataDir });
}

export async function startRuntime(config: AppConfig, logger: Logger, options: RuntimeOptions): Promise<Runtime> {
  const database = await openDatabase(options.target ?? targetFromConfig(config), { log: logger });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) logger.info({ applied }, "database migrated");
    await ensureBuiltinTemplate(database.db).catch((error: unknown) =>
      logger.error({ err: error }, "the built-in questionnaire template could not be installed"),
    );
    if (database.kind === "pglite" && config.seedDemo === "auto" && (await shouldAutoSeed(database.db))) {
      const summary = await seedDemoData(database.db);
      logger.info({ summary }, "empty embedded database: demo data seeded");
    }
    const queue = createQueue(database.pool);
    queue.on("error", (error) => logger.error({ err: error }, "job queue error"));
    const ctx: AppContext = { db: database.db, databaseKind: database.kind, queue, config, logger };
    if (options.queue !== false) await startQueue(queue);
    if (options.worker) await startWorkers(ctx, createMailTransport(config.smtpUrl));
    return {
      ctx,
      database,
      /** Workers first (they finish the job in hand), then the database. */
      async stop() {
        try {
          if (options.queue !== false) await queue.stop({ graceful: true, wait: true, timeout: 10_000 });
        } finally {
          await database.close();
        }
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
