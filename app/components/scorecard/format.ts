// How the scorecard writes its numbers and anchors: one place, so a link always finds its target.
import type { Grade } from "~/domain/templates/definition";
import type { RiskLevel } from "~/domain/scoring/methodology";

export function score(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined) return "—";
  const f = 10 ** digits;
  return String(Math.round(n * f) / f);
}

export function percent(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : `${Math.round(n * 100)}%`;
}

/** "supplier" for the supplier-level rating, else the component id. */
export const ratingKey = (componentId: string | null) => componentId ?? "supplier";
export const ratingAnchor = (componentId: string | null) => `r-${ratingKey(componentId)}`;
export const domainAnchor = (componentId: string | null, domain: string) => `r-${ratingKey(componentId)}-${domain}`;
export const lineAnchor = (componentId: string | null, questionKey: string) => `l-${ratingKey(componentId)}-${questionKey}`;

export const GRADE_TONE: Record<Grade, string> = { A: "badge--ok", B: "badge--ok", C: "badge--warn", D: "badge--danger", E: "badge--danger" };
export const RISK_TONE: Record<RiskLevel, string> = { low: "badge--ok", medium: "badge--muted", high: "badge--warn", critical: "badge--danger" };
