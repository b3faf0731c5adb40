// The form that raises a finding: checked in the browser and on the server with the same schema
// (app/domain/review/finding-forms.ts), posted as a plain form without JavaScript.
import { Form, useNavigation } from "@remix-run/react";
import type { DefaultValues } from "react-hook-form";
import type { z } from "zod";
import { raiseFindingSchema } from "~/domain/review/finding-forms";
import { SEVERITIES, SEVERITY_LABELS } from "~/domain/review/findings";
import type { FormFailure } from "~/forms/form-failure";
import { useValidatedForm } from "~/forms/validated-form";
import { SelectField, TextAreaField, TextField } from "../field";
import { FormActions, FormError } from "../form-parts";

export interface RaiseFindingDefaults {
  title: string;
  description: string;
  severity: string;
  ownerId: string;
  dueDate: string;
  componentId: string;
  questionKey: string;
}

interface Props {
  defaults: RaiseFindingDefaults;
  owners: ReadonlyArray<{ id: string; name: string; email: string }>;
  /** Components in scope to choose from; null when the question fixes the component. */
  components: ReadonlyArray<{ id: string; name: string }> | null;
  minDueDate: string;
  failure?: FormFailure | null;
  cancelTo: string;
}

const text = (sent: Record<string, unknown> | undefined, key: string, fallback: string) => (typeof sent?.[key] === "string" ? (sent[key] as string) : fallback);

export function RaiseFindingForm({ defaults, owners, components, minDueDate, failure, cancelTo }: Props) {
  const sent = failure?.values;
  const values: RaiseFindingDefaults = {
    title: text(sent, "title", defaults.title),
    description: text(sent, "description", defaults.description),
    severity: text(sent, "severity", defaults.severity),
    ownerId: text(sent, "ownerId", defaults.ownerId),
    dueDate: text(sent, "dueDate", defaults.dueDate),
    componentId: text(sent, "componentId", defaults.componentId),
    questionKey: defaults.questionKey,
  };
  const { field, onSubmit, errorFor } = useValidatedForm(raiseFindingSchema, {
    defaultValues: values as DefaultValues<z.input<typeof raiseFindingSchema>>,
    serverErrors: failure?.fieldErrors,
  });
  const busy = useNavigation().state !== "idle";
  // A problem with the question or a component fixed by it has no field of its own on the page.
  const hiddenProblem = components === null ? (errorFor("componentId") ?? errorFor("questionKey")) : errorFor("questionKey");
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="panel finding-form">
      <FormError message={errorFor("form") ?? hiddenProblem} />
      <input type="hidden" {...field("questionKey")} />
      {components === null ? <input type="hidden" {...field("componentId")} /> : null}
      <TextField id="title" label="Title" maxLength={200} autoComplete="off" {...field("title")} error={errorFor("title")} />
      <TextAreaField
        id="description"
        label="Description"
        hint="What is wrong, why it matters and what would resolve it. The vendor sees it in their portal."
        rows={6}
        {...field("description")}
        error={errorFor("description")}
      />
      <div className="form-grid">
        <SelectField
          id="severity"
          label="Severity"
          options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
          placeholder="Choose a severity"
          {...field("severity")}
          error={errorFor("severity")}
        />
        <SelectField
          id="ownerId"
          label="Owner"
          hint="Who follows it up on our side (not shown to the vendor)"
          options={owners.map((o) => ({ value: o.id, label: `${o.name} (${o.email})` }))}
          placeholder="Choose an owner"
          {...field("ownerId")}
          error={errorFor("ownerId")}
        />
        <TextField id="dueDate" label="Due date" type="date" min={minDueDate} hint="YYYY-MM-DD" {...field("dueDate")} error={errorFor("dueDate")} />
        {components !== null ? (
          <SelectField
            id="componentId"
            label="Component"
            hint="Optional: the AI component in scope it is about"
            options={components.map((c) => ({ value: c.id, label: c.name }))}
            placeholder="The supplier as a whole"
            {...field("componentId")}
            error={errorFor("componentId")}
          />
        ) : null}
      </div>
      <FormActions submitLabel="Raise the finding" cancelTo={cancelTo} busy={busy} />
    </Form>
  );
}
