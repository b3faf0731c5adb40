import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { VendorFrame } from "~/components/assessments/vendor-frame";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { buyerName, BuyerName, type OrganisationBrand } from "~/domain/organisation";
import { vendorLinkDestination } from "~/domain/deadlines/change-notice-form";
import { exchangeGrantToken, inspectGrantToken, type GrantLinkState } from "~/services/access-grants.server";
import { vendorCookieHeader } from "~/http/vendor-guard.server";
import { loadOrganisation } from "~/services/organisation.server";

export const meta: MetaFunction = () => [{ title: "Questionnaire · Assay" }, { name: "robots", content: "noindex" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/vendor.css" }];

// The token is in this page's URL: never cached, never indexed, and never sent to another site in a
// Referer (the edge sends Referrer-Policy: same-origin on every page, and this one loads nothing
// from other sites). Not no-referrer: form posts must keep their Origin for the CSRF check.
const LINK_HEADERS = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const merged = new Headers(LINK_HEADERS);
  for (const source of [loaderHeaders, actionHeaders]) source.forEach((value, key) => merged.set(key, value));
  return merged;
};

type PageState =
  | { state: "valid"; name: string; email: string; supplierName: string; dueDate: string }
  | { state: "invalid" }
  | { state: "revoked" }
  | { state: "closed"; supplierName: string }
  | { state: "submitted"; supplierName: string; submittedAt: string | null }
  | { state: "expired"; supplierName: string; dueDate: string };

/** What the page may show: nothing beyond what the invitation email already told its holder. */
function toPage(link: GrantLinkState): PageState {
  switch (link.state) {
    case "valid":
      return { state: "valid", name: link.name, email: link.email, supplierName: link.supplierName, dueDate: link.dueDate };
    case "submitted":
      return { state: "submitted", supplierName: link.supplierName, submittedAt: link.submittedAt ? link.submittedAt.toISOString() : null };
    case "expired":
      return { state: "expired", supplierName: link.supplierName, dueDate: link.dueDate };
    case "closed":
      return { state: "closed", supplierName: link.supplierName };
    default:
      return { state: link.state };
  }
}

const statusOf = (state: PageState["state"]) => (state === "valid" ? 200 : state === "invalid" ? 404 : 410);

// A GET only looks at the link: mail scanners that follow links must not use it up.
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  // `?next=changes` (the "report a change" link): only that value means anything; any other lands on the overview.
  const next = vendorLinkDestination(new URL(request.url).searchParams.get("next"));
  const page = toPage(await inspectGrantToken(context.app.db, params.token ?? "", new Date(), next ?? "questionnaire"));
  return data({ ...page, next, organisation: await loadOrganisation(context.app.db) }, { status: statusOf(page.state), headers: LINK_HEADERS });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const next = vendorLinkDestination(
    await request.formData().then(
      (form) => form.get("next"),
      () => null,
    ),
  );
  const purpose = next ?? "questionnaire";
  const result = await exchangeGrantToken(
    context.app,
    params.token ?? "",
    { ip: context.clientIp, userAgent: request.headers.get("user-agent") },
    new Date(),
    purpose,
  );
  if (!result.ok) {
    const page = toPage(await inspectGrantToken(context.app.db, params.token ?? "", new Date(), purpose));
    return data({ ...page, next }, { status: statusOf(page.state), headers: LINK_HEADERS });
  }
  // Only ever one of two paths under the vendor's own assessment: never a URL from the request.
  throw redirect(next === "changes" ? `/v/a/${result.assessmentId}/changes` : `/v/a/${result.assessmentId}`, {
    headers: { ...LINK_HEADERS, "Set-Cookie": vendorCookieHeader(result.sessionToken, request, result.sessionExpiresAt) },
  });
}

