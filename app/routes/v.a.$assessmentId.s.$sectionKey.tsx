// One answering page: a section, and for component sections one page per component (?component=).
// Without JavaScript it is a plain form with "Save section" (base revisions in hidden inputs, a
// conflict reported per question). With JavaScript each question saves itself 800 ms after the
// last change, through the JSON API (v.a.$assessmentId.answers), with retries, an offline state,
// a warning before leaving with unsaved changes and a last-resort beacon when the tab closes.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useController, useForm, useWatch, type Control } from "react-hook-form";
import { QuestionField, type QuestionAnswer } from "~/components/questionnaire/question-field";
import { EvidenceUpload, evidenceUploadLinks } from "~/components/vendor/evidence-upload";
import { formatDateTime } from "~/domain/calendar";
import {
  answerValueSchema,
  describeValue,
  sameValue,
  scopeNodes,
  valueFromInput,
  visibleKeys,
  type ScopeAnswer,
} from "~/domain/answers";
import { toAnswerValue } from "~/domain/assessment-progress";
import { referencedQuestions, type AnswerValue } from "~/domain/templates/conditions";
import type { Question } from "~/domain/templates/definition";
import { assessmentDefinition, loadAnswers, pageEvidence, saveAnswer, vendorPages, type CurrentAnswer, type SaveAnswerResult } from "~/services/answers.server";
import { assessmentComponents, OPEN_STATUSES } from "~/services/assessments.server";
import { notFound } from "~/http/errors.server";
import { requireVendorGrant } from "~/services/vendor-session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/template-editor.css" },
  { rel: "stylesheet", href: "/styles/vendor-answers.css" },
  ...evidenceUploadLinks(),
];

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `${d.section.title}${d.component ? ` · ${d.component.name}` : ""} · Questionnaire · Assay` : "Questionnaire · Assay" },
  { name: "robots", content: "noindex" },
];

type StoredForPage = { value: unknown; isNa: boolean; comment: string | null; revision: number; updatedBy: string | null; updatedAt: string };

async function loadPage(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const db = context.app.db;
  const assessmentId = access.assessment.id;
  const definition = await assessmentDefinition(db, access.assessment.templateVersionId);
  const sectionIndex = definition.sections.findIndex((s) => s.key === params.sectionKey);
  const section = definition.sections[sectionIndex];
  if (!section) throw notFound();
  if (access.grant.sections && !access.grant.sections.includes(section.key)) throw notFound();
  const components = await assessmentComponents(db, assessmentId);
  const url = new URL(request.url);
  let component: (typeof components)[number] | null = null;
  if (section.scope === "component") {
    const wanted = url.searchParams.get("component");
    if (!wanted) {
      const first = components[0];
      if (!first) throw notFound();
      throw redirect(`/v/a/${assessmentId}/s/${section.key}?component=${first.id}`);
    }
    component = components.find((c) => c.id === wanted) ?? null;
    if (!component) throw notFound();
  }
  return { access, definition, section, sectionIndex, components, component };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { access, definition, section, sectionIndex, components, component } = await loadPage(request, context, params);
  const db = context.app.db;
  const assessmentId = access.assessment.id;
  const componentId = component?.id ?? null;
  const stored = await loadAnswers(db, assessmentId, { componentId });

  // The questions before this section in its scope: only their keys, conditions and answers, which
  // is all the page needs to decide live which of its own questions show.
  const nodes = scopeNodes(definition, section.scope);
  const ownKeys = new Set(section.questions.map((q) => q.key));
  const firstOwn = nodes.findIndex((n) => ownKeys.has(n.key));
  const contextNodes = nodes.slice(0, Math.max(firstOwn, 0)).filter((n) => !ownKeys.has(n.key));
  const contextKeys = new Set(contextNodes.map((n) => n.key));
  const contextAnswers: Record<string, ScopeAnswer> = {};
  const answers: Record<string, StoredForPage> = {};
  for (const a of stored) {
    if (a.componentId !== componentId && ownKeys.has(a.questionKey)) continue;
    if (contextKeys.has(a.questionKey)) contextAnswers[a.questionKey] = { value: a.value, isNa: a.isNa };
    if (ownKeys.has(a.questionKey)) {
      answers[a.questionKey] = { value: a.value, isNa: a.isNa, comment: a.comment, revision: a.revision, updatedBy: a.updatedBy, updatedAt: a.updatedAt.toISOString() };
    }
  }
  const evidenceKeys = section.questions.filter((q) => q.type === "file" || q.evidence).map((q) => q.key);
  const files = await pageEvidence(db, assessmentId, evidenceKeys, componentId);

  const pages = vendorPages(assessmentId, definition, components, access.grant.sections);
  const here = pages.findIndex((p) => p.sectionKey === section.key && p.componentId === componentId);
  const url = new URL(request.url);
  return {
    assessmentId,
    status: access.assessment.status,
    readOnly: !(OPEN_STATUSES as readonly string[]).includes(access.assessment.status),
    section: { key: section.key, title: section.title, description: section.description ?? null, scope: section.scope, number: sectionIndex + 1 },
    questions: section.questions,
    contextNodes,
    contextAnswers,
    answers,
    evidence: files.map((f) => ({ ...f, valid_until: f.valid_until ?? null })),
    component: component ? { id: component.id, name: component.version ? `${component.name} ${component.version}` : component.name } : null,
    position: { index: here, total: pages.length },
    prev: here > 0 ? pages[here - 1]! : null,
    next: here >= 0 && here < pages.length - 1 ? pages[here + 1]! : null,
    saved: url.searchParams.get("saved"),
  };
}

