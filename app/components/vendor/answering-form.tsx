// The answers of one answering page. Without JavaScript it is one form posted by "Save section"
// (base revisions and original answers in hidden inputs). With JavaScript each question saves
// itself through the autosave machine, and the wrapper is a plain element so that the evidence
// uploads (forms of their own) are never nested in another form. Which questions show is decided
// live from the answers on the page and the context answers before it.
import { Form, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { CurrentAnswer } from "~/domain/answers";
import { sectionQuestionNumbers } from "~/domain/question-numbers";
import { visibleKeys, type ScopeAnswer } from "~/domain/question-visibility";
import type { PageEvidenceFile, SectionPage } from "~/domain/section-page";
import { referencedQuestions } from "~/domain/templates/conditions";
import { toFormAnswer, toPayload, type FormAnswer, type FormValues } from "./answer-form-model";
import type { Autosave } from "./autosave";
import { QuestionBlock } from "./question-block";
import { hasThread, ReviewForms, type PageReview, type ReplyFailure } from "./question-review";
import { useAutosave } from "./use-autosave";

const NO_REVIEW: PageReview = { editable: [], requests: {}, followUps: [], prefilled: [], threads: {}, canReply: false, replied: null, confirmed: null };

export function AnsweringForm({
  page,
  errors,
  review = NO_REVIEW,
  replyFailure = null,
}: {
  page: SectionPage;
  errors: Record<string, string>;
  /** The review's additions (requests, carried-over answers, threads); without it every question follows `page.readOnly`. */
  review?: PageReview;
  replyFailure?: ReplyFailure | null;
}) {
  const questions = page.questions;
  const editable = useMemo(() => (review === NO_REVIEW ? null : new Set(review.editable)), [review]);
  const isReadOnly = (key: string) => page.readOnly || (editable !== null && !editable.has(key));
  const anyEditable = questions.some((q) => !isReadOnly(q.key));
  const byKey = useMemo(() => new Map(questions.map((q) => [q.key, q])), [questions]);
  const defaultValues = useMemo<FormValues>(
    () => ({ answers: Object.fromEntries(questions.map((q) => [q.key, toFormAnswer(q, page.answers[q.key])])) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const { control, getValues, setValue } = useForm<FormValues>({ defaultValues });

  // Only answers that some condition on this page reads are watched: typing in any other question
  // re-renders that question alone.
  const watchedKeys = useMemo(() => {
    const own = new Set(questions.map((q) => q.key));
    const keys = new Set<string>();
    for (const q of questions) if (q.showIf) for (const k of referencedQuestions(q.showIf)) if (own.has(k)) keys.add(k);
    return [...keys];
  }, [questions]);
  const watched = useWatch({ control, name: watchedKeys.map((k) => `answers.${k}` as const) }) as Array<FormAnswer | undefined>;
  const nodes = useMemo(() => [...page.contextNodes, ...questions.map((q) => ({ key: q.key, showIf: q.showIf }))], [page.contextNodes, questions]);
  const visible = useMemo(() => {
    const scope: Record<string, ScopeAnswer | undefined> = { ...page.contextAnswers };
    watchedKeys.forEach((k, i) => {
      const a = watched[i];
      if (a) scope[k] = { value: a.value === undefined ? null : a.value, isNa: a.na };
    });
    return visibleKeys(nodes, scope);
  }, [watched, watchedKeys, nodes, page.contextAnswers]);
  const visibleRef = useRef(visible);
  visibleRef.current = visible;
  // An evidence file uploaded in another window: the page's file lists come with the page's data.
  const revalidator = useRevalidator();
  const revalidateRef = useRef(revalidator.revalidate);
  revalidateRef.current = revalidator.revalidate;

  const api = `/v/a/${page.assessmentId}/answers`;
  const pageQuery = new URLSearchParams({ section: page.section.key });
  if (page.component) pageQuery.set("component", page.component.id);
  const { saver, hydrated } = useAutosave(
    (self) => ({
      url: api,
      currentUrl: `${api}?${pageQuery}`,
      adopt: (key, stored) => {
        const q = byKey.get(key);
        if (!q) return;
        setValue(`answers.${key}`, toFormAnswer(q, stored));
        if (q.type === "file") revalidateRef.current();
      },
      componentId: page.component?.id ?? null,
      revisions: Object.fromEntries(Object.entries(page.answers).map(([k, a]) => [k, a.revision])),
      files: Object.fromEntries(Object.entries(page.answers).map(([k, a]) => [k, a.value])),
      build: (key) => {
        const q = byKey.get(key);
        if (!q) return { error: "Unknown question" };
        return toPayload(q, getValues(`answers.${key}`), self().files[key]);
      },
      isVisible: (key) => visibleRef.current.has(key),
      order: questions.map((q) => q.key),
    }),
    `assay-answers:${page.assessmentId}`,
  );

  // Loader data revalidated (an evidence upload writes its answer; a colleague saved): newer
  // revisions of answers not being edited here are taken over.
  useEffect(() => {
    for (const q of questions) {
      const fresh = page.answers[q.key];
      if (fresh && saver.syncFromServer(q.key, fresh.revision, fresh.value)) setValue(`answers.${q.key}`, toFormAnswer(q, fresh));
    }
  }, [page.answers, questions, saver, setValue]);

  const useTheirs = useCallback(
    (key: string, current: CurrentAnswer) => {
      const q = byKey.get(key);
      if (!q) return;
      setValue(`answers.${key}`, toFormAnswer(q, current));
      saver.acceptTheirs(key, current);
    },
    [byKey, setValue, saver],
  );

  const filesByKey = useMemo(() => {
    const map = new Map<string, PageEvidenceFile[]>();
    for (const f of page.evidence) map.set(f.question_key, [...(map.get(f.question_key) ?? []), f]);
    return map;
  }, [page.evidence]);

  const shown = questions.filter((q) => visible.has(q.key));
  // Numbered from what shows now: a follow-up opened by an answer takes the next number.
  const numbers = sectionQuestionNumbers(
    page.section.number,
    shown.map((q) => q.key),
    () => true,
  );
  const body = (
    <>
      {anyEditable ? <SaveStatus saver={saver} active={hydrated} /> : null}
      <div className="qn answering__questions">
        {shown.length === 0 ? <p className="qn-empty">No questions apply given your answers so far.</p> : null}
        {shown.map((q) => (
          <QuestionBlock
            key={q.key}
            question={q}
            number={numbers[q.key] ?? ""}
            control={control}
            saver={saver}
            readOnly={isReadOnly(q.key)}
            files={filesByKey.get(q.key)}
            assessmentId={page.assessmentId}
            componentId={page.component?.id ?? null}
            revision={page.answers[q.key]?.revision ?? 0}
            original={page.answers[q.key]}
            serverError={errors[q.key] ?? null}
            onUseTheirs={useTheirs}
            request={review.requests[q.key] ?? null}
            followUp={review.followUps.includes(q.key)}
            prefilled={review.prefilled.includes(q.key)}
            fromBuyerRecords={review.fromBuyerRecords?.includes(q.key) ?? false}
            fromModelDocument={review.fromModelDocument?.includes(q.key) ?? false}
            confirmed={review.confirmed === q.key}
            thread={hasThread(review, q.key) ? (review.threads[q.key] ?? []) : null}
            canReply={review.canReply}
            replied={review.replied === q.key}
            replyFailure={replyFailure?.key === q.key ? replyFailure : null}
          />
        ))}
      </div>
      {!anyEditable ? null : (
        <div className="answering__actions">
          <button type={hydrated ? "button" : "submit"} className="button button--primary" onClick={hydrated ? () => saver.flushAll() : undefined}>
            Save section
          </button>
          <span className="muted answering__hint">{hydrated ? "Answers also save automatically as you go." : "Save before you leave this page."}</span>
        </div>
      )}
    </>
  );
  const revisions = Object.fromEntries(Object.entries(page.answers).map(([k, a]) => [k, a.revision]));
  return (
    <>
      {hydrated ? (
        <div className="answering__form" role="group" aria-label={`${page.section.title}: answers`}>
          {body}
        </div>
      ) : (
        <Form method="post" className="answering__form" aria-label={`${page.section.title}: answers`} noValidate>
          {body}
        </Form>
      )}
      <ReviewForms review={review} keys={shown.map((q) => q.key)} revisions={revisions} />
    </>
  );
}

function SaveStatus({ saver, active }: { saver: Autosave; active: boolean }) {
  const text = useSyncExternalStore(saver.subscribe, saver.statusText, () => "");
  const tone = useSyncExternalStore(saver.subscribe, saver.statusTone, () => "idle");
  return (
    <p className={`save-status save-status--${tone}`} role="status" aria-live="polite">
      {active ? text : ""}
    </p>
  );
}
