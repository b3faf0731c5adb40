// The change-notice form (vendor portal and staff): a component, what changed, when, in words. A
// plain post that works without JavaScript; each message sits next to its field.
import { Form } from "@remix-run/react";
import { CHANGE_DESCRIPTION_MAX, CHANGE_KIND_OPTIONS } from "~/domain/deadlines/change-notice-form";

export interface ChangeNoticeFormProps {
  components: ReadonlyArray<{ id: string; name: string }>;
  /** A single component (staff, on the component's page): no choice offered. */
  fixedComponent?: { id: string; name: string } | null;
  today: string;
  errors: Record<string, string>;
  values: Record<string, unknown>;
  busy: boolean;
  submitLabel: string;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field__error" id={id}>
      {message}
    </p>
  ) : null;
}

export function ChangeNoticeForm({ components, fixedComponent, today, errors, values, busy, submitLabel }: ChangeNoticeFormProps) {
  const describedBy = (name: string, hint?: string) => (errors[name] ? `change-${name}-error` : hint);
  const kind = str(values.kind);
  return (
    <Form method="post" className="change-form" noValidate>
      {errors.form ? (
        <p className="flash flash--error" role="alert">
          {errors.form}
        </p>
      ) : null}
      {fixedComponent ? (
        <input type="hidden" name="componentId" value={fixedComponent.id} />
      ) : (
        <div className={errors.componentId ? "field field--invalid" : "field"}>
          <label htmlFor="change-componentId">AI component</label>
          <select
            id="change-componentId"
            name="componentId"
            required
            defaultValue={str(values.componentId) ?? (components.length === 1 ? components[0]!.id : "")}
            aria-invalid={errors.componentId ? true : undefined}
            aria-describedby={describedBy("componentId")}
          >
            <option value="">Choose a component</option>
            {components.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <FieldError id="change-componentId-error" message={errors.componentId} />
        </div>
      )}
      {fixedComponent && errors.componentId ? <FieldError id="change-componentId-error" message={errors.componentId} /> : null}
      <fieldset className={errors.kind ? "field fieldset field--invalid" : "field fieldset"} aria-describedby={describedBy("kind")}>
        <legend>What changed</legend>
        {CHANGE_KIND_OPTIONS.map((o) => (
          <span className="checkbox" key={o.value}>
            <input type="radio" id={`change-kind-${o.value}`} name="kind" value={o.value} defaultChecked={kind === o.value} />
            <label htmlFor={`change-kind-${o.value}`}>{o.label}</label>
          </span>
        ))}
        <FieldError id="change-kind-error" message={errors.kind} />
      </fieldset>
      <div className={errors.occurredOn ? "field field--invalid" : "field"}>
        <label htmlFor="change-occurredOn">Date of the change</label>
        <p className="field__hint" id="change-occurredOn-hint">
          The day it happened or took effect, today or earlier (YYYY-MM-DD).
        </p>
        <input
          id="change-occurredOn"
          name="occurredOn"
          type="date"
          required
          max={today}
          defaultValue={str(values.occurredOn)}
          aria-invalid={errors.occurredOn ? true : undefined}
          aria-describedby={describedBy("occurredOn", "change-occurredOn-hint")}
        />
        <FieldError id="change-occurredOn-error" message={errors.occurredOn} />
      </div>
      <div className={errors.description ? "field field--invalid" : "field"}>
        <label htmlFor="change-description">Description</label>
        <p className="field__hint" id="change-description-hint">
          What changed and what it may affect (the new version, the data source, the sub-processor, the incident and its impact).
        </p>
        <textarea
          id="change-description"
          name="description"
          rows={5}
          required
          maxLength={CHANGE_DESCRIPTION_MAX}
          defaultValue={str(values.description)}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy("description", "change-description-hint")}
        />
        <FieldError id="change-description-error" message={errors.description} />
      </div>
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Sending…" : submitLabel}
        </button>
      </div>
    </Form>
  );
}
