// A grade and a risk level as badges with their words (colour is never the only signal).
import type { RiskLevel } from "~/domain/scoring/methodology";
import type { Grade } from "~/domain/templates/definition";
import { GRADE_TONE, RISK_TONE } from "./format";

export function GradeBadge({ grade }: { grade: Grade | null }) {
  if (grade === null) return <span className="badge badge--muted">No grade</span>;
  return <span className={`badge grade-badge ${GRADE_TONE[grade]}`}>Grade {grade}</span>;
}

export function RiskBadge({ level, label }: { level: RiskLevel | null; label?: string }) {
  if (level === null) return <span className="badge badge--muted">Not rated</span>;
  return (
    <span className={`badge ${RISK_TONE[level]}`}>
      {label ? `${label} ` : ""}
      {level}
    </span>
  );
}