// ---------------------------------------------------------------------------------------------
// The no-JavaScript form post

type QuestionOutcome = { key: string; prompt: string; status: SaveAnswerResult["status"]; message?: string; current?: CurrentAnswer; mine?: { value: unknown; isNa: boolean; comment: string | null } };

function formString(form: FormData, name: string): string | null {
  const v = form.get(name);
  return typeof v === "string" ? v : null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { access, section, component } = await loadPage(request, context, params);
  const componentId = component?.id ?? null;
  const form = await request.formData();
  const outcomes: QuestionOutcome[] = [];

  const save = async (question: Question, mine: { value: unknown; isNa: boolean; comment: string | null }, baseRevision: number) => {
    const result = await saveAnswer(context.app, access.grant, { assessmentId: access.assessment.id, questionKey: question.key, componentId, baseRevision, ...mine });
    if (result.status === "not_found" || result.status === "forbidden") throw notFound();
    outcomes.push({
      key: question.key,
      prompt: question.prompt,
      status: result.status,
      message: result.status === "invalid" ? result.message : undefined,
      current: result.status === "conflict" ? result.current : undefined,
      mine: result.status === "conflict" ? mine : undefined,
    });
  };

  if (formString(form, "intent") === "keep-mine") {
    // "Keep mine" after a conflict: the vendor's answer again, over the revision they have now seen.
    const question = section.questions.find((q) => q.key === formString(form, "questionKey"));
    if (!question) throw notFound();
    let mine: { value: unknown; isNa: boolean; comment: string | null };
    try {
      const parsed = JSON.parse(formString(form, "mine") ?? "null") as { value?: unknown; isNa?: unknown; comment?: unknown };
      mine = { value: parsed.value ?? null, isNa: parsed.isNa === true, comment: typeof parsed.comment === "string" ? parsed.comment : null };
    } catch {
      return data({ outcomes: [{ key: question.key, prompt: question.prompt, status: "invalid" as const, message: "Your answer could not be read; please enter it again." }], saved: 0 }, { status: 400 });
    }
    await save(question, mine, Number(formString(form, "revision") ?? "0") || 0);
  } else {
    for (const question of section.questions) {
      const rev = formString(form, `rev.${question.key}`);
      if (rev === null) continue; // not on the page the vendor saw (hidden by a condition)
      const base = `answers.${question.key}`;
      const isNa = formString(form, `${base}.na`) !== null;
      let original: { value: unknown; isNa: boolean; comment: string | null } = { value: null, isNa: false, comment: null };
      try {
        original = JSON.parse(formString(form, `orig.${question.key}`) ?? "") as typeof original;
      } catch {
        // no original: treat everything as changed
      }
      const value = isNa ? null : question.type === "file" ? original.value : valueFromInput(question, form.getAll(base).filter((v): v is string => typeof v === "string"));
      const commentText = formString(form, `comment.${question.key}`) ?? "";
      const mine = { value, isNa, comment: commentText.trim() === "" ? null : commentText };
      if (sameValue(mine.value, original.value) && mine.isNa === Boolean(original.isNa) && (mine.comment ?? null) === (original.comment ?? null)) continue;
      await save(question, mine, Number(rev) || 0);
    }
  }
  const problems = outcomes.filter((o) => o.status !== "saved");
  const saved = outcomes.length - problems.length;
  if (problems.length === 0) {
    const url = new URL(request.url);
    url.searchParams.set("saved", String(saved));
    throw redirect(`${url.pathname}${url.search}`);
  }
  const status = problems.some((p) => p.status === "locked") ? 423 : problems.some((p) => p.status === "conflict") ? 409 : 400;
  return data({ outcomes: problems, saved }, { status });
}

