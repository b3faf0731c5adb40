// Telling "the database connection failed" apart from every other error, and noticing it for the
// request that ran into it: the HTTP layer answers those with a retryable 503 instead of a 500.
import { AsyncLocalStorage } from "node:async_hooks";
import { PostgresDialect, PostgresDriver, type DatabaseConnection, type Driver, type PostgresDialectConfig } from "kysely";

/** SQLSTATE classes and codes that mean the session is gone or could not be opened. */
const CONNECTION_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const CONNECTION_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection (is )?(closed|lost)/i,
  /terminating connection/i,
];

export function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === "string" && (code.startsWith("08") || CONNECTION_SQLSTATES.has(code) || CONNECTION_ERRNOS.has(code))) return true;
  if (typeof message === "string" && CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return true;
  return cause !== undefined && cause !== error && isConnectionError(cause);
}

export interface ConnectionWatch {
  /** The first connection failure met while the watched work ran, if any. */
  failure: unknown;
  /** The first query refused for text the database cannot hold (22021 NUL / bad UTF-8, 22P05 untranslatable), if any. */
  encodingFailure?: unknown;
}

const watches = new AsyncLocalStorage<ConnectionWatch>();

/** Runs `work`; any database connection failure met inside it (however it was handled) is recorded on the watch. */
export function watchConnection<T>(work: (watch: ConnectionWatch) => Promise<T>): Promise<T> {
  const watch: ConnectionWatch = { failure: undefined };
  return watches.run(watch, () => work(watch));
}

function noteFailure(error: unknown) {
  const watch = watches.getStore();
  if (watch && watch.failure === undefined && isConnectionError(error)) watch.failure = error;
  if (watch && ["22021", "22P05"].includes((error as { code?: string } | null)?.code ?? "")) watch.encodingFailure ??= error;
}

/** Failing to get a connection at all is a connection failure whatever the error says. */
function noteAcquireFailure(error: unknown) {
  const watch = watches.getStore();
  if (watch && watch.failure === undefined) watch.failure = error;
}

class ObservedPostgresDriver extends PostgresDriver {
  readonly #observed = new WeakSet<DatabaseConnection>();

  override async acquireConnection(): Promise<DatabaseConnection> {
    let connection: DatabaseConnection;
    try {
      connection = await super.acquireConnection();
    } catch (error) {
      noteAcquireFailure(error);
      throw error;
    }
    if (!this.#observed.has(connection)) {
      this.#observed.add(connection);
      const executeQuery = connection.executeQuery.bind(connection);
      connection.executeQuery = async (query) => {
        try {
          return await executeQuery(query);
        } catch (error) {
          noteFailure(error);
          throw error;
        }
      };
    }
    return connection;
  }
}

/** PostgresDialect whose driver reports connection failures to the current watch. */
export class ObservedPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ObservedPostgresDriver(this.#config);
  }
}
