import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { SupplierForm } from "~/components/inventory/supplier-form";
import { handleForm } from "~/http/form-action.server";
import { COUNTRIES, supplierSchema } from "~/services/countries.server";
import { userActor } from "~/services/audit.server";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { getSupplier, listSupplierOwners, updateSupplier } from "~/services/suppliers.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.supplier.name ?? "supplier"} · Assay` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "supplier:write");
  const supplier = await getSupplier(context.app.db, params.supplierId);
  if (!supplier) throw notFound();
  return { supplier, owners: await listSupplierOwners(context.app.db), countries: COUNTRIES };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "supplier:write");
  const supplier = await getSupplier(context.app.db, params.supplierId);
  if (!supplier) throw notFound();
  return handleForm(request, supplierSchema, async (input) => {
    await updateSupplier(context.app, userActor(user), supplier.id, input);
    throw redirect(`/suppliers/${supplier.id}`);
  });
}

export default function EditSupplier() {
  const { supplier, owners, countries } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ to: "/suppliers", label: "Suppliers" }, { to: `/suppliers/${supplier.id}`, label: supplier.name }, { label: "Edit" }]} />
      <h1>Edit {supplier.name}</h1>
      <SupplierForm
        defaultValues={{
          name: supplier.name,
          legalName: supplier.legal_name ?? "",
          website: supplier.website ?? "",
          // The name ("Germany"): the form accepts it as readily as the code.
          country: supplier.country_name ?? "",
          status: supplier.status,
          procurementOwnerId: supplier.procurement_owner_id ?? "",
          notes: supplier.notes ?? "",
          externalId: supplier.external_id ?? "",
        }}
        owners={owners}
        countries={countries}
        failure={failure}
        submitLabel="Save changes"
        cancelTo={`/suppliers/${supplier.id}`}
      />
    </>
  );
}
