// The audit trail's hash chain: each event's hash covers its content and the previous hash,
// so changing or removing any row breaks every hash after it. Removing rows from the end leaves a
// chain that still links, so the chain is anchored by a head (last seq, last hash, count) kept
// apart from the events: the chain's end must match it.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditContent {
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown>;
}

export interface ChainedAuditEvent extends AuditContent {
  seq: string;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted, so the same content always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function auditHash(prevHash: string, event: AuditContent): string {
  const body = canonicalJson({
    at: event.at.toISOString(),
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    details: event.details,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

/** Where the chain should end, recorded with every append. */
export interface AuditHead {
  lastSeq: string;
  lastHash: string;
  count: string;
}

export type ChainCheck =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; seq: string; reason: "prev_hash" | "hash" }
  /** The chain links, but does not end where the head says: events were removed from (or added past) the end, or the head itself was removed. */
  | { ok: false; checked: number; seq: string; reason: "head_missing" | "head_mismatch"; head: AuditHead | null };

/** Checks a run of events in order, starting from the hash the previous run ended on. */
export function verifyChain(events: Iterable<ChainedAuditEvent>, startHash = GENESIS_HASH, alreadyChecked = 0): ChainCheck {
  let expectedPrev = startHash;
  let checked = alreadyChecked;
  for (const event of events) {
    if (event.prevHash !== expectedPrev) return { ok: false, checked, seq: event.seq, reason: "prev_hash" };
    if (auditHash(event.prevHash, event) !== event.hash) return { ok: false, checked, seq: event.seq, reason: "hash" };
    expectedPrev = event.hash;
    checked += 1;
  }
  return { ok: true, checked, lastHash: expectedPrev };
}

/** After a chain verified link by link: does it end where the head says it should? */
export function checkHead(chain: { checked: number; lastHash: string; lastSeq: string }, head: AuditHead | null): ChainCheck {
  if (!head) return { ok: false, checked: chain.checked, seq: chain.lastSeq, reason: "head_missing", head: null };
  const matches = head.count === String(chain.checked) && head.lastSeq === chain.lastSeq && head.lastHash === chain.lastHash;
  if (!matches) return { ok: false, checked: chain.checked, seq: chain.lastSeq, reason: "head_mismatch", head };
  return { ok: true, checked: chain.checked, lastHash: chain.lastHash };
}

/** One sentence for a person: what is wrong with the trail, and where. */
export function describeChainCheck(result: ChainCheck): string {
  if (result.ok) return `Audit trail intact: ${result.checked} events checked, and the trail ends where its head says.`;
  switch (result.reason) {
    case "prev_hash":
      return `Audit trail broken at event #${result.seq}: it does not link to the event before it (an event before it was removed or changed). ${result.checked} events before it are intact.`;
    case "hash":
      return `Audit trail broken at event #${result.seq}: it does not match its own hash (its content was changed). ${result.checked} events before it are intact.`;
    case "head_missing":
      return `Audit trail head is missing: the record of where the trail ends was removed, so removed events at the end cannot be ruled out. ${result.checked} events link correctly up to #${result.seq}.`;
    case "head_mismatch": {
      const head = result.head!;
      return (
        `Audit trail does not end where its head says: the head records ${head.count} events ending at #${head.lastSeq}, ` +
        `but the trail holds ${result.checked} events ending at #${result.seq}. Events were removed from the end of the trail (or the head was changed).`
      );
    }
  }
}
