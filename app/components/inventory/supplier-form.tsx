import { Form, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { countryLookup, type CountryOption } from "~/domain/country-match";
import { supplierSchemaFor, type SupplierFormValues } from "~/domain/inventory-schemas";
import type { FormFailure } from "../../forms/form-failure";
import { useValidatedForm } from "~/forms/validated-form";
import { SelectField, TextAreaField, TextField } from "../field";
import { FormActions, FormError } from "../form-parts";
import { CountryField } from "./country-field";
import { supplierStatusOptions, userOptions } from "./options";

interface Props {
  defaultValues: SupplierFormValues;
  owners: ReadonlyArray<{ id: string; name: string }>;
  /** The country list from the loader (the browser checks against it, the datalist offers its names). */
  countries: readonly CountryOption[];
  failure?: FormFailure | null;
  submitLabel: string;
  cancelTo: string;
}

export function SupplierForm({ defaultValues, owners, countries, failure, submitLabel, cancelTo }: Props) {
  const values = (failure?.values as SupplierFormValues | undefined) ?? defaultValues;
  const schema = useMemo(() => supplierSchemaFor(countryLookup(countries)), [countries]);
  const { field, onSubmit, errorFor } = useValidatedForm(schema, { defaultValues: values, serverErrors: failure?.fieldErrors });
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="panel">
      <FormError message={errorFor("form")} />
      <div className="form-grid">
        <TextField id="name" label="Name" required autoComplete="off" {...field("name")} error={errorFor("name")} />
        <TextField id="legalName" label="Legal name" autoComplete="off" {...field("legalName")} error={errorFor("legalName")} />
        <TextField id="website" label="Website" type="url" placeholder="https://" {...field("website")} error={errorFor("website")} />
        <CountryField countries={countries} {...field("country")} error={errorFor("country")} />
        <SelectField id="status" label="Status" options={supplierStatusOptions} {...field("status")} error={errorFor("status")} />
        <SelectField
          id="procurementOwnerId"
          label="Procurement owner"
          placeholder="No owner yet"
          options={userOptions(owners)}
          {...field("procurementOwnerId")}
          error={errorFor("procurementOwnerId")}
        />
        <TextField
          id="externalId"
          label="External id"
          hint="Your own reference (optional); CSV imports match rows by it"
          {...field("externalId")}
          error={errorFor("externalId")}
        />
        <div className="field--wide">
          <TextAreaField id="notes" label="Notes" {...field("notes")} error={errorFor("notes")} />
        </div>
      </div>
      <FormActions submitLabel={submitLabel} cancelTo={cancelTo} busy={busy} />
    </Form>
  );
}
