import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { AssessmentList, issueHrefFor } from "~/components/inventory/assessment-list";
import { RecordActions } from "~/components/inventory/record-actions";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { CriticalityBadge, DataCategories } from "~/components/inventory/badges";
import { EmptyState, PageHeader } from "~/components/list";
import { RatingPanel } from "~/components/ratings/rating-panel";
import { formatDate } from "~/domain/calendar";
import { describeCadence, LABELS } from "~/domain/inventory";
import { can, canSometimes } from "~/domain/permissions";
import { handleCommand } from "~/http/form-action.server";
import { dependentsOf, getComponent, setComponentArchived } from "~/services/ai-components.server";
import { userActor } from "~/services/audit.server";
import { inventoryAssessments } from "~/services/inventory-assessments.server";
import { componentRatingPanel } from "~/services/ratings.server";
import { componentAcceptancePanel } from "~/services/risk-acceptances.server";
import { ComponentAcceptances } from "~/components/review/component-acceptances";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { ChangeNoticeList } from "~/components/change-notices/change-notice-list";
import { changedSinceReview } from "~/domain/deadlines/change-notice-form";
import { listChangeNotices } from "~/services/change-notices.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/change-notices.css" },
  { rel: "stylesheet", href: "/styles/inventory.css" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.component.name ?? "Component"} · Assay` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "inventory:read");
  const component = await getComponent(context.app.db, params.componentId);
  if (!component) throw notFound();
  const [dependents, rating, acceptances, changes, assessments] = await Promise.all([
    dependentsOf(context.app.db, [component.id]),
    componentRatingPanel(context.app.db, component.id),
    componentAcceptancePanel(context.app.db, component.id, user),
    listChangeNotices(context.app.db, { componentId: component.id }),
    inventoryAssessments(context.app.db, { componentId: component.id }),
  ]);
  return {
    component,
    dependents,
    rating,
    acceptances,
    changes,
    assessments,
    canEdit: can(user, "component:write"),
    canIssue: can(user, "assessment:issue"),
    canLink: canSometimes(user.role, "system:write"),
  };
}

const commandSchema = z.object({ intent: z.enum(["archive", "restore"]) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "component:write");
  const component = await getComponent(context.app.db, params.componentId);
  if (!component) throw notFound();
  const parsed = commandSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ fieldErrors: { form: "The request was not understood. Reload the page and try again." }, values: {} }, { status: 400 });
  return handleCommand(async () => {
    await setComponentArchived(context.app, userActor(user), component.id, parsed.data.intent === "archive");
    throw redirect(`/components/${component.id}`);
  });
}

export default function ComponentDetail() {
  const { component: c, dependents, rating, acceptances, changes, assessments, canEdit, canLink, canIssue } = useLoaderData<typeof loader>();
  const issueHref = issueHrefFor(c.supplier_id, c.id);
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ to: "/components", label: "AI components" }, { to: `/suppliers/${c.supplier_id}`, label: c.supplier_name }, { label: c.name }]} />
      {c.archived_at ? (
        <p className="archived-banner" role="status">
          This component was archived on {formatDate(c.archived_at)}.
        </p>
      ) : null}
      <PageHeader
        title={`${c.name}${c.version ? ` ${c.version}` : ""}`}
        actions={canEdit ? <RecordActions editTo="edit" archived={Boolean(c.archived_at)} /> : null}
      >
        <p className="lead">
          {LABELS.componentKind[c.kind]} from <Link to={`/suppliers/${c.supplier_id}`}>{c.supplier_name}</Link>
          {changedSinceReview(changes) ? <span className="badge badge--warn change-badge">Changed since last review</span> : null}
        </p>
      </PageHeader>
      <FormError message={failure?.fieldErrors.form} />
      <section aria-labelledby="details-heading" className="panel">
        <h2 id="details-heading">Details</h2>
        <dl className="detail-grid">
          <dt>Model family</dt>
          <dd>{c.model_family ?? "—"}</dd>
          <dt>Declared update cadence</dt>
          <dd>{describeCadence(c.update_cadence, c.update_interval_days)}</dd>
          <dt>General-purpose AI</dt>
          <dd>{c.is_gpai ? "Yes" : "No"}</dd>
          <dt>Data residency</dt>
          <dd>{c.data_residency ?? "—"}</dd>
          <dt>External id</dt>
          <dd>{c.external_id ?? "—"}</dd>
          <dt>Description</dt>
          <dd className="prewrap">{c.description ?? "—"}</dd>
        </dl>
      </section>
      <RatingPanel {...rating} issueHref={issueHref} componentId={c.id} />
      <AssessmentList {...assessments} subject={c.name} issueHref={canIssue ? issueHref : null} componentId={c.id} />
      <ComponentAcceptances {...acceptances} />
      <section aria-labelledby="changes-heading" className="panel">
        <h2 id="changes-heading">Changes reported by the vendor ({changes.length})</h2>
        {changes.length === 0 ? (
          <p className="muted">No change to this component has been reported.</p>
        ) : (
          <ChangeNoticeList notices={changes} caption={`Changes reported to ${c.name}`} showComponent={false} />
        )}
        {canEdit ? (
          <p>
            <Link to={`/components/${c.id}/changes/new`}>Record a change on the vendor's behalf</Link>
          </p>
        ) : null}
        {canEdit ? (
          <p>
            <Link to={`/components/${c.id}/model-document`}>Pre-fill the open assessment from the vendor&apos;s model document</Link> (CycloneDX ML-BOM or SPDX
            3)
          </p>
        ) : null}
      </section>
      <section aria-labelledby="dependents-heading">
        <h2 id="dependents-heading">Our AI systems that depend on it ({dependents.length})</h2>
        {dependents.length === 0 ? (
          <EmptyState title="None of our AI systems depends on this component yet.">
            {canLink ? (
              <p>
                Open one of <Link to="/ai-systems">your AI systems</Link> and add a dependency on it.
              </p>
            ) : null}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">AI systems depending on {c.name}</caption>
              <thead>
                <tr>
                  <th scope="col">System</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Criticality</th>
                  <th scope="col">EU AI Act class</th>
                  <th scope="col">Purpose</th>
                  <th scope="col">Data shared</th>
                </tr>
              </thead>
              <tbody>
                {dependents.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link to={`/ai-systems/${d.system_id}`}>{d.system_name}</Link>
                    </td>
                    <td>{d.owner_name ?? "—"}</td>
                    <td>
                      <CriticalityBadge value={d.criticality} />
                    </td>
                    <td>{LABELS.euAiActClass[d.eu_ai_act_class]}</td>
                    <td>{d.purpose ?? "—"}</td>
                    <td>
                      <DataCategories values={d.data_categories} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
