// Reassessment deadlines: each component's next reassessment (app/domain/deadlines/next-reassessment.ts)
// computed from the facts in the database and stored in component_deadlines (docs/decisions/0014),
// and the /deadlines list over them: grouped by internal system (its exposure) or by supplier.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { addDays, calendarDate, compareDates, daysBetween, today as todayOf, type CalendarDate } from "../domain/calendar";
import {
  componentDeadline,
  DEFAULT_DEADLINE_POLICY,
  RETRAINING_DECLARATIONS,
  type ComponentFacts,
  type DeadlineKind,
  type DeadlinePolicy,
  type DeadlineReason,
  type RetrainingDeclaration,
} from "../domain/deadlines/next-reassessment";
import { daysInWords, dueInWindow, type DeadlineGroup, type DeadlineWindow } from "../domain/deadlines/query";
import { groupBy } from "../domain/group-by";
import { recordsToCsv } from "../domain/import/csv-format";
import { pageInfo } from "../domain/list-query";
import { RISK_RANK, worseRisk } from "../domain/risk/inherent";
import type { Methodology, RiskLevel } from "../domain/scoring/methodology";
import { inherentRiskByComponent } from "./component-dependents.server";
import { allComponentRatings } from "./ratings.server";
import { cachedForVersion, readVersion } from "./versioned-cache.server";
import { currentMethodology } from "./scores-methodology.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** The policy: the methodology's cadence by inherent risk; the rest is DEFAULT_DEADLINE_POLICY (decision 0014). */
export function deadlinePolicy(methodology: Methodology): DeadlinePolicy {
  return { ...DEFAULT_DEADLINE_POLICY, cadenceMonths: { ...methodology.reassessmentMonths } };
}

const dateOf = (value: Date | string): CalendarDate => calendarDate(value);

/** The built-in template's question on how a model changes after release. */
const RETRAINING_QUESTION = "chg_retraining_cadence";
const isRetrainingDeclaration = (value: unknown): value is RetrainingDeclaration =>
  typeof value === "string" && (RETRAINING_DECLARATIONS as readonly string[]).includes(value);

/**
 * For each component, the files with an expiry date of the newest assessment covering it that holds
 * any (its own and the supplier-wide ones). Two steps: joined in one statement, the planner hashed the
 * whole evidence table (with its bytes) for a few hundred assessments.
 */
async function expiringEvidence(db: Executor, componentIds: readonly string[]) {
  const latest = await db
    .selectFrom("assessment_components as ac")
    .innerJoin("assessments as a", "a.id", "ac.assessment_id")
    .select(["ac.ai_component_id", "a.id as assessment_id"])
    .distinctOn("ac.ai_component_id")
    .where("ac.ai_component_id", "in", componentIds)
    .where("a.status", "<>", "closed")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("evidence as e0")
          .select("e0.id")
          .whereRef("e0.assessment_id", "=", "a.id")
          .where("e0.valid_until", "is not", null)
          .where((eb2) => eb2.or([eb2("e0.ai_component_id", "is", null), eb2("e0.ai_component_id", "=", eb2.ref("ac.ai_component_id"))])),
      ),
    )
    .orderBy("ac.ai_component_id")
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .execute();
  if (latest.length === 0) return [];
  const files = await db
    .selectFrom("evidence")
    .select(["assessment_id", "ai_component_id", "file_name", "valid_until"])
    .where("assessment_id", "in", [...new Set(latest.map((l) => l.assessment_id))])
    .where("valid_until", "is not", null)
    .execute();
  const byAssessment = groupBy(files, (f) => f.assessment_id);
  return latest.flatMap((l) =>
    (byAssessment.get(l.assessment_id) ?? [])
      .filter((f) => f.ai_component_id === null || f.ai_component_id === l.ai_component_id)
      .map((f) => ({ ai_component_id: l.ai_component_id, file_name: f.file_name, valid_until: f.valid_until })),
  );
}

/**
 * The facts of each component (live components only; archived or unknown ids are absent), in a
 * fixed number of queries whatever the number of components.
 */
