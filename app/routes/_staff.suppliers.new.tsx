import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { SupplierForm } from "~/components/inventory/supplier-form";
import { handleForm } from "~/http/form-action.server";
import { COUNTRIES, supplierSchema } from "~/services/countries.server";
import { userActor } from "~/services/audit.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { createSupplier, listSupplierOwners } from "~/services/suppliers.server";

export const meta: MetaFunction = () => [{ title: "Add a supplier · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "supplier:write");
  return { owners: await listSupplierOwners(context.app.db), me: user.role === "procurement" ? user.id : "", countries: COUNTRIES };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "supplier:write");
  return handleForm(request, supplierSchema, async (input) => {
    const id = await createSupplier(context.app, userActor(user), input);
    throw redirect(`/suppliers/${id}`);
  });
}

export default function NewSupplier() {
  const { owners, me, countries } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ to: "/suppliers", label: "Suppliers" }, { label: "Add a supplier" }]} />
      <h1>Add a supplier</h1>
      <SupplierForm
        defaultValues={{ name: "", legalName: "", website: "", country: "", status: "prospective", procurementOwnerId: me, notes: "", externalId: "" }}
        owners={owners}
        countries={countries}
        failure={failure}
        submitLabel="Add supplier"
        cancelTo="/suppliers"
      />
    </>
  );
}
