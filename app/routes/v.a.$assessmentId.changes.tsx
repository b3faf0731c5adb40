// /v/a/:assessmentId/changes: the vendor reports a change to one of the AI components in this
// questionnaire's scope (a new model version, a retraining, a new training-data source, a
// sub-processor change, an incident), and sees the changes reported from this questionnaire.
// Open whatever the questionnaire's state, while the contact's link works.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ChangeNoticeForm } from "~/components/change-notices/change-notice-form";
import { ChangeNoticeList } from "~/components/change-notices/change-notice-list";
import { today as todayOf } from "~/domain/calendar";
import { changeNoticeSchema } from "~/domain/deadlines/change-notice-form";
import { handleForm } from "~/http/form-action.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";
import { listChangeNotices, recordChangeNotice, reportableComponents } from "~/services/change-notices.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/change-notices.css" }];

export const meta: MetaFunction = () => [{ title: "Report a change · Assay" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const [components, notices] = await Promise.all([
    reportableComponents(context.app.db, access.assessment.id),
    listChangeNotices(context.app.db, { supplierId: access.assessment.supplierId, reportedFromAssessmentId: access.assessment.id }),
  ]);
  return { assessmentId: access.assessment.id, supplierName: access.assessment.supplierName, components, notices, today: todayOf() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  return handleForm(request, changeNoticeSchema, async (input) => {
    await recordChangeNotice(
      context.app,
      { type: "vendor", grantId: access.grant.id, email: access.grant.email, name: access.grant.name, assessmentId: access.assessment.id },
      input,
    );
    throw redirect(`/v/a/${access.assessment.id}/changes?reported=1`);
  });
}

export default function VendorChanges() {
  const { assessmentId, supplierName, components, notices, today } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to={`/v/a/${assessmentId}`}>Back to the questionnaire</Link>
      </p>
      <h1>Report a change to an AI component</h1>
      <p>
        Tell us when an AI component {supplierName} supplies to us gets a new model version, is retrained, uses a new training-data source, changes
        sub-processor, or has an incident. The people at our company who rely on it are told at once, and we may ask for a new review.
      </p>
      {params.get("reported") ? (
        <p className="flash flash--ok" role="status">
          Thank you: your report was recorded and the people concerned have been told.
        </p>
      ) : null}
      <section aria-labelledby="report-heading" className="panel">
        <h2 id="report-heading">Report a change</h2>
        {components.length === 0 ? (
          <p className="muted">This questionnaire covers no AI component of {supplierName}: there is nothing to report a change on here.</p>
        ) : (
          <ChangeNoticeForm
            components={components}
            today={today}
            errors={failure?.fieldErrors ?? {}}
            values={failure?.values ?? {}}
            busy={busy}
            submitLabel="Report the change"
          />
        )}
      </section>
      <section aria-labelledby="reported-heading" className="panel">
        <h2 id="reported-heading">Changes reported from this questionnaire ({notices.length})</h2>
        {notices.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ChangeNoticeList notices={notices} caption="Changes reported from this questionnaire" showComponent />
        )}
      </section>
    </>
  );
}
