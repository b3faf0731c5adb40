// The stored methodology versions: the newest is current; version 1 (the defaults) is written on
// first use; each admin change writes the next version and never touches an old one, so a stored
// score can always be recomputed under the version it names.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { canonicalJson } from "../domain/audit";
import { notFoundError } from "../domain/errors";
import { DEFAULT_METHODOLOGY, methodologySchema, type Methodology } from "../domain/scoring/methodology";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { refreshAllDeadlines } from "./deadlines.server";

type Executor = Kysely<Database> | Transaction<Database>;

// Any constant: orders writers of new versions (two admins saving at once get versions n+1 and n+2).
const METHODOLOGY_LOCK = 4_201_108;

export interface MethodologyVersion {
  methodology: Methodology;
  createdAt: Date;
  createdByName: string | null;
}

function parse(definition: unknown, version: number): Methodology {
  const parsed = methodologySchema.safeParse(definition);
  // A stored version was checked when written; a row that no longer parses is a bug, not input.
  if (!parsed.success) throw new Error(`Stored methodology version ${version} does not validate: ${parsed.error.issues[0]?.message ?? "unknown"}`);
  return parsed.data;
}

/** The current (newest) methodology; writes version 1 with the defaults when none exists yet. */
export async function currentMethodology(db: Executor): Promise<Methodology> {
  const row = await db.selectFrom("methodologies").select(["version", "definition"]).orderBy("version", "desc").limit(1).executeTakeFirst();
  if (row) return parse(row.definition, row.version);
  await db
    .insertInto("methodologies")
    .values({ version: DEFAULT_METHODOLOGY.version, definition: JSON.stringify(DEFAULT_METHODOLOGY) })
    .onConflict((oc) => oc.column("version").doNothing())
    .execute();
  return currentMethodology(db);
}

export async function methodologyVersion(db: Executor, version: number): Promise<Methodology> {
  if (version === DEFAULT_METHODOLOGY.version) await currentMethodology(db);
  const row = await db.selectFrom("methodologies").select(["version", "definition"]).where("version", "=", version).executeTakeFirst();
  if (!row) throw notFoundError(`Methodology version ${version} does not exist`);
  return parse(row.definition, row.version);
}

/** Every version, newest first, with who made it (for the admin page's history). */
export async function listMethodologyVersions(db: Kysely<Database>): Promise<MethodologyVersion[]> {
  await currentMethodology(db);
  const rows = await db
    .selectFrom("methodologies as m")
    .leftJoin("users as u", "u.id", "m.created_by")
    .select(["m.version", "m.definition", "m.created_at", "u.name as created_by_name"])
    .orderBy("m.version", "desc")
    .execute();
  return rows.map((r) => ({ methodology: parse(r.definition, r.version), createdAt: r.created_at, createdByName: r.created_by_name }));
}

/**
 * Saves a checked methodology as the next version (its `version` field is replaced) and returns
 * it. Identical to the current version: nothing is written and the current version is returned.
 */
export async function saveMethodology(ctx: AppContext, actor: Actor, input: Methodology): Promise<{ methodology: Methodology; created: boolean }> {
  return ctx.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${METHODOLOGY_LOCK})`.execute(trx);
    const current = await currentMethodology(trx);
    const next = methodologySchema.parse({ ...input, version: current.version + 1 });
    if (canonicalJson({ ...next, version: 0 }) === canonicalJson({ ...current, version: 0 })) return { methodology: current, created: false };
    await trx
      .insertInto("methodologies")
      .values({ version: next.version, definition: JSON.stringify(next), created_by: actor.type === "user" ? actor.id : null })
      .execute();
    await recordAudit(trx, actor, {
      action: "methodology.create",
      entityType: "methodology",
      entityId: null,
      details: { version: next.version, previous: current.version },
    });
    await refreshAllDeadlines(trx); // the cadence by inherent risk may have changed
    return { methodology: next, created: true };
  });
}
