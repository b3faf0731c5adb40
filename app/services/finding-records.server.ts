// Writing findings and their history: the one insert every path that raises a finding uses (a
// reviewer from an answer or the scorecard, a decision's conditions), and the one history append
// every change uses. Both run in the caller's transaction with its audit event.
import type { Transaction } from "kysely";
import type { Database, FindingEventKind } from "../../db/schema";
import type { FindingSource, FindingStatus, Severity } from "../domain/review/findings";
import { recordAudit, type Actor } from "./audit.server";
import { refreshFindingDeadlines } from "./deadlines.server";

export interface NewFinding {
  assessmentId: string | null;
  supplierId: string;
  componentId?: string | null;
  questionKey?: string | null;
  source: FindingSource;
  title: string;
  description?: string | null;
  severity: Severity;
  ownerId?: string | null;
  /** yyyy-mm-dd, already checked by the caller (CalendarDate). */
  dueDate?: string | null;
}

/** Inserts a finding, its "created" history entry and its audit event; returns its id. */
export async function insertFinding(trx: Transaction<Database>, actor: Actor, input: NewFinding, now = new Date()): Promise<string> {
  const row = await trx
    .insertInto("findings")
    .values({
      assessment_id: input.assessmentId,
      supplier_id: input.supplierId,
      ai_component_id: input.componentId ?? null,
      question_key: input.questionKey ?? null,
      source: input.source,
      title: input.title,
      description: input.description ?? null,
      severity: input.severity,
      owner_id: input.ownerId ?? null,
      due_date: input.dueDate ?? null,
      created_by: actor.type === "user" ? actor.id : null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await appendFindingEvent(trx, actor, row.id, { kind: "created", toStatus: "open" }, now);
  await recordAudit(trx, actor, {
    action: "finding.create",
    entityType: "finding",
    entityId: row.id,
    details: { assessmentId: input.assessmentId, source: input.source, severity: input.severity, title: input.title },
  });
  await refreshFindingDeadlines(trx, [row.id], now);
  return row.id;
}

/** Appends one entry to a finding's history (never changed afterwards). */
export async function appendFindingEvent(
  trx: Transaction<Database>,
  actor: Actor,
  findingId: string,
  event: { kind: FindingEventKind; fromStatus?: FindingStatus | null; toStatus?: FindingStatus | null; note?: string | null },
  now = new Date(),
): Promise<void> {
  await trx
    .insertInto("finding_events")
    .values({
      finding_id: findingId,
      kind: event.kind,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      note: event.note ?? null,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
      at: now,
    })
    .execute();
}
