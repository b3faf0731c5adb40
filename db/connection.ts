// The one connection factory: embedded PGlite (persisted in a folder, or in memory for tests)
// or a real PostgreSQL server, both behind the same `pg` Pool so Kysely and pg-boss see one driver.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import type { Kysely } from "kysely";
import pg from "pg";
import lockfile from "proper-lockfile";
import { ObservedPostgresDialect } from "./connection-failures";
import type { Database } from "./schema";
import { RetryingKysely, type RetryPolicy } from "./transaction-retry";

// DATE columns stay 'YYYY-MM-DD' strings; turning them into local-midnight Dates shifts days.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type DatabaseTarget = { kind: "postgres"; url: string; poolSize?: number } | { kind: "pglite"; dataDir: string } | { kind: "pglite-memory" };

export interface DatabaseHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  kind: "postgres" | "pglite";
  /** Where the data lives, for messages: a folder, "memory", or the URL without credentials. */
  location: string;
  close(): Promise<void>;
}

/** Where the database layer reports what it survived (a pino logger fits). */
export interface DatabaseLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface OpenOptions {
  log?: DatabaseLog;
  /** Retries of a transaction that hit a deadlock or serialization failure (default 3). */
  transactionRetries?: number;
}

const consoleLog: DatabaseLog = { warn: (details, message) => console.warn(message, details) };

function createKysely(pool: pg.Pool, options: OpenOptions): Kysely<Database> {
  const log = options.log ?? consoleLog;
  const policy: RetryPolicy = {
    retries: options.transactionRetries ?? 3,
    baseDelayMs: 15,
    onRetry: ({ code, attempt, delayMs }) =>
      log.warn({ code, attempt, delayMs }, code === "40P01" ? "deadlock: retrying the transaction" : "serialization failure: retrying the transaction"),
  };
  return new RetryingKysely<Database>({ dialect: new ObservedPostgresDialect({ pool }) }, policy);
}

/**
 * A connection that breaks while a query runs rejects that query; but pg also emits 'error' on the
 * client, and a client checked out of the pool (by a transaction, between two queries) has no
 * listener, which kills the process. Every client gets one for its whole life; the broken client
 * is then dropped by the pool when released, and the next query opens a fresh connection.
 */
function survivePoolErrors(pool: pg.Pool, log: DatabaseLog) {
  pool.on("error", (error) => log.warn({ code: (error as { code?: string }).code }, `idle PostgreSQL connection lost: ${error.message}`));
  pool.on("connect", (client) => {
    client.on("error", (error) => log.warn({ code: (error as { code?: string }).code }, `PostgreSQL connection lost: ${error.message}`));
  });
}

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The data folder ${dataDir} is in use by another Assay process (a running server, worker or command). ` +
        `Stop that process first, or set DATABASE_URL to use a PostgreSQL server that several processes can share.`,
    );
    this.name = "DataDirLockedError";
  }
}

export function targetFromEnv(env: Record<string, string | undefined> = process.env): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: path.resolve(env.DATA_DIR || "./data") };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return target.dataDir;
  if (target.kind === "pglite-memory") return "memory";
  const url = new URL(target.url);
  url.password = "";
  url.username = url.username ? url.username : "";
  return url.toString();
}

/** Takes the folder's lock first and never opens PGlite without it: two openers lose data. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, ".assay.lock"),
      stale: 15_000,
      update: 5_000,
      retries: 0,
      realpath: false,
      onCompromised: (error) => {
        // Someone else took the folder while we held it: stop before writing anything more.
        console.error(`Lost the lock on ${dataDir}: ${error.message}`);
        process.exit(1);
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "ELOCKED") throw new DataDirLockedError(dataDir);
    throw error;
  }
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (target.kind === "postgres") {
    // A server that does not answer fails the request after a few seconds instead of hanging it.
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
    survivePoolErrors(pool, options.log ?? consoleLog);
    const db = createKysely(pool, options);
    return { db, pool, kind: "postgres", location: describeTarget(target), close: () => db.destroy() };
  }

  const release = target.kind === "pglite" ? await lockDataDir(target.dataDir) : async () => {};
  let pglite: PGlite;
  try {
    pglite = target.kind === "pglite" ? await PGlite.create(target.dataDir) : await PGlite.create();
  } catch (error) {
    await release();
    throw error;
  }
  // Exactly one connection: PGlite is single-session, a second one silently corrupts results.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0 });
  survivePoolErrors(pool, options.log ?? consoleLog);
  const db = createKysely(pool, options);
  return {
    db,
    pool,
    kind: "pglite",
    location: describeTarget(target),
    async close() {
      await db.destroy();
      await pglite.close();
      await release();
    },
  };
}
