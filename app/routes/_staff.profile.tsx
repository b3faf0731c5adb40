// /profile: any signed-in staff user's own settings: the calendar feed of their reassessment
// deadlines (a secret URL shown once when created; revocable; a new one replaces the old) and
// the weekly deadline digest (opt out).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import * as z from "zod";
import { CheckboxField, TextField } from "~/components/field";
import { FormError } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { formatDateTime } from "~/domain/calendar";
import { ROLE_LABELS } from "~/domain/permissions";
import { requireStaffUser } from "~/http/guard.server";
import { intentFailure, readForm, unreadableForm } from "~/http/intent-form.server";
import { userActor } from "~/services/audit.server";
import { activeFeed, calendarFeedUrl, createCalendarFeed, digestOptOut, revokeCalendarFeed, setDigestOptOut } from "~/services/calendar-feeds.server";

export const meta: MetaFunction = () => [{ title: "Profile · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context);
  const [feed, optOut] = await Promise.all([activeFeed(context.app.db, user.id), digestOptOut(context.app.db, user.id)]);
  return {
    user: { name: user.name, email: user.email, role: ROLE_LABELS[user.role], seesAll: user.role === "admin" },
    feed: feed ? { createdAt: formatDateTime(feed.createdAt), lastUsedAt: feed.lastUsedAt ? formatDateTime(feed.lastUsedAt) : null } : null,
    optOut,
  };
}

const digestSchema = z.object({ optOut: z.enum(["on"]).optional() });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context);
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const actor = userActor(user);
  switch (form.get("intent")) {
    case "create-feed": {
      const token = await createCalendarFeed(context.app, actor, user.id);
      // The URL is in this response only: it is never stored and cannot be shown again.
      return data({ intent: "create-feed" as const, feedUrl: calendarFeedUrl(context.app.config.baseUrl, token), fieldErrors: {} as Record<string, string> });
    }
    case "revoke-feed":
      await revokeCalendarFeed(context.app, actor, user.id);
      throw redirect("/profile?revoked=1");
    case "digest": {
      const parsed = digestSchema.safeParse({ optOut: form.get("optOut") ?? undefined });
      if (!parsed.success) return intentFailure("digest", { optOut: "Tick the box or leave it empty, then save." }, {}, 400);
      await setDigestOptOut(context.app, actor, user.id, parsed.data.optOut === "on");
      throw redirect("/profile?saved=digest");
    }
    default:
      return intentFailure(null, { form: "The request was not understood. Reload the page and try again." }, {}, 400);
  }
}

export default function Profile() {
  const { user, feed, optOut } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const feedUrl = result && "feedUrl" in result ? result.feedUrl : null;
  const formError = result && !("feedUrl" in result) ? (result.fieldErrors.form ?? null) : null;
  const digestError = result && !("feedUrl" in result) && result.intent === "digest" ? result.fieldErrors.optOut : null;
  return (
    <>
      <PageHeader title="Profile">
        <p className="lead">
          {user.name} ({user.email}), {user.role}.
        </p>
      </PageHeader>
      <FormError message={formError} />

      <section aria-labelledby="feed-heading" className="panel">
        <h2 id="feed-heading">Calendar feed</h2>
        <p>
          Subscribe to your reassessment deadlines in your calendar app: one all-day event per component on the day its reassessment is due, with the reason.{" "}
          {user.seesAll
            ? "As an admin you get every component's deadline."
            : "It holds the components of the suppliers you own and the components your internal systems depend on."}
        </p>
        {params.get("revoked") ? (
          <p className="flash flash--ok" role="status">
            The calendar feed is revoked: its address no longer works.
          </p>
        ) : null}
        {feedUrl ? (
          <div className="flash flash--ok" role="status" data-testid="feed-created">
            <p>
              <strong>Copy it now; it is shown once.</strong> Anyone with this address can read your deadlines: keep it private.
            </p>
            <TextField id="feed-url" label="Your calendar feed address" readOnly value={feedUrl} className="break-anywhere" />
          </div>
        ) : null}
        {feed ? (
          <dl className="meta-list">
            <dt>Created</dt>
            <dd>{feed.createdAt}</dd>
            <dt>Last used</dt>
            <dd data-testid="feed-last-used">{feed.lastUsedAt ?? "Never"}</dd>
          </dl>
        ) : (
          <p className="muted">You have no calendar feed.</p>
        )}
        <div className="form-actions">
          <Form method="post">
            <input type="hidden" name="intent" value="create-feed" />
            <button type="submit" className="button button--primary" disabled={busy}>
              {feed ? "Create a new feed address (the current one stops working)" : "Create a calendar feed"}
            </button>
          </Form>
          {feed ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revoke-feed" />
              <button type="submit" className="button button--danger" disabled={busy}>
                Revoke the feed
              </button>
            </Form>
          ) : null}
        </div>
      </section>

      <section aria-labelledby="api-heading" className="panel">
        <h2 id="api-heading">API tokens</h2>
        <p>
          Use the REST API from scripts and other tools with a personal token. <Link to="/profile/tokens">Manage your API tokens</Link>
        </p>
      </section>

      <section aria-labelledby="digest-heading" className="panel">
        <h2 id="digest-heading">Weekly digest</h2>
        {params.get("saved") === "digest" ? (
          <p className="flash flash--ok" role="status">
            Saved: {optOut ? "you will not receive the weekly digest." : "you will receive the weekly digest."}
          </p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="digest" />
          <CheckboxField
            id="optOut"
            name="optOut"
            label="Do not send me the weekly digest"
            hint="On Mondays, a summary of what is overdue and what is due in the next 30 days for you (not sent when there is nothing to say). Reminders about single deadlines still come."
            defaultChecked={optOut}
            error={digestError}
          />
          <button type="submit" className="button" disabled={busy}>
            Save
          </button>
        </Form>
      </section>
    </>
  );
}
