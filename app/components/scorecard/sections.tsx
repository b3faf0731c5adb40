// The scorecard's parts below the summary: component ratings, knock-out flags, weakest answers,
// evidence, and the internal systems that depend on the components. Every number links to the
// drill-down line or domain it comes from.
import { Link } from "@remix-run/react";
import { formatDate } from "~/domain/calendar";
import type { RiskLevel } from "~/domain/scoring/methodology";
import type { KnockoutFlag, QuestionLine, Rating } from "~/domain/scoring/types";
import { DOMAIN_LABELS, type Grade } from "~/domain/templates/definition";
import type { InherentRiskResult } from "~/domain/risk/inherent";
import { GradeBadge, RiskBadge } from "./badges";
import { lineAnchor, ratingAnchor, score } from "./format";

type Names = (componentId: string | null) => string;

export function ComponentRatings({
  supplier,
  components,
  risk,
  nameOf,
}: {
  supplier: Rating;
  components: Record<string, Rating>;
  risk: Array<{ componentId: string; inherent: { level: RiskLevel }; residual: RiskLevel | null }>;
  nameOf: Names;
}) {
  const rows: Array<{ id: string | null; rating: Rating }> = [
    { id: null, rating: supplier },
    ...Object.entries(components).map(([id, rating]) => ({ id, rating })),
  ];
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Rating of the supplier level and each AI component</caption>
        <thead>
          <tr>
            <th scope="col">Rated</th>
            <th scope="col">Score</th>
            <th scope="col">Grade</th>
            <th scope="col">Knock-outs</th>
            <th scope="col">Confidence</th>
            <th scope="col">Inherent risk</th>
            <th scope="col">Residual risk</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ id, rating }) => {
            const r = id ? risk.find((x) => x.componentId === id) : undefined;
            return (
              <tr key={id ?? "supplier"}>
                <th scope="row">{id ? <Link to={`/components/${id}`}>{nameOf(id)}</Link> : "Supplier-level answers"}</th>
                <td>
                  <a href={`#${ratingAnchor(id)}`}>{score(rating.overall)}</a>
                </td>
                <td>
                  <GradeBadge grade={rating.grade} />
                </td>
                <td>{rating.flags.length}</td>
                <td>{rating.confidence === null ? "—" : `${Math.round(rating.confidence * 100)}%`}</td>
                <td>{r ? <RiskBadge level={r.inherent.level} /> : <span className="muted">—</span>}</td>
                <td>{r ? <RiskBadge level={r.residual} /> : <span className="muted">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function KnockoutFlags({
  flags,
  prompts,
  answerOf,
  nameOf,
}: {
  flags: KnockoutFlag[];
  prompts: Record<string, { prompt: string }>;
  answerOf: (f: KnockoutFlag) => string;
  nameOf: Names;
}) {
  if (flags.length === 0) return <p>No knock-out fired.</p>;
  return (
    <ul className="flag-list">
      {flags.map((flag) => (
        <li key={`${flag.componentId}:${flag.questionKey}:${flag.message}`} className={`flag flag--${flag.severity}`}>
          <p>
            <span className={`badge ${flag.severity === "critical" ? "badge--danger" : "badge--warn"}`}>
              {flag.severity === "critical" ? "Critical" : "High"}
            </span>{" "}
            <strong>{flag.message}</strong> <span className="muted">caps the grade at {flag.gradeCap}</span>
          </p>
          <p>
            {nameOf(flag.componentId)}:{" "}
            <a href={`#${lineAnchor(flag.componentId, flag.questionKey)}`}>{prompts[flag.questionKey]?.prompt ?? flag.questionKey}</a> answered “
            {answerOf(flag)}” ({flag.condition}).
          </p>
        </li>
      ))}
    </ul>
  );
}

export function WeakestAnswers({
  lines,
  prompts,
  answerOf,
  nameOf,
}: {
  lines: Array<QuestionLine & { lost: number }>;
  prompts: Record<string, { prompt: string }>;
  answerOf: (l: QuestionLine) => string;
  nameOf: Names;
}) {
  if (lines.length === 0) return <p>Every counted answer earned full points.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">The weakest answers, lowest points first</caption>
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Where</th>
            <th scope="col">Domain</th>
            <th scope="col">Answer</th>
            <th scope="col">Points</th>
            <th scope="col">Domain points lost</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={`${line.componentId}:${line.questionKey}`}>
              <th scope="row">
                <a href={`#${lineAnchor(line.componentId, line.questionKey)}`}>{prompts[line.questionKey]?.prompt ?? line.questionKey}</a>
              </th>
              <td>{nameOf(line.componentId)}</td>
              <td>{DOMAIN_LABELS[line.domain]}</td>
              <td>{answerOf(line)}</td>
              <td>{score(line.points, 3)}</td>
              <td>{score(line.lost, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface EvidenceRow {
  id: string;
  fileName: string;
  questionKey: string;
  componentId: string | null;
  validUntil: string | null;
  validOnScoringDate: boolean;
  daysLeft: number | null;
}

export function EvidenceStatus({
  assessmentId,
  evidence,
  prompts,
  nameOf,
}: {
  assessmentId: string;
  evidence: EvidenceRow[];
  prompts: Record<string, { prompt: string }>;
  nameOf: Names;
}) {
  if (evidence.length === 0) return <p>No evidence was attached.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Evidence and its expiry</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">For</th>
            <th scope="col">Valid until</th>
            <th scope="col">On the scoring date</th>
            <th scope="col">Today</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((e) => (
            <tr key={e.id}>
              <th scope="row">
                <a href={`/assessments/${assessmentId}/evidence/${e.id}`}>{e.fileName}</a>
              </th>
              <td>
                {prompts[e.questionKey]?.prompt ?? e.questionKey} <span className="muted">({nameOf(e.componentId)})</span>
              </td>
              <td>{e.validUntil ? formatDate(e.validUntil) : "No expiry"}</td>
              <td>{e.validOnScoringDate ? <span className="badge badge--ok">Valid</span> : <span className="badge badge--danger">Expired</span>}</td>
              <td>
                {e.daysLeft === null
                  ? "—"
                  : e.daysLeft < 0
                    ? `Expired ${-e.daysLeft} day${e.daysLeft === -1 ? "" : "s"} ago`
                    : `Expires in ${e.daysLeft} day${e.daysLeft === 1 ? "" : "s"}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface ComponentRisk {
  componentId: string;
  componentName: string;
  grade: Grade | null;
  inherent: InherentRiskResult;
  residual: RiskLevel | null;
  dependencies: Array<{ systemId: string; systemName: string; inherent: RiskLevel; reason: string; residual: RiskLevel | null }>;
}

export function DependentSystems({ components, rollups }: { components: ComponentRisk[]; rollups: string[] }) {
  if (components.length === 0) return <p>No AI component is in scope: no internal system depends on this assessment.</p>;
  return (
    <>
      {components.map((c) => (
        <div key={c.componentId} className="dependent-systems">
          <h3>
            {c.componentName}: <RiskBadge level={c.inherent.level} label="inherent" />, <RiskBadge level={c.residual} label="residual" />
          </h3>
          <p>{c.inherent.reason}</p>
          {c.dependencies.length ? (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Internal systems that depend on {c.componentName}</caption>
                <thead>
                  <tr>
                    <th scope="col">Internal system</th>
                    <th scope="col">Inherent risk</th>
                    <th scope="col">Residual risk (with grade {c.grade ?? "—"})</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {c.dependencies.map((d) => (
                    <tr key={d.systemId}>
                      <th scope="row">
                        <Link to={`/ai-systems/${d.systemId}`}>{d.systemName}</Link>
                      </th>
                      <td>
                        <RiskBadge level={d.inherent} />
                      </td>
                      <td>
                        <RiskBadge level={d.residual} />
                      </td>
                      <td>{d.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ))}
      {rollups.map((text) => (
        <p key={text}>{text}</p>
      ))}
    </>
  );
}
