import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PublicPage } from "~/components/public-page";
import { safeNextPath } from "~/http/guard.server";
import { sessionCookieHeader } from "~/http/session-cookie.server";
import { INVITE_LINK_DAYS, inspectLoginToken, redeemLoginToken, SIGN_IN_LINK_MINUTES, type LoginLinkState } from "~/services/sign-in.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Assay" }, { name: "robots", content: "noindex" }];

// The token is in this page's URL: never cached (the headers export makes that hold for the page
// itself, not only for its data requests).
const NO_STORE = { "Cache-Control": "no-store" };

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const merged = new Headers(NO_STORE);
  for (const source of [loaderHeaders, actionHeaders]) source.forEach((value, key) => merged.set(key, value));
  return merged;
};

// A GET only looks at the link: mail scanners that follow links must not use it up.
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const link = await inspectLoginToken(context.app.db, params.token ?? "");
  const next = safeNextPath(new URL(request.url).searchParams.get("next"), context.app.config.baseUrl);
  // The validity periods travel with the data: values imported from a .server module are empty in the browser.
  const validity = { minutes: SIGN_IN_LINK_MINUTES, inviteDays: INVITE_LINK_DAYS };
  const body =
    link.state === "valid" ? { state: link.state, name: link.user.name, email: link.user.email, next, validity } : { state: link.state, next, validity };
  return data(body, { status: link.state === "valid" ? 200 : 410, headers: NO_STORE });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  // Judged before the link is used: nothing after redeeming may fail because of `next`.
  const next = safeNextPath(String(form.get("next") ?? "/"), context.app.config.baseUrl);
  const result = await redeemLoginToken(context.app, params.token ?? "", {
    ip: context.clientIp,
    userAgent: request.headers.get("user-agent"),
  });
  if (!result.ok) return data({ state: result.state }, { status: 410, headers: NO_STORE });
  throw redirect(next, { headers: { ...NO_STORE, "Set-Cookie": sessionCookieHeader(result.sessionToken, request) } });
}

function problemOf(state: Exclude<LoginLinkState["state"], "valid">, validity: { minutes: number; inviteDays: number }): { title: string; text: string } {
  if (state === "used") return { title: "This sign-in link was already used", text: "Each link works once." };
  if (state === "expired")
    return {
      title: "This sign-in link has expired",
      text: `Sign-in links are valid for ${validity.minutes} minutes (invitations for ${validity.inviteDays} days).`,
    };
  return { title: "This sign-in link is not valid", text: "The link may be mistyped or cut short by your email program." };
}

export default function LoginLinkPage() {
  const link = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const state = failed?.state ?? link.state;

  if (state !== "valid" || !("email" in link)) {
    const problem = problemOf(state === "valid" ? "invalid" : state, link.validity);
    return (
      <PublicPage title={problem.title}>
        <p>{problem.text}</p>
        <p>
          <a className="button button--primary" href="/login">
            Send me a new link
          </a>
        </p>
      </PublicPage>
    );
  }

  return (
    <PublicPage title="Sign in to Assay">
      <p>
        You are signing in as <strong>{link.name}</strong> ({link.email}).
      </p>
      <Form method="post">
        <input type="hidden" name="next" value={link.next} />
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? "Signing in…" : "Continue to Assay"}
        </button>
      </Form>
    </PublicPage>
  );
}
