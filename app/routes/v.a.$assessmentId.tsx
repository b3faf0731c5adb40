// The vendor portal's layout: its own header (the buyer's name and logo, the supplier, who is signed
// in, sign-out), a footer with the buyer's support contact and privacy notice, and no staff navigation. Every loader and action under /v/a/:assessmentId checks the vendor
// session with requireVendorGrant: another assessment's id is a 404, like one that does not exist.
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { VendorFrame } from "~/components/assessments/vendor-frame";
import { buyerAsks, OrganisationFooter, OrganisationMark } from "~/components/organisation-brand";
import { notFound } from "~/http/errors.server";
import { clearVendorCookieHeader, requireVendorGrant } from "~/http/vendor-guard.server";
import { vendorFindingCounts } from "~/services/finding-responses.server";
import { loadOrganisation } from "~/services/organisation.server";
import { signOutVendor } from "~/services/vendor-session.server";

export const meta: MetaFunction = () => [{ title: "Questionnaire · Assay" }, { name: "robots", content: "noindex" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/vendor.css" },
  { rel: "stylesheet", href: "/styles/vendor-evidence.css" },
];

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  return {
    assessmentId: access.assessment.id,
    supplierName: access.assessment.supplierName,
    email: access.grant.email,
    name: access.grant.name,
    // Shown once the buyer has raised a finding the contact may see.
    findings: await vendorFindingCounts(context.app.db, access.grant, access.assessment.id),
    organisation: await loadOrganisation(context.app.db),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const form = await request.formData();
  if (form.get("intent") !== "sign-out") throw notFound();
  await signOutVendor(context.app, access);
  throw redirect("/v/new-link?signed-out=1", { headers: { "Set-Cookie": clearVendorCookieHeader(request) } });
}

export default function VendorLayout() {
  const { assessmentId, supplierName, email, findings, organisation } = useLoaderData<typeof loader>();
  return (
    <div className="vendor">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="vendor__header">
        <OrganisationMark org={organisation} />
        <span className="vendor__supplier">{buyerAsks(organisation, supplierName)}</span>
        <div className="vendor__user">
          <span>
            <span className="visually-hidden">Signed in as </span>
            {email}
          </span>
          <Form method="post" action={`/v/a/${assessmentId}`}>
            <input type="hidden" name="intent" value="sign-out" />
            <button type="submit" className="button button--quiet">
              Sign out
            </button>
          </Form>
        </div>
      </header>
      <nav className="vendor__nav" aria-label="Questionnaire">
        <Link to={`/v/a/${assessmentId}`}>Overview</Link>
        <Link to={`/v/a/${assessmentId}/evidence`}>Evidence files</Link>
        <Link to={`/v/a/${assessmentId}/team`}>Team</Link>
        <Link to={`/v/a/${assessmentId}/changes`}>Report a change</Link>
        {findings.total > 0 ? <Link to={`/v/a/${assessmentId}/findings`}>Findings ({findings.active} open)</Link> : null}
      </nav>
      <main id="main" className="vendor__main" tabIndex={-1}>
        <Outlet />
      </main>
      <OrganisationFooter org={organisation} />
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 404) {
    return (
      <VendorFrame title="This page is not available">
        <p>There is nothing here for you, or your session has ended.</p>
        <p>
          To answer a questionnaire, open the link in our most recent email. <a href="/v/new-link">Send me a new link</a>.
        </p>
      </VendorFrame>
    );
  }
  return (
    <VendorFrame title="Something went wrong">
      <p>An unexpected error happened on our side. Your saved answers are safe; please try again in a moment.</p>
    </VendorFrame>
  );
}
