// What the review adds to a question on the vendor's answering page: the reviewer's clarification
// request (highlighted, with their message), the carried-over marker with its one-click Confirm, and
// the vendor-visible thread with a reply box. The Confirm and reply controls belong to small forms
// rendered after the answers form (`ReviewForms`), tied to them by the `form` attribute: forms
// cannot nest, and this way both work without JavaScript.
import { Form } from "@remix-run/react";
import { Fragment } from "react";
import { useVendorOrganisation } from "~/components/organisation-brand";
import { formatDateTime } from "~/domain/calendar";
import { buyerName } from "~/domain/organisation";

export interface ThreadEntry {
  id: string;
  author: string;
  byVendor: boolean;
  body: string;
  /** ISO date-time. */
  createdAt: string;
}

/** The review's view of one answering page (the section route's loader builds it). */
export interface PageReview {
  /** The page's questions the vendor may change now (every one while answering normally). */
  editable: string[];
  /** Changes requested: the reviewer's message by question key (only reopened questions). */
  requests: Record<string, string>;
  /** Changes requested: questions open because they follow from a reopened answer. */
  followUps: string[];
  /** Answers carried over from the last cycle (or filled in from the buyer's records), not yet confirmed or changed. */
  prefilled: string[];
  /** Of those, the ones filled in from the buyer's records (its inventory) rather than the last cycle. */
  fromBuyerRecords?: string[];
  /** Of those, the ones the buyer pre-filled from the vendor's model document (a staff import). */
  fromModelDocument?: string[];
  /** Vendor-visible comments by question key, oldest first. */
  threads: Record<string, ThreadEntry[]>;
  /** Whether the vendor may write to the reviewer (not once the questionnaire is closed). */
  canReply: boolean;
  /** The question whose reply was just sent, or whose answer was just confirmed. */
  replied: string | null;
  confirmed: string | null;
}

/** A refused reply, shown by its box with what was typed. */
export interface ReplyFailure {
  key: string;
  message: string;
  body: string;
}

export const replyFormId = (key: string) => `reply-${key}`;
export const confirmFormId = (key: string) => `confirm-${key}`;

/** Whether the question shows a thread (and a reply box): a comment exists or the reviewer asked about it. */
export function hasThread(review: PageReview, key: string): boolean {
  return Boolean(review.threads[key]?.length) || key in review.requests;
}

export function ClarificationRequest({ id, message }: { id: string; message: string }) {
  return (
    <div className="review-request" id={`${id}-request`}>
      <p className="review-request__title">The reviewer asks for clarification</p>
      <p className="review-request__message prewrap">{message}</p>
      <p className="review-request__hint">Change or confirm your answer below, then resubmit the questionnaire.</p>
    </div>
  );
}

export function FollowUpNote() {
  return <p className="review-followup">Open again because it follows from a question the reviewer asked about.</p>;
}

export function CarriedOver({
  id,
  questionKey,
  number,
  canConfirm,
  confirmed,
  fromBuyerRecords = false,
  fromModelDocument = false,
}: {
  id: string;
  questionKey: string;
  number: string;
  canConfirm: boolean;
  confirmed: boolean;
  /** Filled in from the buyer's records rather than carried over from the last cycle. */
  fromBuyerRecords?: boolean;
  /** Pre-filled by the buyer from the vendor's model document. */
  fromModelDocument?: boolean;
}) {
  const org = useVendorOrganisation();
  if (confirmed) {
    return (
      <p className="carried-over carried-over--done" role="status">
        Confirmed.
      </p>
    );
  }
  return (
    <div className="carried-over" id={`${id}-carried`}>
      <p className="carried-over__text">
        {fromModelDocument ? (
          <>
            <strong>{`Pre-filled by ${buyerName(org)} from your model documentation:`}</strong> check and change if wrong.
          </>
        ) : fromBuyerRecords ? (
          <>
            <strong>{`From ${buyerName(org)}'s records:`}</strong> check and change if wrong.
          </>
        ) : (
          <>
            <strong>Carried over from your last review:</strong> confirm or change.
          </>
        )}
      </p>
      {canConfirm ? (
        <button type="submit" form={confirmFormId(questionKey)} className="button button--small">
          Confirm<span className="visually-hidden"> the answer to question {number}</span>
        </button>
      ) : null}
    </div>
  );
}

export function QuestionThread({
  id,
  questionKey,
  number,
  entries,
  canReply,
  replied,
  failure,
}: {
  id: string;
  questionKey: string;
  number: string;
  entries: ThreadEntry[];
  canReply: boolean;
  replied: boolean;
  failure: ReplyFailure | null;
}) {
  const key = questionKey;
  const errorId = `${id}-reply-error`;
  return (
    <div className="answer-thread" role="group" aria-label={`Messages with the reviewer about question ${number}`} id={`${id}-thread`}>
      {entries.length ? (
        <ol className="answer-thread__list">
          {entries.map((c) => (
            <li key={c.id} className={c.byVendor ? "answer-thread__item answer-thread__item--vendor" : "answer-thread__item"}>
              <p className="answer-thread__meta">
                <span className="answer-thread__who">{c.byVendor ? c.author : `${c.author} (reviewer)`}</span> · {formatDateTime(c.createdAt)}
              </p>
              <p className="answer-thread__body prewrap">{c.body}</p>
            </li>
          ))}
        </ol>
      ) : null}
      {replied ? (
        <p className="answer-thread__sent" role="status">
          Your reply was sent to the reviewer.
        </p>
      ) : null}
      {canReply ? (
        <div className={failure ? "answer-thread__reply field--invalid" : "answer-thread__reply"}>
          <label htmlFor={`${id}-reply`}>Reply to the reviewer</label>
          <textarea
            id={`${id}-reply`}
            name="body"
            form={replyFormId(key)}
            rows={2}
            maxLength={5000}
            defaultValue={failure?.body ?? ""}
            aria-invalid={failure ? true : undefined}
            aria-describedby={failure ? errorId : undefined}
          />
          {failure ? (
            <p className="qn-error" id={errorId}>
              {failure.message}
            </p>
          ) : null}
          <button type="submit" form={replyFormId(key)} className="button button--small">
            Send reply<span className="visually-hidden"> about question {number}</span>
          </button>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The reply and Confirm forms of the page, outside the answers form; their controls sit by each
 * question (the `form` attribute). `revisions`: the revision each confirm saves over.
 */
export function ReviewForms({ review, keys, revisions }: { review: PageReview; keys: string[]; revisions: Record<string, number> }) {
  const editable = new Set(review.editable);
  return (
    <div hidden>
      {keys.map((key) => (
        <Fragment key={key}>
          {review.canReply && hasThread(review, key) ? (
            <Form method="post" id={replyFormId(key)} preventScrollReset>
              <input type="hidden" name="intent" value="reply" />
              <input type="hidden" name="questionKey" value={key} />
            </Form>
          ) : null}
          {review.prefilled.includes(key) && editable.has(key) ? (
            <Form method="post" id={confirmFormId(key)} preventScrollReset>
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="questionKey" value={key} />
              <input type="hidden" name="revision" value={revisions[key] ?? 0} />
            </Form>
          ) : null}
        </Fragment>
      ))}
    </div>
  );
}
