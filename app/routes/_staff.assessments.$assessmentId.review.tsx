// /assessments/:id/review: the review panel's forms post here (assign or remove a reviewer, set the
// review due date, start the review). Done: back to the assessment page. Refused: this page shows
// the panel again with the message next to the field (with or without JavaScript).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { Breadcrumbs } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { ReviewPanel } from "~/components/review/review-panel";
import { DATE_FORMAT_HINT, parseCalendarDate, type CalendarDate } from "~/domain/calendar";
import type { Action } from "~/domain/permissions";
import { notFound } from "~/http/errors.server";
import { handleForm, type FormFailure } from "~/http/form-action.server";
import { assertCan, requireUserWithPermission } from "~/http/guard.server";
import { getAssessmentForStaff } from "~/services/assessment-queries.server";
import { startReview } from "~/services/assessment-lifecycle.server";
import { userActor } from "~/services/audit.server";
import { assignReviewer, setReviewDueDate, unassignReviewer } from "~/services/reviewers.server";
import { reviewPanelData } from "~/services/review-panel.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Review: ${data.supplierName} · Assay` : "Review · Assay" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/assessments.css" },
  { rel: "stylesheet", href: "/styles/reviews.css" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const found = await getAssessmentForStaff(context.app.db, params.assessmentId);
  if (!found) throw notFound();
  const review = await reviewPanelData(context.app.db, found.assessment.id, user);
  return { id: found.assessment.id, supplierName: found.assessment.supplier_name, templateName: found.assessment.template_name, review };
}

const reviewer = z.string({ error: "Choose a reviewer" }).pipe(z.uuid({ error: "Choose a reviewer from the list" }));
const dueDate = z
  .string({ error: "Choose a due date" })
  .trim()
  .min(1, "Choose a due date")
  .refine((v) => parseCalendarDate(v) !== null, DATE_FORMAT_HINT)
  .transform((v) => v as CalendarDate);

const schemas = {
  assign: z.object({ intent: z.literal("assign"), userId: reviewer }),
  unassign: z.object({ intent: z.literal("unassign"), userId: reviewer }),
  due: z.object({ intent: z.literal("due"), reviewDueDate: dueDate }),
  start: z.object({ intent: z.literal("start") }),
};
type Intent = keyof typeof schemas;
const commandSchema = z.discriminatedUnion("intent", [schemas.assign, schemas.unassign, schemas.due, schemas.start]);
const PERMISSION: Record<Intent, Action> = { assign: "review:assign", unassign: "review:assign", due: "review:assign", start: "review:write" };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const id = params.assessmentId ?? "";
  let intent: unknown;
  try {
    intent = (await request.clone().formData()).get("intent");
  } catch {
    intent = null;
  }
  if (typeof intent !== "string" || !(intent in schemas)) {
    return data<FormFailure>({ fieldErrors: { form: "The request was not understood. Reload the page and try again." }, values: {} }, { status: 400 });
  }
  const which = intent as Intent;
  assertCan(user, PERMISSION[which]);
  const actor = userActor(user);
  const ctx = context.app;
  return handleForm(request, commandSchema, async (input) => {
    if (input.intent === "assign") await assignReviewer(ctx, actor, id, { userId: input.userId });
    else if (input.intent === "unassign") await unassignReviewer(ctx, actor, id, input.userId);
    else if (input.intent === "due") await setReviewDueDate(ctx, actor, id, input.reviewDueDate);
    else await startReview(ctx, actor, id);
    throw redirect(`/assessments/${id}?review=${input.intent}#review`);
  });
}

export default function ReviewPage() {
  const { id, supplierName, templateName, review } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ to: "/assessments", label: "Assessments" }, { to: `/assessments/${id}`, label: supplierName }, { label: "Review" }]} />
      <PageHeader title={`Review: ${supplierName}`}>
        <p className="lead">
          {templateName}. <Link to={`/assessments/${id}#review`}>Back to the assessment</Link>
        </p>
      </PageHeader>
      <ReviewPanel assessmentId={id} data={review} failure={failure} />
    </>
  );
}
