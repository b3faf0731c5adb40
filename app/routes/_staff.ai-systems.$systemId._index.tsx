import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { RecordActions } from "~/components/inventory/record-actions";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { CriticalityBadge, DataCategories } from "~/components/inventory/badges";
import { EmptyState, PageHeader } from "~/components/list";
import { LABELS } from "~/domain/inventory";
import type { RiskLevel } from "~/domain/scoring/methodology";
import type { Grade } from "~/domain/templates/definition";
import { can } from "~/domain/permissions";
import { handleCommand } from "~/http/form-action.server";
import { requireSystem, requireWritableSystem } from "~/http/ai-system-pages.server";
import { listSystemDependencies, removeDependency, setSystemArchived } from "~/services/ai-systems.server";
import { userActor } from "~/services/audit.server";
import { systemExposure } from "~/services/system-exposure.server";
import { GradeCell } from "~/components/ratings/rating-cells";
import { RiskBadge } from "~/components/scorecard/badges";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.system.name ?? "AI system"} · Assay` }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/ai-systems.css" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, system } = await requireSystem(request, context, params.systemId);
  const dependencies = await listSystemDependencies(context.app.db, system.id);
  const exposure = await systemExposure(context.app.db, system, dependencies);
  return { system, dependencies, exposure, canWrite: can(user, "system:write", { ownerId: system.owner_id }) };
}

const commandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("restore") }),
  z.object({ intent: z.literal("remove-dependency"), dependencyId: z.uuid() }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, system } = await requireWritableSystem(request, context, params.systemId);
  const parsed = commandSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ fieldErrors: { form: "The request was not understood. Reload the page and try again." }, values: {} }, { status: 400 });
  const command = parsed.data;
  if (command.intent === "remove-dependency" && system.archived_at) {
    return data({ fieldErrors: { form: "This system is archived: restore it before changing its dependencies." }, values: {} }, { status: 409 });
  }
  return handleCommand(async () => {
    if (command.intent === "remove-dependency") await removeDependency(context.app, userActor(user), system.id, command.dependencyId);
    else await setSystemArchived(context.app, userActor(user), system.id, command.intent === "archive");
    throw redirect(`/ai-systems/${system.id}`);
  });
}

export default function AiSystemDetail() {
  const { system, dependencies, exposure, canWrite } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const archived = Boolean(system.archived_at);
  const canEditDependencies = canWrite && !archived;
  const supplierCount = new Set(dependencies.map((d) => d.supplier_id)).size;
  return (
    <>
      <Breadcrumbs items={[{ to: "/ai-systems", label: "AI systems" }, { label: system.name }]} />
      {system.archived_at ? (
        <p className="archived-banner" role="status">
          This AI system was archived on {formatDate(system.archived_at)}. Its history is kept; restore it to change it or its dependencies again.
        </p>
      ) : null}
      <PageHeader title={system.name} actions={canWrite ? <RecordActions editTo={`/ai-systems/${system.id}/edit`} archived={archived} /> : null}>
        <p className="lead">
          <CriticalityBadge value={system.criticality} /> {LABELS.euAiActClass[system.eu_ai_act_class]} · {LABELS.lifecycle[system.lifecycle]}
          {system.owner_name ? ` · owned by ${system.owner_name}` : " · no owner"}
        </p>
      </PageHeader>
      <FormError message={failure?.fieldErrors.form} />

      <section aria-labelledby="details-heading" className="panel">
        <h2 id="details-heading">Details</h2>
        <dl className="detail-grid">
          <dt>Purpose</dt>
          <dd className="prewrap">{system.purpose ?? "—"}</dd>
          <dt>Owner</dt>
          <dd>{system.owner_name ? `${system.owner_name} (${system.owner_email})` : "No owner: an admin should assign one"}</dd>
          <dt>Business unit</dt>
          <dd>{system.business_unit ?? "—"}</dd>
          <dt>Criticality</dt>
          <dd>{LABELS.criticality[system.criticality]}</dd>
          <dt>EU AI Act class</dt>
          <dd>{LABELS.euAiActClass[system.eu_ai_act_class]}</dd>
          <dt>Lifecycle</dt>
          <dd>{LABELS.lifecycle[system.lifecycle]}</dd>
          <dt>External id</dt>
          <dd>{system.external_id ?? "—"}</dd>
          <dt>Last changed</dt>
          <dd>{formatDateTime(system.updated_at)}</dd>
        </dl>
      </section>

      <section aria-labelledby="dependencies-heading">
        <div className="page-header">
          <h2 id="dependencies-heading">Vendor components it depends on</h2>
          {canEditDependencies ? (
            <Link to={`/ai-systems/${system.id}/dependencies/new`} className="button button--small">
              Add a dependency
            </Link>
          ) : null}
        </div>
        {dependencies.length === 0 ? (
          <EmptyState title="No vendor components linked yet.">
            <p>
              {canEditDependencies ? (
                <>
                  <Link to={`/ai-systems/${system.id}/dependencies/new`}>Add a dependency</Link> for each vendor API, model, dataset or AI feature this system
                  uses, so its reassessment deadlines follow the system's criticality.
                </>
              ) : archived ? (
                "Restore this system to link it to the vendor components it uses."
              ) : (
                "The system's owner links it to the vendor components it uses."
              )}
            </p>
          </EmptyState>
        ) : (
          <>
            <p className="summary-line" data-testid="dependency-summary">
              {`${countLabel(dependencies.length, "vendor component")} from ${countLabel(supplierCount, "supplier")}`}
            </p>
            <p className="summary-line" data-testid="system-exposure">
              <RiskBadge level={exposure.rollup.level} label="Residual risk" /> {exposure.rollup.reason}
            </p>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Vendor components {system.name} depends on</caption>
                <thead>
                  <tr>
                    <th scope="col">Component</th>
                    <th scope="col">Supplier</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Purpose</th>
                    <th scope="col">Data shared</th>
                    <th scope="col">Grade</th>
                    <th scope="col">Residual risk of this use</th>
                    <th scope="col">Since</th>
                    {canEditDependencies ? <th scope="col">Actions</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {dependencies.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <Link to={`/components/${d.component_id}`}>{d.component_name}</Link>
                        {d.version ? <span className="muted"> {d.version}</span> : null}
                        {d.component_archived_at ? (
                          <>
                            {" "}
                            <span className="badge badge--warn">Archived</span>
                          </>
                        ) : null}
                      </td>
                      <td>
                        <Link to={`/suppliers/${d.supplier_id}`}>{d.supplier_name}</Link>
                      </td>
                      <td>{LABELS.componentKind[d.kind]}</td>
                      <td className="prewrap">{d.purpose ?? "—"}</td>
                      <td>
                        <DataCategories values={d.data_categories} />
                      </td>
                      <td className="nowrap">
                        <GradeCell rating={{ ...ratingOf(exposure, d.id) }} componentId={d.component_id} />
                      </td>
                      <td title={exposure.dependencies[d.id]?.inherentReason}>
                        <RiskBadge level={exposure.dependencies[d.id]?.residual ?? null} />
                        <span className="visually-hidden"> (inherent risk {exposure.dependencies[d.id]?.inherent})</span>
                      </td>
                      <td className="nowrap">{d.since ? formatDate(d.since) : "—"}</td>
                      {canEditDependencies ? (
                        <td>
                          <span className="inline-form">
                            <Link to={`/ai-systems/${system.id}/dependencies/${d.id}`} className="button button--small">
                              Edit<span className="visually-hidden"> the dependency on {d.component_name}</span>
                            </Link>
                            <Form method="post" className="inline-form">
                              <input type="hidden" name="intent" value="remove-dependency" />
                              <input type="hidden" name="dependencyId" value={d.id} />
                              <button type="submit" className="button button--small button--danger">
                                Remove<span className="visually-hidden"> the dependency on {d.component_name}</span>
                              </button>
                            </Form>
                          </span>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}

function countLabel(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function ratingOf(
  exposure: {
    dependencies: Record<string, { grade: Grade | null; overall: number | null; assessmentId: string | null; residual: RiskLevel | null } | undefined>;
  },
  id: string,
) {
  const d = exposure.dependencies[id];
  return { grade: d?.grade ?? null, overall: d?.overall ?? null, assessmentId: d?.assessmentId ?? null, residual: d?.residual ?? null };
}
