import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { VendorFrame } from "~/components/assessments/vendor-frame";
import { buyerName } from "~/domain/organisation";
import { requestNewLink } from "~/services/access-grants.server";
import { loadOrganisation } from "~/services/organisation.server";

export const meta: MetaFunction = () => [{ title: "Send me a new link · Assay" }, { name: "robots", content: "noindex" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/vendor.css" }];

// The action's headers (Retry-After on a 429, no-store) reach the browser on a form post without JavaScript too.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const merged = new Headers();
  for (const source of [loaderHeaders, actionHeaders]) source.forEach((value, key) => merged.set(key, value));
  return merged;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return { signedOut: new URL(request.url).searchParams.get("signed-out") === "1", organisation: await loadOrganisation(context.app.db) };
}

type Outcome = { outcome: "sent"; email: string } | { outcome: "rate_limited"; minutes: number } | { outcome: "invalid"; email: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get("email") ?? "")
    .trim()
    .slice(0, 254);
  const token = String(form.get("token") ?? "");
  if (!email || !email.includes("@")) return data<Outcome>({ outcome: "invalid", email }, { status: 400 });
  const result = await requestNewLink(context.app, email, context.clientIp, { token });
  if (result.status === "rate_limited") {
    return data<Outcome>(
      { outcome: "rate_limited", minutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  // The same answer whether or not the address has an open questionnaire.
  return data<Outcome>({ outcome: "sent", email: email.toLowerCase() }, { headers: { "Cache-Control": "no-store" } });
}

export default function NewLinkPage() {
  const { signedOut, organisation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Outcome | undefined;
  const submitting = useNavigation().state === "submitting";

  if (result?.outcome === "sent") {
    return (
      <VendorFrame organisation={organisation} title="Check your email">
        <p role="status">
          If <strong>{result.email}</strong> has an open questionnaire from {buyerName(organisation)}, we have sent a new link to it. It can take a few minutes
          to arrive; look in your spam folder too. The new link replaces any earlier one.
        </p>
      </VendorFrame>
    );
  }

  return (
    <VendorFrame organisation={organisation} title={signedOut ? "You are signed out" : "Send me a new link"}>
      {signedOut ? (
        <p role="status">To come back to the questionnaire, open the link in our most recent email, or ask for a new one here.</p>
      ) : (
        <p>Enter the email address {buyerName(organisation)}'s questionnaire was sent to, and we will email you a new link to it.</p>
      )}
      {result?.outcome === "rate_limited" ? (
        <p className="flash flash--error" role="alert">
          Too many requests. Please wait {result.minutes} minute{result.minutes === 1 ? "" : "s"} and try again.
        </p>
      ) : null}
      <Form method="post" className="vendor__form">
        <div className={result?.outcome === "invalid" ? "field field--invalid" : "field"}>
          <label htmlFor="new-link-email">Your email address</label>
          <input
            id="new-link-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            defaultValue={result?.outcome === "invalid" ? result.email : undefined}
            aria-invalid={result?.outcome === "invalid" ? true : undefined}
            aria-describedby={result?.outcome === "invalid" ? "new-link-email-error" : undefined}
          />
          {result?.outcome === "invalid" ? (
            <p className="field__error" id="new-link-email-error">
              Enter your email address, like name@example.com
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? "Sending…" : "Send me a new link"}
        </button>
      </Form>
    </VendorFrame>
  );
}
