// The staff session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS; it holds the random token
// whose hash the sessions service looks up.
import { parse as parseCookies, serialize as serializeCookie } from "cookie";
import { SESSION_ABSOLUTE_MS } from "../services/sessions.server";

export const SESSION_COOKIE = "assay_session";

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  const value = parseCookies(header)[SESSION_COOKIE];
  return value ?? null;
}

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

export function sessionCookieHeader(token: string, request: Request): string {
  return serializeCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureRequest(request),
    path: "/",
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

export function clearSessionCookieHeader(request: Request): string {
  return serializeCookie(SESSION_COOKIE, "", {
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureRequest(request),
    path: "/",
    maxAge: 0,
  });
}