export async function gatherComponentFacts(db: Executor, componentIds: readonly string[]): Promise<Map<string, ComponentFacts>> {
  const out = new Map<string, ComponentFacts>();
  const ids = [...new Set(componentIds)];
  if (ids.length === 0) return out;
  const components = await db
    .selectFrom("ai_components")
    .select(["id", "supplier_id", "update_cadence", "update_interval_days"])
    .where("id", "in", ids)
    .where("archived_at", "is", null)
    .execute();
  if (components.length === 0) return out;
  const live = components.map((c) => c.id);

  const [inherent, reviews, evidence, findings, acceptances, changes, retraining] = await Promise.all([
    inherentRiskByComponent(db as Kysely<Database>, live),
    // The last decided review covering each component.
    db
      .selectFrom("assessment_components as ac")
      .innerJoin("assessments as a", "a.id", "ac.assessment_id")
      .select(["ac.ai_component_id", sql<Date>`max(a.decided_at)`.as("decided_at")])
      .where("ac.ai_component_id", "in", live)
      .where("a.decided_at", "is not", null)
      .where("a.decision", "is not", null)
      .where("a.status", "in", ["decided", "expired"])
      .groupBy("ac.ai_component_id")
      .execute(),
    // Evidence with an expiry, from the newest assessment covering each component that holds any
    // (its own files and the supplier-wide ones): a renewed certificate counts once uploaded.
    expiringEvidence(db, live),
    // Open findings with a due date: on the component, or supplier-wide in an assessment covering it.
    db
      .selectFrom("findings as f")
      .innerJoin("ai_components as c", "c.supplier_id", "f.supplier_id")
      .select(["c.id as ai_component_id", "f.title", "f.due_date"])
      .where("c.id", "in", live)
      .where("f.status", "in", ["open", "remediating"])
      .where("f.due_date", "is not", null)
      .where((eb) =>
        eb.or([
          eb("f.ai_component_id", "=", eb.ref("c.id")),
          eb.and([
            eb("f.ai_component_id", "is", null),
            eb.exists(
              eb
                .selectFrom("assessment_components as ac2")
                .select("ac2.ai_component_id")
                .whereRef("ac2.assessment_id", "=", "f.assessment_id")
                .whereRef("ac2.ai_component_id", "=", "c.id"),
            ),
          ]),
        ]),
      )
      .execute(),
    // Active risk acceptances: of the component, or of a finding on it (or supplier-wide in an assessment covering it).
    db
      .selectFrom("risk_acceptances as r")
      .leftJoin("findings as f", "f.id", "r.finding_id")
      .innerJoin("ai_components as c", (join) =>
        join.on((eb) =>
          eb.or([
            eb("c.id", "=", eb.ref("r.ai_component_id")),
            eb("c.id", "=", eb.ref("f.ai_component_id")),
            eb.and([
              eb("f.ai_component_id", "is", null),
              eb("c.supplier_id", "=", eb.ref("f.supplier_id")),
              eb.exists(
                eb
                  .selectFrom("assessment_components as ac3")
                  .select("ac3.ai_component_id")
                  .whereRef("ac3.assessment_id", "=", "f.assessment_id")
                  .whereRef("ac3.ai_component_id", "=", "c.id"),
              ),
            ]),
          ]),
        ),
      )
      .select(["c.id as ai_component_id", "r.expires_on", "f.title as finding_title"])
      .where("c.id", "in", live)
      .where("r.revoked_at", "is", null)
      .where("r.expired_at", "is", null)
      .execute(),
    db
      .selectFrom("change_notices")
      .select(["ai_component_id", "kind", "occurred_on", "reviewed_at"])
      .where("ai_component_id", "in", live)
      .where("reviewed_at", "is", null)
      .execute(),
    // The vendor's latest submitted answer on how the model is retrained (built-in template).
    db
      .selectFrom("answers as an")
      .innerJoin("assessments as a", "a.id", "an.assessment_id")
      .distinctOn("an.ai_component_id")
      .select(["an.ai_component_id", "an.value"])
      .where("an.question_key", "=", RETRAINING_QUESTION)
      .where("an.ai_component_id", "in", live)
      .where("an.is_na", "=", false)
      .where("a.submitted_at", "is not", null)
      .where("a.status", "not in", ["sent", "in_progress", "closed"])
      .orderBy("an.ai_component_id")
      .orderBy("a.submitted_at", "desc")
      .execute(),
  ]);
  const declared = new Map(retraining.flatMap((r) => (isRetrainingDeclaration(r.value) && r.ai_component_id ? [[r.ai_component_id, r.value] as const] : [])));

  const lastReview = new Map(reviews.map((r) => [r.ai_component_id, r.decided_at ? dateOf(r.decided_at) : null]));
  for (const c of components) {
    out.set(c.id, {
      inherent: inherent.get(c.id)?.dependencies.length ? inherent.get(c.id)!.level : null,
      lastReviewedOn: lastReview.get(c.id) ?? null,
      declaredIntervalDays: c.update_cadence === "interval" ? c.update_interval_days : null,
      declaredRetraining: declared.get(c.id) ?? null,
      evidence: evidence.filter((e) => e.ai_component_id === c.id).map((e) => ({ name: e.file_name, validUntil: dateOf(e.valid_until!) })),
      findings: findings.filter((f) => f.ai_component_id === c.id).map((f) => ({ title: f.title, dueDate: dateOf(f.due_date!) })),
      acceptances: acceptances
        .filter((a) => a.ai_component_id === c.id)
        .map((a) => ({ label: a.finding_title ? `for finding "${a.finding_title}"` : "of the component's residual risk", expiresOn: dateOf(a.expires_on) })),
      changes: changes.filter((n) => n.ai_component_id === c.id).map((n) => ({ kind: n.kind, on: dateOf(n.occurred_on), reviewed: n.reviewed_at !== null })),
    });
  }
  return out;
}

