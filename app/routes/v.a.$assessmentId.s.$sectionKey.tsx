// One answering page: a section, and for component sections one page per component (?component=).
// Without JavaScript it is a plain form with "Save section" (a conflict reported per question);
// with JavaScript each question saves itself through the JSON API (v.a.$assessmentId.answers),
// see components/vendor/answering-form.tsx. The page's content is shaped by domain/section-page.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { changedAnswers, isKeepMine, keptAnswer, type PostedChange } from "~/components/vendor/answer-form-model";
import { AnsweringForm } from "~/components/vendor/answering-form";
import { evidenceUploadLinks } from "~/components/vendor/evidence-upload";
import { NoScriptOutcomes, type QuestionOutcome } from "~/components/vendor/no-script-outcomes";
import { isAppError } from "~/domain/errors";
import { isStorableText, UNSTORABLE_MESSAGE } from "~/domain/storable-text";
import { evidenceKeys, pageTarget, sectionPage, type SectionPage } from "~/domain/section-page";
import { notFound } from "~/http/errors.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";
import { assessmentDefinition, conflictingAnswer, loadAnswers, pageEvidence, saveAnswer } from "~/services/answers.server";
import { assessmentComponents } from "~/services/assessment-queries.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/template-editor.css" },
  { rel: "stylesheet", href: "/styles/vendor-answers.css" },
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
  const [answers, evidence] = await Promise.all([
    loadAnswers(db, assessmentId, { componentId }),
    pageEvidence(db, assessmentId, evidenceKeys(section), componentId),
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
  return { ...page, saved: new URL(request.url).searchParams.get("saved") };
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
  const page: SectionPage & { saved: string | null } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
          {page.status === "submitted"
            ? "This questionnaire has been submitted: its answers are locked."
            : "This questionnaire is closed: its answers are locked."}
        </p>
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
            Review and submit →
          </Link>
        )}
      </nav>
    </div>
  );
}
