// /admin/organisation: admins set the buying organisation's profile (name, logo, support contact,
// privacy notice), which vendors see on the portal and in every email. One multipart form: the text
// fields are checked with the shared schema, the logo by its content (PNG or JPEG, at most 512 KB);
// any problem writes nothing and is shown next to its field.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AdminNav, adminNavLinks } from "~/components/admin-nav";
import { PageHeader } from "~/components/list";
import { OrganisationForm } from "~/components/organisation-form";
import { AppError } from "~/domain/errors";
import { formatFileSize } from "~/domain/file-types";
import { checkLogo, logoPath, MAX_LOGO_BYTES, ORGANISATION_FORM_FIELDS, organisationFormValues, organisationProfileSchema } from "~/domain/organisation";
import type { FormFailure } from "~/forms/form-failure";
import { EMPTY_FORM_MESSAGE, parseWith, type FieldErrors } from "~/forms/parse";
import { httpStatus } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { formFile, readFormBody, type FormBody, type FormLimits } from "~/http/multipart.server";
import { userActor } from "~/services/audit.server";
import { loadOrganisation, saveOrganisationProfile, type LogoChange } from "~/services/organisation.server";

export const meta: MetaFunction = () => [{ title: "Organisation profile · Assay" }];
export const links: LinksFunction = () => [...adminNavLinks(), { rel: "stylesheet", href: "/styles/organisation.css" }];

/** One logo and a few short text fields. */
const PROFILE_FORM: FormLimits = {
  fileSize: MAX_LOGO_BYTES,
  files: 1,
  fileFields: ["logo"],
  fields: 20,
  fieldSize: 4 * 1024,
  total: MAX_LOGO_BYTES + 64 * 1024,
};

const NOTHING_SAVED = "Nothing was saved.";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "organisation:manage");
  const organisation = await loadOrganisation(context.app.db);
  return { values: organisationFormValues(organisation), logoSrc: logoPath(organisation) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Refused before the body is read: only admins set the profile.
  const user = await requireUserWithPermission(request, context, "organisation:manage");
  let body: FormBody;
  try {
    body = await readFormBody(request, PROFILE_FORM);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const fieldErrors: FieldErrors =
      error.kind === "too_large" && error.details.over !== "field"
        ? {
            logo: `The logo is larger than ${formatFileSize(MAX_LOGO_BYTES)}. Upload a PNG or JPEG image of at most ${formatFileSize(MAX_LOGO_BYTES)}. ${NOTHING_SAVED}`,
          }
        : { form: error.message };
    return data<FormFailure>({ fieldErrors, values: {} }, { status: httpStatus(error) });
  }
  const values: Record<string, unknown> = {};
  for (const name of ORGANISATION_FORM_FIELDS) if (name in body.fields) values[name] = body.fields[name];
  if (Object.keys(values).length === 0) return data<FormFailure>({ fieldErrors: { form: EMPTY_FORM_MESSAGE }, values: {} }, { status: 400 });

  const parsed = parseWith(organisationProfileSchema, values);
  const fieldErrors: FieldErrors = parsed.ok ? {} : { ...parsed.fieldErrors };
  const file = formFile(body, "logo");
  let logo: LogoChange = null;
  // A file input left empty still sends a part, without a name or bytes.
  if (file && (file.name !== "" || file.bytes.byteLength > 0)) {
    const checked = checkLogo(file.bytes, file.name);
    if (checked.ok) logo = { bytes: file.bytes, contentType: checked.contentType };
    else fieldErrors.logo = `${checked.message} ${NOTHING_SAVED}`;
  }
  if (!parsed.ok || Object.keys(fieldErrors).length) {
    const echoed = parsed.ok ? values : parsed.values;
    return data<FormFailure>({ fieldErrors, values: { ...echoed, removeLogo: false } }, { status: 400 });
  }
  const changed = await saveOrganisationProfile(context.app, userActor(user), parsed.data, logo);
  throw redirect(changed ? "/admin/organisation?saved=1" : "/admin/organisation?unchanged=1");
}

export default function OrganisationProfilePage() {
  const { values, logoSrc } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <AdminNav />
      <PageHeader title="Organisation profile">
        <p className="lead">
          Who is asking: vendors see your organisation&apos;s name and logo on the questionnaire portal, and the name, support contact and privacy notice in
          every email.
        </p>
      </PageHeader>
      {params.get("saved") && !failure ? (
        <p className="flash flash--ok" role="status">
          Saved. Vendors see the new profile on their next page and in the next email.
        </p>
      ) : null}
      {params.get("unchanged") && !failure ? (
        <p className="flash flash--ok" role="status">
          Nothing changed.
        </p>
      ) : null}
      {/* A new logo remounts the form, so the file input is empty again after a save. */}
      <OrganisationForm key={logoSrc ?? "no-logo"} values={values} failure={failure ?? null} logoSrc={logoSrc} />
    </>
  );
}