// ---------------------------------------------------------------------------------------------
// The page

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type FormAnswer = { value: AnswerValue; na: boolean; comment: string };
type FormValues = { answers: Record<string, FormAnswer> };
type EvidenceFile = { id: string; question_key: string; file_name: string; size_bytes: number; valid_until: string | null };

export default function SectionPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // A new page starts a fresh form; fresh data for the same page (after an evidence upload, say)
  // is merged into it (see AnsweringForm).
  const formKey = `${page.section.key}:${page.component?.id ?? "-"}`;
  const outcomes = result && "outcomes" in result ? result.outcomes : [];
  return (
    <div className="answering">
      <nav aria-label="Breadcrumb" className="answering__crumbs">
        <Link to={`/v/a/${page.assessmentId}`}>Overview</Link> <span aria-hidden="true">›</span> <span aria-current="page">{page.section.title}</span>
      </nav>
      <h1>
        {page.section.number}. {page.section.title}
        {page.component ? <span className="answering__component">About {page.component.name}</span> : null}
      </h1>
      {page.position.index >= 0 ? (
        <p className="answering__position muted">
          Page {page.position.index + 1} of {page.position.total}
        </p>
      ) : null}
      {page.section.description ? <p className="answering__description">{page.section.description}</p> : null}
      {page.readOnly ? (
        <p className="notice" role="status">
          {page.status === "submitted" ? "This questionnaire has been submitted: its answers are locked." : "This questionnaire is closed: its answers are locked."}
        </p>
      ) : null}
      {page.saved !== null && outcomes.length === 0 ? (
        <p className="flash flash--ok" role="status">
          {page.saved === "0" ? "Nothing had changed." : `Saved ${page.saved} answer${page.saved === "1" ? "" : "s"}.`}
        </p>
      ) : null}
      {outcomes.length ? <NoScriptOutcomes outcomes={outcomes} questions={page.questions} /> : null}
      <AnsweringForm key={formKey} page={page} errors={Object.fromEntries(outcomes.filter((o) => o.status === "invalid").map((o) => [o.key, o.message ?? "Not saved"]))} />
      <nav className="answering__pager" aria-label="Sections">
        {page.prev ? (
          <Link to={page.prev.href} rel="prev" className="button">
            ← Previous: {page.prev.title}
            {page.prev.componentName ? ` (${page.prev.componentName})` : ""}
          </Link>
        ) : (
          <span />
        )}
        {page.next ? (
          <Link to={page.next.href} rel="next" className="button">
            Next: {page.next.title}
            {page.next.componentName ? ` (${page.next.componentName})` : ""} →
          </Link>
        ) : (
          <Link to={`/v/a/${page.assessmentId}/submit`} className="button button--primary">
            Review and submit →
          </Link>
        )}
      </nav>
    </div>
  );
}

function toFormAnswer(question: Question, stored: StoredForPage | undefined): FormAnswer {
  if (!stored) return { value: question.type === "multi_choice" ? [] : undefined, na: false, comment: "" };
  let value = toAnswerValue(stored.value);
  if (question.type === "number" && typeof value === "number") value = String(value);
  return { value, na: stored.isNa, comment: stored.comment ?? "" };
}

