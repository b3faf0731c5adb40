// /assessments/:id/findings/new: raise a finding on an assessment, from an answer
// (?question=<key>&component=<id>, shown with its answer for context) or from the scorecard.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { Breadcrumbs } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { RaiseFindingForm } from "~/components/review/raise-finding-form";
import { today as todayOf } from "~/domain/calendar";
import { readListQuery } from "~/domain/list-query";
import { raiseFindingSchema } from "~/domain/review/finding-forms";
import { notFound } from "~/http/errors.server";
import { handleForm } from "~/http/form-action.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { newFindingPage, raiseFinding } from "~/services/findings.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Raise a finding: ${data.assessment.supplierName} · Assay` : "Raise a finding · Assay" },
];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/findings.css" }];

const prefillQuery = z.object({
  question: z.string().trim().max(64).optional().catch(undefined),
  component: z.uuid().optional().catch(undefined),
  from: z.enum(["scorecard", "answers"]).optional().catch(undefined),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "finding:write");
  const query = readListQuery(new URL(request.url), prefillQuery);
  const page = await newFindingPage(context.app.db, params.assessmentId ?? "", { questionKey: query.question ?? null, componentId: query.component ?? null });
  if (!page) throw notFound();
  const canOwn = page.owners.some((o) => o.id === user.id);
  return { ...page, from: query.from ?? null, defaultOwnerId: canOwn ? user.id : "", today: todayOf() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "finding:write");
  const assessmentId = params.assessmentId ?? "";
  return handleForm(request, raiseFindingSchema, async (input) => {
    const id = await raiseFinding(context.app, userActor(user), assessmentId, input);
    throw redirect(`/findings/${id}?done=raised`);
  });
}

export default function NewFinding() {
  const { assessment, components, question, questionProblem, owners, raiseRefusal, from, defaultOwnerId, today } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const assessmentPath = `/assessments/${assessment.id}`;
  const back = from === "scorecard" ? `${assessmentPath}/scorecard` : from === "answers" ? `${assessmentPath}/answers` : assessmentPath;
  return (
    <>
      <Breadcrumbs
        items={[{ to: "/assessments", label: "Assessments" }, { to: assessmentPath, label: assessment.supplierName }, { label: "Raise a finding" }]}
      />
      <PageHeader title="Raise a finding">
        <p className="lead">
          {assessment.supplierName}: {assessment.templateName}
        </p>
      </PageHeader>
      {raiseRefusal ? (
        <p className="notice" role="status">
          {raiseRefusal} <Link to={assessmentPath}>Back to the assessment</Link>
        </p>
      ) : (
        <>
          {questionProblem ? (
            <p className="flash flash--error" role="alert">
              {questionProblem}
            </p>
          ) : null}
          {question ? (
            <section aria-labelledby="answer-heading" className="panel finding-context">
              <h2 id="answer-heading">The answer it is about</h2>
              <dl className="detail-grid">
                <dt>Section</dt>
                <dd>{question.sectionTitle}</dd>
                {question.componentName ? (
                  <>
                    <dt>Component</dt>
                    <dd>{question.componentName}</dd>
                  </>
                ) : null}
                <dt>Question</dt>
                <dd>{question.prompt}</dd>
                <dt>Answer</dt>
                <dd className="prewrap">{question.answer}</dd>
                {question.comment ? (
                  <>
                    <dt>Vendor's comment</dt>
                    <dd className="prewrap">{question.comment}</dd>
                  </>
                ) : null}
              </dl>
            </section>
          ) : null}
          <RaiseFindingForm
            defaults={{
              title: "",
              description: "",
              severity: "",
              ownerId: defaultOwnerId,
              dueDate: "",
              componentId: question?.componentId ?? "",
              questionKey: question?.key ?? "",
            }}
            owners={owners}
            components={question ? null : components}
            minDueDate={today}
            failure={failure}
            cancelTo={back}
          />
        </>
      )}
    </>
  );
}
