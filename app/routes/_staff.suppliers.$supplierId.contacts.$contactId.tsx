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
import { getContact, saveContact } from "~/services/supplier-contacts.server";
import { getSupplier } from "~/services/suppliers.server";

export const meta: MetaFunction = () => [{ title: "Edit contact · Assay" }];

async function load(request: Request, params: { supplierId?: string; contactId?: string }, context: LoaderFunctionArgs["context"]) {
  const user = await requireUserWithPermission(request, context, "supplier:write");
  const supplier = await getSupplier(context.app.db, params.supplierId);
  const contact = supplier ? await getContact(context.app.db, supplier.id, params.contactId) : null;
  if (!supplier || !contact) throw notFound();
  return { user, supplier, contact };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { supplier, contact } = await load(request, params, context);
  return { supplier: { id: supplier.id, name: supplier.name }, contact };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, supplier, contact } = await load(request, params, context);
  return handleForm(request, contactSchema, async (input) => {
    await saveContact(context.app, userActor(user), supplier.id, contact.id, input);
    throw redirect(`/suppliers/${supplier.id}`);
  });
}

export default function EditContact() {
  const { supplier, contact } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ to: "/suppliers", label: "Suppliers" }, { to: `/suppliers/${supplier.id}`, label: supplier.name }, { label: contact.name }]} />
      <h1>Edit {contact.name}</h1>
      <ContactForm
        defaultValues={{
          name: contact.name,
          email: contact.email,
          title: contact.title ?? "",
          isPrimary: contact.is_primary,
          externalId: contact.external_id ?? "",
        }}
        failure={failure}
        submitLabel="Save changes"
        cancelTo={`/suppliers/${supplier.id}`}
      />
    </>
  );
}
