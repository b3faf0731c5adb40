// The one permission check every loader and action goes through. It throws a redirect to
// /login when signed out and a 403 when the role lacks the right, so a route cannot forget to stop.
import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Refusal } from "../domain/permission-descriptions";
import { can, type Action, type Resource } from "../domain/permissions";
import { findStaffSession, type StaffSession } from "../services/sessions.server";
import { listAdminContacts } from "../services/users.server";
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

/**
 * A 403 that says which action was refused and, when known, which admins can change a role: the
 * staff layout's error page turns that into "Risk owners and admins add AI systems. Ask …".
 */
export function forbidden(action?: Action, admins: Refusal["admins"] = []): Response {
  const body: Refusal = { message: "You do not have permission to do this.", action: action ?? null, admins };
  return Response.json(body, { status: 403, statusText: "Forbidden" });
}

export function assertCan(user: StaffUser, action: Action, resource?: Resource): void {
  if (!can(user, action, resource)) throw forbidden(action);
}

/** `const user = await requireUserWithPermission(request, context, "user:manage")` */
export async function requireUserWithPermission(request: Request, context: AppLoadContext, action: Action, resource?: Resource): Promise<StaffUser> {
  const user = await requireStaffUser(request, context);
  if (!can(user, action, resource)) throw forbidden(action, await listAdminContacts(context.app.db));
  return user;
}

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: never part of a path we
// would send, and a CR/LF in a Location header would fail the response after the link was spent.
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}
const MAX_NEXT_LENGTH = 2048;

/**
 * Only a path of this site may be a post-sign-in destination (no open redirects). The value is
 * judged as a browser would resolve it against BASE_URL (WHATWG URL parsing drops tabs and newlines
 * and reads `\` as `/`, so `/\t/evil.example` is another host): anything that does not stay on our
 * origin, or holds a control character, becomes "/". Returns path, query and fragment, normalised.
 */
export function safeNextPath(value: string | null | undefined, baseUrl: string): string {
  if (!value || value.length > MAX_NEXT_LENGTH || hasControlCharacter(value)) return "/";
  let base: URL;
  let target: URL;
  try {
    base = new URL(baseUrl);
    target = new URL(value, base);
  } catch {
    return "/";
  }
  if (target.origin !== base.origin || target.username || target.password) return "/";
  return `${target.pathname}${target.search}${target.hash}`;
}
