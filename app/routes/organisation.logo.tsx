// The buying organisation's logo, for the vendor portal and its public pages (so it needs no
// session). Served with the type decided when it was uploaded (PNG or JPEG by content), nosniff, and
// its SHA-256 as the ETag: a browser revalidating gets 304. Pages link it with `?v=<hash>`, so a new
// logo is a new address and the old one may be cached for a day.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { loadOrganisationLogo } from "~/services/organisation.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const logo = await loadOrganisationLogo(context.app.db);
  if (!logo) throw notFound();
  const etag = `"${logo.hash}"`;
  const version = new URL(request.url).searchParams.get("v");
  const headers = {
    ETag: etag,
    // A versioned address never changes its bytes; the bare one is checked each time.
    "Cache-Control": version && logo.hash.startsWith(version) ? "public, max-age=86400" : "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
  const sent = request.headers.get("if-none-match");
  if (sent && sent.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) return new Response(null, { status: 304, headers });
  return new Response(logo.bytes, {
    status: 200,
    headers: { ...headers, "Content-Type": logo.contentType, "Content-Length": String(logo.bytes.byteLength), "Content-Disposition": "inline" },
  });
}
