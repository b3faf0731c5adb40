import { Form, useNavigation } from "@remix-run/react";
import type { DefaultValues } from "react-hook-form";
import { systemSchema, type SystemFormValues } from "~/domain/inventory-schemas";
import type { FormFailure } from "../../forms/form-failure";
import { useValidatedForm } from "~/forms/validated-form";
import { SelectField, TextAreaField, TextField } from "../field";
import { FormActions, FormError } from "../form-parts";
import { criticalityOptions, euClassOptions, lifecycleOptions, userOptions } from "./options";

/** Every field as the form holds it: text, or "" for "not chosen yet". */
export type SystemFormDefaults = { [K in keyof SystemFormValues]-?: string };

interface Props {
  defaultValues: SystemFormDefaults;
  /** The owners this user may choose (a risk owner: only themselves). */
  owners: ReadonlyArray<{ id: string; name: string }>;
  ownerHint?: string;
  failure?: FormFailure | null;
  submitLabel: string;
  cancelTo: string;
}

export function SystemForm({ defaultValues, owners, ownerHint, failure, submitLabel, cancelTo }: Props) {
  // After a failed post the server echoes what was sent; the fields start from that.
  const values: SystemFormDefaults = { ...defaultValues, ...textValues(failure?.values) };
  const { field, onSubmit, errorFor } = useValidatedForm(systemSchema, {
    defaultValues: values as DefaultValues<SystemFormValues>,
    serverErrors: failure?.fieldErrors,
  });
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="panel">
      <FormError message={errorFor("form")} />
      <div className="form-grid">
        <TextField id="name" label="Name" required autoComplete="off" {...field("name")} error={errorFor("name")} />
        <SelectField
          id="ownerId"
          label="Owner"
          hint={ownerHint ?? "The risk owner accountable for this system"}
          placeholder="Choose an owner"
          options={userOptions(owners)}

          {...field("ownerId")}
          error={errorFor("ownerId")}
        />
        <TextField id="businessUnit" label="Business unit" autoComplete="off" {...field("businessUnit")} error={errorFor("businessUnit")} />
        <SelectField
          id="criticality"
          label="Criticality"
          hint="How bad it would be if this system failed or misbehaved"
          placeholder="Choose a criticality"
          options={criticalityOptions}

          {...field("criticality")}
          error={errorFor("criticality")}
        />
        <SelectField
          id="euAiActClass"
          label="EU AI Act class"
          placeholder="Choose a class"
          options={euClassOptions}

          {...field("euAiActClass")}
          error={errorFor("euAiActClass")}
        />
        <SelectField id="lifecycle" label="Lifecycle" options={lifecycleOptions} {...field("lifecycle")} error={errorFor("lifecycle")} />
        <TextField
          id="externalId"
          label="External id"
          hint="Your own reference (optional); CSV imports match rows by it"
          autoComplete="off"

          {...field("externalId")}
          error={errorFor("externalId")}
        />
        <div className="field--wide">
          <TextAreaField id="purpose" label="Purpose" hint="What the system does and for whom" {...field("purpose")} error={errorFor("purpose")} />
        </div>
      </div>
      <FormActions submitLabel={submitLabel} cancelTo={cancelTo} busy={busy} />
    </Form>
  );
}

function textValues(values: Record<string, unknown> | undefined): Partial<SystemFormDefaults> {
  if (!values) return {};
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (typeof value === "string") result[key] = value;
  return result as Partial<SystemFormDefaults>;
}
