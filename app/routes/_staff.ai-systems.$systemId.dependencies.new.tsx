import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { Breadcrumbs } from "~/components/form-parts";
import { DependencyForm, type PickerComponent } from "~/components/inventory/dependency-form";
import { dependencySchema } from "~/domain/inventory-schemas";
import { optionalUuidParam, readListQuery } from "~/domain/list-query";
import { handleForm, type FormFailure } from "~/http/form-action.server";
import { getComponent, searchComponents } from "~/services/ai-components.server";
import { requireWritableSystem } from "~/http/ai-system-pages.server";
import { addDependency, listSystemDependencies } from "~/services/ai-systems.server";
import { userActor } from "~/services/audit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Add a dependency · ${data?.system.name ?? "AI system"} · Assay` }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/ai-systems.css" }];

/** How many matches the picker shows: enough to choose from, never the whole table. */
const PICKER_SIZE = 20;

const pickerQuery = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  component: optionalUuidParam,
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { system } = await requireWritableSystem(request, context, params.systemId);
  const query = readListQuery(new URL(request.url), pickerQuery);
  if (system.archived_at) return { system, query, components: [], preselected: null, archived: true as const };
  const [matches, linked, wanted] = await Promise.all([
    searchComponents(context.app.db, query.q, PICKER_SIZE),
    listSystemDependencies(context.app.db, system.id),
    query.component ? getComponent(context.app.db, query.component) : null,
  ]);
  const linkedIds = new Set(linked.map((d) => d.component_id));
  const components: PickerComponent[] = matches.map((c) => ({ ...c, linked: linkedIds.has(c.id) }));
  // A component asked for by ?component= (from a component's page) comes first, even if the search would not find it.
  const preselected = wanted && !wanted.archived_at ? { ...pick(wanted), linked: linkedIds.has(wanted.id) } : null;
  if (preselected && !components.some((c) => c.id === preselected.id)) components.unshift(preselected);
  return { system, query, components, preselected, archived: false as const };
}

function pick(c: NonNullable<Awaited<ReturnType<typeof getComponent>>>) {
  return { id: c.id, name: c.name, version: c.version, kind: c.kind, supplier_name: c.supplier_name };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, system } = await requireWritableSystem(request, context, params.systemId);
  if (system.archived_at) {
    return data<FormFailure>({ fieldErrors: { form: "This system is archived: restore it before adding dependencies." }, values: {} }, { status: 409 });
  }
  return handleForm(
    request,
    dependencySchema,
    async (input) => {
      await addDependency(context.app, userActor(user), system.id, input);
      throw redirect(`/ai-systems/${system.id}`);
    },
    ["dataCategories"],
  );
}

export default function NewDependency() {
  const { system, query, components, preselected, archived } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const systemPath = `/ai-systems/${system.id}`;
  return (
    <>
      <Breadcrumbs items={[{ to: "/ai-systems", label: "AI systems" }, { to: systemPath, label: system.name }, { label: "Add a dependency" }]} />
      <h1>Add a dependency</h1>
      {archived ? (
        <p className="archived-banner" role="status">
          {system.name} is archived. <Link to={systemPath}>Restore it from its page</Link> before linking it to vendor components.
        </p>
      ) : (
        <>
          <p className="lead">Which vendor component does {system.name} use, for what, and which data does it send to it?</p>
          {preselected?.linked ? (
            <p className="notice" role="status">
              {system.name} already depends on {preselected.name}. <Link to={systemPath}>Edit that dependency from the system's page</Link>.
            </p>
          ) : null}
          <Form method="get" className="picker-search" role="search" aria-label="Find a component">
            <div className="field">
              <label htmlFor="component-q">Find a component by its name or its supplier's name</label>
              <input id="component-q" type="search" name="q" defaultValue={query.q} maxLength={100} />
            </div>
            {query.component ? <input type="hidden" name="component" value={query.component} /> : null}
            <button type="submit" className="button">
              Search
            </button>
          </Form>
          <p className="muted" role="status">
            {components.length === 0
              ? null
              : query.q
                ? `Components matching “${query.q}”${components.length >= PICKER_SIZE ? ` (the first ${PICKER_SIZE}; search more precisely to narrow them down)` : ""}.`
                : `The first ${components.length} components by name; search to find others.`}
          </p>
          <DependencyForm
            key={`${query.q}|${query.component ?? ""}`}
            defaultValues={{ componentId: preselected && !preselected.linked ? preselected.id : undefined, purpose: "", dataCategories: [], since: "" }}
            components={components}
            noComponents={
              <p className="muted">
                {query.q ? `No active component matches “${query.q}”. Try another name` : "No components recorded yet"}, or ask procurement to add it to{" "}
                <Link to="/suppliers">its supplier</Link> first.
              </p>
            }
            failure={failure}
            submitLabel="Add dependency"
            cancelTo={systemPath}
          />
        </>
      )}
    </>
  );
}
