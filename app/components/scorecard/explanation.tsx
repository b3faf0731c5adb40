// The drill-down: for a rating, its overall from the domains, and for each domain every question
// line (answer, points, weight, share, contribution) with the domain's sums. Plain <details> with
// ids, so a link to "#r-<rating>-<domain>" opens the right one without JavaScript.
import type { Rating } from "~/domain/scoring/types";
import { DOMAIN_LABELS, SCORING_DOMAINS } from "~/domain/templates/definition";
import { domainAnchor, lineAnchor, ratingAnchor, score } from "./format";

const STATUS_WORDS: Record<string, string> = {
  scored: "scored",
  unanswered_required: "required, unanswered: 0",
  unanswered_optional: "optional, unanswered: left out",
  invalid: "answer does not fit the question",
  na: "not applicable: left out",
  hidden: "hidden: left out",
  context: "context only",
  unscored: "not scored",
  unscorable: "cannot be scored",
};

export interface ExplanationProps {
  title: string;
  rating: Rating;
  questions: Record<string, { prompt: string }>;
  answerTexts: Record<string, string>;
  /** Lines of other ratings' scopes are shown too (a component rating includes the supplier-level answers). */
  keyOf: (componentId: string | null, questionKey: string) => string;
}

export function RatingExplanationView({ title, rating, questions, answerTexts, keyOf }: ExplanationProps) {
  const ex = rating.explanation;
  const id = ratingAnchor(rating.componentId);
  return (
    <details id={id} className="explanation">
      <summary>
        <strong>{title}</strong>: score {score(rating.overall)}, {rating.grade ? `grade ${rating.grade}` : "no grade"}
      </summary>
      <p>
        {ex.overall.rule}: {score(ex.overall.weightedScores, 4)} / {score(ex.overall.domainWeights, 4)} = <strong>{score(rating.overall, 6)}</strong>.
      </p>
      <p>{ex.grade.reason}.</p>
      {SCORING_DOMAINS.map((domain) => {
        const sum = ex.domains[domain];
        const lines = ex.questions.filter((l) => l.domain === domain && l.status !== "hidden");
        if (lines.length === 0 && sum.score === null) return null;
        return (
          <details key={domain} id={domainAnchor(rating.componentId, domain)} className="explanation__domain">
            <summary>
              {DOMAIN_LABELS[domain]}: {sum.score === null ? "not scored (nothing scorable)" : score(sum.score)}
            </summary>
            <div className="table-wrap">
              <table className="explanation__table">
                <caption className="visually-hidden">
                  {title}, {DOMAIN_LABELS[domain]}: each question
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Question</th>
                    <th scope="col">Answer</th>
                    <th scope="col">How it counts</th>
                    <th scope="col">Points</th>
                    <th scope="col">Weight</th>
                    <th scope="col">Share</th>
                    <th scope="col">Contribution</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((line) => (
                    <tr
                      key={`${line.componentId}:${line.questionKey}`}
                      id={rating.componentId === line.componentId ? lineAnchor(line.componentId, line.questionKey) : undefined}
                    >
                      <th scope="row">
                        {questions[line.questionKey]?.prompt ?? line.questionKey}
                        {line.componentId === null && rating.componentId !== null ? <span className="muted"> (supplier level)</span> : null}
                      </th>
                      <td>{answerTexts[keyOf(line.componentId, line.questionKey)] ?? "—"}</td>
                      <td>
                        {STATUS_WORDS[line.status] ?? line.status}
                        {line.evidenceValid ? <span className="muted"> · backed by valid evidence</span> : null}
                        <div className="muted explanation__reason">{line.reason}</div>
                      </td>
                      <td>{score(line.points, 3)}</td>
                      <td>{score(line.weight, 2)}</td>
                      <td>{line.share === null ? "—" : `${score(line.share * 100, 1)}%`}</td>
                      <td>{score(line.contribution, 2)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3}>
                      Domain: 100 × Σ weight × points / Σ weight = 100 × {score(sum.weightedPoints, 4)} / {score(sum.weight, 4)}
                    </th>
                    <td colSpan={4}>
                      <strong>{sum.score === null ? "not scored" : score(sum.score, 6)}</strong> ({sum.questions} counted; domain weight{" "}
                      {score(sum.domainWeight, 2)})
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </details>
        );
      })}
    </details>
  );
}
