import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { componentSchema, type ComponentFormValues } from "~/domain/inventory-schemas";
import type { FormFailure } from "../../forms/form-failure";
import { useValidatedForm } from "~/forms/validated-form";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../field";
import { FormActions, FormError } from "../form-parts";
import { cadenceOptions, componentKindOptions } from "./options";

interface Props {
  defaultValues: ComponentFormValues;
  failure?: FormFailure | null;
  submitLabel: string;
  cancelTo: string;
}

export function ComponentForm({ defaultValues, failure, submitLabel, cancelTo }: Props) {
  const values = (failure?.values as ComponentFormValues | undefined) ?? defaultValues;
  const { form, field, checkbox, onSubmit, errorFor } = useValidatedForm(componentSchema, { defaultValues: values, serverErrors: failure?.fieldErrors });
  const busy = useNavigation().state !== "idle";
  // Before JavaScript the interval field is always shown; afterwards only for "Every N days".
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const cadence = form.watch("updateCadence");
  const showInterval = !hydrated || cadence === "interval";
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="panel">
      <FormError message={errorFor("form")} />
      <div className="form-grid">
        <TextField id="name" label="Name" required autoComplete="off" {...field("name")} error={errorFor("name")} />
        <SelectField id="kind" label="Kind" options={componentKindOptions} {...field("kind")} error={errorFor("kind")} />
        <TextField id="version" label="Version" autoComplete="off" {...field("version")} error={errorFor("version")} />
        <TextField id="modelFamily" label="Model family" autoComplete="off" {...field("modelFamily")} error={errorFor("modelFamily")} />
        <SelectField
          id="updateCadence"
          label="Declared retraining or update cadence"
          options={cadenceOptions}
          {...field("updateCadence")}
          error={errorFor("updateCadence")}
        />
        {showInterval ? (
          <TextField
            id="updateIntervalDays"
            label="Update interval in days"
            hint={hydrated ? undefined : "Only for “Every N days”"}
            type="number"
            min={1}
            max={3650}
            inputMode="numeric"
            {...field("updateIntervalDays")}
            error={errorFor("updateIntervalDays")}
          />
        ) : null}
        <TextField
          id="dataResidency"
          label="Data residency"
          hint="Where our data is processed, like EU or US"
          {...field("dataResidency")}
          error={errorFor("dataResidency")}
        />
        <TextField id="externalId" label="External id" hint="Optional; CSV imports match rows by it" {...field("externalId")} error={errorFor("externalId")} />
        <CheckboxField
          id="isGpai"
          label="General-purpose AI model"
          hint="Brings the EU AI Act Art. 53 provider duties into scope"
          value="on"
          {...checkbox("isGpai")}
          error={errorFor("isGpai")}
        />
        <div className="field--wide">
          <TextAreaField id="description" label="Description" {...field("description")} error={errorFor("description")} />
        </div>
      </div>
      <FormActions submitLabel={submitLabel} cancelTo={cancelTo} busy={busy} />
    </Form>
  );
}
