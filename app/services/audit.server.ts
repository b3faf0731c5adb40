// The audit trail: written in the same transaction as the change it records, hash-chained.
import { sql, type Kysely, type Transaction } from "kysely";
import type { ActorType, AuditEventRow, Database } from "../../db/schema";
import { auditHash, checkHead, GENESIS_HASH, verifyChain, type AuditHead, type ChainCheck, type ChainedAuditEvent } from "../domain/audit";
import type { AuditEventName } from "../domain/audit-events";

export interface Actor {
  type: ActorType;
  id: string | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { type: "system", id: null, label: "Assay" };

export function userActor(user: { id: string; email: string }): Actor {
  return { type: "user", id: user.id, label: user.email };
}

export interface AuditInput {
  action: AuditEventName;
  entityType: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

// Any constant works; it names the one lock that orders appends to the chain.
const AUDIT_CHAIN_LOCK = 4_201_042;

export async function recordAudit(trx: Transaction<Database>, actor: Actor, input: AuditInput): Promise<void> {
  await recordAuditMany(trx, actor, [input]);
}

/** Appends several events in order under one lock (a CSV import writes thousands at once). */
export async function recordAuditMany(trx: Transaction<Database>, actor: Actor, inputs: readonly AuditInput[]): Promise<void> {
  if (!trx.isTransaction) throw new Error("recordAudit must run inside the transaction of the change it records");
  if (inputs.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  // The head is the anchor: the chain continues from where it says the trail ends (the database
  // moves it, in this same transaction, when the rows below are inserted).
  const head = await readHead(trx);
  const last = head ? null : await trx.selectFrom("audit_events").select("hash").orderBy("seq", "desc").limit(1).executeTakeFirst();
  let prevHash = head?.lastHash ?? last?.hash ?? GENESIS_HASH;
  const rows = inputs.map((input) => {
    // Round-trip through JSON so the hash covers exactly what jsonb will hand back.
    const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
    const content = {
      at: new Date(),
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId ?? null,
      details,
    };
    const hash = auditHash(prevHash, content);
    const row = {
      at: content.at,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      details: JSON.stringify(details),
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  // Chunked so a huge import stays under the bind-parameter limit; seq keeps insertion order.
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto("audit_events")
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

export function toChainedEvent(row: AuditEventRow): ChainedAuditEvent {
  return {
    seq: String(row.seq),
    at: row.at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** audit_head (see migration 0005) is read with plain SQL: it is the database's record, not an application table. */
async function readHead(db: Kysely<Database>): Promise<AuditHead | null> {
  const { rows } = await sql<{ last_seq: string; last_hash: string; event_count: string }>`
    SELECT last_seq::text AS last_seq, last_hash, event_count::text AS event_count FROM audit_head`.execute(db);
  const row = rows[0];
  return row ? { lastSeq: row.last_seq, lastHash: row.last_hash, count: row.event_count } : null;
}

/**
 * Walks the whole chain in pages (memory stays flat however long the trail grows), then checks that
 * it ends where the head says: count, last seq and last hash. Read in one repeatable-read snapshot
 * so appends made meanwhile cannot make the head and the chain disagree.
 */
export async function verifyAuditTrail(db: Kysely<Database>, pageSize = 2000): Promise<ChainCheck> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute((trx) => verifyInSnapshot(trx, pageSize));
}

async function verifyInSnapshot(db: Kysely<Database>, pageSize: number): Promise<ChainCheck> {
  let lastSeq = "0";
  let result: ChainCheck = { ok: true, checked: 0, lastHash: GENESIS_HASH };
  for (;;) {
    const rows = await db.selectFrom("audit_events").selectAll().where("seq", ">", lastSeq).orderBy("seq").limit(pageSize).execute();
    if (rows.length === 0) return result.ok ? checkHead({ ...result, lastSeq }, await readHead(db)) : result;
    result = verifyChain(rows.map(toChainedEvent), result.lastHash, result.checked);
    if (!result.ok) return result;
    lastSeq = String(rows[rows.length - 1]!.seq);
  }
}

/** The REST API's audit-trail filters. */
export interface AuditPageFilters {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
}

/** Audit events in sequence order after `afterSeq` (keyset on seq; for the REST API). */
export function listAuditEventsAfter(db: Kysely<Database>, filters: AuditPageFilters, afterSeq: number | null, limit: number) {
  let query = db
    .selectFrom("audit_events")
    .select(["seq", "at", "actor_type", "actor_id", "actor_label", "action", "entity_type", "entity_id", "details", "hash"]);
  if (filters.action) query = query.where("action", "=", filters.action);
  if (filters.entityType) query = query.where("entity_type", "=", filters.entityType);
  if (filters.entityId) query = query.where("entity_id", "=", filters.entityId);
  if (filters.actorId) query = query.where("actor_id", "=", filters.actorId);
  if (afterSeq !== null) query = query.where(sql<boolean>`seq > ${afterSeq}`);
  return query.orderBy("seq").limit(limit).execute();
}
