import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { TextField } from "~/components/field";
import { PublicPage } from "~/components/public-page";
import { getStaffUser, safeNextPath } from "~/http/guard.server";
import { requestSignInLink, SIGN_IN_LINK_MINUTES } from "~/services/sign-in.server";
import { emailSchema } from "~/services/users.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Assay" }];

// The action's headers (Retry-After on a 429) reach the browser on a form post without JavaScript too.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const merged = new Headers();
  for (const source of [loaderHeaders, actionHeaders]) source.forEach((value, key) => merged.set(key, value));
  return merged;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getStaffUser(request, context)) throw redirect("/");
  const next = safeNextPath(new URL(request.url).searchParams.get("next"), context.app.config.baseUrl);
  return { next, devMailbox: context.app.config.devMailbox };
}

const formSchema = z.object({ email: emailSchema });

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = formSchema.safeParse({ email: form.get("email") ?? "" });
  if (!parsed.success) {
    return data(
      { status: "invalid" as const, error: parsed.error.issues[0]?.message ?? "Enter a valid email address", email: String(form.get("email") ?? "") },
      { status: 400 },
    );
  }
  const next = safeNextPath(String(form.get("next") ?? "/"), context.app.config.baseUrl);
  const result = await requestSignInLink(context.app, parsed.data.email, context.clientIp, next);
  if (result.status === "rate_limited") {
    const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
    return data(
      {
        status: "invalid" as const,
        error: `Too many sign-in requests. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
        email: parsed.data.email,
      },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  // The number travels with the answer: a value imported from a .server module is empty in the browser bundle.
  return { status: "sent" as const, email: parsed.data.email, minutes: SIGN_IN_LINK_MINUTES };
}

export default function LoginPage() {
  const { next, devMailbox } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";

  if (result?.status === "sent") {
    return (
      <PublicPage title="Check your email">
        <p role="status">
          If <strong>{result.email}</strong> belongs to an Assay account, a sign-in link is on its way. It works once and expires in {result.minutes} minutes.
        </p>
        {devMailbox ? (
          <p className="notice">
            No mail server is configured, so mail is kept here: open the <a href="/dev/mailbox">dev mailbox</a>.
          </p>
        ) : null}
        <p>
          <a href="/login">Use a different address</a>
        </p>
      </PublicPage>
    );
  }

  return (
    <PublicPage title="Sign in to Assay">
      <p>Enter your work email address and we will email you a sign-in link. There is no password.</p>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="next" value={next} />
        <TextField
          id="email"
          name="email"
          type="email"
          label="Email address"
          autoComplete="email"
          required
          defaultValue={result?.email}
          error={result?.status === "invalid" ? result.error : null}
          autoFocus
        />
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? "Sending…" : "Email me a sign-in link"}
        </button>
      </Form>
      {devMailbox ? (
        <p className="notice">
          Demo: sign in as <code>admin@example.com</code>, then open the link from the <a href="/dev/mailbox">dev mailbox</a>.
        </p>
      ) : null}
    </PublicPage>
  );
}
