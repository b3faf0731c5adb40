import { httpStatus } from "~/http/errors.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { SelectField, TextAreaField, TextField } from "~/components/field";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { addDays, today as todayOf } from "~/domain/calendar";
import { LABELS } from "~/domain/inventory";
import { readListQuery } from "~/domain/list-query";
import { formDataToObject, parseWith } from "~/forms/parse";
import type { FormFailure } from "~/http/form-action.server";
import { listPublishedVersions } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { campaignSupplierQuery, createCampaign, matchingSupplierIds, searchCampaignSuppliers } from "~/services/campaigns.server";
import { AppError } from "~/domain/errors";
import { requireUserWithPermission } from "~/http/guard.server";

export const meta: MetaFunction = () => [{ title: "Send a questionnaire to many suppliers · Assay" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/assessments.css" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "assessment:issue");
  const query = readListQuery(new URL(request.url), campaignSupplierQuery);
  const [suppliers, versions] = await Promise.all([searchCampaignSuppliers(context.app.db, query), listPublishedVersions(context.app.db)]);
  const today = todayOf();
  return { query, suppliers, versions, defaultDue: addDays(today, 30), minDue: addDays(today, 1) };
}

const campaignSchema = z.object({
  mode: z.enum(["selected", "matching"], { error: "Choose which suppliers to include" }),
  supplierIds: z.array(z.string()).max(5000),
  q: z.string().max(100).optional().default(""),
  status: z.enum(["", "prospective", "active"]).optional().catch(""),
  templateVersionId: z.string({ error: "Choose a published template version" }).min(1, "Choose a published template version"),
  dueDate: z.string({ error: "Choose a due date" }).trim().min(1, "Choose a due date"),
  message: z
    .string()
    .max(5000, "Keep the message under 5000 characters")
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null)),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:issue");
  const values = formDataToObject(await request.formData(), ["supplierIds"]);
  const parsed = parseWith(campaignSchema, values);
  if (!parsed.ok) return data<FormFailure>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const input = parsed.data;
  try {
    const supplierIds =
      input.mode === "matching" ? await matchingSupplierIds(context.app.db, { q: input.q.trim(), status: input.status || undefined }) : input.supplierIds;
    const id = await createCampaign(context.app, userActor(user), {
      templateVersionId: input.templateVersionId,
      dueDate: input.dueDate,
      message: input.message,
      supplierIds,
    });
    return redirect(`/campaigns/${id}`);
  } catch (error) {
    if (error instanceof AppError) return data<FormFailure>({ fieldErrors: { [error.field]: error.message }, values }, { status: httpStatus(error) });
    throw error;
  }
}

