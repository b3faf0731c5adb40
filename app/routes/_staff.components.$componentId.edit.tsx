import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { ComponentForm } from "~/components/inventory/component-form";
import { componentSchema } from "~/domain/inventory-schemas";
import { handleForm } from "~/http/form-action.server";
import { getComponent, updateComponent } from "~/services/ai-components.server";
import { userActor } from "~/services/audit.server";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.component.name ?? "component"} · Assay` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "component:write");
  const component = await getComponent(context.app.db, params.componentId);
  if (!component) throw notFound();
  return { component };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "component:write");
  const component = await getComponent(context.app.db, params.componentId);
  if (!component) throw notFound();
  return handleForm(request, componentSchema, async (input) => {
    await updateComponent(context.app, userActor(user), component.id, input);
    throw redirect(`/components/${component.id}`);
  });
}

export default function EditComponent() {
  const { component: c } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ to: `/suppliers/${c.supplier_id}`, label: c.supplier_name }, { to: `/components/${c.id}`, label: c.name }, { label: "Edit" }]} />
      <h1>Edit {c.name}</h1>
      <ComponentForm
        defaultValues={{
          name: c.name,
          kind: c.kind,
          version: c.version ?? "",
          modelFamily: c.model_family ?? "",
          updateCadence: c.update_cadence,
          updateIntervalDays: c.update_interval_days === null ? "" : String(c.update_interval_days),
          isGpai: c.is_gpai,
          dataResidency: c.data_residency ?? "",
          description: c.description ?? "",
          externalId: c.external_id ?? "",
        }}
        failure={failure}
        submitLabel="Save changes"
        cancelTo={`/components/${c.id}`}
      />
    </>
  );
}
