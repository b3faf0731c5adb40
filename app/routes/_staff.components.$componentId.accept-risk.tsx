// /components/:id/accept-risk: accept a vendor component's whole residual risk (for every internal
// system that depends on it, or for one), with a rationale, an approver (an admin or the risk owner
// of an affected system) and a required expiry date; and revoke acceptances still in force.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import * as z from "zod";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { AcceptanceForm } from "~/components/review/acceptance-form";
import { AcceptanceList } from "~/components/review/risk-acceptances";
import { today as todayOf } from "~/domain/calendar";
import { canSometimes } from "~/domain/permissions";
import { acceptanceFormSchema, mayApprove } from "~/domain/review/risk-acceptance";
import { notFound } from "~/http/errors.server";
import { forbidden, requireStaffUser, requireUserWithPermission } from "~/http/guard.server";
import { handleIntent, intentFailure, readForm, unreadableForm } from "~/http/intent-form.server";
import { getComponent } from "~/services/ai-components.server";
import { componentRatingsFor } from "~/services/ratings.server";
import { acceptComponentRisk, affectedSystems, approverOptions, componentAcceptances, revokeAcceptance } from "~/services/risk-acceptances.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Accept the residual risk · ${data?.component.name ?? "Component"} · Assay` }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/findings.css" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "inventory:read");
  const component = await getComponent(context.app.db, params.componentId);
  if (!component) throw notFound();
  const systems = await affectedSystems(context.app.db, [component.id]);
  const ownerIds = systems.map((s) => s.ownerId);
  const canAccept = canSometimes(user.role, "risk:accept") && mayApprove(user, ownerIds);
  const [acceptances, approvers, ratings] = await Promise.all([
    componentAcceptances(context.app.db, component.id),
    canAccept ? approverOptions(context.app.db, ownerIds) : Promise.resolve([]),
    componentRatingsFor(context.app.db, [component.id]),
  ]);
  return {
    component: { id: component.id, name: component.name, version: component.version, supplierId: component.supplier_id, supplierName: component.supplier_name },
    residual: ratings.get(component.id)?.residual ?? null,
    systems,
    acceptances,
    approvers,
    canAccept,
    userId: user.id,
    today: todayOf(),
  };
}

const revokeSchema = z.object({
  acceptanceId: z.string({ error: "Choose an acceptance to revoke" }).pipe(z.uuid({ error: "Choose an acceptance to revoke" })),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context);
  if (!canSometimes(user.role, "risk:accept")) throw forbidden();
  const component = await getComponent(context.app.db, params.componentId);
  if (!component) throw notFound();
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const intent = form.get("intent");
  if (intent === "accept") {
    return handleIntent(form, "accept", acceptanceFormSchema, async (input) => {
      await acceptComponentRisk(context.app, user, component.id, input);
      throw redirect(`/components/${component.id}?accepted=1`);
    });
  }
  if (intent === "revoke") {
    return handleIntent(form, "revoke", revokeSchema, async (input) => {
      await revokeAcceptance(context.app, user, input.acceptanceId);
      throw redirect(`/components/${component.id}/accept-risk?revoked=1`);
    });
  }
  return intentFailure(null, { form: "The request was not understood. Reload the page and try again." }, {}, 400);
}

export default function AcceptComponentRisk() {
  const { component, residual, systems, acceptances, approvers, canAccept, userId, today } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const componentPath = `/components/${component.id}`;
  const revokeError = failure?.intent === "revoke" ? (failure.fieldErrors.form ?? failure.fieldErrors.acceptanceId) : null;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/components", label: "AI components" },
          { to: `/suppliers/${component.supplierId}`, label: component.supplierName },
          { to: componentPath, label: component.name },
          { label: "Accept the residual risk" },
        ]}
      />
      <PageHeader title={`Accept the residual risk of ${component.name}${component.version ? ` ${component.version}` : ""}`}>
        <p className="lead">
          Current residual risk: <strong>{residual ?? "not rated yet"}</strong>. An acceptance records that we live with it, why, who approved it, and until
          when; on its expiry day the risk is open again.
        </p>
      </PageHeader>
      {params.get("revoked") ? (
        <p className="flash flash--ok" role="status">
          Acceptance revoked.
        </p>
      ) : null}
      <FormError message={failure && !failure.intent ? failure.fieldErrors.form : revokeError} />

      <section aria-labelledby="accepted-heading" className="panel">
        <h2 id="accepted-heading">Acceptances</h2>
        {acceptances.length === 0 ? (
          <p className="muted">This component's residual risk has never been accepted.</p>
        ) : (
          <AcceptanceList acceptances={acceptances} canRevoke={canAccept} caption={`of ${component.name}`} kind="component" />
        )}
      </section>

      <section aria-labelledby="accept-heading" className="panel">
        <h2 id="accept-heading">Accept the residual risk</h2>
        {canAccept ? (
          <AcceptanceForm
            approvers={approvers}
            systems={systems}
            defaultApproverId={approvers.some((a) => a.id === userId) ? userId : ""}
            today={today}
            failure={failure?.intent === "accept" ? failure : null}
            submitLabel="Accept the residual risk"
            idPrefix="accept"
          />
        ) : (
          <p className="muted">
            Only an admin, or the risk owner of one of our AI systems that depends on {component.name}
            {systems.length === 0 ? " (none does yet)" : ""}, can accept its residual risk.
          </p>
        )}
        <p>
          <Link to={componentPath}>Back to {component.name}</Link>
        </p>
      </section>
    </>
  );
}
