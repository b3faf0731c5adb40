// The vendor portal's HTTP side: its own cookie (never the staff one, only ever sent to /v) and the
// one guard every /v/a/... loader and action calls. The session data lives in vendor-session.server.
import type { AppLoadContext } from "@remix-run/node";
import { parse as parseCookies, serialize as serializeCookie } from "cookie";
import { isUuid } from "../domain/ids";
import { isSecureRequest } from "./session-cookie.server";
import { findVendorAccess, type VendorAccess } from "../services/vendor-session.server";
import { notFound } from "./errors.server";

export const VENDOR_COOKIE = "assay_vendor";
/** The vendor cookie is only ever sent to the vendor portal. */
export const VENDOR_COOKIE_PATH = "/v";

export function readVendorToken(request: Request): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  return parseCookies(header)[VENDOR_COOKIE] ?? null;
}

export function vendorCookieHeader(token: string, request: Request, expiresAt: Date, now = new Date()): string {
  return serializeCookie(VENDOR_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureRequest(request),
    path: VENDOR_COOKIE_PATH,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
  });
}

export function clearVendorCookieHeader(request: Request): string {
  return serializeCookie(VENDOR_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: isSecureRequest(request), path: VENDOR_COOKIE_PATH, maxAge: 0 });
}

/**
 * The guard of every vendor page: the vendor session behind the cookie, live, with a grant that is
 * neither revoked nor expired, for exactly the assessment named in the URL. Anything else is a 404,
 * the same 404 as for an assessment that does not exist: the answer never says whether it does.
 */
export async function requireVendorGrant(request: Request, context: AppLoadContext, assessmentIdFromUrl: string | undefined): Promise<VendorAccess> {
  if (!isUuid(assessmentIdFromUrl)) throw notFound();
  const access = await findVendorAccess(context.app.db, readVendorToken(request), assessmentIdFromUrl);
  if (!access) throw notFound();
  return access;
}
