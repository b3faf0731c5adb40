import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { AssessmentList, issueHrefFor } from "~/components/inventory/assessment-list";
import { RecordActions } from "~/components/inventory/record-actions";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { CriticalityBadge, DataCategories } from "~/components/inventory/badges";
import { EmptyState, PageHeader } from "~/components/list";
import { RatingPanel } from "~/components/ratings/rating-panel";
import { formatDate } from "~/domain/calendar";
import { describeCadence, LABELS } from "~/domain/inventory";
import { can } from "~/domain/permissions";
import { handleCommand } from "~/http/form-action.server";
import { userActor } from "~/services/audit.server";
import { dependentsOf, listSupplierComponents } from "~/services/ai-components.server";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { inventoryAssessments } from "~/services/inventory-assessments.server";
import { supplierRatingPanel } from "~/services/ratings.server";
import { deleteContact, listContacts } from "~/services/supplier-contacts.server";
import { getSupplier, setSupplierArchived } from "~/services/suppliers.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/inventory.css" }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.supplier.name ?? "Supplier"} · Assay` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "inventory:read");
  const supplier = await getSupplier(context.app.db, params.supplierId);
  if (!supplier) throw notFound();
  const [contacts, components, rating, assessments] = await Promise.all([
    listContacts(context.app.db, supplier.id),
    listSupplierComponents(context.app.db, supplier.id),
    supplierRatingPanel(context.app.db, supplier),
    inventoryAssessments(context.app.db, { supplierId: supplier.id }),
  ]);
  const dependents = await dependentsOf(
    context.app.db,
    components.map((c) => c.id),
  );
  return {
    supplier,
    contacts,
    rating,
    assessments,
    components: components.map((c) => ({ ...c, dependents: dependents.filter((d) => d.ai_component_id === c.id) })),
    canEdit: can(user, "supplier:write"),
    canEditComponents: can(user, "component:write"),
    canIssue: can(user, "assessment:issue"),
  };
}

const commandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("restore") }),
  z.object({ intent: z.literal("delete-contact"), contactId: z.uuid() }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "supplier:write");
  const supplier = await getSupplier(context.app.db, params.supplierId);
  if (!supplier) throw notFound();
  const parsed = commandSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ fieldErrors: { form: "The request was not understood. Reload the page and try again." }, values: {} }, { status: 400 });
  const command = parsed.data;
  return handleCommand(async () => {
    if (command.intent === "delete-contact") await deleteContact(context.app, userActor(user), supplier.id, command.contactId);
    else await setSupplierArchived(context.app, userActor(user), supplier.id, command.intent === "archive");
    throw redirect(`/suppliers/${supplier.id}`);
  });
}

export default function SupplierDetail() {
  const { supplier, contacts, rating, assessments, components, canEdit, canEditComponents, canIssue } = useLoaderData<typeof loader>();
  const issueHref = issueHrefFor(supplier.id);
  const failure = useActionData<typeof action>();
  const activeComponents = components.filter((c) => !c.archived_at);
  const archivedComponents = components.filter((c) => c.archived_at);
  return (
    <>
      <Breadcrumbs items={[{ to: "/suppliers", label: "Suppliers" }, { label: supplier.name }]} />
      {supplier.archived_at ? (
        <p className="archived-banner" role="status">
          This supplier was archived on {formatDate(supplier.archived_at)}. Its history is kept; restore it to work with it again.
        </p>
      ) : null}
      <PageHeader title={supplier.name} actions={canEdit ? <RecordActions editTo="edit" archived={Boolean(supplier.archived_at)} /> : null}>
        <p className="lead">
          {LABELS.supplierStatus[supplier.status]}
          {supplier.country_name ? ` · ${supplier.country_name}` : ""}
          {supplier.owner_name ? ` · owned by ${supplier.owner_name}` : ""}
        </p>
      </PageHeader>
      <FormError message={failure?.fieldErrors.form} />

      <section aria-labelledby="details-heading" className="panel">
        <h2 id="details-heading">Details</h2>
        <dl className="detail-grid">
          <dt>Legal name</dt>
          <dd>{supplier.legal_name ?? "—"}</dd>
          <dt>Website</dt>
          <dd>
            {supplier.website ? (
              <a href={supplier.website} rel="noreferrer noopener" target="_blank">
                {supplier.website}
              </a>
            ) : (
              "—"
            )}
          </dd>
          <dt>Country</dt>
          <dd>{supplier.country ? `${supplier.country_name} (${supplier.country})` : "—"}</dd>
          <dt>External id</dt>
          <dd>{supplier.external_id ?? "—"}</dd>
          <dt>Notes</dt>
          <dd className="prewrap">{supplier.notes ?? "—"}</dd>
        </dl>
      </section>

      <RatingPanel {...rating} issueHref={issueHref} />

      <AssessmentList {...assessments} subject={supplier.name} issueHref={canIssue ? issueHref : null} allHref={`/assessments?supplier=${supplier.id}`} />

      <section aria-labelledby="contacts-heading">
        <div className="section-header">
          <h2 id="contacts-heading">Contacts</h2>
          {canEdit ? (
            <Link to="contacts/new" className="button button--small">
              Add a contact
            </Link>
          ) : null}
        </div>
        {contacts.length === 0 ? (
          <EmptyState title="No contacts yet.">
            <p>Questionnaires go to a supplier's contacts: {canEdit ? <Link to="contacts/new">add the first one</Link> : "procurement adds them"}.</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Contacts of {supplier.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Title</th>
                  {canEdit ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {contacts.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.name} {c.is_primary ? <span className="badge badge--ok">Primary</span> : null}
                    </td>
                    <td>{c.email}</td>
                    <td>{c.title ?? "—"}</td>
                    {canEdit ? (
                      <td>
                        <span className="inline-form">
                          <Link to={`contacts/${c.id}`} className="button button--small">
                            Edit<span className="visually-hidden"> {c.name}</span>
                          </Link>
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="delete-contact" />
                            <input type="hidden" name="contactId" value={c.id} />
                            <button type="submit" className="button button--small button--danger">
                              Remove<span className="visually-hidden"> {c.name}</span>
                            </button>
                          </Form>
                        </span>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="components-heading">
        <div className="section-header">
          <h2 id="components-heading">AI components ({activeComponents.length})</h2>
          {canEditComponents && !supplier.archived_at ? (
            <Link to="components/new" className="button button--small">
              Add a component
            </Link>
          ) : null}
        </div>
        {activeComponents.length === 0 ? (
          <EmptyState title="No AI components recorded.">
            <p>Record each API, model, dataset or AI feature this supplier provides, so our systems can be linked to it.</p>
          </EmptyState>
        ) : (
          <ul className="card-list">
            {activeComponents.map((c) => (
              <li key={c.id} className="card">
                <h3>
                  <Link to={`/components/${c.id}`}>{c.name}</Link> {c.version ? <span className="muted">{c.version}</span> : null}
                </h3>
                <p className="muted">
                  {LABELS.componentKind[c.kind]} · updates: {describeCadence(c.update_cadence, c.update_interval_days)}
                  {c.is_gpai ? " · general-purpose AI" : ""}
                  {c.data_residency ? ` · data in ${c.data_residency}` : ""}
                </p>
                {c.dependents.length === 0 ? (
                  <p className="muted">None of our AI systems depends on it.</p>
                ) : (
                  <table>
                    <caption>Our systems that depend on {c.name}</caption>
                    <thead>
                      <tr>
                        <th scope="col">System</th>
                        <th scope="col">Owner</th>
                        <th scope="col">Criticality</th>
                        <th scope="col">Data shared</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.dependents.map((d) => (
                        <tr key={d.id}>
                          <td>
                            <Link to={`/ai-systems/${d.system_id}`}>{d.system_name}</Link>
                          </td>
                          <td>{d.owner_name ?? "—"}</td>
                          <td>
                            <CriticalityBadge value={d.criticality} />
                          </td>
                          <td>
                            <DataCategories values={d.data_categories} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
        )}
        {archivedComponents.length ? (
          <p className="muted">
            Archived components:{" "}
            {archivedComponents.map((c, i) => (
              <span key={c.id}>
                {i ? ", " : ""}
                <Link to={`/components/${c.id}`}>{c.name}</Link>
              </span>
            ))}
          </p>
        ) : null}
      </section>
    </>
  );
}
