// /templates/:templateId/diff?from=<versionId>&to=<versionId>: what changed between two versions
// of one template, question by question.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import type { QuestionChange } from "~/domain/templates/diff";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { diffVersions, getTemplate } from "~/services/template-queries.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Compare versions · ${data?.template.name ?? "Template"} · Assay` }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/templates.css" }];

const GROUPS: Array<{ kind: QuestionChange["kind"]; title: string; hint: string }> = [
  { kind: "added", title: "Added", hint: "Questions only in the newer version." },
  { kind: "removed", title: "Removed", hint: "Questions only in the older version." },
  { kind: "reworded", title: "Reworded", hint: "Prompt, help text or option labels changed: answers keep their meaning only if the change is editorial." },
  { kind: "rescored", title: "Rescored", hint: "Weight, option scores, domain or knock-outs changed: the same answers score differently." },
  { kind: "changed", title: "Changed", hint: "Type, conditions, evidence request, framework references or placement changed." },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "template:read");
  const template = await getTemplate(context.app.db, params.templateId);
  if (!template) throw notFound();
  const url = new URL(request.url);
  const latest = template.versions[0]!;
  const byId = (id: string | null) => (id ? template.versions.find((v) => v.id === id) : undefined);
  const fromParam = url.searchParams.get("from");
  const toParam = url.searchParams.get("to");
  // A version id of another template (or no version at all) is not found, not silently replaced.
  const to = toParam ? byId(toParam) : latest;
  const from = fromParam ? byId(fromParam) : (byId(to?.based_on_version_id ?? null) ?? template.versions.find((v) => to && v.version < to.version) ?? to);
  if (!to || !from) throw notFound();
  const diff = await diffVersions(context.app.db, from.id, to.id);
  if (!diff) throw notFound();
  return {
    template: { id: template.id, name: template.name },
    versions: template.versions.map((v) => ({ id: v.id, version: v.version, status: v.status })),
    from: diff.from,
    to: diff.to,
    changes: diff.changes,
  };
}

export default function TemplateDiff() {
  const { template, versions, from, to, changes } = useLoaderData<typeof loader>();
  const base = `/templates/${template.id}`;
  const changedQuestions = new Set(changes.map((c) => c.key)).size;
  return (
    <>
      <Breadcrumbs items={[{ to: "/templates", label: "Templates" }, { to: base, label: template.name }, { label: "Compare versions" }]} />
      <PageHeader title={`Version ${from.version} → version ${to.version}`}>
        <p className="lead">What changed in {template.name}, question by question (questions are matched by their key).</p>
      </PageHeader>

      <Form method="get" className="filters" aria-label="Versions to compare">
        <div className="field">
          <label htmlFor="diff-from">From</label>
          <select id="diff-from" name="from" defaultValue={from.id}>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                Version {v.version} ({v.status})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="diff-to">To</label>
          <select id="diff-to" name="to" defaultValue={to.id}>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                Version {v.version} ({v.status})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Compare
        </button>
      </Form>

      {changes.length === 0 ? (
        <p className="notice" role="status">
          No differences{from.id === to.id ? ": this is the same version on both sides." : "."}
        </p>
      ) : (
        <>
          <p role="status">
            {changes.length} {changes.length === 1 ? "change" : "changes"} to {changedQuestions} {changedQuestions === 1 ? "question" : "questions"}:{" "}
            {GROUPS.map((g) => ({ ...g, n: changes.filter((c) => c.kind === g.kind).length }))
              .filter((g) => g.n > 0)
              .map((g) => `${g.n} ${g.title.toLowerCase()}`)
              .join(", ")}
            .
          </p>
          {GROUPS.map((group) => {
            const rows = changes.filter((c) => c.kind === group.kind);
            if (rows.length === 0) return null;
            return (
              <section key={group.kind} aria-labelledby={`diff-${group.kind}`} className={`diff-group diff-group--${group.kind}`}>
                <h2 id={`diff-${group.kind}`}>{`${group.title} (${rows.length})`}</h2>
                <p className="field__hint">{group.hint}</p>
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">
                      {group.title} questions, version {from.version} to version {to.version}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Question</th>
                        <th scope="col">Details</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((c, i) => (
                        <tr key={`${c.key}-${i}`}>
                          <th scope="row">
                            <code>{c.key}</code>
                          </th>
                          <td>
                            <ul className="diff-details">
                              {c.details.map((d, j) => (
                                <li key={j}>{d}</li>
                              ))}
                            </ul>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            );
          })}
        </>
      )}
      <p>
        <Link to={base}>Back to {template.name}</Link>
      </p>
    </>
  );
}
