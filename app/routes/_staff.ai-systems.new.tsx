import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { SystemForm } from "~/components/inventory/system-form";
import { systemSchema } from "~/domain/inventory-schemas";
import { handleForm } from "~/http/form-action.server";
import { assignableOwners, mayAssignOwner } from "~/http/ai-system-pages.server";
import { createSystem, listSystemOwners } from "~/services/ai-systems.server";
import { userActor } from "~/services/audit.server";
import { AppError } from "~/domain/errors";
import { requireUserWithPermission } from "~/http/guard.server";

export const meta: MetaFunction = () => [{ title: "Add an AI system · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "system:create");
  const owners = assignableOwners(user, await listSystemOwners(context.app.db));
  return {
    owners,
    // A risk owner adds systems they own; an admin picks the owner.
    me: user.role === "risk_owner" ? user.id : "",
    ownerHint: user.role === "admin" ? undefined : "You own the systems you add; an admin can hand one over to someone else later",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "system:create");
  return handleForm(request, systemSchema, async (input) => {
    if (!mayAssignOwner(user, input.ownerId))
      throw new AppError("forbidden", "You can only add systems that you own yourself. Ask an admin to assign another owner.", { field: "ownerId" });
    const id = await createSystem(context.app, userActor(user), input);
    throw redirect(`/ai-systems/${id}`);
  });
}

export default function NewAiSystem() {
  const { owners, me, ownerHint } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ to: "/ai-systems", label: "AI systems" }, { label: "Add an AI system" }]} />
      <h1>Add an AI system</h1>
      <p className="lead">One of our own models or AI features. You can link it to the vendor components it uses next.</p>
      <SystemForm
        defaultValues={{ name: "", purpose: "", ownerId: me, businessUnit: "", criticality: "", euAiActClass: "", lifecycle: "planned", externalId: "" }}
        owners={owners}
        ownerHint={ownerHint}
        failure={failure}
        submitLabel="Add AI system"
        cancelTo="/ai-systems"
      />
    </>
  );
}
