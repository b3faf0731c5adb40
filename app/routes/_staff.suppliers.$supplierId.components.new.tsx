import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { ComponentForm } from "~/components/inventory/component-form";
import { componentSchema } from "~/domain/inventory-schemas";
import { handleForm } from "~/http/form-action.server";
import { createComponent } from "~/services/ai-components.server";
import { userActor } from "~/services/audit.server";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { getSupplier } from "~/services/suppliers.server";

export const meta: MetaFunction = () => [{ title: "Add an AI component · Assay" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "component:write");
  const supplier = await getSupplier(context.app.db, params.supplierId);
  if (!supplier) throw notFound();
  return { supplier: { id: supplier.id, name: supplier.name } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "component:write");
  const supplier = await getSupplier(context.app.db, params.supplierId);
  if (!supplier) throw notFound();
  return handleForm(request, componentSchema, async (input) => {
    await createComponent(context.app, userActor(user), supplier.id, input);
    throw redirect(`/suppliers/${supplier.id}`);
  });
}

export default function NewComponent() {
  const { supplier } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs
        items={[{ to: "/suppliers", label: "Suppliers" }, { to: `/suppliers/${supplier.id}`, label: supplier.name }, { label: "Add an AI component" }]}
      />
      <h1>Add an AI component from {supplier.name}</h1>
      <ComponentForm
        defaultValues={{
          name: "",
          kind: "hosted_api",
          version: "",
          modelFamily: "",
          updateCadence: "unknown",
          updateIntervalDays: "",
          isGpai: false,
          dataResidency: "",
          description: "",
          externalId: "",
        }}
        failure={failure}
        submitLabel="Add component"
        cancelTo={`/suppliers/${supplier.id}`}
      />
    </>
  );
}
