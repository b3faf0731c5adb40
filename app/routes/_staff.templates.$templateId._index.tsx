// /templates/:templateId: a template's versions, and what can be done with each: edit a draft,
// publish it (refused, with every problem, while anything is invalid), start a new version from
// one, retire, export, compare and see coverage.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { Breadcrumbs } from "~/components/form-parts";
import { formatDateTime } from "~/domain/calendar";
import { PageHeader } from "~/components/list";
import { ProblemTable } from "~/components/templates/problem-table";
import { can } from "~/domain/permissions";
import { userActor } from "~/services/audit.server";
import { httpStatus, notFound } from "~/http/errors.server";
import { AppError } from "~/domain/errors";
import { requireUserWithPermission } from "~/http/guard.server";
import type { DefinitionProblem } from "~/domain/templates/validate";
import { getTemplate } from "~/services/template-queries.server";
import { DraftExistsError, newVersionFrom, publishVersion, retireVersion } from "~/services/template-versions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.template.name ?? "Template"} · Assay` }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/templates.css" }];

const MAX_SHOWN_PROBLEMS = 200;
const DONE = ["created", "imported", "published", "retired"] as const;
type Done = (typeof DONE)[number];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "template:read");
  const template = await getTemplate(context.app.db, params.templateId);
  if (!template) throw notFound();
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  return {
    template,
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as Done) : null,
    doneVersion: Number(url.searchParams.get("v")) || null,
    canWrite: can(user, "template:write"),
  };
}

const commandSchema = z.object({ intent: z.enum(["publish", "retire", "new-version"]), versionId: z.uuid() });

type ActionResult =
  | { kind: "problems"; versionId: string; version: number; problems: DefinitionProblem[]; total: number }
  | { kind: "error"; message: string; draftVersionId?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "template:write");
  const template = await getTemplate(context.app.db, params.templateId);
  if (!template) throw notFound();
  const parsed = commandSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<ActionResult>({ kind: "error", message: "The request was not understood. Reload the page and try again." }, { status: 400 });
  const { intent, versionId } = parsed.data;
  const version = template.versions.find((v) => v.id === versionId);
  if (!version) throw notFound();
  const actor = userActor(user);
  const base = `/templates/${template.id}`;
  try {
    if (intent === "publish") {
      const result = await publishVersion(context.app, actor, version.id);
      if (!result.ok) {
        return data<ActionResult>(
          {
            kind: "problems",
            versionId: version.id,
            version: version.version,
            problems: result.problems.slice(0, MAX_SHOWN_PROBLEMS),
            total: result.problems.length,
          },
          { status: 422 },
        );
      }
      return redirect(`${base}?done=published&v=${version.version}`);
    }
    if (intent === "retire") {
      await retireVersion(context.app, actor, version.id);
      return redirect(`${base}?done=retired&v=${version.version}`);
    }
    const draftId = await newVersionFrom(context.app, actor, version.id);
    return redirect(`${base}/versions/${draftId}/edit`);
  } catch (error) {
    if (error instanceof DraftExistsError)
      return data<ActionResult>({ kind: "error", message: error.message, draftVersionId: error.draftVersionId }, { status: 409 });
    if (error instanceof AppError) {
      if (error.kind === "not_found") throw notFound();
      return data<ActionResult>({ kind: "error", message: error.message }, { status: httpStatus(error) });
    }
    throw error;
  }
}

const STATUS_BADGE = { draft: "badge badge--warn", published: "badge badge--ok", retired: "badge badge--muted" } as const;
const STATUS_LABEL = { draft: "Draft", published: "Published", retired: "Retired" } as const;

function doneMessage(done: Done, version: number | null): string {
  const v = version ? `Version ${version}` : "The version";
  switch (done) {
    case "created":
      return "Template created. Version 1 is a draft: edit it, then publish it.";
    case "imported":
      return "Template imported. Version 1 is a draft: review it, then publish it.";
    case "published":
      return `${v} is published. It can no longer change; new assessments use the highest published version.`;
    case "retired":
      return `${v} is retired: it can no longer be sent. Assessments already sent with it keep it.`;
  }
}

