// /assessments/:id/findings/notify: send the vendor the open findings by email, with a fresh link
// to the portal where they respond. The page shows exactly what the mail will say and to whom.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { FindingDue, SeverityBadge } from "~/components/review/finding-badges";
import { formatDate, today as todayOf } from "~/domain/calendar";
import { notFound } from "~/http/errors.server";
import { handleCommand } from "~/http/form-action.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { notifyVendorOfFindings, vendorNotificationPreview } from "~/services/finding-responses.server";

export const meta: MetaFunction = () => [{ title: "Send the findings to the vendor · Assay" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/findings.css" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "finding:write");
  const preview = await vendorNotificationPreview(context.app.db, params.assessmentId ?? "");
  if (!preview) throw notFound();
  return { ...preview, today: todayOf() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "finding:write");
  const assessmentId = params.assessmentId ?? "";
  return handleCommand(async () => {
    const sent = await notifyVendorOfFindings(context.app, userActor(user), user.name, assessmentId);
    throw redirect(`/assessments/${assessmentId}/findings/notify?sent=${sent}`);
  });
}

export default function NotifyVendor() {
  const { assessment, findings, recipients, refusal, today } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const sent = Number(params.get("sent") ?? 0);
  const assessmentPath = `/assessments/${assessment.id}`;
  return (
    <>
      <Breadcrumbs
        items={[{ to: "/assessments", label: "Assessments" }, { to: assessmentPath, label: assessment.supplierName }, { label: "Send the findings" }]}
      />
      <PageHeader title="Send the findings to the vendor">
        <p className="lead">
          Each contact below gets an email listing the open findings, with a new personal link to the portal where they respond and upload remediation evidence.
          Their previous link stops working; the new one works at least until the latest due date.
        </p>
      </PageHeader>
      {sent > 0 ? (
        <p className="flash flash--ok" role="status">
          Sent to {sent} contact{sent === 1 ? "" : "s"}.
        </p>
      ) : null}
      <FormError message={failure?.fieldErrors.form} />
      <section aria-labelledby="open-heading" className="panel">
        <h2 id="open-heading">Open findings ({findings.length})</h2>
        {findings.length === 0 ? (
          <p className="muted">No open findings.</p>
        ) : (
          <ul className="finding-history">
            {findings.map((f) => (
              <li key={f.id} className="finding-history__item">
                <Link to={`/findings/${f.id}`}>{f.title}</Link> <SeverityBadge severity={f.severity} />{" "}
                <span>
                  due <FindingDue dueDate={f.dueDate} today={today} active />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="to-heading" className="panel">
        <h2 id="to-heading">Recipients ({recipients.length})</h2>
        {recipients.length === 0 ? (
          <p className="muted">Nobody.</p>
        ) : (
          <ul>
            {recipients.map((r) => (
              <li key={r.id}>
                {r.name} &lt;{r.email}&gt;{" "}
                <span className="muted">(current link valid until {formatDate(new Date(new Date(r.expires_at).getTime() - 1))})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {refusal ? (
        <p className="notice" role="status">
          {refusal}
        </p>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="send" />
          <button type="submit" className="button button--primary" disabled={busy}>
            Email the open findings to the vendor
          </button>{" "}
          <Link to={assessmentPath} className="button button--quiet">
            Back to the assessment
          </Link>
        </Form>
      )}
    </>
  );
}
