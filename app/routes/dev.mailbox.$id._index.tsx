import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { formatDateTime } from "~/domain/calendar";
import { PublicPage } from "~/components/public-page";
import { getMailboxEmail } from "~/services/mailbox.server";
import { requireDevMailbox } from "~/http/dev-mailbox.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.email.subject ?? "Mail"} · Dev mailbox · Assay` }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  const email = await getMailboxEmail(context.app.db, params.id);
  if (!email) throw new Response("Not found", { status: 404 });
  return {
    email: {
      id: email.id,
      subject: email.subject,
      to: email.to_address,
      createdAt: email.created_at,
      text: email.text_body ?? "",
      hasHtml: Boolean(email.html),
    },
  };
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with its web addresses made clickable. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function MailboxMessage() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <PublicPage title={email.subject} wide>
      <p>
        <a href="/dev/mailbox">← All mail</a>
      </p>
      <dl className="meta-list">
        <dt>To</dt>
        <dd>{email.to}</dd>
        <dt>Queued at</dt>
        <dd>{formatDateTime(email.createdAt)}</dd>
      </dl>
      <pre className="mail-text">
        <Linkified text={email.text} />
      </pre>
      {email.hasHtml ? (
        <p>
          <a href={`/dev/mailbox/${email.id}/html`} target="_blank" rel="noreferrer">
            View the HTML version
          </a>
        </p>
      ) : null}
    </PublicPage>
  );
}
