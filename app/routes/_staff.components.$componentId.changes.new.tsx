// /components/:id/changes/new: staff record a vendor's change notice on its behalf (a new model
// version, a retraining, a new training-data source, a sub-processor change, an incident), e.g.
// when the vendor told us by phone or in a release note. Same checks and effects as the portal.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChangeNoticeForm } from "~/components/change-notices/change-notice-form";
import { Breadcrumbs } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { today as todayOf } from "~/domain/calendar";
import { changeNoticeSchema } from "~/domain/deadlines/change-notice-form";
import { notFound } from "~/http/errors.server";
import { handleForm } from "~/http/form-action.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { getComponent } from "~/services/ai-components.server";
import { recordChangeNotice } from "~/services/change-notices.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Record a change · ${data?.component.name ?? "Component"} · Assay` }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/change-notices.css" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "component:write");
  const component = await getComponent(context.app.db, params.componentId);
  if (!component) throw notFound();
  return {
    component: {
      id: component.id,
      name: `${component.name}${component.version ? ` ${component.version}` : ""}`,
      supplierId: component.supplier_id,
      supplierName: component.supplier_name,
    },
    today: todayOf(),
  };
}

/** The component is the page's: no componentId is read from the form. */
const staffChangeSchema = changeNoticeSchema.omit({ componentId: true });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "component:write");
  const component = await getComponent(context.app.db, params.componentId);
  if (!component) throw notFound();
  return handleForm(request, staffChangeSchema, async (input) => {
    await recordChangeNotice(context.app, { type: "user", id: user.id, email: user.email, name: user.name }, { ...input, componentId: component.id });
    throw redirect(`/components/${component.id}?change=recorded`);
  });
}

export default function RecordChange() {
  const { component, today } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/components", label: "AI components" },
          { to: `/suppliers/${component.supplierId}`, label: component.supplierName },
          { to: `/components/${component.id}`, label: component.name },
          { label: "Record a change" },
        ]}
      />
      <PageHeader title={`Record a change to ${component.name}`}>
        <p className="lead">
          On behalf of {component.supplierName}. The risk owners of our systems that depend on it are emailed, the component is marked “changed since last
          review”, and its next reassessment moves according to the policy.
        </p>
      </PageHeader>
      <section aria-labelledby="record-heading" className="panel">
        <h2 id="record-heading">The change</h2>
        <ChangeNoticeForm
          components={[]}
          fixedComponent={{ id: component.id, name: component.name }}
          today={today}
          errors={failure?.fieldErrors ?? {}}
          values={failure?.values ?? {}}
          busy={busy}
          submitLabel="Record the change"
        />
        <p>
          <Link to={`/components/${component.id}`}>Back to {component.name}</Link>
        </p>
      </section>
    </>
  );
}
