// GET /calendar/<token>.ics: a user's reassessment deadlines as an ICS feed (see
// app/services/calendar-feeds.server.ts). Outside the staff layout: calendar apps have no session;
// the secret URL is the credential. Unknown, revoked and malformed tokens get one and the same 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarFeedIcs, feedOwner } from "~/services/calendar-feeds.server";

const NOT_FOUND_BODY = "No such calendar feed.";

function notFound(): Response {
  return new Response(NOT_FOUND_BODY, {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const file = params.file ?? "";
  const token = file.endsWith(".ics") ? file.slice(0, -".ics".length) : "";
  const owner = token ? await feedOwner(context.app.db, token) : null;
  if (!owner) return notFound();
  const body = await calendarFeedIcs(context.app.db, context.app.config.baseUrl, owner);
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="assay-deadlines.ics"',
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
