// One question on the answering page: its field (or, for a file question, its evidence), the
// reviewer comment, the hidden base revision and original answer for the no-JavaScript post, and
// the conflict panel when a colleague saved it meanwhile; with the review, the reviewer's
// clarification request, the carried-over marker and the thread with the reviewer. Re-renders only
// when its own answer or save state changes. A question the vendor may not change now sends no
// base revision, so the no-JavaScript post leaves it alone.
import { memo, useState, useSyncExternalStore } from "react";
import { useController, type Control } from "react-hook-form";
import { QuestionField, type QuestionAnswer } from "~/components/questionnaire/question-field";
import type { CurrentAnswer } from "~/domain/answers";
import type { PageAnswer, PageEvidenceFile } from "~/domain/section-page";
import type { FormQuestion } from "~/domain/section-page";
import { AnswerComment } from "./answer-comment";
import type { FormAnswer, FormValues } from "./answer-form-model";
import { EMPTY_KEY_STATE, type Autosave } from "./autosave";
import { ConflictPanel } from "./conflict-panel";
import { EvidenceUpload } from "./evidence-upload";
import { CarriedOver, ClarificationRequest, FollowUpNote, QuestionThread, type ReplyFailure, type ThreadEntry } from "./question-review";

interface BlockProps {
  question: FormQuestion;
  number: string;
  control: Control<FormValues>;
  saver: Autosave;
  readOnly: boolean;
  files: PageEvidenceFile[] | undefined;
  assessmentId: string;
  componentId: string | null;
  revision: number;
  original: PageAnswer | undefined;
  serverError: string | null;
  onUseTheirs: (key: string, current: CurrentAnswer) => void;
  /** The reviewer's clarification request on this question (changes requested). */
  request?: string | null;
  /** Open again because it follows from a reopened question. */
  followUp?: boolean;
  /** Carried over from the last cycle (or filled in from the buyer's records); `confirmed`: just confirmed. */
  prefilled?: boolean;
  /** Filled in from the buyer's records (its inventory) rather than the last cycle. */
  fromBuyerRecords?: boolean;
  /** Pre-filled by the buyer from the vendor's model document. */
  fromModelDocument?: boolean;
  confirmed?: boolean;
  thread?: ThreadEntry[] | null;
  canReply?: boolean;
  replied?: boolean;
  replyFailure?: ReplyFailure | null;
}

