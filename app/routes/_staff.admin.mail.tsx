// Mail not delivered yet (being retried, or failed for good), for admins, with "Retry now". Bodies are
// never shown here: they may hold sign-in links.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AdminNav, adminNavLinks } from "~/components/admin-nav";
import { EmptyState, PageHeader, Pagination } from "~/components/list";
import { formatDateTime } from "~/domain/calendar";
import { baseListQuery, readListQuery } from "~/domain/list-query";
import { handleCommand } from "~/http/form-action.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { listUndeliveredMail, retryMailNow } from "~/services/mail-outbox.server";

export const meta: MetaFunction = () => [{ title: "Mail delivery · Admin · Assay" }];

export const links: LinksFunction = () => adminNavLinks();

const listQuery = z.object({ page: baseListQuery.shape.page, retried: z.literal("1").optional().catch(undefined) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "mail:manage");
  const query = readListQuery(new URL(request.url), listQuery);
  const { mail, page } = await listUndeliveredMail(context.app.db, query.page);
  return { mail, page, retried: query.retried === "1", smtpConfigured: Boolean(context.app.config.smtpUrl) };
}

const retrySchema = z.object({ intent: z.literal("retry"), emailId: z.uuid(), page: baseListQuery.shape.page });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "mail:manage");
  const parsed = retrySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ fieldErrors: { form: "The request was not understood. Reload the page and try again." }, values: {} }, { status: 400 });
  const { emailId, page } = parsed.data;
  return handleCommand(async () => {
    await retryMailNow(context.app, userActor(user), emailId);
    throw redirect(`/admin/mail?${new URLSearchParams({ ...(page > 1 ? { page: String(page) } : {}), retried: "1" })}`);
  });
}

const STATUS_LABELS: Record<string, { label: string; badge: string }> = {
  queued: { label: "Queued", badge: "badge--muted" },
  retrying: { label: "Retrying", badge: "badge--warn" },
  sending: { label: "Sending", badge: "badge--muted" },
  failed: { label: "Failed", badge: "badge--danger" },
};

export default function AdminMail() {
  const { mail, page, retried, smtpConfigured } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <AdminNav />
      <PageHeader title="Mail delivery">
        <p>
          Mail that has not been delivered yet. Assay retries with growing pauses (up to 30 minutes apart) for a while after the mail was queued, then marks it
          failed. Contents are not shown: they may hold sign-in links.
        </p>
      </PageHeader>
      {retried ? (
        <p className="flash flash--ok" role="status">
          A new attempt was queued; it runs within a few seconds.
        </p>
      ) : null}
      {failure?.fieldErrors.form ? (
        <p className="flash flash--error" role="alert">
          {failure.fieldErrors.form}
        </p>
      ) : null}
      {!smtpConfigured ? <p className="notice">No SMTP server is configured: mail is stored, not sent.</p> : null}
      {mail.length === 0 ? (
        <EmptyState title="All mail has been delivered." />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Recipient</th>
                <th scope="col">Subject</th>
                <th scope="col">Template</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Queued</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {mail.map((m) => {
                const status = STATUS_LABELS[m.status] ?? { label: m.status, badge: "badge--muted" };
                return (
                  <tr key={m.id}>
                    <td>{m.toAddress}</td>
                    <td>{m.subject}</td>
                    <td>{m.template}</td>
                    <td>
                      <span className={`badge ${status.badge}`}>{status.label}</span>
                    </td>
                    <td>{m.attempts}</td>
                    <td>{m.error ?? "—"}</td>
                    <td>{m.nextAttemptAt ? formatDateTime(m.nextAttemptAt) : "—"}</td>
                    <td>{formatDateTime(m.createdAt)}</td>
                    <td>
                      {m.retryable ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="emailId" value={m.id} />
                          <input type="hidden" name="page" value={page.page} />
                          <button type="submit" className="button button--small" disabled={busy}>
                            Retry now<span className="visually-hidden"> the mail to {m.toAddress}</span>
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pagination total={page.total} page={page.page} noun="undelivered mails" />
    </>
  );
}
