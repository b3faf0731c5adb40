// The organisation profile form: name, logo, support contact, privacy notice. Checked in the browser
// with the same zod schema the server uses; without JavaScript it posts as a plain multipart form.
import { Form, useNavigation } from "@remix-run/react";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { formatFileSize } from "~/domain/file-types";
import { LOGO_ACCEPT, MAX_LOGO_BYTES, organisationProfileSchema, type OrganisationProfileFormValues } from "~/domain/organisation";
import type { FormFailure } from "~/forms/form-failure";
import { useValidatedForm } from "~/forms/validated-form";
import { CheckboxField, TextField } from "./field";
import { FormError } from "./form-parts";

interface Props {
  values: OrganisationProfileFormValues;
  failure?: FormFailure | null;
  /** The current logo's address, or null when there is none. */
  logoSrc: string | null;
}

const LOGO_HINT = `A PNG or JPEG image of at most ${formatFileSize(MAX_LOGO_BYTES)} (SVG is not accepted: it can carry scripts). Shown about 32 pixels high.`;

export function OrganisationForm({ values, failure, logoSrc }: Props) {
  // A refused upload may come back without the text fields (the body was not read to its end): then the saved values.
  const defaults = failure && Object.keys(failure.values).length ? (failure.values as OrganisationProfileFormValues) : values;
  const { field, checkbox, onSubmit, errorFor } = useValidatedForm(organisationProfileSchema, { defaultValues: defaults, serverErrors: failure?.fieldErrors });
  const busy = useNavigation().state !== "idle";
  const [logoError, setLogoError] = useState<string | null>(null);

  const checkLogoSize = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    setLogoError(file && file.size > MAX_LOGO_BYTES ? `The logo is larger than ${formatFileSize(MAX_LOGO_BYTES)}. Choose a smaller PNG or JPEG image.` : null);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (logoError) return event.preventDefault();
    onSubmit(event);
  };

  return (
    <Form method="post" encType="multipart/form-data" noValidate onSubmit={submit} className="panel organisation-form">
      <FormError message={errorFor("form")} />
      <TextField
        id="name"
        label="Organisation name"
        hint="As vendors know you, e.g. “Northwind Health”. Until it is set, vendors read “the buying organisation”."
        autoComplete="organization"
        maxLength={120}
        {...field("name")}
        error={errorFor("name")}
      />
      <fieldset className="fieldset organisation-form__group">
        <legend>Logo</legend>
        {logoSrc ? (
          <p className="organisation-form__current">
            <img src={logoSrc} alt="The current logo" height={32} />
          </p>
        ) : (
          <p className="muted">No logo yet.</p>
        )}
        <div className={logoError || errorFor("logo") ? "field field--invalid" : "field"}>
          <label htmlFor="logo">{logoSrc ? "Replace the logo" : "Upload a logo"}</label>
          <p className="field__hint" id="logo-hint">
            {LOGO_HINT}
          </p>
          <input
            id="logo"
            name="logo"
            type="file"
            accept={LOGO_ACCEPT}
            onChange={checkLogoSize}
            aria-invalid={logoError || errorFor("logo") ? true : undefined}
            aria-describedby={logoError || errorFor("logo") ? "logo-hint logo-error" : "logo-hint"}
          />
          {logoError || errorFor("logo") ? (
            <p className="field__error" id="logo-error">
              {logoError ?? errorFor("logo")}
            </p>
          ) : null}
        </div>
        {logoSrc ? <CheckboxField id="removeLogo" label="Remove the logo" value="on" {...checkbox("removeLogo")} error={errorFor("removeLogo")} /> : null}
      </fieldset>
      <fieldset className="fieldset organisation-form__group">
        <legend>Support contact</legend>
        <p className="field__hint">Vendors see “Questions? Contact …” on every portal page and in every email.</p>
        <TextField id="supportName" label="Name (optional)" autoComplete="off" maxLength={120} {...field("supportName")} error={errorFor("supportName")} />
        <TextField
          id="supportEmail"
          label="Email address"
          type="email"
          autoComplete="off"
          maxLength={254}
          {...field("supportEmail")}
          error={errorFor("supportEmail")}
        />
      </fieldset>
      <TextField
        id="privacyUrl"
        label="Privacy notice"
        hint="The https:// address of the notice telling vendor contacts how you handle their personal data."
        type="url"
        inputMode="url"
        autoComplete="off"
        maxLength={500}
        {...field("privacyUrl")}
        error={errorFor("privacyUrl")}
      />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Saving…" : "Save the profile"}
        </button>
      </div>
    </Form>
  );
}
