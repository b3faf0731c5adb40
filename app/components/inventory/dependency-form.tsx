import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { DefaultValues } from "react-hook-form";
import { LABELS, type ComponentKind } from "~/domain/inventory";
import { dependencySchema, type DependencyFormValues } from "~/domain/inventory-schemas";
import type { FormFailure } from "../../forms/form-failure";
import { useValidatedForm } from "~/forms/validated-form";
import { CheckboxGroup, TextAreaField, TextField } from "../field";
import { FormActions, FormError } from "../form-parts";
import { dataCategoryOptions } from "./options";

/** Editing an existing edge: the component stays, the rest may change. */
export const dependencyDetailsSchema = dependencySchema.omit({ componentId: true });

export interface DependencyFormDefaults {
  componentId?: string;
  purpose: string;
  dataCategories: string[];
  since: string;
}

/** A component offered by the picker. */
export interface PickerComponent {
  id: string;
  name: string;
  version: string | null;
  kind: ComponentKind;
  supplier_name: string;
  /** The system already depends on it: shown, not choosable. */
  linked: boolean;
}

interface Props {
  defaultValues: DependencyFormDefaults;
  /** Given when adding: the components to choose from (radio buttons). Absent when editing. */
  components?: ReadonlyArray<PickerComponent>;
  /** Shown inside the picker when `components` is empty. */
  noComponents?: ReactNode;
  failure?: FormFailure | null;
  submitLabel: string;
  cancelTo: string;
}

export function DependencyForm({ defaultValues, components, noComponents, failure, submitLabel, cancelTo }: Props) {
  const values = echo(defaultValues, failure?.values);
  const schema = components ? dependencySchema : dependencyDetailsSchema;
  const { field, register, onSubmit, errorFor } = useValidatedForm(schema as typeof dependencySchema, {
    defaultValues: values as DefaultValues<DependencyFormValues>,
    serverErrors: failure?.fieldErrors,
  });
  const busy = useNavigation().state !== "idle";
  const componentError = components ? errorFor("componentId") : undefined;
  // An unknown category only comes from a tampered post; its message is keyed by position.
  const categoriesError = errorFor("dataCategories") ?? errorFor("dataCategories.0");
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="panel">
      <FormError message={errorFor("form")} />
      {components ? (
        <fieldset
          className={componentError ? "field fieldset field--invalid" : "field fieldset"}
          aria-describedby={componentError ? "componentId-error" : undefined}
        >
          <legend>Component</legend>
          {components.length === 0 ? (
            noComponents
          ) : (
            <ul className="picker">
              {components.map((c) => (
                <li key={c.id} className={c.linked ? "picker__item picker__item--linked" : "picker__item"}>
                  <input
                    type="radio"
                    id={`componentId-${c.id}`}
                    value={c.id}
                    disabled={c.linked}
                    defaultChecked={!c.linked && values.componentId === c.id}
                    {...register("componentId")}
                  />
                  <label htmlFor={`componentId-${c.id}`}>
                    <span className="picker__name">
                      {c.name}
                      {c.version ? <span className="muted"> {c.version}</span> : null}
                    </span>
                    <span className="picker__meta">
                      {c.supplier_name} · {LABELS.componentKind[c.kind]}
                      {c.linked ? <span className="badge badge--muted">Already linked</span> : null}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {componentError ? (
            <p className="field__error" id="componentId-error">
              {componentError}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <div className="form-grid">
        <div className="field--wide">
          <TextAreaField
            id="purpose"
            label="Purpose"
            hint="What the system uses this component for"
            rows={3}
            {...field("purpose")}
            error={errorFor("purpose")}
          />
        </div>
        <CheckboxGroup
          id="dataCategories"
          label="Data shared with the component"
          hint="Tick every kind of data the system sends to it"
          options={dataCategoryOptions}
          selected={values.dataCategories}
          {...register("dataCategories")}
          error={categoriesError}
        />
        <TextField id="since" label="In use since" type="date" hint="Optional, YYYY-MM-DD" {...field("since")} error={errorFor("since")} />
      </div>
      <FormActions submitLabel={submitLabel} cancelTo={cancelTo} busy={busy} />
    </Form>
  );
}

/** The server's echo of a failed post, over the defaults. */
function echo(defaults: DependencyFormDefaults, sent: Record<string, unknown> | undefined): DependencyFormDefaults {
  if (!sent) return defaults;
  const text = (key: string, fallback: string | undefined) => (typeof sent[key] === "string" ? (sent[key] as string) : fallback);
  const categories = sent.dataCategories;
  return {
    componentId: text("componentId", defaults.componentId),
    purpose: text("purpose", defaults.purpose) ?? "",
    since: text("since", defaults.since) ?? "",
    dataCategories: Array.isArray(categories) ? categories.filter((v): v is string => typeof v === "string") : defaults.dataCategories,
  };
}
