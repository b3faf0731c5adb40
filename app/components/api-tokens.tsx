// API token pieces shared by /profile/tokens and /admin/api-tokens: the new secret (shown once, as
// selectable read-only text, with a Copy button once JavaScript runs), the create form and the list.
import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { SelectField, TextField } from "~/components/field";
import { echoed } from "~/components/form-parts";
import { API_SCOPE_CHOICES, SCOPE_LABELS } from "~/domain/api-tokens";

export interface TokenRow {
  id: string;
  kind: "personal" | "service";
  name: string;
  prefix: string;
  scopes: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  owner?: string;
  role?: string;
}

export function NewTokenSecret({ token }: { token: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  return (
    <div className="flash flash--ok" role="status" data-testid="token-created">
      <p>
        <strong>Copy the token now; it is shown once.</strong> Anyone with it can use the API as this token allows: keep it in a secret store, never in code.
      </p>
      <TextField
        id="new-token"
        label="Your new API token"
        readOnly
        value={token}
        className="break-anywhere"
        onFocus={(event) => event.currentTarget.select()}
      />
      {canCopy ? (
        <button
          type="button"
          className="button"
          onClick={() => {
            void navigator.clipboard.writeText(token).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy the token"}
        </button>
      ) : null}
    </div>
  );
}

export function TokenFormFields({ errors, values }: { errors: Record<string, string>; values?: Record<string, unknown> }) {
  return (
    <>
      <TextField
        id="token-name"
        name="name"
        label="Name"
        hint="What will use it, e.g. “GRC sync”."
        required
        maxLength={100}
        defaultValue={echoed(values, "name")}
        error={errors.name}
      />
      <SelectField
        id="token-scopes"
        name="scopes"
        label="Scope"
        hint="Read only is enough for reports and syncs into other tools."
        options={API_SCOPE_CHOICES.map((value) => ({ value, label: SCOPE_LABELS[value] }))}
        defaultValue={echoed(values, "scopes") ?? "read"}
        error={errors.scopes}
      />
      <TextField
        id="token-expires"
        name="expires"
        type="date"
        label="Expires (optional)"
        hint="The token stops working at the end of this day (UTC). Empty: until revoked."
        defaultValue={echoed(values, "expires")}
        error={errors.expires}
      />
    </>
  );
}

export function TokenTable({ tokens, caption, showOwner, busy }: { tokens: TokenRow[]; caption: string; showOwner: boolean; busy: boolean }) {
  if (tokens.length === 0) return <p className="muted">No tokens yet.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {showOwner ? <th scope="col">Acts as</th> : null}
            <th scope="col">Token starts with</th>
            <th scope="col">Scope</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-testid="token-row">
              <td>{t.name}</td>
              {showOwner ? (
                <td>
                  {t.owner}
                  {t.role ? ` (${t.role})` : ""}
                </td>
              ) : null}
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{t.scopes}</td>
              <td>{t.createdAt}</td>
              <td>{t.lastUsedAt ?? "Never"}</td>
              <td>{t.expiresAt ?? "Never"}</td>
              <td>
                {t.revokedAt ? (
                  `Revoked ${t.revokedAt}`
                ) : (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="tokenId" value={t.id} />
                    <button type="submit" className="button button--danger" disabled={busy}>
                      Revoke<span className="visually-hidden"> {t.name}</span>
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
