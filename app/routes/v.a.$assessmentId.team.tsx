// The vendor's team: who has access to this questionnaire, and "Invite a colleague" (a new grant
// on the same assessment, optionally limited to some of the sections the inviter may answer).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { isOpen } from "~/domain/assessment-lifecycle";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { BuyerName, NO_ORGANISATION, type OrganisationBrand } from "~/domain/organisation";
import { isAppError } from "~/domain/errors";
import { assignableSections } from "~/domain/section-assignment";
import { httpStatus, notFound } from "~/http/errors.server";
import { getTeam, inviteColleague, inviteSchema } from "~/services/delegations.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/vendor-evidence.css" }];

export const meta: MetaFunction = () => [{ title: "Your team · Assay" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const team = await getTeam(context.app.db, access.assessment.id);
  if (!team) throw notFound();
  const titles = new Map(team.definition.sections.map((s) => [s.key, s.title]));
  return {
    assessmentId: access.assessment.id,
    me: access.grant.id,
    open: isOpen(team.status),
    sections: assignableSections(team.definition, access.grant).map(({ key, title }) => ({ key, title })),
    members: team.members.map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email,
      invitedBy: m.invited_by_name ? `${m.invited_by_name} (${m.invited_by_email})` : null,
      sections: m.sections ? m.sections.map((key) => titles.get(key) ?? key) : null,
      lastActive: m.last_used_at,
      revokedAt: m.revoked_at,
    })),
  };
}

type Failure = { fieldErrors: Record<string, string>; values: { name?: string; email?: string; sections?: string[] } };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const form = await request.formData();
  const values = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    sections: form.getAll("sections").map(String),
  };
  const parsed = inviteSchema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      fieldErrors[field] ??= issue.message;
    }
    return data<Failure>({ fieldErrors, values }, { status: 400 });
  }
  let invited: { email: string };
  try {
    invited = await inviteColleague(context.app, access.grant, access.assessment.id, parsed.data);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.kind === "not_found") throw notFound();
    return data<Failure>({ fieldErrors: { [error.field]: error.message }, values }, { status: httpStatus(error) });
  }
  throw redirect(`/v/a/${access.assessment.id}/team?invited=${encodeURIComponent(invited.email)}`);
}

export default function Team() {
  const { assessmentId, me, open, sections, members } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const invited = params.get("invited");
  // The portal layout holds the buying organisation (who invited the first contacts).
  const layout = useRouteLoaderData("routes/v.a.$assessmentId") as { organisation?: OrganisationBrand } | undefined;
  const buyer = BuyerName(layout?.organisation ?? NO_ORGANISATION);
  const errors = failure?.fieldErrors ?? {};
  const chosen = new Set(failure?.values.sections ?? []);
  return (
    <>
      <p>
        <Link to={`/v/a/${assessmentId}`}>Back to the questionnaire</Link>
      </p>
      <h1>Your team</h1>
      {invited ? (
        <p className="flash flash--ok" role="status">
          Invitation sent to {invited}. Their link arrives by email.
        </p>
      ) : null}
      {errors.form ? (
        <p className="flash flash--error" role="alert">
          {errors.form}
        </p>
      ) : null}

      <section aria-labelledby="access-heading" className="panel">
        <h2 id="access-heading">Who has access</h2>
        {/* Focusable and named: with long addresses the table may scroll sideways, and keyboard users must reach it. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label="People with access">
          <table className="team-table">
            <caption className="visually-hidden">People with a link to this questionnaire</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Invited by</th>
                <th scope="col">Sections</th>
                <th scope="col">Last active</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>
                    {m.name}
                    {m.id === me ? <span className="muted"> (you)</span> : null}
                    {m.revokedAt ? <span className="badge badge--danger">Access ended {formatDate(m.revokedAt)}</span> : null}
                  </td>
                  <td className="break-anywhere">{m.email}</td>
                  <td className="break-anywhere">{m.invitedBy ?? <span className="muted">{buyer}</span>}</td>
                  <td>{m.sections ? m.sections.join(", ") : "All sections"}</td>
                  <td>{m.lastActive ? formatDateTime(m.lastActive) : <span className="muted">Not yet</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {open ? (
        <section aria-labelledby="invite-heading" className="panel">
          <h2 id="invite-heading">Invite a colleague</h2>
          <p>They get their own link by email and can answer the sections you choose (or all the sections you can answer).</p>
          <Form method="post" className="team-form" noValidate>
            <div className="field">
              <label htmlFor="invite-name">Name</label>
              <input
                id="invite-name"
                name="name"
                autoComplete="off"
                required
                maxLength={200}
                defaultValue={failure?.values.name}
                aria-invalid={errors.name ? true : undefined}
                aria-describedby={errors.name ? "invite-name-error" : undefined}
              />
              {errors.name ? (
                <p className="field__error" id="invite-name-error">
                  {errors.name}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="invite-email">Email</label>
              <input
                id="invite-email"
                name="email"
                type="email"
                autoComplete="off"
                required
                maxLength={254}
                defaultValue={failure?.values.email}
                aria-invalid={errors.email ? true : undefined}
                aria-describedby={errors.email ? "invite-email-error" : undefined}
              />
              {errors.email ? (
                <p className="field__error" id="invite-email-error">
                  {errors.email}
                </p>
              ) : null}
            </div>
            <fieldset className="team-form__sections" aria-describedby={errors.sections ? "invite-sections-error" : "invite-sections-hint"}>
              <legend>Sections (optional)</legend>
              <p className="field__hint" id="invite-sections-hint">
                Leave all unticked to share every section you can answer.
              </p>
              {sections.map((s) => (
                <label key={s.key} className="checkbox">
                  <input type="checkbox" name="sections" value={s.key} defaultChecked={chosen.has(s.key)} /> {s.title}
                </label>
              ))}
              {errors.sections ? (
                <p className="field__error" id="invite-sections-error">
                  {errors.sections}
                </p>
              ) : null}
            </fieldset>
            <div>
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? "Sending…" : "Send the invitation"}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
