import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/domain/calendar";
import { PublicPage } from "~/components/public-page";
import { listMailbox } from "~/services/mailbox.server";
import { requireDevMailbox } from "~/http/dev-mailbox.server";

export const meta: MetaFunction = () => [{ title: "Dev mailbox · Assay" }];

export async function loader({ context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  return { emails: await listMailbox(context.app.db) };
}

export default function Mailbox() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <PublicPage title="Dev mailbox" wide>
      <p>
        No SMTP server is configured (<code>SMTP_URL</code>), so Assay keeps its mail here instead of sending it. This page exists only outside production.
        Newest first; reload to see new mail.
      </p>
      {emails.length === 0 ? (
        <p className="empty">
          No mail yet. Request a sign-in link on the <a href="/login">sign-in page</a> and it will appear here.
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">To</th>
                <th scope="col">Queued at</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((email) => (
                <tr key={email.id}>
                  <td>
                    <a href={`/dev/mailbox/${email.id}`}>{email.subject}</a>
                  </td>
                  <td>{email.to_address}</td>
                  <td>{formatDateTime(email.created_at)}</td>
                  <td>{email.status === "queued" ? "Queued" : email.status === "stored" ? "Delivered here" : email.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PublicPage>
  );
}
