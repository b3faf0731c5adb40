// The answers review, per section: each question beside its answer (in words), the evidence with
// its validity, the score line and knock-outs of the latest stored score, how it compares with the
// previous cycle, the actions a reviewer can take, and the thread. Sections are <details open>, so
// they fold without JavaScript. Every state is said in words; colour only repeats it.
import { Link } from "@remix-run/react";
import { formatFileSize } from "~/domain/file-types";
import type { CycleChange, ReviewGroup, ReviewItem, ReviewSection } from "~/domain/review/answer-review";
import { lineAnchor, score } from "~/components/scorecard/format";
import { CommentForm, ThreadComments, type CommentFailure } from "./answers-thread";

export interface ReviewPermissions {
  comment: boolean;
  raiseFinding: boolean;
  requestClarification: boolean;
}

export interface AnswersSectionsProps {
  assessmentId: string;
  groups: readonly ReviewGroup[];
  /** The page's query string ("" or "?show=…"), kept by the comment forms' redirects. */
  query: string;
  permissions: ReviewPermissions;
  scored: boolean;
  /** The refused comment and the answer it was for (threadKey). */
  failure?: { key: string } & CommentFailure;
}

const CHANGE_WORDS: Record<CycleChange, string> = {
  new_question: "New question this cycle",
  changed: "Changed since last cycle",
  unchanged: "Unchanged since last cycle",
  confirmed: "Confirmed from last cycle",
};

function componentParam(componentId: string | null) {
  return componentId ?? "";
}

function withQuery(path: string, params: Record<string, string>) {
  return `${path}?${new URLSearchParams(params).toString()}`;
}

export function AnswersSections(props: AnswersSectionsProps) {
  return (
    <>
      {props.groups.map((group) => (
        <section key={group.id} className="review-group" aria-labelledby={`${group.id}-title`}>
          <h2 id={`${group.id}-title`}>{group.title}</h2>
          {group.sections.map((section) => (
            <SectionBlock key={section.id} section={section} {...props} />
          ))}
        </section>
      ))}
    </>
  );
}

function SectionBlock({ section, ...props }: { section: ReviewSection } & AnswersSectionsProps) {
  return (
    <details className="review-section" id={section.id} open>
      <summary className="review-section__summary">
        <h3 className="review-section__title">
          {section.number}. {section.title}
        </h3>
        <span className="review-section__count">
          {section.answered} of {section.questions} answered
          {section.required ? ` · ${section.requiredAnswered} of ${section.required} required` : ""}
        </span>
      </summary>
      {section.items.length === 0 ? (
        <p className="review-section__empty">No questions apply given the vendor's answers.</p>
      ) : (
        <ol className="review-items">
          {section.items.map((item) => (
            <AnswerItem key={item.key} item={item} {...props} />
          ))}
        </ol>
      )}
    </details>
  );
}

