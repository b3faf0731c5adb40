// Fixed-window counters in the database, so every app instance shares the same limits.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

export async function hitRateLimit(db: Kysely<Database>, bucket: string, { limit, windowSeconds }: RateLimit, now = new Date()): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const row = await db
    .insertInto("rate_limits")
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(["bucket", "window_start"]).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning("hits")
    .executeTakeFirstOrThrow();
  const retryAfterSeconds = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
  return { allowed: row.hits <= limit, retryAfterSeconds };
}

export async function deleteExpiredRateLimits(db: Kysely<Database>, olderThan: Date): Promise<number> {
  const result = await db.deleteFrom("rate_limits").where("window_start", "<", olderThan).executeTakeFirst();
  return Number(result.numDeletedRows);
}
