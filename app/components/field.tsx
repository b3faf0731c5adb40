import { forwardRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

interface FieldShellProps {
  id: string;
  label: string;
  error?: string | null;
  hint?: ReactNode;
  children: (describedBy: string | undefined) => ReactNode;
}

/** Label, hint and error wired to the control for screen readers. */
export function FieldShell({ id, label, error, hint, children }: FieldShellProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children(describedBy)}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  error?: string | null;
  hint?: ReactNode;
}

type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & FieldProps;

export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField({ id, label, error, hint, ...input }, ref) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      {(describedBy) => <input id={id} ref={ref} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />}
    </FieldShell>
  );
});

type TextAreaFieldProps = TextareaHTMLAttributes<HTMLTextAreaElement> & FieldProps;

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(function TextAreaField({ id, label, error, hint, ...textarea }, ref) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      {(describedBy) => <textarea id={id} ref={ref} rows={4} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...textarea} />}
    </FieldShell>
  );
});

export interface Option {
  value: string;
  label: string;
}

type SelectFieldProps = SelectHTMLAttributes<HTMLSelectElement> & FieldProps & { options: ReadonlyArray<Option>; placeholder?: string };

export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  { id, label, error, hint, options, placeholder, ...select },
  ref,
) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      {(describedBy) => (
        <select id={id} ref={ref} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
});

type CheckboxFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & FieldProps;

export const CheckboxField = forwardRef<HTMLInputElement, CheckboxFieldProps>(function CheckboxField({ id, label, error, hint, ...input }, ref) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={error ? "field field--checkbox field--invalid" : "field field--checkbox"}>
      <span className="checkbox">
        <input type="checkbox" id={id} ref={ref} aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined} {...input} />
        <label htmlFor={id}>{label}</label>
      </span>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
});

/** A group of checkboxes sharing one name, in a fieldset with a legend. */
export const CheckboxGroup = forwardRef<
  HTMLInputElement,
  Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & FieldProps & { options: ReadonlyArray<Option>; selected?: readonly string[] }
>(function CheckboxGroup({ id, label, error, hint, options, selected, ...input }, ref) {
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset className={error ? "field fieldset field--invalid" : "field fieldset"} aria-describedby={errorId}>
      <legend>{label}</legend>
      {hint ? <p className="field__hint">{hint}</p> : null}
      {options.map((o) => (
        <span className="checkbox" key={o.value}>
          <input type="checkbox" id={`${id}-${o.value}`} value={o.value} ref={ref} defaultChecked={selected?.includes(o.value)} {...input} />
          <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
        </span>
      ))}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
});
