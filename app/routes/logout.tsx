import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/services/sign-in.server";
import { clearSessionCookieHeader } from "~/http/session-cookie.server";
import { getStaffUser } from "~/http/guard.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getStaffUser(request, context);
  if (user) await signOut(context.app, user);
  throw redirect("/login", { headers: { "Set-Cookie": clearSessionCookieHeader(request) } });
}