export default function VendorLinkPage() {
  const loaded = useLoaderData<typeof loader>() as PageState & { next: "changes" | null; organisation: OrganisationBrand };
  const failed = useActionData<typeof action>() as (PageState & { next: "changes" | null }) | undefined;
  const { token } = useParams();
  const submitting = useNavigation().state === "submitting";
  const page = failed ?? loaded;
  const reportingChange = page.next === "changes";
  const org = loaded.organisation;
  const frame = { organisation: org, supplierName: "supplierName" in page ? page.supplierName : undefined };

  switch (page.state) {
    case "valid":
      if (reportingChange) {
        return (
          <VendorFrame {...frame} title={`Report a change to an AI component of ${page.supplierName}`}>
            <p>
              Tell {buyerName(org)} about a new model version, a retraining, a new training-data source, a sub-processor change or an incident affecting an AI
              component you supply to it. You are reporting as <strong>{page.name}</strong> ({page.email}).
            </p>
            <Form method="post">
              <input type="hidden" name="next" value="changes" />
              <button type="submit" className="button button--primary" disabled={submitting}>
                {submitting ? "Opening…" : "Report a change"}
              </button>
            </Form>
            <p className="muted vendor__small">This link is personal: please do not forward it.</p>
          </VendorFrame>
        );
      }
      return (
        <VendorFrame {...frame} title={`Questionnaire for ${page.supplierName}`}>
          <p>
            {BuyerName(org)} has asked you to answer its due-diligence questionnaire about the AI in {page.supplierName}'s products and services. It is due on{" "}
            <strong>{formatDate(page.dueDate)}</strong>.
          </p>
          <p>
            You are opening it as <strong>{page.name}</strong> ({page.email}). Your answers are saved as you go; you can come back with this link until you
            submit.
          </p>
          <Form method="post">
            <button type="submit" className="button button--primary" disabled={submitting}>
              {submitting ? "Opening…" : "Open the questionnaire"}
            </button>
          </Form>
          <p className="muted vendor__small">
            This link is personal: please do not forward it. If a colleague should help, invite them yourself from the questionnaire's <strong>Team</strong>{" "}
            page once you have opened it: they get their own link.
          </p>
        </VendorFrame>
      );
    case "expired":
      return (
        <VendorFrame {...frame} title="This link has expired">
          <p>
            The link to the questionnaire for {page.supplierName} (due {formatDate(page.dueDate)}) no longer works. Your saved answers are kept. Enter your
            email address and we will send you a new link.
          </p>
          <Form method="post" action="/v/new-link" className="vendor__form">
            <input type="hidden" name="token" value={token ?? ""} />
            <div className="field">
              <label htmlFor="new-link-email">Your email address</label>
              <input id="new-link-email" name="email" type="email" autoComplete="email" required maxLength={254} />
            </div>
            <button type="submit" className="button button--primary">
              Send me a new link
            </button>
          </Form>
        </VendorFrame>
      );
    case "revoked":
      return (
        <VendorFrame {...frame} title="Your access has been withdrawn">
          <p>This link was withdrawn by {buyerName(org)}, and no longer opens the questionnaire.</p>
          <p>If you think this is a mistake, contact the person who asked you to answer it.</p>
        </VendorFrame>
      );
    case "submitted":
      return (
        <VendorFrame {...frame} title="This questionnaire has been submitted">
          <p>
            The questionnaire for {page.supplierName} was submitted{page.submittedAt ? ` on ${formatDateTime(page.submittedAt)}` : ""}. Thank you: there is
            nothing more to do.
          </p>
          <p>If something needs to change, ask the person who sent it to reopen it; you will then be able to edit and submit again.</p>
          <h2>Has an AI component changed?</h2>
          <p>
            If a component you supply to {buyerName(org)} has a new model version, was retrained, uses a new training-data source, changed sub-processor or had
            an incident, tell {buyerName(org)}.
          </p>
          <Form method="post">
            <input type="hidden" name="next" value="changes" />
            <button type="submit" className="button" disabled={submitting}>
              Report a change
            </button>
          </Form>
        </VendorFrame>
      );
    case "closed":
      return (
        <VendorFrame {...frame} title="This questionnaire is closed">
          <p>The questionnaire for {page.supplierName} has been closed and no longer takes answers. There is nothing more to do.</p>
        </VendorFrame>
      );
    default:
      return (
        <VendorFrame {...frame} title="This link is not valid">
          <p>
            The link may be mistyped or cut short by your email program. If we sent you a newer link (a reminder, or a link you asked for), the older ones stop
            working: use the link in our most recent email.
          </p>
          <p>
            <a className="button" href="/v/new-link">
              Send me a new link
            </a>
          </p>
        </VendorFrame>
      );
  }
}
