import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AdminNav, adminNavLinks } from "~/components/admin-nav";
import { SelectField, TextField } from "~/components/field";
import { ROLE_LABELS, ROLES } from "~/domain/permissions";
import { userActor } from "~/services/audit.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { changeUserRole, inviteUser, inviteUserSchema, listUsers, setUserDisabled, UserError } from "~/services/users.server";
import { formatDateTime } from "~/domain/calendar";

export const meta: MetaFunction = () => [{ title: "Users · Admin · Assay" }];

export const links: LinksFunction = () => adminNavLinks();

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await requireUserWithPermission(request, context, "user:manage");
  const users = await listUsers(context.app.db);
  return { meId: me.id, users };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), email: z.string(), name: z.string(), role: z.string() }),
  z.object({ intent: z.literal("role"), userId: z.uuid(), role: z.enum(ROLES, { error: "Choose a role" }) }),
  z.object({ intent: z.literal("disable"), userId: z.uuid() }),
  z.object({ intent: z.literal("enable"), userId: z.uuid() }),
]);

type ActionResult =
  | { ok: true; message: string }
  | { ok: false; intent: string; userId?: string; fieldErrors: Record<string, string>; formError?: string; values?: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requireUserWithPermission(request, context, "user:manage");
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;
  const parsed = actionSchema.safeParse(form);
  if (!parsed.success) {
    return data<ActionResult>(
      { ok: false, intent: form.intent ?? "", fieldErrors: {}, formError: "The request was not understood. Reload the page and try again." },
      { status: 400 },
    );
  }
  const actor = userActor(me);
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "invite": {
        const invite = inviteUserSchema.safeParse(input);
        if (!invite.success) {
          const fieldErrors = Object.fromEntries(invite.error.issues.map((i) => [String(i.path[0]), i.message]));
          return data<ActionResult>({ ok: false, intent: "invite", fieldErrors, values: form }, { status: 400 });
        }
        const user = await inviteUser(context.app, actor, invite.data);
        return data<ActionResult>({ ok: true, message: `Invitation sent to ${user.email}.` });
      }
      case "role":
        await changeUserRole(context.app, actor, input.userId, input.role);
        return data<ActionResult>({ ok: true, message: `Role changed to ${ROLE_LABELS[input.role]}.` });
      case "disable":
      case "enable":
        await setUserDisabled(context.app, actor, input.userId, input.intent === "disable");
        return data<ActionResult>({ ok: true, message: input.intent === "disable" ? "User disabled; their sessions have ended." : "User enabled." });
    }
  } catch (error) {
    if (error instanceof UserError) {
      const fieldErrors = error.field ? { [error.field]: error.message } : {};
      return data<ActionResult>(
        {
          ok: false,
          intent: input.intent,
          userId: "userId" in input ? input.userId : undefined,
          fieldErrors,
          formError: error.field ? undefined : error.message,
          values: form,
        },
        { status: 409 },
      );
    }
    throw error;
  }
}

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export default function AdminUsers() {
  const { users, meId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const inviteErrors = result && !result.ok && result.intent === "invite" ? result : null;

  return (
    <>
      <AdminNav />
      <h1>Users</h1>
      {result?.ok ? (
        <p className="flash flash--ok" role="status">
          {result.message}
        </p>
      ) : null}
      {result && !result.ok && result.formError ? (
        <p className="flash flash--error" role="alert">
          {result.formError}
        </p>
      ) : null}

      <section aria-labelledby="invite-heading" className="panel">
        <h2 id="invite-heading">Invite a user</h2>
        <p>They get an email with a sign-in link valid for 7 days. Assay has no passwords.</p>
        <Form method="post" className="form-row" noValidate key={result?.ok ? "reset" : "keep"}>
          <input type="hidden" name="intent" value="invite" />
          <TextField
            id="invite-name"
            name="name"
            label="Name"
            autoComplete="off"
            required
            defaultValue={inviteErrors?.values?.name}
            error={inviteErrors?.fieldErrors.name}
          />
          <TextField
            id="invite-email"
            name="email"
            type="email"
            label="Email address"
            autoComplete="off"
            required
            defaultValue={inviteErrors?.values?.email}
            error={inviteErrors?.fieldErrors.email}
          />
          <SelectField
            id="invite-role"
            name="role"
            label="Role"
            options={roleOptions}
            defaultValue={inviteErrors?.values?.role ?? "viewer"}
            error={inviteErrors?.fieldErrors.role}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            Send invitation
          </button>
        </Form>
      </section>

      <section aria-labelledby="users-heading">
        <h2 id="users-heading">All users ({users.length})</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => {
                const rowError = result && !result.ok && result.userId === u.id ? result.fieldErrors.role : undefined;
                return (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="role" />
                        <input type="hidden" name="userId" value={u.id} />
                        <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                          Role of {u.name}
                        </label>
                        <select
                          id={`role-${u.id}`}
                          name="role"
                          defaultValue={u.role}
                          aria-invalid={rowError ? true : undefined}
                          aria-describedby={rowError ? `role-${u.id}-error` : undefined}
                        >
                          {roleOptions.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button button--small" disabled={busy}>
                          Change<span className="visually-hidden"> role of {u.name}</span>
                        </button>
                        {rowError ? (
                          <p className="field__error" id={`role-${u.id}-error`}>
                            {rowError}
                          </p>
                        ) : null}
                      </Form>
                    </td>
                    <td>{u.last_sign_in_at ? formatDateTime(u.last_sign_in_at) : "Never"}</td>
                    <td>
                      {u.disabled_at ? <span className="badge badge--muted">Disabled</span> : <span className="badge badge--ok">Active</span>}{" "}
                      {u.id === meId ? null : (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value={u.disabled_at ? "enable" : "disable"} />
                          <input type="hidden" name="userId" value={u.id} />
                          <button type="submit" className="button button--small button--quiet" disabled={busy}>
                            {u.disabled_at ? "Enable" : "Disable"}
                            <span className="visually-hidden"> {u.name}</span>
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
