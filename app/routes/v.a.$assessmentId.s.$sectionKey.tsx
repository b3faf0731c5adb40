// One answering page: a section, and for component sections one page per component (?component=).
// Without JavaScript it is a plain form with "Save section" (a conflict reported per question);
// with JavaScript each question saves itself through the JSON API (v.a.$assessmentId.answers),
// see components/vendor/answering-form.tsx. The page's content is shaped by domain/section-page.
// The review adds to it: while changes are requested only the reopened questions (highlighted with
// the reviewer's message) can be changed; answers carried over from the last cycle are marked with
// a Confirm button; vendor-visible threads show under their question with a reply box (the reply
// and Confirm forms post here too, with `intent`).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { changedAnswers, isKeepMine, keptAnswer, type PostedChange } from "~/components/vendor/answer-form-model";
import { AnsweringForm } from "~/components/vendor/answering-form";
import { evidenceUploadLinks } from "~/components/vendor/evidence-upload";
import { NoScriptOutcomes, type QuestionOutcome } from "~/components/vendor/no-script-outcomes";
import type { PageReview, ReplyFailure } from "~/components/vendor/question-review";
import { isWithBuyer } from "~/domain/assessment-lifecycle";
import { isAppError } from "~/domain/errors";
import { parseRevision } from "~/components/vendor/answer-form-model";
import { answerableScopes, mayAnswer, scopeKey } from "~/domain/review/clarification-scope";
import { isStorableText, UNSTORABLE_MESSAGE } from "~/domain/storable-text";
import { evidenceKeys, pageTarget, sectionPage, type SectionPage } from "~/domain/section-page";
import { notFound } from "~/http/errors.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";
import { addVendorComment, commentInput, vendorThreads } from "~/services/answer-comments.server";
import { assessmentDefinition, confirmAnswer, conflictingAnswer, loadAnswers, pageEvidence, saveAnswer } from "~/services/answers.server";
import { assessmentComponents } from "~/services/assessment-queries.server";
import { openRequests } from "~/services/clarifications.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/template-editor.css" },
  { rel: "stylesheet", href: "/styles/vendor-answers.css" },
  { rel: "stylesheet", href: "/styles/vendor-review.css" },
  ...evidenceUploadLinks(),
];

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `${d.section.title}${d.component ? ` · ${d.component.name}` : ""} · Questionnaire · Assay` : "Questionnaire · Assay" },
  { name: "robots", content: "noindex" },
];

async function loadPage(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const db = context.app.db;
  const assessmentId = access.assessment.id;
  const definition = await assessmentDefinition(db, access.assessment.templateVersionId);
  const components = await assessmentComponents(db, assessmentId);
  const target = pageTarget(assessmentId, definition, access.grant.sections, components, params.sectionKey, new URL(request.url).searchParams.get("component"));
  if (target.kind === "not_found") throw notFound();
  if (target.kind === "redirect") throw redirect(target.href);
  return { access, definition, components, ...target };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { access, definition, section, sectionIndex, components, component } = await loadPage(request, context, params);
  const db = context.app.db;
  const assessmentId = access.assessment.id;
  const componentId = component?.id ?? null;
  const status = access.assessment.status;
  const [answers, evidence, open, comments] = await Promise.all([
    loadAnswers(db, assessmentId, { componentId }),
    pageEvidence(db, assessmentId, evidenceKeys(section), componentId),
    status === "changes_requested" ? openRequests(db, assessmentId) : Promise.resolve([]),
    // Vendor pages read threads only through vendorThreads: internal notes never reach them.
    vendorThreads(db, assessmentId),
  ]);
  const page = sectionPage({
    assessmentId,
    status: access.assessment.status,
    definition,
    section,
    sectionIndex,
    components,
    component,
    assigned: access.grant.sections,
    answers,
    evidence,
  });
  const url = new URL(request.url);
  const rule = answerableScopes(
    status,
    definition,
    components.map((c) => c.id),
    open,
  );
  const own = new Set(section.questions.map((q) => q.key));
  const here = (questionKey: string, scope: string | null) => own.has(questionKey) && scope === componentId;
  const requests: Record<string, string> = {};
  for (const r of open)
    if (here(r.questionKey, r.componentId)) requests[r.questionKey] = requests[r.questionKey] ? `${requests[r.questionKey]}\n\n${r.message}` : r.message;
  const threads: PageReview["threads"] = {};
  for (const c of comments) {
    if (!here(c.questionKey, c.componentId)) continue;
    (threads[c.questionKey] ??= []).push({ id: c.id, author: c.author, byVendor: c.byVendor, body: c.body, createdAt: c.createdAt.toISOString() });
  }
  const editable = section.questions.filter((q) => mayAnswer(rule, q.key, componentId)).map((q) => q.key);
  const review: PageReview = {
    editable,
    requests,
    followUps: rule.kind === "some" ? editable.filter((k) => !rule.requested.has(scopeKey(k, componentId))) : [],
    prefilled: answers.filter((a) => a.prefilled && here(a.questionKey, a.componentId)).map((a) => a.questionKey),
    fromBuyerRecords: answers.filter((a) => a.prefilled && a.prefillSource === "buyer_records" && here(a.questionKey, a.componentId)).map((a) => a.questionKey),
    fromModelDocument: answers
      .filter((a) => a.prefilled && a.prefillSource === "model_document" && here(a.questionKey, a.componentId))
      .map((a) => a.questionKey),
    threads,
    canReply: status !== "closed",
    replied: url.searchParams.get("replied"),
    confirmed: url.searchParams.get("confirmed"),
  };
  return { ...page, review, saved: url.searchParams.get("saved") };
}

