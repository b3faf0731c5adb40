import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/form-parts";
import { DependencyForm, dependencyDetailsSchema } from "~/components/inventory/dependency-form";
import { LABELS } from "~/domain/inventory";
import { handleCommand, handleForm, type FormFailure } from "~/http/form-action.server";
import { requireWritableSystem } from "~/http/ai-system-pages.server";
import { listSystemDependencies, removeDependency, updateDependency } from "~/services/ai-systems.server";
import { userActor } from "~/services/audit.server";
import { notFound } from "~/http/errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.dependency.component_name} in ${data.system.name} · Assay` : "Dependency · Assay" },
];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/ai-systems.css" }];

/** The system (writable by this user) and one of its dependencies, or a 404. */
async function load(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const { user, system } = await requireWritableSystem(request, context, params.systemId);
  // A system has a handful of dependencies; an unknown or malformed id simply matches none.
  const dependency = (await listSystemDependencies(context.app.db, system.id)).find((d) => d.id === params.dependencyId);
  if (!dependency) throw notFound();
  return { user, system, dependency };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { system, dependency } = await load(request, context, params);
  return { system, dependency };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, system, dependency } = await load(request, context, params);
  if (system.archived_at) {
    return data<FormFailure>({ fieldErrors: { form: "This system is archived: restore it before changing its dependencies." }, values: {} }, { status: 409 });
  }
  const intent = (await request.clone().formData()).get("intent");
  if (intent === "remove") {
    return handleCommand(async () => {
      await removeDependency(context.app, userActor(user), system.id, dependency.id);
      throw redirect(`/ai-systems/${system.id}`);
    });
  }
  return handleForm(
    request,
    dependencyDetailsSchema,
    async (input) => {
      await updateDependency(context.app, userActor(user), system.id, dependency.id, input);
      throw redirect(`/ai-systems/${system.id}`);
    },
    ["dataCategories"],
  );
}

export default function EditDependency() {
  const { system, dependency } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const systemPath = `/ai-systems/${system.id}`;
  return (
    <>
      <Breadcrumbs items={[{ to: "/ai-systems", label: "AI systems" }, { to: systemPath, label: system.name }, { label: dependency.component_name }]} />
      <h1>
        {system.name} → {dependency.component_name}
      </h1>
      <p className="lead">
        <Link to={`/components/${dependency.component_id}`}>{dependency.component_name}</Link>
        {dependency.version ? ` ${dependency.version}` : ""} · {LABELS.componentKind[dependency.kind]} from{" "}
        <Link to={`/suppliers/${dependency.supplier_id}`}>{dependency.supplier_name}</Link>
      </p>
      {system.archived_at ? (
        <p className="archived-banner" role="status">
          {system.name} is archived. <Link to={systemPath}>Restore it from its page</Link> before changing its dependencies.
        </p>
      ) : (
        <>
          <DependencyForm
            defaultValues={{ purpose: dependency.purpose ?? "", dataCategories: [...dependency.data_categories], since: dependency.since ?? "" }}
            failure={failure}
            submitLabel="Save changes"
            cancelTo={systemPath}
          />
          <section aria-labelledby="remove-heading" className="panel danger-zone">
            <h2 id="remove-heading">Remove this dependency</h2>
            <p>
              Do this when {system.name} no longer uses {dependency.component_name}. The change is recorded in the audit trail.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="remove" />
              <button type="submit" className="button button--danger">
                Remove the dependency on {dependency.component_name}
              </button>
            </Form>
          </section>
        </>
      )}
    </>
  );
}
