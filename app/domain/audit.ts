// The audit trail's hash chain: each event's hash covers its content and the previous hash,
// so changing or removing any row breaks every hash after it.
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

export type ChainCheck =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; seq: string; reason: "prev_hash" | "hash" };

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