/**
 * Recomputes and stores the deadlines of these components, in the caller's transaction: every
 * change that moves a deadline (a decision, evidence, a finding, an acceptance, a change notice, a
 * dependency, the methodology) calls it, so deadlines are current when the change commits.
 * Archived (or deleted) components lose their row.
 */
export async function refreshComponentDeadlines(trx: Executor, componentIds: readonly string[], now = new Date()): Promise<void> {
  const ids = [...new Set(componentIds.filter((id) => typeof id === "string" && id.length > 0))];
  if (ids.length === 0) return;
  const [facts, methodology] = await Promise.all([gatherComponentFacts(trx, ids), currentMethodology(trx)]);
  const policy = deadlinePolicy(methodology);
  const day = todayOf(now);
  const gone = ids.filter((id) => !facts.has(id));
  if (gone.length > 0) await trx.deleteFrom("component_deadlines").where("ai_component_id", "in", gone).execute();
  const rows = [...facts].map(([id, f]) => {
    const deadline = componentDeadline(f, policy, day);
    const first = deadline.reasons[0]!;
    return {
      ai_component_id: id,
      due_on: deadline.due,
      reason_kind: first.kind,
      reason: first.text,
      reasons: JSON.stringify(deadline.reasons),
      computed_at: now,
    };
  });
  if (rows.length === 0) return;
  await trx
    .insertInto("component_deadlines")
    .values(rows)
    .onConflict((oc) =>
      oc.column("ai_component_id").doUpdateSet((eb) => ({
        due_on: eb.ref("excluded.due_on"),
        reason_kind: eb.ref("excluded.reason_kind"),
        reason: eb.ref("excluded.reason"),
        reasons: eb.ref("excluded.reasons"),
        computed_at: eb.ref("excluded.computed_at"),
      })),
    )
    .execute();
}

/** The components a supplier's change touches (its live ones). */
export async function supplierComponentIds(db: Executor, supplierIds: readonly string[]): Promise<string[]> {
  if (supplierIds.length === 0) return [];
  const rows = await db.selectFrom("ai_components").select("id").where("supplier_id", "in", supplierIds).execute();
  return rows.map((r) => r.id);
}

/** Refreshes the deadlines of the components an assessment covers (decisions, evidence, findings). */
export async function refreshAssessmentDeadlines(trx: Executor, assessmentIds: readonly string[], now = new Date()): Promise<void> {
  if (assessmentIds.length === 0) return;
  const rows = await trx.selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "in", assessmentIds).execute();
  await refreshComponentDeadlines(
    trx,
    rows.map((r) => r.ai_component_id),
    now,
  );
}

/** Refreshes the components an internal system depends on (criticality, class, lifecycle changes). */
export async function refreshSystemDeadlines(trx: Executor, systemIds: readonly string[], now = new Date()): Promise<void> {
  if (systemIds.length === 0) return;
  const rows = await trx.selectFrom("ai_system_dependencies").select("ai_component_id").where("ai_system_id", "in", systemIds).execute();
  await refreshComponentDeadlines(
    trx,
    rows.map((r) => r.ai_component_id),
    now,
  );
}

export const SWEEP_BATCH = 500;

