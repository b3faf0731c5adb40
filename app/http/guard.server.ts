// The one permission check every loader and action goes through. It throws a redirect to
// /login when signed out and a 403 when the role lacks the right, so a route cannot forget to stop.
import { redirect, type AppLoadContext } from "@remix-run/node";
import { can, type Action, type Resource } from "../domain/permissions";
import { findStaffSession, type StaffSession } from "../services/sessions.server";
import { clearSessionCookieHeader, readSessionToken } from "./session-cookie.server";

export type StaffUser = StaffSession["user"] & { sessionId: string };

// The layout's loader and the page's loader run for the same request: look the session up once.
const lookups = new WeakMap<Request, Promise<StaffUser | null>>();

export function getStaffUser(request: Request, context: AppLoadContext): Promise<StaffUser | null> {
  let lookup = lookups.get(request);
  if (!lookup) {
    lookup = findStaffSession(context.app.db, readSessionToken(request)).then((session) =>
      session ? { ...session.user, sessionId: session.sessionId } : null,
    );
    lookups.set(request, lookup);
  }
  return lookup;
}

function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const next = url.pathname + url.search;
  const headers = new Headers();
  // A stale or tampered cookie is cleared so the browser stops sending it.
  if (readSessionToken(request)) headers.set("Set-Cookie", clearSessionCookieHeader(request));
  return redirect(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`, { headers });
}

export async function requireStaffUser(request: Request, context: AppLoadContext): Promise<StaffUser> {
  const user = await getStaffUser(request, context);
  if (!user) throw signInRedirect(request);
  return user;
}

export function forbidden(): Response {
  return new Response("You do not have permission to do this.", { status: 403, statusText: "Forbidden" });
}

export function assertCan(user: StaffUser, action: Action, resource?: Resource): void {
  if (!can(user, action, resource)) throw forbidden();
}

/** `const user = await requireUserWithPermission(request, context, "user:manage")` */
export async function requireUserWithPermission(request: Request, context: AppLoadContext, action: Action, resource?: Resource): Promise<StaffUser> {
  const user = await requireStaffUser(request, context);
  assertCan(user, action, resource);
  return user;
}

/** Only a same-site relative path may be a post-sign-in destination (no open redirects). */
export function safeNextPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
