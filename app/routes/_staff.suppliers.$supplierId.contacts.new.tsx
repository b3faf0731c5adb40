import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { ContactForm } from "~/components/inventory/contact-form";
import { contactSchema } from "~/domain/inventory-schemas";
import { handleForm } from "~/http/form-action.server";
import { userActor } from "~/services/audit.server";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { saveContact } from "~/services/supplier-contacts.server";
import { getSupplier } from "~/services/suppliers.server";

export const meta: MetaFunction = () => [{ title: "Add a contact · Assay" }];

async function load(request: Request, params: { supplierId?: string }, context: LoaderFunctionArgs["context"]) {
  const user = await requireUserWithPermission(request, context, "supplier:write");
  const supplier = await getSupplier(context.app.db, params.supplierId);
  if (!supplier) throw notFound();
  return { user, supplier };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { supplier } = await load(request, params, context);
  return { supplier: { id: supplier.id, name: supplier.name } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, supplier } = await load(request, params, context);
  return handleForm(request, contactSchema, async (input) => {
    await saveContact(context.app, userActor(user), supplier.id, null, input);
    throw redirect(`/suppliers/${supplier.id}`);
  });
}

export default function NewContact() {
  const { supplier } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ to: "/suppliers", label: "Suppliers" }, { to: `/suppliers/${supplier.id}`, label: supplier.name }, { label: "Add a contact" }]} />
      <h1>Add a contact at {supplier.name}</h1>
      <ContactForm
        defaultValues={{ name: "", email: "", title: "", isPrimary: false, externalId: "" }}
        failure={failure}
        submitLabel="Add contact"
        cancelTo={`/suppliers/${supplier.id}`}
      />
    </>
  );
}
