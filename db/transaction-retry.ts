// Deadlocks and serialization failures are normal under concurrency: every transaction retries its
// whole callback on them, in this one place, so no call site has to remember to.
import { Kysely, type AccessMode, type IsolationLevel, type KyselyConfig, type Transaction, type TransactionBuilder } from "kysely";

/** SQLSTATE 40001 serialization_failure and 40P01 deadlock_detected: the whole transaction may simply be run again. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(["40001", "40P01"]);

export interface RetryEvent {
  code: string;
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Base delay; each retry waits base x 2^(attempt-1), jittered between half and one and a half times that. */
  baseDelayMs: number;
  onRetry(event: RetryEvent): void;
}

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause && cause !== error ? sqlState(cause) : undefined;
}

export function isRetryableTransactionError(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && RETRYABLE_SQLSTATES.has(code);
}

export async function runWithRetry<T>(run: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt > policy.retries || !isRetryableTransactionError(error)) throw error;
      const delayMs = Math.round(policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      policy.onRetry({ code: sqlState(error)!, attempt, delayMs, error });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** The same builder, but `execute` runs the callback again (in a new transaction) on a retryable failure. */
class RetryingTransactionBuilder<DB> {
  constructor(
    private readonly inner: TransactionBuilder<DB>,
    private readonly policy: RetryPolicy,
  ) {}

  setAccessMode(accessMode: AccessMode): TransactionBuilder<DB> {
    return retrying(this.inner.setAccessMode(accessMode), this.policy);
  }

  setIsolationLevel(isolationLevel: IsolationLevel): TransactionBuilder<DB> {
    return retrying(this.inner.setIsolationLevel(isolationLevel), this.policy);
  }

  execute<T>(callback: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return runWithRetry(() => this.inner.execute(callback), this.policy);
  }
}

function retrying<DB>(builder: TransactionBuilder<DB>, policy: RetryPolicy): TransactionBuilder<DB> {
  // TransactionBuilder has ES-private fields, so TypeScript treats it nominally; the shape is the same.
  return new RetryingTransactionBuilder(builder, policy) as unknown as TransactionBuilder<DB>;
}

/**
 * A Kysely whose `transaction()` retries. (Kysely instances derived with withPlugin/withSchema are
 * plain Kysely again; the application does not use them.)
 */
export class RetryingKysely<DB> extends Kysely<DB> {
  readonly #policy: RetryPolicy;

  constructor(config: KyselyConfig, policy: RetryPolicy) {
    super(config);
    this.#policy = policy;
  }

  override transaction(): TransactionBuilder<DB> {
    return retrying(super.transaction(), this.#policy);
  }
}
