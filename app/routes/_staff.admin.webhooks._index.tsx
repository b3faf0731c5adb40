// /admin/webhooks: admins register webhook endpoints (URL, description, events; the secret is shown
// once, right after), see each endpoint's state, and set whether private-network targets are allowed.
// Plain forms: they work without JavaScript; problems are shown next to their field.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AdminNav, adminNavLinks } from "~/components/admin-nav";
import { CheckboxField, CheckboxGroup, TextAreaField, TextField } from "~/components/field";
import { FormError } from "~/components/form-parts";
import { EmptyState, PageHeader } from "~/components/list";
import { SecretOnce } from "~/components/webhooks/secret-once";
import { AppError } from "~/domain/errors";
import { EVENT_TYPE_LABELS, SUBSCRIBABLE_EVENT_TYPES } from "~/domain/webhooks/events";
import type { FormFailure } from "~/forms/form-failure";
import { formDataProblems, formDataToObject, parseWith } from "~/forms/parse";
import { httpStatus } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { loadWebhookSettings } from "~/services/webhook-delivery.server";
import { createEndpoint, endpointInputSchema, listEndpoints, setAllowPrivateTargets } from "~/services/webhook-endpoints.server";

export const meta: MetaFunction = () => [{ title: "Webhooks · Admin · Assay" }];
export const links: LinksFunction = () => [...adminNavLinks(), { rel: "stylesheet", href: "/styles/webhooks.css" }];

const EVENT_OPTIONS = SUBSCRIBABLE_EVENT_TYPES.map((type) => ({ value: type, label: `${EVENT_TYPE_LABELS[type]} (${type})` }));

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "webhook:manage");
  const [endpoints, settings] = await Promise.all([listEndpoints(context.app.db), loadWebhookSettings(context.app.db)]);
  return { endpoints, settings, production: context.app.config.env === "production" };
}

type ActionResult = FormFailure | { created: { id: string; url: string; secret: string } } | { settingsSaved: true };

const settingsSchema = z.object({ allowPrivateTargets: z.literal("on").optional() });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "webhook:manage");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data<ActionResult>({ fieldErrors: { form: "The form could not be read. Reload the page and try again." }, values: {} }, { status: 400 });
  }
  const problems = formDataProblems(form, ["eventTypes"]);
  const values = formDataToObject(form, ["eventTypes"]);
  if (Object.keys(problems).length) return data<ActionResult>({ fieldErrors: problems, values }, { status: 400 });
  if (values.intent === "settings") {
    const parsed = settingsSchema.safeParse(values);
    if (!parsed.success) return data<ActionResult>({ fieldErrors: { form: "The request was not understood." }, values: {} }, { status: 400 });
    await setAllowPrivateTargets(context.app, userActor(user), parsed.data.allowPrivateTargets === "on");
    return data<ActionResult>({ settingsSaved: true });
  }
  if (values.intent !== "create") return data<ActionResult>({ fieldErrors: { form: "The request was not understood." }, values: {} }, { status: 400 });
  const parsed = parseWith(endpointInputSchema, values);
  if (!parsed.ok) return data<ActionResult>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  try {
    const created = await createEndpoint(context.app, userActor(user), parsed.data);
    // The secret goes into this one response only: it is never shown again (rotate it to get a new one).
    return data<ActionResult>({ created: { id: created.id, url: parsed.data.url, secret: created.secret } }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return data<ActionResult>({ fieldErrors: { [error.field ?? "form"]: error.message }, values }, { status: httpStatus(error) });
  }
}

export default function AdminWebhooks() {
  const { endpoints, settings, production } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failure = result && "fieldErrors" in result ? result : null;
  const created = result && "created" in result ? result.created : null;
  const values = (failure?.values ?? {}) as Record<string, unknown>;
  const creating = values.intent === "create";
  return (
    <>
      <AdminNav />
      <PageHeader title="Webhooks">
        <p>
          Assay posts signed JSON events to the endpoints below (Standard Webhooks: <code>webhook-id</code>, <code>webhook-timestamp</code>,{" "}
          <code>webhook-signature</code>). Failed deliveries are retried for about a day; an endpoint that keeps failing is disabled and the admins are told by
          mail.
        </p>
      </PageHeader>
      {created ? <SecretOnce secret={created.secret} heading={`Endpoint registered: ${created.url}`} endpointId={created.id} /> : null}
      {result && "settingsSaved" in result ? (
        <p className="flash flash--ok" role="status">
          Setting saved.
        </p>
      ) : null}
      {failure && !creating ? <FormError message={failure.fieldErrors.form} /> : null}

      <h2>Endpoints</h2>
      {endpoints.length === 0 ? (
        <EmptyState title="No webhook endpoints yet." />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Description</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/admin/webhooks/${e.id}`} className="webhooks__url">
                      {e.url}
                    </Link>
                  </td>
                  <td>{e.description || "—"}</td>
                  <td>{e.eventTypes.length === SUBSCRIBABLE_EVENT_TYPES.length ? "All events" : e.eventTypes.join(", ")}</td>
                  <td>
                    {e.enabled ? <span className="badge badge--ok">Enabled</span> : <span className="badge badge--danger">Disabled</span>}
                    {e.consecutiveFailures > 0 ? <span className="webhooks__failures"> {e.consecutiveFailures} failures in a row</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="new-endpoint">Register an endpoint</h2>
      <Form method="post" className="form webhooks__form" aria-labelledby="new-endpoint" noValidate>
        <input type="hidden" name="intent" value="create" />
        {creating ? <FormError message={failure?.fieldErrors.form} /> : null}
        <TextField
          id="url"
          name="url"
          label="URL"
          type="url"
          inputMode="url"
          required
          defaultValue={creating ? String(values.url ?? "") : ""}
          error={creating ? failure?.fieldErrors.url : null}
          hint={
            production && !settings.allowPrivateTargets
              ? "An https:// address on the public internet."
              : "An https:// address (plain http is accepted outside production, or when private targets are allowed)."
          }
        />
        <TextAreaField
          id="description"
          name="description"
          label="Description (optional)"
          rows={2}
          defaultValue={creating ? String(values.description ?? "") : ""}
          error={creating ? failure?.fieldErrors.description : null}
        />
        <CheckboxGroup
          id="eventTypes"
          name="eventTypes"
          label="Events to send"
          options={EVENT_OPTIONS}
          selected={creating && Array.isArray(values.eventTypes) ? (values.eventTypes as string[]) : []}
          error={creating ? (failure?.fieldErrors.eventTypes ?? failure?.fieldErrors["eventTypes.0"]) : null}
        />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Register endpoint
          </button>
        </div>
      </Form>

      <h2 id="private-targets">Private network targets</h2>
      <Form method="post" className="form webhooks__form" aria-labelledby="private-targets">
        <input type="hidden" name="intent" value="settings" />
        <CheckboxField
          id="allowPrivateTargets"
          name="allowPrivateTargets"
          label="Allow endpoints on private, loopback and link-local addresses"
          defaultChecked={settings.allowPrivateTargets}
          hint="Off by default: a webhook URL must not reach inside your network (SSRF). Turn it on only for a receiver you run on your own network; it also allows plain http."
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            Save setting
          </button>
        </div>
      </Form>
    </>
  );
}