/** After a reply or a confirm: the page again, without the flags of the last one. */
function backTo(request: Request, flag: "replied" | "confirmed", key: string): string {
  const url = new URL(request.url);
  for (const name of ["saved", "replied", "confirmed"]) url.searchParams.delete(name);
  url.searchParams.set(flag, key);
  return `${url.pathname}${url.search}#q-${key}`;
}

// ---------------------------------------------------------------------------------------------
// The no-JavaScript form post: every changed answer saved in turn; what was not saved is listed.

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { access, section, component } = await loadPage(request, context, params);
  const componentId = component?.id ?? null;
  const form = await request.formData().catch(() => null);
  const unstorable = form ? [...form.entries()].some(([key, value]) => !isStorableText(key) || (typeof value === "string" && !isStorableText(value))) : false;
  if (!form || unstorable) {
    const message = form ? UNSTORABLE_MESSAGE : "The form could not be read. Reload the page and try again.";
    return data({ outcomes: [{ key: "form", prompt: section.title, status: "invalid" as const, message }], saved: 0 }, { status: 400 });
  }
  const intent = form.get("intent");
  if (intent === "reply") {
    const questionKey = String(form.get("questionKey") ?? "");
    if (!section.questions.some((q) => q.key === questionKey)) throw notFound();
    const body = String(form.get("body") ?? "");
    const parsed = commentInput.safeParse({ questionKey, componentId, body });
    const fail = (message: string, status: number) => data({ reply: { key: questionKey, message, body } satisfies ReplyFailure }, { status });
    if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "Write a reply.", 400);
    try {
      await addVendorComment(context.app, access.grant, access.assessment.id, parsed.data);
    } catch (error) {
      if (!isAppError(error) || error.kind === "not_found") throw isAppError(error) ? notFound() : error;
      return fail(error.message, error.kind === "invalid" ? 400 : 409);
    }
    throw redirect(backTo(request, "replied", questionKey));
  }
  if (intent === "confirm") {
    const question = section.questions.find((q) => q.key === form.get("questionKey"));
    if (!question) throw notFound();
    const baseRevision = parseRevision(typeof form.get("revision") === "string" ? (form.get("revision") as string) : null);
    const outcome: QuestionOutcome = { key: question.key, prompt: question.prompt, status: "invalid" };
    if (baseRevision === null)
      return data({ outcomes: [{ ...outcome, message: "The page sent a broken revision number; reload it and try again." }], saved: 0 }, { status: 400 });
    try {
      await confirmAnswer(context.app, access.grant, { assessmentId: access.assessment.id, questionKey: question.key, componentId, baseRevision });
    } catch (error) {
      if (!isAppError(error) || error.kind === "not_found") throw isAppError(error) ? notFound() : error;
      const message = error.kind === "conflict" ? "Someone else changed this answer meanwhile: reload the page to see it." : error.message;
      return data({ outcomes: [{ ...outcome, message }], saved: 0 }, { status: error.kind === "invalid" ? 400 : 409 });
    }
    throw redirect(backTo(request, "confirmed", question.key));
  }

  const outcomes: QuestionOutcome[] = [];

  const save = async ({ question, mine, baseRevision, problem }: PostedChange) => {
    const outcome: QuestionOutcome = { key: question.key, prompt: question.prompt, status: "saved" };
    if (problem) {
      outcomes.push({ ...outcome, status: "invalid", message: problem });
      return;
    }
    try {
      await saveAnswer(context.app, access.grant, { assessmentId: access.assessment.id, questionKey: question.key, componentId, baseRevision, ...mine });
    } catch (error) {
      if (!isAppError(error) || error.kind === "not_found") throw isAppError(error) ? notFound() : error;
      const current = conflictingAnswer(error);
      if (current) Object.assign(outcome, { status: "conflict", current, mine });
      else if (error.kind === "state" && error.details.code === "not_reopened") Object.assign(outcome, { status: "invalid", message: error.message });
      else if (error.kind === "state") outcome.status = "locked";
      else Object.assign(outcome, { status: "invalid", message: error.message });
    }
    outcomes.push(outcome);
  };

  if (isKeepMine(form)) {
    // "Keep mine" after a conflict: the vendor's answer again, over the revision they have now seen.
    const { question, change } = keptAnswer(section.questions, form);
    if (!question) throw notFound();
    if (!change) {
      return data(
        {
          outcomes: [
            { key: question.key, prompt: question.prompt, status: "invalid" as const, message: "Your answer could not be read; please enter it again." },
          ],
          saved: 0,
        },
        { status: 400 },
      );
    }
    await save(change);
  } else {
    for (const change of changedAnswers(section.questions, form)) await save(change);
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

export default function SectionPageView() {
  const page: SectionPage & { saved: string | null; review: PageReview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const replyFailure = result && "reply" in result ? result.reply : null;
  const requested = Object.keys(page.review.requests).length;
  // A new page starts a fresh form; fresh data for the same page (after an evidence upload, say)
  // is merged into it (see AnsweringForm).
  const formKey = `${page.section.key}:${page.component?.id ?? "-"}`;
  const outcomes: QuestionOutcome[] = result && "outcomes" in result ? result.outcomes : [];
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
          {isWithBuyer(page.status)
            ? "This questionnaire has been submitted: its answers are locked."
            : page.status === "closed"
              ? "This questionnaire is closed: its answers are locked."
              : "This questionnaire has been reviewed: its answers are locked."}
        </p>
      ) : page.status === "changes_requested" ? (
        <div className="notice review-banner" role="status">
          {requested ? (
            <p>
              The reviewer asked for clarification on {requested} question{requested === 1 ? "" : "s"} on this page: {requested === 1 ? "it is" : "they are"}{" "}
              marked below with the reviewer&apos;s message. Only {requested === 1 ? "that question" : "those questions"}
              {page.review.followUps.length ? " (and the questions that follow from them)" : ""} can be changed; the other answers stay as they are.
            </p>
          ) : (
            <p>
              The reviewer asked for clarification on other pages: the answers on this page stay as they are.{" "}
              <Link to={`/v/a/${page.assessmentId}`}>See what was asked</Link>.
            </p>
          )}
        </div>
      ) : null}
      {page.saved !== null && outcomes.length === 0 ? (
        <p className="flash flash--ok" role="status">
          {page.saved === "0" ? "Nothing had changed." : `Saved ${page.saved} answer${page.saved === "1" ? "" : "s"}.`}
        </p>
      ) : null}
      {outcomes.length ? <NoScriptOutcomes outcomes={outcomes} questions={page.questions} /> : null}
      <AnsweringForm
        key={formKey}
        page={page}
        review={page.review}
        replyFailure={replyFailure}
        errors={Object.fromEntries(outcomes.filter((o) => o.status === "invalid").map((o) => [o.key, o.message ?? "Not saved"]))}
      />
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
            {page.status === "changes_requested" ? "Review and resubmit →" : "Review and submit →"}
          </Link>
        )}
      </nav>
    </div>
  );
}
