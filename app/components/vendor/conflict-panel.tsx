// Shown on a question when its stored answer changed while this page held unsaved edits of it: the
// vendor's own answer in another window or tab, or a colleague's. Both answers, and a choice of which
// to keep. A level-2 heading: the page's questions sit directly under its h1.
import { describeValue, type CurrentAnswer } from "~/domain/answers";
import { formatDateTime } from "~/domain/calendar";
import type { FormQuestion } from "~/domain/section-page";
import { formValue, type FormAnswer } from "./answer-form-model";

/** The panel's words: the same contact in another window, or a colleague (by name or address). */
export function conflictWording(theirs: CurrentAnswer) {
  const at = theirs.updatedAt ? ` (saved at ${formatDateTime(theirs.updatedAt)})` : "";
  if (theirs.byYou)
    return {
      title: "You changed this answer in another window or tab",
      mine: "Your answer in this window",
      theirs: `Your answer from the other window${at}`,
      keep: "Keep this window's answer",
      take: "Use the other window's answer",
    };
  const who = theirs.updatedBy ?? "Someone else";
  return {
    title: `${who} changed this answer while you were editing it`,
    mine: "Your answer",
    theirs: `${theirs.updatedBy ? `${who}'s` : "Their"} answer${at}`,
    keep: "Keep mine",
    take: "Use theirs",
  };
}

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
  const words = conflictWording(theirs);
  const headingId = `q-${question.key}-conflict`;
  return (
    <section className="conflict" role="alert" aria-labelledby={headingId}>
      <h2 id={headingId} className="conflict__title">
        {words.title}
      </h2>
      <dl className="conflict__values">
        <div>
          <dt>{words.mine}</dt>
          <dd>{describeValue(question, formValue(question, mine), mine.na)}</dd>
          {mine.comment ? <dd className="muted">Comment: {mine.comment}</dd> : null}
        </div>
        <div>
          <dt>{words.theirs}</dt>
          <dd>{describeValue(question, theirs.value, theirs.isNa)}</dd>
          {theirs.comment ? <dd className="muted">Comment: {theirs.comment}</dd> : null}
        </div>
      </dl>
      <div className="conflict__actions">
        <button type="button" className="button button--primary" onClick={onKeep}>
          {words.keep}
        </button>
        <button type="button" className="button" onClick={onTheirs}>
          {words.take}
        </button>
      </div>
    </section>
  );
}
