// A list row's current rating: the grade badge with its score, linking to the scorecard it comes
// from, and the residual risk badge; "Not rated" when nothing is scored.
import { Link } from "@remix-run/react";
import { RiskBadge } from "~/components/scorecard/badges";
import { GRADE_TONE, ratingAnchor, score } from "~/components/scorecard/format";
import type { RiskLevel } from "~/domain/scoring/methodology";
import type { Grade } from "~/domain/templates/definition";

export interface RatingCellData {
  grade: Grade | null;
  overall: number | null;
  assessmentId: string | null;
  residual: RiskLevel | null;
}

/** `componentId` points the link at that component's rating on the scorecard. */
export function GradeCell({ rating, componentId }: { rating: RatingCellData; componentId?: string }) {
  if (!rating.assessmentId) return <span className="badge badge--muted">Not rated</span>;
  const href = `/assessments/${rating.assessmentId}/scorecard${componentId ? `#${ratingAnchor(componentId)}` : ""}`;
  const tone = rating.grade ? GRADE_TONE[rating.grade] : "badge--muted";
  return (
    <Link to={href} className={`badge grade-badge ${tone}`}>
      {rating.grade ? `Grade ${rating.grade}` : "No grade"} · {score(rating.overall)}
      <span className="visually-hidden"> (open the scorecard)</span>
    </Link>
  );
}

export function ResidualCell({ rating }: { rating: RatingCellData }) {
  return <RiskBadge level={rating.residual} />;
}