export default function TemplateDetail() {
  const { template, done, doneVersion, canWrite } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" ? `${navigation.formData?.get("intent")}:${navigation.formData?.get("versionId")}` : null;
  const base = `/templates/${template.id}`;
  const draft = template.versions.find((v) => v.status === "draft");
  const latest = template.versions[0];
  const previous = template.versions[1];
  const editUrl = (versionId: string) => `${base}/versions/${versionId}/edit`;

  return (
    <>
      <Breadcrumbs items={[{ to: "/templates", label: "Templates" }, { label: template.name }]} />
      <PageHeader title={template.name}>
        <p className="lead">
          {template.is_builtin ? <span className="badge badge--muted">Built-in</span> : null} {template.description ?? ""}
        </p>
      </PageHeader>

      {done && !result ? (
        <p className="flash flash--ok" role="status">
          {doneMessage(done, doneVersion)}
        </p>
      ) : null}
      {result?.kind === "error" ? (
        <p className="flash flash--error" role="alert">
          {result.message} {result.draftVersionId ? <Link to={editUrl(result.draftVersionId)}>Open the draft</Link> : null}
        </p>
      ) : null}
      {result?.kind === "problems" ? (
        <section aria-labelledby="publish-problems-heading" className="panel">
          <h2 id="publish-problems-heading">Version {result.version} was not published</h2>
          <p className="flash flash--error" role="alert">
            {result.total} {result.total === 1 ? "problem stands" : "problems stand"} in the way. Correct {result.total === 1 ? "it" : "them"} in the{" "}
            <Link to={editUrl(result.versionId)}>editor</Link>, then publish again.
          </p>
          <ProblemTable problems={result.problems} total={result.total} caption="Problems by path in the template" />
        </section>
      ) : null}

      <section aria-labelledby="versions-heading">
        <div className="section-header">
          <h2 id="versions-heading">Versions</h2>
        </div>
        {canWrite && draft ? (
          <p className="notice">
            Version {draft.version} is a draft. <Link to={editUrl(draft.id)}>Edit it</Link> and publish it before starting another version.
          </p>
        ) : null}
        <div className="table-wrap">
          <table className="template-versions">
            <caption className="visually-hidden">Versions of {template.name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Questions</th>
                <th scope="col">Checksum</th>
                <th scope="col">Published</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {template.versions.map((v) => {
                const busy = (intent: string) => pending === `${intent}:${v.id}`;
                return (
                  <tr key={v.id}>
                    <th scope="row">
                      Version {v.version}
                      {v.based_on_version ? <span className="template-based-on">from version {v.based_on_version}</span> : null}
                    </th>
                    <td>
                      <span className={STATUS_BADGE[v.status]}>{STATUS_LABEL[v.status]}</span>
                      {v.id === template.current_version_id ? <span className="template-current"> current</span> : null}
                    </td>
                    <td>{v.question_count}</td>
                    <td>
                      {v.checksum ? (
                        <code className="checksum" title={v.checksum}>
                          {v.checksum.slice(0, 12)}
                        </code>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="nowrap">
                      {v.published_at ? formatDateTime(v.published_at) : <span className="muted">Not yet</span>}
                      {v.published_by_name ? <span className="template-based-on">by {v.published_by_name}</span> : null}
                      {v.retired_at ? <span className="template-based-on">retired {formatDateTime(v.retired_at)}</span> : null}
                    </td>
                    <td>
                      <div className="template-actions">
                        {canWrite && v.status === "draft" ? (
                          <>
                            <Link to={editUrl(v.id)} className="button button--small">
                              Edit<span className="visually-hidden"> version {v.version}</span>
                            </Link>
                            <Form method="post" className="inline-form">
                              <input type="hidden" name="intent" value="publish" />
                              <input type="hidden" name="versionId" value={v.id} />
                              <button type="submit" className="button button--small button--primary" disabled={busy("publish")}>
                                {busy("publish") ? "Publishing…" : "Publish"}
                                <span className="visually-hidden"> version {v.version}</span>
                              </button>
                            </Form>
                          </>
                        ) : null}
                        {canWrite && v.status !== "draft" && !draft ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="new-version" />
                            <input type="hidden" name="versionId" value={v.id} />
                            <button type="submit" className="button button--small" disabled={busy("new-version")}>
                              New version from this one<span className="visually-hidden"> (version {v.version})</span>
                            </button>
                          </Form>
                        ) : null}
                        {canWrite && v.status === "published" ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="retire" />
                            <input type="hidden" name="versionId" value={v.id} />
                            <button type="submit" className="button button--small button--danger" disabled={busy("retire")}>
                              Retire<span className="visually-hidden"> version {v.version}</span>
                            </button>
                          </Form>
                        ) : null}
                        <a href={`${base}/versions/${v.id}/export`} className="button button--small button--quiet" download>
                          Export JSON<span className="visually-hidden"> of version {v.version}</span>
                        </a>
                        <a href={`${base}/versions/${v.id}/oscal-catalog.json`} className="button button--small button--quiet" download>
                          Export OSCAL<span className="visually-hidden"> catalog of version {v.version}</span>
                        </a>
                        <Link to={`${base}/coverage?version=${v.id}`} className="button button--small button--quiet">
                          Coverage<span className="visually-hidden"> of version {v.version}</span>
                        </Link>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      {template.versions.length > 1 && latest && previous ? (
        <section aria-labelledby="compare-heading" className="panel">
          <h2 id="compare-heading">Compare versions</h2>
          <Form method="get" action={`${base}/diff`} className="form-row">
            <div className="field">
              <label htmlFor="compare-from">From</label>
              <select id="compare-from" name="from" defaultValue={latest.based_on_version_id ?? previous.id}>
                {template.versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    Version {v.version} ({STATUS_LABEL[v.status].toLowerCase()})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="compare-to">To</label>
              <select id="compare-to" name="to" defaultValue={latest.id}>
                {template.versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    Version {v.version} ({STATUS_LABEL[v.status].toLowerCase()})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button">
              Compare
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
