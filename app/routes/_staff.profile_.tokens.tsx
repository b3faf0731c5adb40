// /profile/tokens (not nested in /profile): the signed-in user's personal API tokens. A token acts as its user, with the
// user's current role and the token's scope (read, or read and write); the secret is shown once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { NewTokenSecret, TokenFormFields, TokenTable } from "~/components/api-tokens";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { personalTokenForm, SCOPE_LABELS } from "~/domain/api-tokens";
import { formatDateTime } from "~/domain/calendar";
import { ROLE_LABELS } from "~/domain/permissions";
import { requireStaffUser } from "~/http/guard.server";
import { intentFailure, readForm, unreadableForm } from "~/http/intent-form.server";
import { parseFormData } from "~/forms/parse";
import { createPersonalToken, listPersonalTokens, revokeApiToken } from "~/services/api-tokens.server";
import { userActor } from "~/services/audit.server";
import { isUuid } from "~/domain/ids";
import { AppError } from "~/domain/errors";

export const meta: MetaFunction = () => [{ title: "API tokens · Profile · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context);
  const tokens = await listPersonalTokens(context.app.db, user.id);
  return {
    role: ROLE_LABELS[user.role],
    tokens: tokens.map((t) => ({
      id: t.id,
      kind: t.kind,
      name: t.name,
      prefix: t.prefix,
      scopes: SCOPE_LABELS[t.scopes],
      createdAt: formatDateTime(t.createdAt),
      lastUsedAt: t.lastUsedAt ? formatDateTime(t.lastUsedAt) : null,
      expiresAt: t.expiresAt ? formatDateTime(t.expiresAt) : null,
      revokedAt: t.revokedAt ? formatDateTime(t.revokedAt) : null,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context);
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const actor = userActor(user);
  switch (form.get("intent")) {
    case "create": {
      const parsed = parseFormData(personalTokenForm(), form);
      if (!parsed.ok) return intentFailure("create", parsed.fieldErrors, parsed.values, 400);
      const created = await createPersonalToken(context.app, actor, user.id, parsed.data);
      // The secret is in this response only: it is never stored and cannot be shown again.
      return data({ intent: "create" as const, token: created.token, fieldErrors: {} as Record<string, string> });
    }
    case "revoke": {
      const tokenId = form.get("tokenId");
      if (typeof tokenId !== "string" || !isUuid(tokenId)) return intentFailure("revoke", { form: "Choose a token to revoke." }, {}, 400);
      try {
        await revokeApiToken(context.app, actor, tokenId, { ownerId: user.id });
      } catch (error) {
        if (error instanceof AppError) return intentFailure("revoke", { form: error.message }, {}, 404);
        throw error;
      }
      throw redirect("/profile/tokens?revoked=1");
    }
    default:
      return intentFailure(null, { form: "The request was not understood. Reload the page and try again." }, {}, 400);
  }
}

export default function ProfileTokens() {
  const { role, tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const token = result && "token" in result ? result.token : null;
  const failure = result && !("token" in result) ? result : null;
  const errors = failure?.intent === "create" ? failure.fieldErrors : {};
  return (
    <>
      <Breadcrumbs items={[{ to: "/profile", label: "Profile" }, { label: "API tokens" }]} />
      <PageHeader title="API tokens">
        <p className="lead">
          A personal token lets a script or another tool use the Assay REST API (<a href="/api/docs">API reference</a>; machine-readable at{" "}
          <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>) as you: it can do what your role ({role}) may do, within its scope. Send it as{" "}
          <code>Authorization: Bearer &lt;token&gt;</code>.
        </p>
      </PageHeader>
      <FormError message={failure && failure.intent !== "create" ? (failure.fieldErrors.form ?? null) : null} />
      {params.get("revoked") ? (
        <p className="flash flash--ok" role="status">
          The token is revoked: it no longer works.
        </p>
      ) : null}
      {token ? <NewTokenSecret token={token} /> : null}

      <section aria-labelledby="new-token-heading" className="panel">
        <h2 id="new-token-heading">Create a token</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <FormError message={errors.form ?? null} />
          <TokenFormFields errors={errors} values={failure?.intent === "create" ? failure.values : undefined} />
          <button type="submit" className="button button--primary" disabled={busy}>
            Create the token
          </button>
        </Form>
      </section>

      <section aria-labelledby="tokens-heading" className="panel">
        <h2 id="tokens-heading">Your tokens</h2>
        <TokenTable tokens={tokens} caption="Your API tokens" showOwner={false} busy={busy} />
      </section>
    </>
  );
}
