// /templates/:templateId/coverage?version=<id>: for each framework, its supplier-relevant controls
// and the questions of one version that cover them. Controls no question covers stand out.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { getTemplate, templateCoverage } from "~/services/template-queries.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Coverage · ${data?.template.name ?? "Template"} · Assay` }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/templates.css" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "template:read");
  const template = await getTemplate(context.app.db, params.templateId);
  if (!template) throw notFound();
  const requested = new URL(request.url).searchParams.get("version");
  // Default: the current (highest published) version, else the newest one.
  const version = requested
    ? template.versions.find((v) => v.id === requested)
    : (template.versions.find((v) => v.id === template.current_version_id) ?? template.versions[0]);
  if (!version) throw notFound();
  const result = await templateCoverage(context.app.db, version.id);
  if (!result) throw notFound();
  return {
    template: { id: template.id, name: template.name },
    versions: template.versions.map((v) => ({ id: v.id, version: v.version, status: v.status })),
    ...result,
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function TemplateCoverage() {
  const { template, versions, version, frameworks, covered, total, unknownRefs } = useLoaderData<typeof loader>();
  const base = `/templates/${template.id}`;
  const gaps = total - covered;
  return (
    <>
      <Breadcrumbs items={[{ to: "/templates", label: "Templates" }, { to: base, label: template.name }, { label: "Coverage" }]} />
      <PageHeader title={`Coverage of version ${version.version}`}>
        <p className="lead">
          Which supplier-relevant controls of each framework the questions of {template.name} address, through the references each question cites.
        </p>
      </PageHeader>

      {versions.length > 1 ? (
        <Form method="get" className="filters" aria-label="Version">
          <div className="field">
            <label htmlFor="coverage-version">Version</label>
            <select id="coverage-version" name="version" defaultValue={version.id}>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  Version {v.version} ({v.status})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Show
          </button>
        </Form>
      ) : null}

      <p className={gaps ? "flash flash--error" : "flash flash--ok"} role="status">
        {`${covered} of ${total} controls covered`}
        {gaps ? `: ${plural(gaps, "control is", "controls are")} not covered by any question.` : "."}
        {version.status === "draft" ? " This version is a draft; coverage can still change." : ""}
      </p>

      <nav aria-label="Frameworks" className="coverage-toc">
        <ul>
          {frameworks.map((f) => (
            <li key={f.framework.id}>
              <a href={`#fw-${f.framework.id}`}>{f.framework.name}</a> <span className="muted">{`(${f.covered} of ${f.total})`}</span>
            </li>
          ))}
        </ul>
      </nav>

      {frameworks.map((f) => (
        <section key={f.framework.id} aria-labelledby={`fw-${f.framework.id}`} className="coverage-framework">
          <h2 id={`fw-${f.framework.id}`}>{f.framework.name}</h2>
          <p className="muted">{`${f.covered} of ${f.total} controls covered`}</p>
          <div className="table-wrap">
            <table className="coverage-table">
              <caption className="visually-hidden">{f.framework.name}: controls and the questions that cover them</caption>
              <thead>
                <tr>
                  <th scope="col">Control</th>
                  <th scope="col">What it covers</th>
                  <th scope="col">Questions</th>
                </tr>
              </thead>
              <tbody>
                {f.controls.map(({ control, questions }) => (
                  <tr key={control.id} className={questions.length ? undefined : "coverage-gap"}>
                    <th scope="row" className="nowrap">
                      <code>{control.id}</code>
                    </th>
                    <td>{control.title}</td>
                    <td>
                      {questions.length ? (
                        <ul className="coverage-questions">
                          {questions.map((q) => (
                            <li key={q.key}>
                              <code>{q.key}</code> {q.prompt} <span className="muted">({q.section})</span>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="badge badge--danger">Not covered</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      {unknownRefs.length ? (
        <section aria-labelledby="unknown-refs-heading" className="panel">
          <h2 id="unknown-refs-heading">References to no known control</h2>
          <p>These references match none of the controls above, so they count for no framework. Check their spelling.</p>
          <ul>
            {unknownRefs.map((r, i) => (
              <li key={i}>
                <code>{r.key}</code>: <code>{r.ref}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to={base}>Back to {template.name}</Link>
      </p>
    </>
  );
}