function AnswerItem({ item, assessmentId, query, permissions, scored, failure }: { item: ReviewItem } & AnswersSectionsProps) {
  const where = `question ${item.number}`;
  const a = item.answer;
  const links = { question: item.questionKey, component: componentParam(item.componentId) };
  return (
    <li id={item.anchor} className={a.state === "unanswered" ? "review-item review-item--open" : "review-item"}>
      <div className="review-item__question">
        <h4 className="review-item__prompt">
          <span className="review-item__number">{item.number}</span> {item.prompt}
        </h4>
        <p className="review-item__tags">
          <span className="review-tag">{item.required ? "Required" : "Optional"}</span>
          {item.change ? <span className={`review-tag review-tag--change-${item.change}`}>{CHANGE_WORDS[item.change]}</span> : null}
          {a.fromBuyerRecords ? (
            <span className="review-tag review-tag--prefilled">From the buyer&apos;s records, not yet confirmed by the vendor</span>
          ) : a.prefilled ? (
            <span className="review-tag review-tag--prefilled">Carried over, not yet confirmed by the vendor</span>
          ) : null}
        </p>
      </div>

      <div className="review-item__answer">
        <p className="review-item__label">Answer</p>
        {a.state === "unanswered" ? (
          <p className="review-item__value review-item__value--missing">Not answered</p>
        ) : a.list ? (
          <ul className="review-item__choices">
            {a.list.map((label, i) => (
              <li key={i}>{label}</li>
            ))}
          </ul>
        ) : (
          <p className={a.long ? "review-item__value prewrap" : "review-item__value"}>{a.text}</p>
        )}
        {a.comment ? (
          <p className="review-item__vendor-comment prewrap">
            <span className="review-item__label-inline">Vendor's comment:</span> {a.comment}
          </p>
        ) : null}

        {item.evidence.length ? (
          <div className="review-item__evidence">
            <p className="review-item__label">Evidence</p>
            <ul>
              {item.evidence.map((e) => (
                <li key={e.id}>
                  <a href={`/assessments/${assessmentId}/evidence/${e.id}`} download>
                    {e.fileName}
                  </a>{" "}
                  <span className="review-item__file-facts">
                    {formatFileSize(e.sizeBytes)},{" "}
                    <span className={`review-validity review-validity--${e.validity.kind}`}>
                      {e.validity.kind === "expired" ? <strong>Expired</strong> : e.validity.kind === "expiring" ? <strong>Expiring soon</strong> : null}
                      {e.validity.kind === "expired" || e.validity.kind === "expiring" ? ": " : ""}
                      {e.validity.text}
                    </span>
                    {e.carriedOver ? ", carried over from the last cycle" : ""}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        {item.knockouts.length ? (
          <ul className="review-item__knockouts">
            {item.knockouts.map((k, i) => (
              <li key={i} className="review-knockout">
                <strong>Knock-out ({k.severity})</strong>: {k.message}. Caps the grade at {k.gradeCap}.
              </li>
            ))}
          </ul>
        ) : null}

        {item.score ? (
          <p className="review-item__score">
            <span className="review-item__label-inline">Score:</span>{" "}
            {item.score.points !== null ? (
              <>
                {score(item.score.points, 2)} of 1 point (weight {score(item.score.weight, 2)}), adds {score(item.score.contribution, 1)} of a possible{" "}
                {score(item.score.maxContribution, 1)} to {item.score.domain}
              </>
            ) : (
              item.score.statusText
            )}
            {item.score.evidenceValid ? "; backed by valid evidence" : ""}.{" "}
            {item.score.stale ? <strong className="review-item__stale">The answer has changed since this score. </strong> : null}
            <Link to={`/assessments/${assessmentId}/scorecard#${lineAnchor(item.componentId, item.questionKey)}`}>
              How it was scored<span className="visually-hidden"> ({where})</span>
            </Link>
          </p>
        ) : scored ? (
          <p className="review-item__score review-item__score--none">Not in the latest score.</p>
        ) : null}
      </div>

      <div className="review-item__actions">
        {permissions.raiseFinding ? (
          <Link to={withQuery(`/assessments/${assessmentId}/findings/new`, links)}>
            Raise a finding<span className="visually-hidden"> on {where}</span>
          </Link>
        ) : null}
        {permissions.requestClarification ? (
          <Link to={withQuery(`/assessments/${assessmentId}/clarifications`, links)}>
            Request clarification<span className="visually-hidden"> of {where}</span>
          </Link>
        ) : null}
      </div>

      <div className="review-thread">
        <p className="review-item__label">
          Thread{item.comments.length ? ` (${item.comments.length})` : ""}
          <span className="visually-hidden"> on {where}</span>
        </p>
        <ThreadComments comments={item.comments} />
        {permissions.comment ? (
          <CommentForm
            key={item.comments.length}
            action={`/assessments/${assessmentId}/answers${query}#${item.anchor}`}
            idPrefix={item.anchor}
            questionKey={item.questionKey}
            componentId={item.componentId}
            where={where}
            failure={failure && failure.key === item.key ? failure : undefined}
          />
        ) : null}
      </div>
    </li>
  );
}
