import type { LoaderFunctionArgs } from "@remix-run/node";
import { getMailboxEmail } from "~/services/mailbox.server";
import { requireDevMailbox } from "~/http/dev-mailbox.server";

// The email's own HTML, in a locked-down document: its inline styles may apply, nothing may run.
export async function loader({ params, context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  const email = await getMailboxEmail(context.app.db, params.id);
  if (!email?.html) throw new Response("Not found", { status: 404 });
  return new Response(email.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-popups allow-popups-to-escape-sandbox",
      "Cache-Control": "no-store",
    },
  });
}
