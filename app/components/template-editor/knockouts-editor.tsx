// Knock-outs of a question: when their condition holds, the grade is capped whatever the score.
import { useFieldArray, useFormContext } from "react-hook-form";
import { GRADES } from "~/domain/templates/definition";
import { ConditionBuilder, type ConditionCandidate } from "./condition-builder";
import { EditorSelect, EditorText } from "./fields";
import { fieldId, newKnockout, type EditorValues } from "./form-model";

const SEVERITIES = [
  { value: "high", label: "High" },
  { value: "critical", label: "Critical" },
];
const CAPS = GRADES.map((g) => ({ value: g, label: `Grade ${g} at best` }));

export function KnockoutsEditor({
  name,
  ownKeyName,
  candidates,
}: {
  name: `sections.${number}.questions.${number}.knockouts`;
  ownKeyName: `sections.${number}.questions.${number}.key`;
  candidates: readonly ConditionCandidate[];
}) {
  const { control, getValues } = useFormContext<EditorValues>();
  const { fields, append, remove } = useFieldArray({ control, name });
  return (
    <fieldset className="ko" id={fieldId(name)} tabIndex={-1}>
      <legend>Knock-outs</legend>
      <p className="field__hint">An answer that caps the grade whatever the score, like “no” to having a security programme.</p>
      {fields.map((field, i) => (
        <div className="ko-item" key={field.id}>
          <ConditionBuilder name={`${name}.${i}.when`} legend={`Knock-out ${i + 1}: applies when`} candidates={candidates} allowNone={false} />
          <div className="ko-grid">
            <EditorSelect name={`${name}.${i}.severity`} label="Severity" options={SEVERITIES} />
            <EditorSelect name={`${name}.${i}.gradeCap`} label="Grade cap" options={CAPS} />
            <EditorText name={`${name}.${i}.message`} label="Message" hint="Shown to reviewers and in the preview" className="ko-message" autoComplete="off" />
          </div>
          <button type="button" className="button button--small button--danger" onClick={() => remove(i)}>
            Remove knock-out {i + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          // Most knock-outs are about this question's own answer.
          const knockout = newKnockout();
          append({ ...knockout, when: { ...knockout.when, question: getValues(ownKeyName) } });
        }}
        disabled={fields.length >= 5}
      >
        Add knock-out
      </button>
    </fieldset>
  );
}