/** What the API gets for a question, or the message that stops it from being sent. */
function toPayload(question: Question, answer: FormAnswer, storedFiles: unknown): { value: unknown; isNa: boolean; comment: string | null } | { error: string } {
  const comment = answer.comment.trim() === "" ? null : answer.comment;
  if (answer.comment.length > 5000) return { error: "Keep the comment under 5000 characters" };
  if (answer.na) return { value: null, isNa: true, comment };
  let value: unknown;
  if (question.type === "file") value = storedFiles ?? null;
  else if (Array.isArray(answer.value)) value = valueFromInput(question, answer.value);
  else value = valueFromInput(question, answer.value === undefined || answer.value === null ? "" : String(answer.value));
  if (value !== null) {
    const check = answerValueSchema(question).safeParse(value);
    if (!check.success) return { error: check.error.issues[0]?.message ?? "This answer is not valid" };
  }
  return { value, isNa: false, comment };
}

function AnsweringForm({ page, errors }: { page: LoaderData; errors: Record<string, string> }) {
  const questions = page.questions as Question[];
  const byKey = useMemo(() => new Map(questions.map((q) => [q.key, q])), [questions]);
  const defaultValues = useMemo<FormValues>(
    () => ({ answers: Object.fromEntries(questions.map((q) => [q.key, toFormAnswer(q, page.answers[q.key])])) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const form = useForm<FormValues>({ defaultValues });
  const { control, getValues, setValue } = form;

  // Only answers that some condition on this page reads are watched: typing in any other question
  // re-renders that question alone.
  const watchedKeys = useMemo(() => {
    const own = new Set(questions.map((q) => q.key));
    const keys = new Set<string>();
    for (const q of questions) if (q.showIf) for (const k of referencedQuestions(q.showIf)) if (own.has(k)) keys.add(k);
    return [...keys];
  }, [questions]);
  const watched = useWatch({ control, name: watchedKeys.map((k) => `answers.${k}` as const) }) as Array<FormAnswer | undefined>;
  const nodes = useMemo(() => [...(page.contextNodes as Array<{ key: string; showIf?: Question["showIf"] }>), ...questions.map((q) => ({ key: q.key, showIf: q.showIf }))], [page.contextNodes, questions]);
  const visible = useMemo(() => {
    const scope: Record<string, ScopeAnswer | undefined> = { ...(page.contextAnswers as Record<string, ScopeAnswer>) };
    watchedKeys.forEach((k, i) => {
      const a = watched[i];
      if (a) scope[k] = { value: a.value === undefined ? null : a.value, isNa: a.na };
    });
    return visibleKeys(nodes, scope);
  }, [watched, watchedKeys, nodes, page.contextAnswers]);
  const visibleRef = useRef(visible);
  visibleRef.current = visible;

  const [saver] = useState<Autosave>(
    (): Autosave =>
      new Autosave({
        url: `/v/a/${page.assessmentId}/answers`,
        componentId: page.component?.id ?? null,
        revisions: Object.fromEntries(Object.entries(page.answers).map(([k, a]) => [k, a.revision])),
        files: Object.fromEntries(Object.entries(page.answers).map(([k, a]) => [k, a.value])),
        build: (key): Payload | { error: string } => {
          const q = byKey.get(key);
          if (!q) return { error: "Unknown question" };
          return toPayload(q, getValues(`answers.${key}`), saver.files[key]);
        },
        isVisible: (key) => visibleRef.current.has(key),
        order: questions.map((q) => q.key),
      }),
  );
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    setHydrated(true);
    return saver.attach();
  }, [saver]);

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
      setValue(`answers.${key}`, toFormAnswer(q, { ...current, comment: current.comment, updatedAt: current.updatedAt ?? "" }));
      saver.acceptTheirs(key, current);
    },
    [byKey, setValue, saver],
  );

  const filesByKey = useMemo(() => {
    const map = new Map<string, EvidenceFile[]>();
    for (const f of page.evidence as EvidenceFile[]) map.set(f.question_key, [...(map.get(f.question_key) ?? []), f]);
    return map;
  }, [page.evidence]);

  const shown = questions.filter((q) => visible.has(q.key));
  // Without JavaScript the page is one form posted by "Save section". With JavaScript answers save
  // themselves and the wrapper is a plain element, so the evidence uploads (forms of their own)
  // are never nested in another form.
  const body = (
    <>
      {page.readOnly ? null : <SaveStatus saver={saver} active={hydrated} />}
      <div className="qn answering__questions">
        {shown.length === 0 ? <p className="qn-empty">No questions apply given your answers so far.</p> : null}
        {questions.map((q, i) =>
          visible.has(q.key) ? (
            <QuestionBlock
              key={q.key}
              question={q}
              number={`${page.section.number}.${i + 1}`}
              control={control}
              saver={saver}
              readOnly={page.readOnly}
              files={filesByKey.get(q.key)}
              assessmentId={page.assessmentId}
              componentId={page.component?.id ?? null}
              revision={page.answers[q.key]?.revision ?? 0}
              original={page.answers[q.key]}
              serverError={errors[q.key] ?? null}
              onUseTheirs={useTheirs}
            />
          ) : null,
        )}
      </div>
      {page.readOnly ? null : (
        <div className="answering__actions">
          <button type={hydrated ? "button" : "submit"} className="button button--primary" onClick={hydrated ? () => saver.flushAll() : undefined}>
            Save section
          </button>
          <span className="muted answering__hint">{hydrated ? "Answers also save automatically as you go." : "Save before you leave this page."}</span>
        </div>
      )}
    </>
  );
  return hydrated ? (
    <div className="answering__form" role="group" aria-label={`${page.section.title}: answers`}>
      {body}
    </div>
  ) : (
    <Form method="post" className="answering__form" aria-label={`${page.section.title}: answers`} noValidate>
      {body}
    </Form>
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

interface BlockProps {
  question: Question;
  number: string;
  control: Control<FormValues>;
  saver: Autosave;
  readOnly: boolean;
  files: EvidenceFile[] | undefined;
  assessmentId: string;
  componentId: string | null;
  revision: number;
  original: StoredForPage | undefined;
  serverError: string | null;
  onUseTheirs: (key: string, current: CurrentAnswer) => void;
}

const QuestionBlock = memo(function QuestionBlock({ question, number, control, saver, readOnly, files, assessmentId, componentId, revision, original, serverError, onUseTheirs }: BlockProps) {
  const { field } = useController({ control, name: `answers.${question.key}` });
  const answer = field.value as FormAnswer;
  const state = useSyncExternalStore(
    saver.subscribe,
    () => saver.keyState(question.key),
    () => EMPTY_KEY_STATE,
  );
  const id = `q-${question.key}`;
  const onChange = (_key: string, next: QuestionAnswer) => {
    field.onChange({ ...answer, value: next.value, na: Boolean(next.na) });
    saver.schedule(question.key);
  };
  const error = state.error ?? serverError;
  const evidenceHref = `/v/a/${assessmentId}/evidence?question=${question.key}${componentId ? `&component=${componentId}` : ""}`;
  const bare: Question = question.evidence ? { ...question, evidence: undefined } : question;
  const originalJson = JSON.stringify({ value: original?.value ?? null, isNa: original?.isNa ?? false, comment: original?.comment ?? null });

  return (
    <div className={state.conflict ? "answer-block answer-block--conflict" : "answer-block"}>
      <input type="hidden" name={`rev.${question.key}`} value={revision} />
      <input type="hidden" name={`orig.${question.key}`} value={originalJson} />
      {question.type === "file" ? (
        <div className={error ? "qn-question qn-question--invalid" : "qn-question"} id={id} data-question-key={question.key}>
          <fieldset className="qn-choice" aria-describedby={error ? `${id}-error` : undefined}>
            <legend className="qn-prompt">
              <span className="qn-number">{number}</span>
              <span className="qn-prompt__text">{question.prompt}</span>
              {question.required ? <span className="qn-required"> (required)</span> : <span className="qn-optional"> (optional)</span>}
            </legend>
            {question.help ? <p className="qn-help">{question.help}</p> : null}
            <Evidence question={question} files={files} href={evidenceHref} readOnly={readOnly} assessmentId={assessmentId} componentId={componentId} />
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
        <QuestionField question={bare} id={id} name={`answers.${question.key}`} number={number} answer={{ value: answer.value, na: answer.na }} onChange={onChange} error={error} readOnly={readOnly} />
      )}
      {question.evidence && question.type !== "file" ? (
        <Evidence question={question} files={files} href={evidenceHref} readOnly={readOnly} assessmentId={assessmentId} componentId={componentId} />
      ) : null}
      <div className="answer-comment">
        <label htmlFor={`${id}-comment`}>Comment for the reviewer (optional)</label>
        <textarea
          id={`${id}-comment`}
          name={`comment.${question.key}`}
          rows={2}
          maxLength={5000}
          value={answer.comment}
          readOnly={readOnly}
          onChange={(e) => {
            field.onChange({ ...answer, comment: e.currentTarget.value });
            saver.schedule(question.key);
          }}
        />
      </div>
      {state.conflict ? <ConflictPanel question={question} mine={answer} theirs={state.conflict} onKeep={() => saver.keepMine(question.key, state.conflict!)} onTheirs={() => onUseTheirs(question.key, state.conflict!)} /> : null}
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
  question: Question;
  files: EvidenceFile[] | undefined;
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

function EvidencePlaceholder({ files, href, request, readOnly }: { files: EvidenceFile[] | undefined; href: string; request: string | null; readOnly: boolean }) {
  return (
    <div className="answer-evidence">
      {request ? <p className="qn-help">Requested: {request}</p> : null}
      {files?.length ? (
        <ul className="answer-evidence__files">
          {files.map((f) => (
            <li key={f.id}>
              {f.file_name} <span className="muted">({Math.max(1, Math.round(f.size_bytes / 1024))} KB{f.valid_until ? `, valid until ${f.valid_until}` : ""})</span>
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

function ConflictPanel({ question, mine, theirs, onKeep, onTheirs }: { question: Question; mine: FormAnswer; theirs: CurrentAnswer; onKeep: () => void; onTheirs: () => void }) {
  const mineValue = mine.na ? null : Array.isArray(mine.value) ? mine.value : mine.value === undefined || mine.value === "" ? null : question.type === "number" ? Number(mine.value) : mine.value;
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
          <dd>{describeValue(question, mineValue, mine.na)}</dd>
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

/** After a no-JavaScript save: what was not saved, and for conflicts both answers and "Keep mine". */
function NoScriptOutcomes({ outcomes, questions }: { outcomes: QuestionOutcome[]; questions: Question[] }) {
  return (
    <section className="panel answering__problems" aria-labelledby="problems-heading" role="alert">
      <h2 id="problems-heading">Some answers were not saved</h2>
      <ul>
        {outcomes.map((o) => {
          const q = questions.find((x) => x.key === o.key);
          return (
            <li key={o.key}>
              <a href={`#q-${o.key}`}>{o.prompt}</a>:{" "}
              {o.status === "conflict" && o.current && o.mine && q ? (
                <>
                  {o.current.updatedBy ?? "a colleague"} changed it meanwhile. Your answer: <strong>{describeValue(q, o.mine.value, o.mine.isNa)}</strong>; their answer (now shown below
                  {o.current.updatedAt ? `, saved at ${formatDateTime(o.current.updatedAt)}` : ""}): <strong>{describeValue(q, o.current.value, o.current.isNa)}</strong>.
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="keep-mine" />
                    <input type="hidden" name="questionKey" value={o.key} />
                    <input type="hidden" name="revision" value={o.current.revision} />
                    <input type="hidden" name="mine" value={JSON.stringify(o.mine)} />
                    <button type="submit" className="button button--small">
                      Keep mine
                    </button>{" "}
                    <span className="muted">or leave theirs as it is.</span>
                  </Form>
                </>
              ) : o.status === "locked" ? (
                "the questionnaire has been submitted; answers are locked."
              ) : (
                (o.message ?? "not saved")
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Autosave: per question, debounced; one request in flight per question; retries with backoff.

interface KeyState {
  error: string | null;
  conflict: CurrentAnswer | null;
}
const EMPTY_KEY_STATE: KeyState = { error: null, conflict: null };
const DEBOUNCE_MS = 800;
const MAX_RETRY_MS = 30_000;

type Payload = { value: unknown; isNa: boolean; comment: string | null };

interface AutosaveOptions {
  url: string;
  componentId: string | null;
  revisions: Record<string, number>;
  files: Record<string, unknown>;
  /** Question keys in page order. */
  order: string[];
  build: (key: string) => Payload | { error: string };
  isVisible: (key: string) => boolean;
}

class Autosave {
  private revisions: Map<string, number>;
  readonly files: Record<string, unknown>;
  private dirty = new Set<string>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private inflight = new Set<string>();
  private queued = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private states = new Map<string, KeyState>();
  private listeners = new Set<() => void>();
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private everSaved = false;
  private offline = false;
  private terminal: "locked" | "gone" | null = null;
  private text = "";
  private tone = "idle";

  constructor(private readonly options: AutosaveOptions) {
    this.revisions = new Map(Object.entries(options.revisions));
    this.files = { ...options.files };
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  statusText = () => this.text;
  statusTone = () => this.tone;
  keyState = (key: string) => this.states.get(key) ?? EMPTY_KEY_STATE;

  /** Browser hooks: online/offline, the leave warning, and the beacon when the page goes away. */
  attach(): () => void {
    this.offline = typeof navigator !== "undefined" && navigator.onLine === false;
    const online = () => {
      this.offline = false;
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.sendDirty();
    };
    const offline = () => {
      this.offline = true;
      this.emit();
    };
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (this.dirty.size || this.inflight.size) {
        event.preventDefault();
        event.returnValue = "";
      }
    };
    const pageHide = () => this.beacon();
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    window.addEventListener("beforeunload", beforeUnload);
    window.addEventListener("pagehide", pageHide);
    this.emit();
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      window.removeEventListener("beforeunload", beforeUnload);
      window.removeEventListener("pagehide", pageHide);
      // Leaving the page inside the app: what is still pending goes out now.
      this.flushAll(true);
    };
  }

  schedule(key: string) {
    if (this.terminal) return;
    this.dirty.add(key);
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.send(key);
      }, DEBOUNCE_MS),
    );
    this.emit();
  }

  flushAll(keepalive = false) {
    for (const [key, timer] of this.timers) {
      clearTimeout(timer);
      this.timers.delete(key);
    }
    for (const key of this.options.order) if (this.dirty.has(key)) this.send(key, keepalive);
  }

  keepMine(key: string, theirs: CurrentAnswer) {
    this.revisions.set(key, theirs.revision);
    this.setState(key, { error: null, conflict: null });
    this.dirty.add(key);
    this.send(key);
  }

  /** Takes over a newer stored revision unless this page is editing that answer. */
  syncFromServer(key: string, revision: number, value: unknown): boolean {
    if (revision <= (this.revisions.get(key) ?? 0)) return false;
    if (this.dirty.has(key) || this.inflight.has(key) || this.queued.has(key) || this.keyState(key).conflict) return false;
    this.revisions.set(key, revision);
    this.files[key] = value;
    return true;
  }

  acceptTheirs(key: string, theirs: CurrentAnswer) {
    this.revisions.set(key, theirs.revision);
    this.files[key] = theirs.value;
    this.dirty.delete(key);
    this.setState(key, { error: null, conflict: null });
    this.emit();
  }

  private sendDirty() {
    for (const key of this.options.order) if (this.dirty.has(key) && !this.timers.has(key)) this.send(key);
  }

  private body(key: string, payload: Payload) {
    return JSON.stringify({ questionKey: key, componentId: this.options.componentId, ...payload, baseRevision: this.revisions.get(key) ?? 0 });
  }

  /**
   * Saves go out one at a time, in page order: an answer that a later question's condition reads
   * is saved before that question's answer (the server checks the condition on what is stored).
   */
  private send(key: string, keepalive = false) {
    const at = this.options.order.indexOf(key);
    for (const earlier of this.options.order.slice(0, Math.max(at, 0))) {
      const timer = this.timers.get(earlier);
      if (timer && this.dirty.has(earlier)) {
        clearTimeout(timer);
        this.timers.delete(earlier);
        this.enqueue(earlier, keepalive);
      }
    }
    this.enqueue(key, keepalive);
  }

  private enqueue(key: string, keepalive: boolean) {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.chain = this.chain.then(() => {
      this.queued.delete(key);
      return this.sendNow(key, keepalive).catch(() => undefined);
    });
  }

  private async sendNow(key: string, keepalive: boolean) {
    if (this.terminal || this.inflight.has(key) || !this.dirty.has(key)) return;
    if (this.keyState(key).conflict) return; // waits for the vendor's choice
    if (!this.options.isVisible(key)) {
      this.dirty.delete(key); // a hidden question's answer is not saved (the server would refuse it)
      this.emit();
      return;
    }
    const built = this.options.build(key);
    if ("error" in built) {
      this.dirty.delete(key);
      this.setState(key, { error: built.error, conflict: null });
      this.emit();
      return;
    }
    this.dirty.delete(key);
    this.inflight.add(key);
    this.emit();
    let retry = false;
    try {
      const response = await fetch(this.options.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: this.body(key, built),
        credentials: "same-origin",
        keepalive,
      });
      if (response.status >= 500 || response.status === 429 || response.status === 408) throw new Error(`HTTP ${response.status}`);
      const result = (await response.json().catch(() => ({}))) as { status?: string; revision?: number; current?: CurrentAnswer; error?: { message?: string } };
      this.failures = 0;
      if (response.ok && typeof result.revision === "number") {
        this.revisions.set(key, result.revision);
        this.everSaved = true;
        this.setState(key, EMPTY_KEY_STATE);
      } else if (response.status === 409 && result.current) {
        this.setState(key, { error: null, conflict: result.current });
      } else if (response.status === 400 || response.status === 413) {
        this.setState(key, { error: result.error?.message ?? "This answer could not be saved", conflict: null });
      } else if (response.status === 423) {
        this.terminal = "locked";
      } else {
        this.terminal = "gone";
      }
    } catch {
      this.dirty.add(key);
      this.failures += 1;
      retry = true;
    } finally {
      this.inflight.delete(key);
    }
    if (retry) this.scheduleRetry();
    else if (this.dirty.has(key) && !this.timers.has(key) && !this.retryTimer) this.enqueue(key, false);
    this.emit();
  }

  private scheduleRetry() {
    if (this.retryTimer) return;
    if (this.offline) return; // the "online" event sends again
    const delay = Math.min(MAX_RETRY_MS, 1000 * 2 ** Math.max(0, this.failures - 1));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.sendDirty();
    }, delay);
  }

  /** The page is going away: what is not saved yet goes out as beacons (no answer is read). */
  private beacon() {
    if (typeof navigator === "undefined" || typeof navigator.sendBeacon !== "function") return;
    for (const key of [...this.dirty]) {
      if (this.keyState(key).conflict || !this.options.isVisible(key)) continue;
      const built = this.options.build(key);
      if ("error" in built) continue;
      navigator.sendBeacon(this.options.url, new Blob([this.body(key, built)], { type: "application/json" }));
    }
  }

  private setState(key: string, state: KeyState) {
    const old = this.keyState(key);
    if (old.error === state.error && old.conflict === state.conflict) return;
    if (state === EMPTY_KEY_STATE || (!state.error && !state.conflict)) this.states.delete(key);
    else this.states.set(key, state);
  }

  private emit() {
    const pending = this.dirty.size + this.inflight.size;
    let conflicts = 0;
    let errors = 0;
    for (const s of this.states.values()) {
      if (s.conflict) conflicts += 1;
      else if (s.error) errors += 1;
    }
    let text: string;
    let tone: string;
    if (this.terminal === "locked") [text, tone] = ["This questionnaire has been submitted: answers are locked and changes were not saved.", "error"];
    else if (this.terminal === "gone") [text, tone] = ["Your session has ended: changes were not saved. Open the link from your email again.", "error"];
    else if (this.failures > 0 && pending) {
      [text, tone] = this.offline ? ["You are offline. Your changes will be saved when the connection is back.", "error"] : [`Couldn't save — retrying (${this.failures})`, "error"];
    } else if (conflicts) [text, tone] = [`${conflicts === 1 ? "An answer was" : `${conflicts} answers were`} changed by a colleague: choose which to keep.`, "warn"];
    else if (pending) [text, tone] = ["Saving…", "busy"];
    else if (errors) [text, tone] = [`${errors === 1 ? "An answer needs" : `${errors} answers need`} correcting before it can be saved.`, "warn"];
    else if (this.everSaved) [text, tone] = ["All changes saved", "ok"];
    else [text, tone] = ["", "idle"];
    this.text = text;
    this.tone = tone;
    for (const listener of this.listeners) listener();
  }
}
