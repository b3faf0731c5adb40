import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PublicPage } from "~/components/public-page";
import { getStaffUser } from "~/http/guard.server";
import { clearSessionCookieHeader } from "~/http/session-cookie.server";
import { signOut, signOutEverywhere } from "~/services/sign-in.server";

export const meta: MetaFunction = () => [{ title: "Sign out · Assay" }, { name: "robots", content: "noindex" }];

// The sign-out page: this browser, or every browser the user is signed in on. Plain forms, so it
// works without JavaScript.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getStaffUser(request, context);
  if (!user) throw redirect("/login");
  return { name: user.name, email: user.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // The staff header's button posts an empty form; a body that is not a form means "this browser".
  const form = await request.formData().catch(() => null);
  const user = await getStaffUser(request, context);
  if (user) {
    if (form?.get("scope") === "everywhere") await signOutEverywhere(context.app, user);
    else await signOut(context.app, user);
  }
  throw redirect("/login", { headers: { "Set-Cookie": clearSessionCookieHeader(request) } });
}

export default function LogoutPage() {
  const { name, email } = useLoaderData<typeof loader>();
  return (
    <PublicPage title="Sign out of Assay">
      <p>
        You are signed in as <strong>{name}</strong> ({email}).
      </p>
      <form method="post" action="/logout" className="stack">
        <button type="submit" className="button button--primary">
          Sign out of this browser
        </button>
        <p>Lost a laptop or signed in on a shared computer? End every session of yours, on every device, including this one.</p>
        <button type="submit" name="scope" value="everywhere" className="button">
          Sign out everywhere
        </button>
      </form>
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </PublicPage>
  );
}
