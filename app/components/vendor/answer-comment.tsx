// The vendor's comment for the reviewer under a question, behind an "Add a comment" disclosure
// (<details>: it opens and closes without JavaScript). Open from the start when there is something
// to see: a comment already written, a thread with the reviewer, or a reply that failed.
import { useState } from "react";
import { COMMENT_MAX } from "~/domain/answers";

export function AnswerComment({
  id,
  name,
  number,
  value,
  readOnly,
  startOpen,
  onChange,
}: {
  /** The question's element id: the textarea is `${id}-comment`. */
  id: string;
  name: string;
  number: string;
  value: string;
  readOnly: boolean;
  /** A thread with the reviewer or a failed reply on this question. */
  startOpen: boolean;
  onChange: (comment: string) => void;
}) {
  const [openedWith] = useState(startOpen || value !== "");
  if (readOnly && value === "") return null;
  return (
    <details className="answer-comment" open={openedWith || value !== ""}>
      <summary className="answer-comment__toggle">
        {value === "" ? "Add a comment" : "Your comment"}
        {number ? <span className="visually-hidden"> on question {number}</span> : null}
      </summary>
      <div className="answer-comment__body">
        <label htmlFor={`${id}-comment`}>Comment for the reviewer (optional)</label>
        <textarea
          id={`${id}-comment`}
          name={name}
          rows={2}
          maxLength={COMMENT_MAX}
          value={value}
          readOnly={readOnly}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      </div>
    </details>
  );
}