export default function NewCampaign() {
  const { query, suppliers, versions, defaultDue, minDue } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const sent = failure?.values;
  const text = (name: string, fallback: string) => (typeof sent?.[name] === "string" ? (sent[name] as string) : fallback);
  const ticked = Array.isArray(sent?.supplierIds) ? (sent.supplierIds as string[]) : null;
  const errors = failure?.fieldErrors ?? {};
  const builtin = versions.find((v) => v.is_builtin) ?? versions[0];
  const mode = text("mode", "selected");
  const withoutPrimary = suppliers.rows.filter((s) => !s.has_primary).length;
  return (
    <>
      <Breadcrumbs items={[{ to: "/assessments", label: "Assessments" }, { label: "Send to many suppliers" }]} />
      <h1>Send a questionnaire to many suppliers</h1>
      <p className="lead">
        Each supplier gets its own assessment, sent to its primary contact, about all its active AI components. Suppliers without a primary contact are skipped
        and listed with the reason. For one supplier, <Link to="/assessments/new">issue a questionnaire</Link> instead.
      </p>

      <Form method="get" className="filters" role="search" aria-label="Find suppliers">
        <div className="field">
          <label htmlFor="campaign-q">Supplier name</label>
          <input id="campaign-q" type="search" name="q" defaultValue={query.q} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="campaign-status">Status</label>
          <select id="campaign-status" name="status" defaultValue={query.status ?? ""}>
            <option value="">Prospective and active</option>
            <option value="prospective">Prospective</option>
            <option value="active">Active</option>
          </select>
        </div>
        <button type="submit" className="button">
          Find suppliers
        </button>
      </Form>

      <Form method="post" className="panel" noValidate>
        <FormError message={errors.form} />
        <input type="hidden" name="q" value={query.q} />
        <input type="hidden" name="status" value={query.status ?? ""} />
        <fieldset
          className={errors.supplierIds || errors.mode ? "field fieldset field--invalid" : "field fieldset"}
          aria-describedby={errors.supplierIds ? "supplierIds-error" : undefined}
        >
          <legend>Suppliers</legend>
          <p className="field__hint" role="status">
            {suppliers.total === 0
              ? "No prospective or active supplier matches this search."
              : `${suppliers.total.toLocaleString("en-GB")} supplier${suppliers.total === 1 ? "" : "s"} match${suppliers.total === 1 ? "es" : ""}${
                  suppliers.total > suppliers.rows.length ? `; the first ${suppliers.rows.length} are listed` : ""
                }.`}
            {withoutPrimary ? ` ${withoutPrimary} of those listed have no primary contact and will be skipped.` : ""}
          </p>
          {suppliers.total > 0 ? (
            <div className="campaign-mode">
              <span className="checkbox">
                <input type="radio" id="mode-matching" name="mode" value="matching" defaultChecked={mode === "matching"} />
                <label htmlFor="mode-matching">All {suppliers.total.toLocaleString("en-GB")} matching suppliers</label>
              </span>
              <span className="checkbox">
                <input type="radio" id="mode-selected" name="mode" value="selected" defaultChecked={mode !== "matching"} />
                <label htmlFor="mode-selected">Only the suppliers ticked below</label>
              </span>
            </div>
          ) : null}
          <ul className="campaign-suppliers">
            {suppliers.rows.map((s) => (
              <li key={s.id}>
                <span className="checkbox">
                  <input type="checkbox" id={`supplier-${s.id}`} name="supplierIds" value={s.id} defaultChecked={ticked ? ticked.includes(s.id) : true} />
                  <label htmlFor={`supplier-${s.id}`}>
                    {s.name}{" "}
                    <span className="muted">
                      ({LABELS.supplierStatus[s.status]}, {s.component_count} component{s.component_count === 1 ? "" : "s"})
                    </span>
                    {s.has_primary ? null : <span className="badge badge--warn">No primary contact: will be skipped</span>}
                  </label>
                </span>
              </li>
            ))}
          </ul>
          {errors.supplierIds ? (
            <p className="field__error" id="supplierIds-error">
              {errors.supplierIds}
            </p>
          ) : null}
        </fieldset>
        <div className="form-grid">
          <SelectField
            id="templateVersionId"
            name="templateVersionId"
            label="Questionnaire"
            options={versions.map((v) => ({ value: v.id, label: `${v.name}, version ${v.version}` }))}
            placeholder={versions.length ? "Choose a questionnaire" : "No published templates yet"}
            defaultValue={text("templateVersionId", builtin?.id ?? "")}
            error={errors.templateVersionId}
          />
          <TextField id="dueDate" name="dueDate" label="Due date" type="date" min={minDue} defaultValue={text("dueDate", defaultDue)} error={errors.dueDate} />
          <div className="field--wide">
            <TextAreaField
              id="message"
              name="message"
              label="Personal message"
              hint="Optional; the same message goes to every supplier"
              rows={4}
              maxLength={5000}
              defaultValue={text("message", "")}
              error={errors.message}
            />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy || suppliers.total === 0}>
            {busy ? "Starting…" : "Start the campaign"}
          </button>
          <Link to="/assessments" className="button button--quiet">
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}