export const QuestionBlock = memo(function QuestionBlock({
  question,
  number,
  control,
  saver,
  readOnly,
  files,
  assessmentId,
  componentId,
  revision,
  original,
  serverError,
  onUseTheirs,
  request = null,
  followUp = false,
  prefilled = false,
  fromBuyerRecords = false,
  fromModelDocument = false,
  confirmed = false,
  thread = null,
  canReply = false,
  replied = false,
  replyFailure = null,
}: BlockProps) {
  const { field } = useController({ control, name: `answers.${question.key}` });
  const answer = field.value as FormAnswer;
  const state = useSyncExternalStore(
    saver.subscribe,
    () => saver.keyState(question.key),
    () => EMPTY_KEY_STATE,
  );
  const id = `q-${question.key}`;
  // Once changed here the answer is no longer the carried-over one (its save clears the mark).
  const [touched, setTouched] = useState(false);
  const onChange = (_key: string, next: QuestionAnswer) => {
    setTouched(true);
    field.onChange({ ...answer, value: next.value, na: Boolean(next.na) });
    saver.schedule(question.key);
  };
  const error = state.error ?? serverError;
  const evidenceHref = `/v/a/${assessmentId}/evidence?question=${question.key}${componentId ? `&component=${componentId}` : ""}`;
  const bare: FormQuestion = question.evidence ? { ...question, evidence: undefined } : question;
  const originalJson = JSON.stringify({ value: original?.value ?? null, isNa: original?.isNa ?? false, comment: original?.comment ?? null });
  const evidence = <Evidence question={question} files={files} href={evidenceHref} readOnly={readOnly} assessmentId={assessmentId} componentId={componentId} />;

  const classes = ["answer-block"];
  if (state.conflict) classes.push("answer-block--conflict");
  if (request !== null) classes.push("answer-block--requested");
  return (
    <div className={classes.join(" ")}>
      {readOnly ? null : (
        <>
          <input type="hidden" name={`rev.${question.key}`} value={revision} />
          <input type="hidden" name={`orig.${question.key}`} value={originalJson} />
        </>
      )}
      {request !== null ? <ClarificationRequest id={id} message={request} /> : null}
      {followUp ? <FollowUpNote /> : null}
      {question.type === "file" ? (
        <div className={error ? "qn-question qn-question--invalid" : "qn-question"} id={id} data-question-key={question.key}>
          <fieldset className="qn-choice" aria-describedby={error ? `${id}-error` : undefined}>
            <legend className="qn-prompt">
              <span className="qn-number">{number}</span>
              <span className="qn-prompt__text">{question.prompt}</span>
              {question.required ? <span className="qn-required"> (required)</span> : <span className="qn-optional"> (optional)</span>}
            </legend>
            {question.help ? <p className="qn-help">{question.help}</p> : null}
            {evidence}
            {question.allowNa ? (
              <span className="qn-na">
                <input
                  type="checkbox"
                  id={`${id}-na`}
                  name={`answers.${question.key}.na`}
                  checked={answer.na}
                  disabled={readOnly}
                  onChange={(e) => onChange(question.key, { value: answer.value, na: e.currentTarget.checked })}
                />
                <label htmlFor={`${id}-na`}>Not applicable</label>
              </span>
            ) : null}
          </fieldset>
          {error ? (
            <p className="qn-error" id={`${id}-error`}>
              {error}
            </p>
          ) : null}
        </div>
      ) : (
        <QuestionField
          question={bare}
          id={id}
          name={`answers.${question.key}`}
          number={number}
          answer={{ value: answer.value, na: answer.na }}
          onChange={onChange}
          error={error}
          readOnly={readOnly}
        />
      )}
      {question.evidence && question.type !== "file" ? evidence : null}
      <AnswerComment
        id={id}
        name={`comment.${question.key}`}
        number={number}
        value={answer.comment}
        readOnly={readOnly}
        startOpen={Boolean(thread?.length) || replyFailure !== null}
        onChange={(comment) => {
          setTouched(true);
          field.onChange({ ...answer, comment });
          saver.schedule(question.key);
        }}
      />
      {(prefilled && !touched) || confirmed ? (
        <CarriedOver
          id={id}
          questionKey={question.key}
          number={number}
          canConfirm={!readOnly}
          confirmed={confirmed && !prefilled}
          fromBuyerRecords={fromBuyerRecords}
          fromModelDocument={fromModelDocument}
        />
      ) : null}
      {thread ? (
        <QuestionThread id={id} questionKey={question.key} number={number} entries={thread} canReply={canReply} replied={replied} failure={replyFailure} />
      ) : null}
      {state.conflict ? (
        <ConflictPanel
          question={question}
          mine={answer}
          theirs={state.conflict}
          onKeep={() => saver.keepMine(question.key, state.conflict!)}
          onTheirs={() => onUseTheirs(question.key, state.conflict!)}
        />
      ) : null}
    </div>
  );
});

function Evidence({
  question,
  files,
  href,
  readOnly,
  assessmentId,
  componentId,
}: {
  question: FormQuestion;
  files: PageEvidenceFile[] | undefined;
  href: string;
  readOnly: boolean;
  assessmentId: string;
  componentId: string | null;
}) {
  if (readOnly) return <EvidencePlaceholder files={files} href={href} request={question.evidence?.request ?? null} readOnly />;
  return (
    <EvidenceUpload
      assessmentId={assessmentId}
      questionKey={question.key}
      componentId={componentId}
      files={files ?? []}
      requireValidUntil={Boolean(question.evidence?.requireValidUntil)}
      evidenceRequest={question.evidence?.request}
    />
  );
}

function EvidencePlaceholder({
  files,
  href,
  request,
  readOnly,
}: {
  files: PageEvidenceFile[] | undefined;
  href: string;
  request: string | null;
  readOnly: boolean;
}) {
  return (
    <div className="answer-evidence">
      {request ? <p className="qn-help">Requested: {request}</p> : null}
      {files?.length ? (
        <ul className="answer-evidence__files">
          {files.map((f) => (
            <li key={f.id}>
              {f.file_name}{" "}
              <span className="muted">
                ({Math.max(1, Math.round(f.size_bytes / 1024))} KB{f.valid_until ? `, valid until ${f.valid_until}` : ""})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted answer-evidence__none">No files attached yet.</p>
      )}
      {readOnly ? null : <a href={href}>{files?.length ? "Manage evidence files" : "Attach evidence files"}</a>}
    </div>
  );
}
