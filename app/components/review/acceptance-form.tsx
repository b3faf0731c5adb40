// The form that accepts a risk (a finding's, or a component's residual risk): rationale, approver
// and a required expiry date; for a component, optionally the one system it is accepted for.
// A plain post; the server's messages show next to each field.
import { Form, useNavigation } from "@remix-run/react";
import { addDays, type CalendarDate } from "~/domain/calendar";
import { SelectField, TextAreaField, TextField } from "../field";
import { FormError, echoed } from "../form-parts";

export interface AcceptanceFormProps {
  approvers: ReadonlyArray<{ id: string; name: string; email: string }>;
  /** A component's dependent systems (omit for a finding). */
  systems?: ReadonlyArray<{ id: string; name: string; ownerName: string | null }>;
  defaultApproverId: string;
  today: string;
  failure?: { fieldErrors: Record<string, string>; values: Record<string, unknown> } | null;
  submitLabel: string;
  /** Prefix of the controls' ids, unique on the page. */
  idPrefix: string;
}

export function AcceptanceForm({ approvers, systems, defaultApproverId, today, failure, submitLabel, idPrefix }: AcceptanceFormProps) {
  const errors = failure?.fieldErrors ?? {};
  const values = failure?.values;
  const busy = useNavigation().state !== "idle";
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <Form method="post" className="acceptance-form">
      <input type="hidden" name="intent" value="accept" />
      <FormError message={errors.form} />
      {systems ? (
        <SelectField
          id={id("system")}
          name="systemId"
          label="Accepted for"
          options={systems.map((s) => ({ value: s.id, label: `${s.name}${s.ownerName ? ` (risk owner ${s.ownerName})` : " (no risk owner)"}` }))}
          placeholder="Every system that depends on it"
          defaultValue={echoed(values, "systemId") ?? ""}
          error={errors.systemId}
        />
      ) : null}
      <TextAreaField
        id={id("rationale")}
        name="rationale"
        label="Rationale"
        hint="Why the risk is acceptable, and any compensating controls"
        rows={4}
        defaultValue={echoed(values, "rationale") ?? ""}
        error={errors.rationale}
      />
      <div className="form-grid">
        <SelectField
          id={id("approver")}
          name="approverId"
          label="Approver"
          hint="An admin, or the risk owner of an affected system"
          options={approvers.map((a) => ({ value: a.id, label: `${a.name} (${a.email})` }))}
          placeholder="Choose the approver"
          defaultValue={echoed(values, "approverId") ?? defaultApproverId}
          error={errors.approverId}
        />
        <TextField
          id={id("expires")}
          name="expiresOn"
          label="Expires on"
          type="date"
          min={addDays(today as CalendarDate, 1)}
          hint="Required, after today: the risk reopens on this day"
          defaultValue={echoed(values, "expiresOn") ?? ""}
          error={errors.expiresOn}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
