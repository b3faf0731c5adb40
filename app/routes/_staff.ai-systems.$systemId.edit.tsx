import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/domain/calendar";
import { Breadcrumbs } from "~/components/form-parts";
import { SystemForm } from "~/components/inventory/system-form";
import { systemSchema } from "~/domain/inventory-schemas";
import { handleForm } from "~/http/form-action.server";
import { assignableOwners, mayAssignOwner, requireWritableSystem } from "~/http/ai-system-pages.server";
import { listSystemOwners, updateSystem } from "~/services/ai-systems.server";
import { userActor } from "~/services/audit.server";
import { AppError } from "~/domain/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.system.name ?? "AI system"} · Assay` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, system } = await requireWritableSystem(request, context, params.systemId);
  const owners = assignableOwners(user, await listSystemOwners(context.app.db));
  return { system, owners, isAdmin: user.role === "admin" };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, system } = await requireWritableSystem(request, context, params.systemId);
  return handleForm(request, systemSchema, async (input) => {
    // A risk owner keeps the systems they own; handing one over is an admin's decision.
    if (!mayAssignOwner(user, input.ownerId))
      throw new AppError("forbidden", "Only an admin can hand this system over to another owner.", { field: "ownerId" });
    await updateSystem(context.app, userActor(user), system.id, input);
    throw redirect(`/ai-systems/${system.id}`);
  });
}

export default function EditAiSystem() {
  const { system, owners, isAdmin } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ to: "/ai-systems", label: "AI systems" }, { to: `/ai-systems/${system.id}`, label: system.name }, { label: "Edit" }]} />
      {system.archived_at ? (
        <p className="archived-banner" role="status">
          This AI system was archived on {formatDate(system.archived_at)}. You can correct its details; restore it from its page to change its dependencies.
        </p>
      ) : null}
      <h1>Edit {system.name}</h1>
      <SystemForm
        defaultValues={{
          name: system.name,
          purpose: system.purpose ?? "",
          ownerId: system.owner_id ?? "",
          businessUnit: system.business_unit ?? "",
          criticality: system.criticality,
          euAiActClass: system.eu_ai_act_class,
          lifecycle: system.lifecycle,
          externalId: system.external_id ?? "",
        }}
        owners={owners}
        ownerHint={isAdmin ? undefined : "Only an admin can hand this system over to another owner"}
        failure={failure}
        submitLabel="Save changes"
        cancelTo={`/ai-systems/${system.id}`}
      />
    </>
  );
}
