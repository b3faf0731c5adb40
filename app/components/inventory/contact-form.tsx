import { Form, useNavigation } from "@remix-run/react";
import { contactSchema, type ContactFormValues } from "~/domain/inventory-schemas";
import type { FormFailure } from "../../forms/form-failure";
import { useValidatedForm } from "~/forms/validated-form";
import { CheckboxField, TextField } from "../field";
import { FormActions, FormError } from "../form-parts";

interface Props {
  defaultValues: ContactFormValues;
  failure?: FormFailure | null;
  submitLabel: string;
  cancelTo: string;
}

export function ContactForm({ defaultValues, failure, submitLabel, cancelTo }: Props) {
  const values = (failure?.values as ContactFormValues | undefined) ?? defaultValues;
  const { field, checkbox, onSubmit, errorFor } = useValidatedForm(contactSchema, { defaultValues: values, serverErrors: failure?.fieldErrors });
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="panel">
      <FormError message={errorFor("form")} />
      <div className="form-grid">
        <TextField id="name" label="Name" required autoComplete="off" {...field("name")} error={errorFor("name")} />
        <TextField id="email" label="Email address" type="email" required autoComplete="off" {...field("email")} error={errorFor("email")} />
        <TextField id="title" label="Job title" autoComplete="off" {...field("title")} error={errorFor("title")} />
        <TextField id="externalId" label="External id" hint="Optional; CSV imports match rows by it" {...field("externalId")} error={errorFor("externalId")} />
        <CheckboxField
          id="isPrimary"
          label="Primary contact"
          hint="Questionnaires go to the primary contact by default"
          value="on"
          {...checkbox("isPrimary")}
          error={errorFor("isPrimary")}
        />
      </div>
      <FormActions submitLabel={submitLabel} cancelTo={cancelTo} busy={busy} />
    </Form>
  );
}
