// /admin/api-tokens: service tokens (for integrations that should not act as a person) and every
// token of every user, each revocable. A service token acts as a service-account user created
// with it, with the role chosen here (docs/decisions/0018-api-tokens.md). Admins only (user:manage).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AdminNav, adminNavLinks } from "~/components/admin-nav";
import { NewTokenSecret, TokenFormFields, TokenTable } from "~/components/api-tokens";
import { SelectField } from "~/components/field";
import { echoed, FormError } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { SCOPE_LABELS, serviceTokenForm } from "~/domain/api-tokens";
import { formatDateTime } from "~/domain/calendar";
import { AppError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { ROLE_LABELS, ROLES } from "~/domain/permissions";
import { parseFormData } from "~/forms/parse";
import { requireUserWithPermission } from "~/http/guard.server";
import { intentFailure, readForm, unreadableForm } from "~/http/intent-form.server";
import { createServiceToken, listAllTokens, revokeApiToken } from "~/services/api-tokens.server";
import { userActor } from "~/services/audit.server";

export const meta: MetaFunction = () => [{ title: "API tokens · Admin · Assay" }];
export const links: LinksFunction = () => adminNavLinks();

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "user:manage");
  const tokens = await listAllTokens(context.app.db);
  return {
    tokens: tokens.map((t) => ({
      id: t.id,
      kind: t.kind,
      name: t.kind === "service" ? `${t.name} (service)` : t.name,
      prefix: t.prefix,
      scopes: SCOPE_LABELS[t.scopes],
      createdAt: formatDateTime(t.createdAt),
      lastUsedAt: t.lastUsedAt ? formatDateTime(t.lastUsedAt) : null,
      expiresAt: t.expiresAt ? formatDateTime(t.expiresAt) : null,
      revokedAt: t.revokedAt ? formatDateTime(t.revokedAt) : null,
      owner: t.kind === "service" ? t.userName : `${t.userName} <${t.userEmail}>`,
      role: ROLE_LABELS[t.role],
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "user:manage");
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const actor = userActor(user);
  switch (form.get("intent")) {
    case "create": {
      const parsed = parseFormData(serviceTokenForm(), form);
      if (!parsed.ok) return intentFailure("create", parsed.fieldErrors, parsed.values, 400);
      const created = await createServiceToken(context.app, actor, parsed.data);
      return data({ intent: "create" as const, token: created.token, fieldErrors: {} as Record<string, string> });
    }
    case "revoke": {
      const tokenId = form.get("tokenId");
      if (typeof tokenId !== "string" || !isUuid(tokenId)) return intentFailure("revoke", { form: "Choose a token to revoke." }, {}, 400);
      try {
        await revokeApiToken(context.app, actor, tokenId);
      } catch (error) {
        if (error instanceof AppError) return intentFailure("revoke", { form: error.message }, {}, 404);
        throw error;
      }
      throw redirect("/admin/api-tokens?revoked=1");
    }
    default:
      return intentFailure(null, { form: "The request was not understood. Reload the page and try again." }, {}, 400);
  }
}

export default function AdminApiTokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const token = result && "token" in result ? result.token : null;
  const failure = result && !("token" in result) ? result : null;
  const errors = failure?.intent === "create" ? failure.fieldErrors : {};
  const values = failure?.intent === "create" ? failure.values : undefined;
  return (
    <>
      <AdminNav />
      <PageHeader title="API tokens">
        <p className="lead">
          Service tokens let an integration use the REST API (<a href="/api/docs">API reference</a>, <a href="/api/v1/openapi.json">OpenAPI document</a>)
          without acting as a person: each acts as its own service account with the role you choose, and its changes are audited under that account. People
          create their own tokens under <Link to="/profile/tokens">Profile → API tokens</Link>.
        </p>
      </PageHeader>
      <FormError message={failure && failure.intent !== "create" ? (failure.fieldErrors.form ?? null) : null} />
      {params.get("revoked") ? (
        <p className="flash flash--ok" role="status">
          The token is revoked: it no longer works.
        </p>
      ) : null}
      {token ? <NewTokenSecret token={token} /> : null}

      <section aria-labelledby="new-service-token" className="panel">
        <h2 id="new-service-token">Create a service token</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <FormError message={errors.form ?? null} />
          <TokenFormFields errors={errors} values={values} />
          <SelectField
            id="token-role"
            name="role"
            label="Role"
            hint="What the service may do, as for a person with this role. Choose the least it needs."
            options={ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }))}
            defaultValue={echoed(values, "role") ?? "viewer"}
            error={errors.role}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            Create the service token
          </button>
        </Form>
      </section>

      <section aria-labelledby="all-tokens" className="panel">
        <h2 id="all-tokens">All tokens</h2>
        <TokenTable tokens={tokens} caption="Every API token" showOwner busy={busy} />
      </section>
    </>
  );
}
