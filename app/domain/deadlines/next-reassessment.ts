// When must a vendor component be reassessed, and why? The earliest of every date that asks for
// it, each with its reason in words, so a reviewer can follow the answer:
//   - the last decided review plus the cadence for the component's inherent risk;
//   - the vendor's declared retraining/update cadence, where the policy says a retrain needs a review;
//   - the earliest expiry of its evidence, minus a lead time;
//   - open findings' due dates and risk acceptances' expiry;
//   - change notices (a new model version, a retrain, …): within the policy's days for its risk.
// A component never reviewed is due at once. Pure: the service gathers the facts.
import { addDays, addMonths, compareDates, formatDate, type CalendarDate } from "../calendar";
import type { RiskLevel } from "../scoring/methodology";

export const CHANGE_KINDS = ["model_version", "retrain", "training_data", "subprocessor", "incident"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  model_version: "new model version",
  retrain: "retraining",
  training_data: "new training-data source",
  subprocessor: "sub-processor change",
  incident: "incident",
};

/** How the vendor declared the model changes after release (the built-in template's chg_retraining_cadence). */
export const RETRAINING_DECLARATIONS = ["frozen", "scheduled", "ad_hoc", "continuous"] as const;
export type RetrainingDeclaration = (typeof RETRAINING_DECLARATIONS)[number];
const RETRAINING_WORDS: Record<RetrainingDeclaration, string> = {
  frozen: "frozen versions",
  scheduled: "scheduled retraining",
  ad_hoc: "retraining when needed",
  continuous: "continuous learning (behaviour can change without a new version)",
};

export interface DeadlinePolicy {
  /** Months between reviews by inherent risk. */
  cadenceMonths: Record<RiskLevel, number>;
  /** Whether a declared retraining/update cadence shortens the cycle. */
  retrainNeedsReview: boolean;
  /** Months between reviews for a declared way of retraining (null: the cadence by risk, or the declared interval, governs). */
  retrainingReviewMonths: Record<RetrainingDeclaration, number | null>;
  /** Days before evidence expires that the review falls due. */
  evidenceLeadDays: number;
  /** Days after a change notice within which the component must be reassessed, by inherent risk (null: no review needed). */
  changeReviewDays: Record<RiskLevel, number | null>;
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  cadenceMonths: { critical: 6, high: 12, medium: 24, low: 36 },
  retrainNeedsReview: true,
  retrainingReviewMonths: { frozen: null, scheduled: null, ad_hoc: 6, continuous: 3 },
  evidenceLeadDays: 30,
  changeReviewDays: { critical: 30, high: 60, medium: 90, low: null },
};

export interface ComponentFacts {
  /** Inherent risk from the systems that depend on it; null when nothing depends on it (low is assumed). */
  inherent: RiskLevel | null;
  /** The date of the last decided review, if any. */
  lastReviewedOn: CalendarDate | null;
  /** Declared update cadence in days (interval cadences only). */
  declaredIntervalDays: number | null;
  /** The vendor's latest answer on how the model is retrained, if any. */
  declaredRetraining?: RetrainingDeclaration | null;
  evidence: ReadonlyArray<{ name: string; validUntil: CalendarDate }>;
  findings: ReadonlyArray<{ title: string; dueDate: CalendarDate }>;
  acceptances: ReadonlyArray<{ label: string; expiresOn: CalendarDate }>;
  changes: ReadonlyArray<{ kind: ChangeKind; on: CalendarDate; reviewed: boolean }>;
}

export type DeadlineKind = "never_reviewed" | "cadence" | "declared_cadence" | "evidence" | "finding" | "acceptance" | "change";

export interface DeadlineReason {
  date: CalendarDate;
  kind: DeadlineKind;
  text: string;
}

export interface Deadline {
  /** The earliest date; the first reason is why. */
  due: CalendarDate;
  reasons: DeadlineReason[];
}

const RISK_LABEL: Record<RiskLevel, string> = { low: "Low", medium: "Medium", high: "High", critical: "Critical" };

/** Every date that asks for a review, each with its reason. */
export function deadlineReasons(facts: ComponentFacts, policy: DeadlinePolicy, today: CalendarDate): DeadlineReason[] {
  const risk = facts.inherent ?? "low";
  const reasons: DeadlineReason[] = [];
  if (facts.lastReviewedOn === null) {
    reasons.push({ date: today, kind: "never_reviewed", text: "Never reviewed" });
  } else {
    const months = policy.cadenceMonths[risk];
    reasons.push({
      date: addMonths(facts.lastReviewedOn, months),
      kind: "cadence",
      text: `${RISK_LABEL[risk]} inherent risk: review every ${months} months; last review ${formatDate(facts.lastReviewedOn)}`,
    });
    if (policy.retrainNeedsReview && facts.declaredIntervalDays !== null && facts.declaredIntervalDays > 0) {
      reasons.push({
        date: addDays(facts.lastReviewedOn, facts.declaredIntervalDays),
        kind: "declared_cadence",
        text: `Declared retraining every ${facts.declaredIntervalDays} days: last review ${formatDate(facts.lastReviewedOn)}`,
      });
    }
    const retrainMonths = facts.declaredRetraining ? policy.retrainingReviewMonths[facts.declaredRetraining] : null;
    if (policy.retrainNeedsReview && facts.declaredRetraining && retrainMonths !== null && retrainMonths > 0) {
      reasons.push({
        date: addMonths(facts.lastReviewedOn, retrainMonths),
        kind: "declared_cadence",
        text: `Declared ${RETRAINING_WORDS[facts.declaredRetraining]}: review every ${retrainMonths} months; last review ${formatDate(facts.lastReviewedOn)}`,
      });
    }
  }
  for (const e of facts.evidence) {
    reasons.push({ date: addDays(e.validUntil, -policy.evidenceLeadDays), kind: "evidence", text: `${e.name} expires ${formatDate(e.validUntil)}` });
  }
  for (const f of facts.findings) reasons.push({ date: f.dueDate, kind: "finding", text: `Finding "${f.title}" due ${formatDate(f.dueDate)}` });
  for (const a of facts.acceptances)
    reasons.push({ date: a.expiresOn, kind: "acceptance", text: `Risk acceptance "${a.label}" expires ${formatDate(a.expiresOn)}` });
  const changeDays = policy.changeReviewDays[risk];
  if (changeDays !== null) {
    for (const c of facts.changes) {
      if (c.reviewed) continue;
      reasons.push({
        date: addDays(c.on, changeDays),
        kind: "change",
        text: `Vendor reported a ${CHANGE_KIND_LABELS[c.kind]} on ${formatDate(c.on)}: reassess within ${changeDays} days`,
      });
    }
  }
  return reasons.sort((a, b) => compareDates(a.date, b.date) || a.kind.localeCompare(b.kind));
}

/** The next reassessment of one component: the earliest reason. */
export function componentDeadline(facts: ComponentFacts, policy: DeadlinePolicy, today: CalendarDate): Deadline {
  const reasons = deadlineReasons(facts, policy, today);
  return { due: reasons[0]!.date, reasons };
}

/** The earliest of several deadlines (a supplier's components, a system's dependencies); null for none. */
export function earliestDeadline<T extends { deadline: Deadline }>(items: readonly T[]): T | null {
  let best: T | null = null;
  for (const item of items) if (!best || compareDates(item.deadline.due, best.deadline.due) < 0) best = item;
  return best;
}
