// /templates/:templateId/coverage?version=<id>: which supplier-relevant controls of each framework
// the questions of one version cover, as a frameworks × sections matrix, then per framework its
// controls × sections, each control opening onto the questions (by prompt). Gaps stand out.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { CoverageSummary, FrameworkMatrix, SectionLegend } from "~/components/templates/coverage-matrix";
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
  // Questions are shown by their prompt; their internal keys stay on the server.
  const frameworks = result.frameworks.map((f) => ({
    ...f,
    controls: f.controls.map((c) => ({ ...c, questions: c.questions.map(({ key: _key, ...q }) => ({ ...q, key: "" })) })),
  }));
  return {
    template: { id: template.id, name: template.name },
    versions: template.versions.map((v) => ({ id: v.id, version: v.version, status: v.status })),
    ...result,
    frameworks,
    unknownRefs: result.unknownRefs.map(({ key: _key, ...r }) => r),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function TemplateCoverage() {
  const coverage = useLoaderData<typeof loader>();
  const { template, versions, version, frameworks, sections, covered, total, unknownRefs } = coverage;
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

      <SectionLegend sections={sections} />
      <CoverageSummary coverage={coverage} />

      <h2 className="coverage-heading">Controls by framework</h2>
      <p className="muted">Open a framework for its controls by section; open a control for the questions that cover it.</p>
      {frameworks.map((f) => (
        <FrameworkMatrix key={f.framework.id} coverage={f} sections={sections} />
      ))}

      {unknownRefs.length ? (
        <section aria-labelledby="unknown-refs-heading" className="panel">
          <h2 id="unknown-refs-heading">References to no known control</h2>
          <p>These references match none of the controls above, so they count for no framework. Check their spelling.</p>
          <ul>
            {unknownRefs.map((r, i) => (
              <li key={i}>
                {r.prompt} <span className="muted">cites</span> <code>{r.ref}</code>
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
