// The answer options of a choice question: value (what conditions refer to), label (what the
// vendor reads) and score (0 worst to 1 best).
import { useFieldArray, useFormContext, type FieldPath } from "react-hook-form";
import type { EditorValues } from "./form-model";
import { fieldId } from "./form-model";
import { GroupMessage, useFieldMessage } from "./fields";

export function OptionsEditor({ name }: { name: `sections.${number}.questions.${number}.options` }) {
  const { control } = useFormContext<EditorValues>();
  const { fields, append, remove, move } = useFieldArray({ control, name });
  const id = fieldId(name);
  return (
    <fieldset className="oe" id={id} tabIndex={-1}>
      <legend>Answer options</legend>
      <p className="field__hint">Values are what conditions refer to; scores run from 0 (worst) to 1 (best).</p>
      {fields.length ? (
        <table className="oe-table">
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col">Label</th>
              <th scope="col">Score</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field, i) => (
              <tr key={field.id}>
                <OptionCell name={`${name}.${i}.value`} label={`Option ${i + 1} value`} />
                <OptionCell name={`${name}.${i}.label`} label={`Option ${i + 1} label`} />
                <OptionCell name={`${name}.${i}.score`} label={`Option ${i + 1} score`} type="number" />
                <td className="oe-actions">
                  <button type="button" className="button button--small button--quiet" onClick={() => move(i, i - 1)} disabled={i === 0}>
                    <span aria-hidden="true">↑</span>
                    <span className="visually-hidden">Move option {i + 1} up</span>
                  </button>
                  <button type="button" className="button button--small button--quiet" onClick={() => remove(i)}>
                    Remove<span className="visually-hidden"> option {i + 1}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No options yet.</p>
      )}
      <GroupMessage name={name} />
      <button type="button" className="button button--small" onClick={() => append({ value: "", label: "", score: "0" })}>
        Add option
      </button>
    </fieldset>
  );
}

function OptionCell({ name, label, type = "text" }: { name: string; label: string; type?: string }) {
  const { register } = useFormContext<EditorValues>();
  const message = useFieldMessage(name);
  const id = fieldId(name);
  return (
    <td className={message ? "field--invalid" : undefined}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type={type}
        autoComplete="off"
        {...(type === "number" ? { step: "0.05", min: 0, max: 1, inputMode: "decimal" as const } : {})}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
        {...register(name as FieldPath<EditorValues>)}
      />
      {message ? (
        <p className="field__error" id={`${id}-error`}>
          {message}
        </p>
      ) : null}
    </td>
  );
}