/**
 * Recomputes every component's deadline (the nightly sweep; after a methodology change), in batches
 * of SWEEP_BATCH components each in its own transaction, and drops rows of archived components.
 * Idempotent: running it twice gives the same rows.
 */
export async function refreshAllDeadlines(db: Kysely<Database> | Transaction<Database>, now = new Date()): Promise<{ refreshed: number }> {
  let after = "00000000-0000-0000-0000-000000000000";
  let refreshed = 0;
  for (;;) {
    const batch = await db.selectFrom("ai_components").select("id").where("id", ">", after).orderBy("id").limit(SWEEP_BATCH).execute();
    if (batch.length === 0) break;
    const ids = batch.map((b) => b.id);
    if (db.isTransaction) await refreshComponentDeadlines(db, ids, now);
    else await (db as Kysely<Database>).transaction().execute((trx) => refreshComponentDeadlines(trx, ids, now));
    refreshed += ids.length;
    after = ids[ids.length - 1]!;
  }
  return { refreshed };
}

// ---------------------------------------------------------------------------------------------
// The /deadlines list.

export interface DeadlineFilters {
  group: DeadlineGroup;
  /** A user id: the system owner (by system) or the supplier's procurement owner (by supplier). */
  owner?: string;
  /** Only components of this inherent risk. */
  risk?: RiskLevel;
  /** overdue: before today; 30/60/90: from today to that many days ahead; all. */
  window: DeadlineWindow;
  page: number;
}

export interface DeadlineComponentRow {
  id: string;
  name: string;
  supplierId: string;
  supplierName: string;
  dueOn: CalendarDate;
  reasonKind: DeadlineKind;
  reason: string;
  reasons: DeadlineReason[];
  inherent: RiskLevel;
  residual: RiskLevel | null;
  /** The latest decided assessment covering it (for "reassess"), if any. */
  decidedAssessmentId: string | null;
}

export interface DeadlineGroupRow {
  kind: DeadlineGroup;
  id: string;
  name: string;
  ownerName: string | null;
  /** The earliest deadline among its components, and that component. */
  dueOn: CalendarDate;
  daysLeft: number;
  first: DeadlineComponentRow;
  components: DeadlineComponentRow[];
  /** The worst residual risk among its components (null: none rated). */
  residual: RiskLevel | null;
  /** Where "Issue reassessment" goes. */
  issueHref: string;
}

export interface DeadlineList {
  rows: DeadlineGroupRow[];
  total: number;
  today: CalendarDate;
}

/** The issue link for a set of components of one supplier: reassess the decided review, else a new one pre-ticked. */
export function issueHrefFor(first: DeadlineComponentRow, components: readonly DeadlineComponentRow[]): string {
  if (first.decidedAssessmentId) return `/assessments/${first.decidedAssessmentId}/reassess`;
  const ids = components.filter((c) => c.supplierId === first.supplierId).map((c) => c.id);
  return `/assessments/new?supplier=${first.supplierId}&components=${ids.join(",")}`;
}

/** Every stored deadline of a live component, with its supplier, ratings and last decided assessment. */
async function deadlineComponents(db: Kysely<Database>): Promise<DeadlineComponentRow[]> {
  const rows = await db
    .selectFrom("component_deadlines as d")
    .innerJoin("ai_components as c", "c.id", "d.ai_component_id")
    .innerJoin("suppliers as s", "s.id", "c.supplier_id")
    .select(["c.id", "c.name", "s.id as supplier_id", "s.name as supplier_name", "d.due_on", "d.reason_kind", "d.reason", "d.reasons"])
    .where("c.archived_at", "is", null)
    .where("s.archived_at", "is", null)
    .execute();
  // Every component with a deadline: set-based reads, no list of ids.
  const [ratings, decided] = await Promise.all([
    allComponentRatings(db),
    db
      .selectFrom("assessment_components as ac")
      .innerJoin("component_deadlines as cd", "cd.ai_component_id", "ac.ai_component_id")
      .innerJoin("assessments as a", "a.id", "ac.assessment_id")
      .select(["ac.ai_component_id", "a.id"])
      .distinctOn("ac.ai_component_id")
      .where("a.decided_at", "is not", null)
      .where("a.status", "in", ["decided", "expired"])
      .orderBy("ac.ai_component_id")
      .orderBy("a.decided_at", "desc")
      .execute(),
  ]);
  const decidedBy = new Map(decided.map((d) => [d.ai_component_id, d.id]));
  return rows.map((r) => {
    const rating = ratings.get(r.id);
    return {
      id: r.id,
      name: r.name,
      supplierId: r.supplier_id,
      supplierName: r.supplier_name,
      dueOn: dateOf(r.due_on),
      reasonKind: r.reason_kind,
      reason: r.reason,
      reasons: (typeof r.reasons === "string" ? JSON.parse(r.reasons) : r.reasons) as DeadlineReason[],
      inherent: rating?.inherent ?? "low",
      residual: rating?.residual ?? null,
      decidedAssessmentId: decidedBy.get(r.id) ?? null,
    };
  });
}

