// The thread under one answer: each comment with its author, time and who can see it (in words),
// and the form to add one. The form is a plain POST (works without JavaScript) to the page's
// action, which redirects back to this answer; a refused comment comes back with its message next
// to the field and the text kept.
import { Form } from "@remix-run/react";
import { formatDateTime } from "~/domain/calendar";
import type { ReviewCommentInput } from "~/domain/review/answer-review";

export interface CommentFailure {
  fieldErrors: Record<string, string>;
  values: Record<string, unknown>;
}

export function ThreadComments({ comments }: { comments: readonly ReviewCommentInput[] }) {
  if (comments.length === 0) return <p className="review-thread__empty">No comments yet.</p>;
  return (
    <ol className="review-thread__list">
      {comments.map((c) => (
        <li key={c.id} className={c.visibility === "internal" ? "review-comment review-comment--internal" : "review-comment review-comment--vendor"}>
          <p className="review-comment__meta">
            <span className={c.visibility === "internal" ? "review-tag review-tag--internal" : "review-tag review-tag--vendor"}>
              {c.visibility === "internal" ? "Internal" : "Visible to vendor"}
            </span>{" "}
            <span className="review-comment__author">{c.author}</span>
            {c.byVendor ? <span className="review-comment__role"> (vendor)</span> : null} · <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
          </p>
          <p className="review-comment__body">{c.body}</p>
        </li>
      ))}
    </ol>
  );
}

export interface CommentFormProps {
  /** The page's URL with its filters and this answer's fragment. */
  action: string;
  idPrefix: string;
  questionKey: string;
  componentId: string | null;
  /** "question 2.3", for labels that say where the comment goes. */
  where: string;
  failure?: CommentFailure;
}

export function CommentForm({ action, idPrefix, questionKey, componentId, where, failure }: CommentFormProps) {
  const errors = failure?.fieldErrors ?? {};
  const bodyError = errors.body;
  const visibilityError = errors.visibility;
  const formError = errors.form;
  const echoedBody = typeof failure?.values.body === "string" ? failure.values.body : "";
  const echoedVisibility = failure?.values.visibility === "vendor" ? "vendor" : "internal";
  const bodyId = `${idPrefix}-body`;
  return (
    <details className="review-thread__add" open={failure ? true : undefined}>
      <summary>
        Add a comment<span className="visually-hidden"> on {where}</span>
      </summary>
      <Form method="post" action={action} className="review-comment-form">
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name="questionKey" value={questionKey} />
        <input type="hidden" name="componentId" value={componentId ?? ""} />
        {formError ? (
          <p className="field__error" role="alert">
            {formError}
          </p>
        ) : null}
        <div className={bodyError ? "field field--invalid" : "field"}>
          <label htmlFor={bodyId}>
            Comment<span className="visually-hidden"> on {where}</span>
          </label>
          <textarea
            id={bodyId}
            name="body"
            rows={3}
            maxLength={5000}
            defaultValue={echoedBody}
            aria-invalid={bodyError ? true : undefined}
            aria-describedby={bodyError ? `${bodyId}-error` : undefined}
          />
          {bodyError ? (
            <p className="field__error" id={`${bodyId}-error`}>
              {bodyError}
            </p>
          ) : null}
        </div>
        <fieldset
          className={visibilityError ? "review-comment-form__visibility field--invalid" : "review-comment-form__visibility"}
          aria-describedby={visibilityError ? `${idPrefix}-visibility-error` : undefined}
        >
          <legend>Who can see it</legend>
          <span className="checkbox">
            <input type="radio" id={`${idPrefix}-internal`} name="visibility" value="internal" defaultChecked={echoedVisibility === "internal"} />
            <label htmlFor={`${idPrefix}-internal`}>Internal: staff only</label>
          </span>
          <span className="checkbox">
            <input type="radio" id={`${idPrefix}-vendor`} name="visibility" value="vendor" defaultChecked={echoedVisibility === "vendor"} />
            <label htmlFor={`${idPrefix}-vendor`}>Visible to the vendor</label>
          </span>
          {visibilityError ? (
            <p className="field__error" id={`${idPrefix}-visibility-error`}>
              {visibilityError}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button button--small button--primary">
          Add comment<span className="visually-hidden"> on {where}</span>
        </button>
      </Form>
    </details>
  );
}
