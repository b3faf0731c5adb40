// Shown on a question when a colleague saved it while this vendor was editing: both answers, and
// "Keep mine" or "Use theirs".
import { describeValue, type CurrentAnswer } from "~/domain/answers";
import { formatDateTime } from "~/domain/calendar";
import type { FormQuestion } from "~/domain/section-page";
import { formValue, type FormAnswer } from "./answer-form-model";

export function ConflictPanel({
  question,
  mine,
  theirs,
  onKeep,
  onTheirs,
}: {
  question: FormQuestion;
  mine: FormAnswer;
  theirs: CurrentAnswer;
  onKeep: () => void;
  onTheirs: () => void;
}) {
  const who = theirs.updatedBy ?? "A colleague";
  const headingId = `q-${question.key}-conflict`;
  return (
    <section className="conflict" role="alert" aria-labelledby={headingId}>
      <h3 id={headingId} className="conflict__title">
        {who} changed this answer while you were editing it
      </h3>
      <dl className="conflict__values">
        <div>
          <dt>Your answer</dt>
          <dd>{describeValue(question, formValue(question, mine), mine.na)}</dd>
          {mine.comment ? <dd className="muted">Comment: {mine.comment}</dd> : null}
        </div>
        <div>
          <dt>
            {who}'s answer{theirs.updatedAt ? ` (saved at ${formatDateTime(theirs.updatedAt)})` : ""}
          </dt>
          <dd>{describeValue(question, theirs.value, theirs.isNa)}</dd>
          {theirs.comment ? <dd className="muted">Comment: {theirs.comment}</dd> : null}
        </div>
      </dl>
      <div className="conflict__actions">
        <button type="button" className="button button--primary" onClick={onKeep}>
          Keep mine
        </button>
        <button type="button" className="button" onClick={onTheirs}>
          Use theirs
        </button>
      </div>
    </section>
  );
}