const worstResidual = (rows: readonly DeadlineComponentRow[]): RiskLevel | null =>
  rows.reduce<RiskLevel | null>((worst, c) => (c.residual === null ? worst : worst === null ? c.residual : worseRisk(worst, c.residual)), null);

const byDue = (a: DeadlineComponentRow, b: DeadlineComponentRow) => compareDates(a.dueOn, b.dueOn) || a.name.localeCompare(b.name);

/**
 * The deadlines grouped by internal system (its exposure: the earliest deadline among the
 * components it depends on, with the worst residual risk) or by supplier (the earliest among its
 * components), filtered, earliest first. `pageSize` null: every row (the CSV export).
 */
export async function listDeadlines(db: Kysely<Database>, filters: DeadlineFilters, now = new Date(), pageSize: number | null = 25): Promise<DeadlineList> {
  const day = todayOf(now);
  // Grouped and sorted once per portfolio version (migration 0019, decision 0034); today only picks the window.
  const version = await readVersion(db, "portfolio_version");
  const key = `deadline-groups:${filters.group}:${filters.owner ?? ""}:${filters.risk ?? ""}`;
  const groups = await cachedForVersion(db, "portfolio_version", version, key, async () =>
    deadlineGroups(db, filters, await cachedForVersion(db, "portfolio_version", version, "deadline-components", () => deadlineComponents(db))),
  );
  // Only the rows shown get a day count.
  const inWindow = dueInWindow(filters.window, day);
  const all = groups.filter((g) => inWindow(g.dueOn));
  const page = pageSize === null ? 1 : pageInfo(all.length, filters.page, pageSize).page;
  const shown = pageSize === null ? all : all.slice((page - 1) * pageSize, page * pageSize);
  const rows = shown.map((g) => ({ ...g, daysLeft: daysBetween(day, g.dueOn) }));
  return { rows, total: all.length, today: day };
}

/** Every group (system or supplier) with a deadline, earliest first, then worst residual risk, then name. */
async function deadlineGroups(
  db: Kysely<Database>,
  filters: Pick<DeadlineFilters, "group" | "owner" | "risk">,
  allComponents: readonly DeadlineComponentRow[],
): Promise<Omit<DeadlineGroupRow, "daysLeft">[]> {
  const components = filters.risk ? allComponents.filter((c) => c.inherent === filters.risk) : allComponents;
  const byId = new Map(components.map((c) => [c.id, c]));
  let groups: Array<Omit<DeadlineGroupRow, "dueOn" | "daysLeft" | "first" | "residual" | "issueHref">> = [];
  if (filters.group === "system") {
    let q = db
      .selectFrom("ai_system_dependencies as dep")
      .innerJoin("ai_systems as sys", "sys.id", "dep.ai_system_id")
      .leftJoin("users as u", "u.id", "sys.owner_id")
      .select(["sys.id", "sys.name", "u.name as owner_name", "dep.ai_component_id"])
      .where("sys.archived_at", "is", null)
      .where("sys.lifecycle", "<>", "retired");
    if (filters.owner) q = q.where("sys.owner_id", "=", filters.owner);
    const deps = await q.execute();
    const bySystem = new Map<string, (typeof groups)[number]>();
    for (const d of deps) {
      const c = byId.get(d.ai_component_id);
      if (!c) continue;
      const g = bySystem.get(d.id) ?? { kind: "system" as const, id: d.id, name: d.name, ownerName: d.owner_name, components: [] };
      if (!g.components.includes(c)) g.components.push(c);
      bySystem.set(d.id, g);
    }
    groups = [...bySystem.values()];
  } else {
    let q = db
      .selectFrom("suppliers as s")
      .leftJoin("users as u", "u.id", "s.procurement_owner_id")
      .select(["s.id", "s.name", "u.name as owner_name"])
      .where("s.archived_at", "is", null);
    if (filters.owner) q = q.where("s.procurement_owner_id", "=", filters.owner);
    const suppliers = new Map((await q.execute()).map((s) => [s.id, s]));
    const bySupplier = new Map<string, (typeof groups)[number]>();
    for (const c of components) {
      const s = suppliers.get(c.supplierId);
      if (!s) continue;
      const g = bySupplier.get(s.id) ?? { kind: "supplier" as const, id: s.id, name: s.name, ownerName: s.owner_name, components: [] };
      g.components.push(c);
      bySupplier.set(s.id, g);
    }
    groups = [...bySupplier.values()];
  }
  return groups
    .map((g) => {
      const sorted = [...g.components].sort(byDue);
      const first = sorted[0]!;
      return { ...g, components: sorted, first, dueOn: first.dueOn, residual: worstResidual(sorted), issueHref: issueHrefFor(first, sorted) };
    })
    .sort(
      (a, b) => compareDates(a.dueOn, b.dueOn) || (RISK_RANK[b.residual ?? "low"] ?? 0) - (RISK_RANK[a.residual ?? "low"] ?? 0) || a.name.localeCompare(b.name),
    );
}

