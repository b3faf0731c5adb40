// /admin/methodology: admins edit the scoring methodology (each save is a new version), start
// "rescore all" with the new version, and watch its progress.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { AdminNav, adminNavLinks } from "~/components/admin-nav";
import { PageHeader } from "~/components/list";
import { MethodologyForm } from "~/components/scorecard/methodology-form";
import { formatDateTime } from "~/domain/calendar";
import { methodologyFormSchema, methodologyFormValues } from "~/domain/scoring/methodology-form";
import { handleCommand, handleForm } from "~/http/form-action.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { listMethodologyVersions, saveMethodology } from "~/services/scores-methodology.server";
import { latestRescoreRun, startRescoreAll } from "~/services/scores-rescore.server";

export const meta: MetaFunction = () => [{ title: "Scoring methodology · Assay" }];
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/assessments.css" },
  { rel: "stylesheet", href: "/styles/scorecard.css" },
  ...adminNavLinks(),
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "methodology:manage");
  const versions = await listMethodologyVersions(context.app.db);
  const current = versions[0]!.methodology;
  return {
    current,
    values: methodologyFormValues(current),
    versions: versions.slice(0, 10).map((v) => ({ version: v.methodology.version, createdAt: v.createdAt, createdByName: v.createdByName })),
    run: await latestRescoreRun(context.app.db),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "methodology:manage");
  const intent = (await request.clone().formData()).get("intent");
  if (intent === "rescore") {
    return handleCommand(async () => {
      await startRescoreAll(context.app, userActor(user));
      throw redirect("/admin/methodology?rescore=started#rescore");
    });
  }
  return handleForm(request, methodologyFormSchema, async (input) => {
    const saved = await saveMethodology(context.app, userActor(user), input);
    throw redirect(saved.created ? `/admin/methodology?saved=${saved.methodology.version}` : "/admin/methodology?unchanged=1");
  });
}

const REFRESH_SECONDS = 2;

export default function MethodologyPage() {
  const { current, values, versions, run } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const revalidator = useRevalidator();
  const running = Boolean(run?.running);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const saved = params.get("saved");
  const percent = run ? (run.total ? Math.min(100, Math.floor(((run.done + run.failed) / run.total) * 100)) : 100) : 0;
  return (
    <>
      {running ? (
        <noscript>
          <meta httpEquiv="refresh" content={String(REFRESH_SECONDS)} />
        </noscript>
      ) : null}
      <AdminNav />
      <PageHeader title="Scoring methodology">
        <p className="lead">
          Version {current.version} is current. Every save makes a new version; stored scores keep the version they were computed with, so each stays
          reproducible.
        </p>
      </PageHeader>
      {saved ? (
        <div className="flash flash--ok" role="status">
          <p>Version {saved} saved: scores computed from now on use it. Scores already stored keep their version until they are rescored.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="rescore" />
            <button type="submit" className="button button--primary">
              Rescore all scored assessments with version {saved}
            </button>
          </Form>
        </div>
      ) : null}
      {params.get("unchanged") ? (
        <p className="flash flash--ok" role="status">
          Nothing changed: version {current.version} stays current.
        </p>
      ) : null}

      <MethodologyForm values={values} failure={failure && "values" in failure ? failure : null} nextVersion={current.version + 1} />

      <section aria-labelledby="rescore-heading" className="panel" id="rescore">
        <h2 id="rescore-heading">Rescore all</h2>
        <p>
          Scores every assessment that has a score again, from the same answers and scoring date, with the current version. A rescore started for a newer
          version stops an older one that is still running.
        </p>
        {run ? (
          <>
            <div className="progress-line">
              <label htmlFor="rescore-progress">
                Version {run.methodologyVersion}: {run.done + run.failed} of {run.total} assessments ({percent}%)
              </label>
              <progress id="rescore-progress" max={Math.max(run.total, 1)} value={run.total ? run.done + run.failed : 1}>
                {percent}%
              </progress>
            </div>
            <p role="status" aria-live="polite">
              {run.running
                ? "Rescoring…"
                : run.stoppedReason
                  ? `Stopped: ${run.stoppedReason}`
                  : `Finished ${run.finishedAt ? formatDateTime(run.finishedAt) : ""}`}{" "}
              · {run.done} rescored · {run.failed} refused · started {formatDateTime(run.createdAt)}
              {run.startedByName ? ` by ${run.startedByName}` : ""}
            </p>
          </>
        ) : (
          <p className="muted">No rescore has run yet.</p>
        )}
        {!saved ? (
          <Form method="post">
            <input type="hidden" name="intent" value="rescore" />
            <button type="submit" className="button" disabled={running}>
              Rescore all with version {current.version}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="versions-heading" className="panel">
        <h2 id="versions-heading">Versions</h2>
        <ul>
          {versions.map((v) => (
            <li key={v.version}>
              Version {v.version}: {formatDateTime(v.createdAt)}
              {v.createdByName ? ` by ${v.createdByName}` : v.version === 1 ? " (the defaults)" : ""}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
