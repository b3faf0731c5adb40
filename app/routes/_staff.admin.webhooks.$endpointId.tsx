// /admin/webhooks/:id: one endpoint: its state, enable/disable, rotate the secret (shown once), send a
// test ping, and the delivery log (time, event, attempts, response code, error) with "Redeliver".
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import * as z from "zod";
import { AdminNav, adminNavLinks } from "~/components/admin-nav";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { EmptyState, PageHeader } from "~/components/list";
import { SecretOnce } from "~/components/webhooks/secret-once";
import { formatDateTime } from "~/domain/calendar";
import { EVENT_TYPE_LABELS, isSubscribableEventType } from "~/domain/webhooks/events";
import { throwIfNotFound } from "~/http/errors.server";
import { handleCommand } from "~/http/form-action.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { endpointPage, redeliver, rotateSecret, sendTestPing, setEndpointEnabled } from "~/services/webhook-endpoints.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.endpoint.url ?? "Webhook endpoint"} · Webhooks · Assay` }];
export const links: LinksFunction = () => [...adminNavLinks(), { rel: "stylesheet", href: "/styles/webhooks.css" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "webhook:manage");
  return endpointPage(context.app.db, params.endpointId);
}

const commandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("disable") }),
  z.object({ intent: z.literal("rotate") }),
  z.object({ intent: z.literal("ping") }),
  z.object({ intent: z.literal("redeliver"), deliveryId: z.uuid() }),
]);

const DONE: Record<string, string> = {
  enable: "Endpoint enabled. Deliveries that were waiting are sent now.",
  disable: "Endpoint disabled. No events are sent to it until it is enabled again.",
  ping: "A test ping was queued; it appears in the log below within a few seconds.",
  redeliver: "The delivery was queued again; it is sent within a few seconds.",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "webhook:manage");
  const id = params.endpointId ?? "";
  const parsed = commandSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ fieldErrors: { form: "The request was not understood. Reload the page and try again." }, values: {} }, { status: 400 });
  const command = parsed.data;
  const actor = userActor(user);
  if (command.intent === "rotate") {
    try {
      const secret = await rotateSecret(context.app, actor, id);
      return data({ secret }, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      throwIfNotFound(error);
      throw error;
    }
  }
  return handleCommand(async () => {
    if (command.intent === "enable" || command.intent === "disable") await setEndpointEnabled(context.app, actor, id, command.intent === "enable");
    else if (command.intent === "ping") await sendTestPing(context.app, actor, id);
    else await redeliver(context.app, actor, id, command.deliveryId);
    throw redirect(`/admin/webhooks/${id}?done=${command.intent}`);
  });
}

const STATUS: Record<string, { label: string; badge: string }> = {
  pending: { label: "Waiting", badge: "badge--warn" },
  sending: { label: "Sending", badge: "badge--muted" },
  delivered: { label: "Delivered", badge: "badge--ok" },
  failed: { label: "Failed", badge: "badge--danger" },
};

export default function WebhookEndpointPage() {
  const { endpoint, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const done = params.get("done");
  const failure = result && "fieldErrors" in result ? result.fieldErrors.form : null;
  return (
    <>
      <AdminNav />
      <Breadcrumbs items={[{ to: "/admin/webhooks", label: "Webhooks" }, { label: endpoint.url }]} />
      <PageHeader title="Webhook endpoint">
        <p className="webhooks__url">{endpoint.url}</p>
        {endpoint.description ? <p>{endpoint.description}</p> : null}
      </PageHeader>
      {result && "secret" in result ? <SecretOnce secret={result.secret} heading="New signing secret" /> : null}
      {done && DONE[done] && !result ? (
        <p className="flash flash--ok" role="status">
          {DONE[done]}
        </p>
      ) : null}
      <FormError message={failure} />
      <dl className="webhooks__facts">
        <dt>State</dt>
        <dd>
          {endpoint.enabled ? <span className="badge badge--ok">Enabled</span> : <span className="badge badge--danger">Disabled</span>}
          {endpoint.disabledReason ? ` ${endpoint.disabledReason}` : null}
        </dd>
        <dt>Failures in a row</dt>
        <dd>{endpoint.consecutiveFailures}</dd>
        <dt>Events</dt>
        <dd>{endpoint.eventTypes.map((t) => (isSubscribableEventType(t) ? EVENT_TYPE_LABELS[t] : t)).join(", ")}</dd>
        <dt>Secret</dt>
        <dd>{endpoint.secretRotatedAt ? `Rotated ${formatDateTime(endpoint.secretRotatedAt)}` : `Set ${formatDateTime(endpoint.createdAt)}`}</dd>
      </dl>
      <div className="webhooks__actions">
        <Form method="post">
          <input type="hidden" name="intent" value={endpoint.enabled ? "disable" : "enable"} />
          <button type="submit" className="button" disabled={busy}>
            {endpoint.enabled ? "Disable" : "Enable"}
          </button>
        </Form>
        {endpoint.enabled ? (
          <Form method="post">
            <input type="hidden" name="intent" value="ping" />
            <button type="submit" className="button" disabled={busy}>
              Send test ping
            </button>
          </Form>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="rotate" />
          <button type="submit" className="button" disabled={busy}>
            Rotate secret
          </button>
        </Form>
      </div>

      <h2>Delivery log</h2>
      {deliveries.length === 0 ? (
        <EmptyState title="Nothing delivered yet." />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Response</th>
                <th scope="col">Error</th>
                <th scope="col">Next attempt</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => {
                const status = STATUS[d.status] ?? { label: d.status, badge: "badge--muted" };
                return (
                  <tr key={d.id}>
                    <td>{formatDateTime(d.lastAttemptAt ?? d.createdAt)}</td>
                    <td>
                      {d.eventType}
                      <br />
                      <small>{d.eventId}</small>
                    </td>
                    <td>
                      <span className={`badge ${status.badge}`}>{status.label}</span>
                    </td>
                    <td>{d.attempts}</td>
                    <td>{d.lastStatusCode ?? "—"}</td>
                    <td className="webhooks__error">{d.lastError ?? "—"}</td>
                    <td>{d.status === "pending" && d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : "—"}</td>
                    <td>
                      {endpoint.enabled && d.status !== "sending" ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="redeliver" />
                          <input type="hidden" name="deliveryId" value={d.id} />
                          <button type="submit" className="button button--small" disabled={busy}>
                            Redeliver<span className="visually-hidden"> {d.eventType} event</span>
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
    </>
  );
}