/** The timeline's span: today to 12 months ahead. */
export function timelineEnd(day: CalendarDate): CalendarDate {
  return addDays(day, 365);
}

/** Refreshes the components findings bear on: their own component, or those of the assessment of a supplier-wide one. */
export async function refreshFindingDeadlines(trx: Executor, findingIds: readonly string[], now = new Date()): Promise<void> {
  if (findingIds.length === 0) return;
  const rows = await trx
    .selectFrom("findings as f")
    .leftJoin("assessment_components as ac", (join) => join.onRef("ac.assessment_id", "=", "f.assessment_id").on("f.ai_component_id", "is", null))
    .select(["f.ai_component_id", "ac.ai_component_id as scope_component_id"])
    .where("f.id", "in", findingIds)
    .execute();
  await refreshComponentDeadlines(
    trx,
    rows.flatMap((r) => [r.ai_component_id, r.scope_component_id].filter((id): id is string => id !== null)),
    now,
  );
}

/** Refreshes the components risk acceptances bear on: their component, or their finding's. */
export async function refreshAcceptanceDeadlines(trx: Executor, acceptanceIds: readonly string[], now = new Date()): Promise<void> {
  if (acceptanceIds.length === 0) return;
  const rows = await trx.selectFrom("risk_acceptances").select(["ai_component_id", "finding_id"]).where("id", "in", acceptanceIds).execute();
  await refreshComponentDeadlines(
    trx,
    rows.flatMap((r) => (r.ai_component_id ? [r.ai_component_id] : [])),
    now,
  );
  await refreshFindingDeadlines(
    trx,
    rows.flatMap((r) => (r.finding_id ? [r.finding_id] : [])),
    now,
  );
}

export const DEADLINE_CSV_COLUMNS = [
  "group",
  "name",
  "owner",
  "due_on",
  "days_left",
  "status",
  "component",
  "supplier",
  "reason",
  "all_reasons",
  "inherent_risk",
  "residual_risk",
] as const;

/** The /deadlines table as CSV, every row (not one page), with the same filters. */
export async function deadlinesCsv(db: Kysely<Database>, filters: DeadlineFilters, now = new Date()): Promise<string> {
  const list = await listDeadlines(db, filters, now, null);
  const records = list.rows.map((g) => ({
    group: g.kind,
    name: g.name,
    owner: g.ownerName ?? "",
    due_on: g.dueOn,
    days_left: g.daysLeft,
    status: daysInWords(g.daysLeft),
    component: g.components.map((c) => c.name),
    supplier: [...new Set(g.components.map((c) => c.supplierName))],
    reason: g.first.reason,
    all_reasons: g.components.map((c) => `${c.name}: ${c.reason} (${c.dueOn})`),
    inherent_risk: g.first.inherent,
    residual_risk: g.residual ?? "not rated",
  }));
  return recordsToCsv(DEADLINE_CSV_COLUMNS, records, { header: true });
}

/** The owner filter's choices: every active staff user, by name. */
export function deadlineOwnerOptions(db: Kysely<Database>) {
  return db
    .selectFrom("users")
    .select(["id", "name"])
    .where("disabled_at", "is", null)
    .orderBy(sql`lower(name)`)
    .execute();
}
