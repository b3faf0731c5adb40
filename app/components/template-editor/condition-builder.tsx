// A condition, built: a question (only earlier ones are offered), an operator (equals, one of,
// answered) and the value(s); or, for "all"/"any" groups, the condition as JSON text.
import { useFormContext, useWatch, type FieldPath } from "react-hook-form";
import type { Option } from "../field";
import { CHOICE_TYPES, type QuestionType } from "~/domain/templates/definition";
import { EditorSelect, EditorText, EditorTextArea, GroupMessage } from "./fields";
import { conditionToDraft, draftToCondition, fieldId, type ConditionDraft, type EditorValues } from "./form-model";

export interface ConditionCandidate {
  key: string;
  prompt: string;
  type: QuestionType;
  options: ReadonlyArray<{ value: string; label: string }>;
}

interface Props {
  /** Form name of the ConditionDraft. */
  name: string;
  legend: string;
  candidates: readonly ConditionCandidate[];
  /** Whether "no condition" is a choice (a showIf), or not (a knock-out). */
  allowNone: boolean;
  hint?: string;
}

const OPERATORS: Option[] = [
  { value: "equals", label: "is" },
  { value: "oneOf", label: "is one of" },
  { value: "answered", label: "is answered or not" },
];

const short = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function ConditionBuilder({ name, legend, candidates, allowNone, hint }: Props) {
  const { control, getValues, setValue } = useFormContext<EditorValues>();
  const n = (field: keyof ConditionDraft) => `${name}.${field}` as FieldPath<EditorValues>;
  const [mode, question, op, value] = useWatch({ control, name: [n("mode"), n("question"), n("op"), n("value")] }) as [
    ConditionDraft["mode"],
    string,
    ConditionDraft["op"],
    string,
  ];
  const target = candidates.find((c) => c.key === question);
  const choice = target !== undefined && CHOICE_TYPES.has(target.type);
  const hintId = `${fieldId(name)}-hint`;
  const messageId = `${fieldId(name)}-message`;

  const modes: Option[] = [
    ...(allowNone ? [{ value: "none", label: "Always show this question" }] : []),
    { value: "simple", label: allowNone ? "Only when an earlier answer…" : "When an answer…" },
    { value: "json", label: "Advanced: all / any groups (JSON)" },
  ];
  const questionOptions: Option[] = candidates.map((c) => ({ value: c.key, label: `${c.key} — ${short(c.prompt || "(no question text)")}` }));
  if (question && !target) questionOptions.unshift({ value: question, label: `${question} (not an earlier question)` });
  const valueOptions: Option[] = (target?.options ?? []).map((o) => ({ value: o.value, label: `${o.label} (${o.value})` }));
  if (value && !valueOptions.some((o) => o.value === value)) valueOptions.unshift({ value, label: `${value} (not an option)` });

  // Switching between the builder and JSON carries the condition across when it can.
  const onModeChange = (next: string) => {
    const draft = getValues(name as FieldPath<EditorValues>) as unknown as ConditionDraft;
    if (next === "json" && draft.question) {
      const condition = draftToCondition({ ...draft, mode: "simple" }, new Map(candidates.map((c) => [c.key, c.type])), name, []);
      setValue(n("json"), JSON.stringify(condition, null, 2), { shouldDirty: true });
    } else if (next === "simple" && draft.json.trim()) {
      try {
        const parsed = conditionToDraft(JSON.parse(draft.json));
        if (parsed.mode === "simple") {
          for (const field of ["question", "op", "value", "values", "valuesText", "answered"] as const)
            setValue(n(field), parsed[field] as never, { shouldDirty: true });
        }
      } catch {
        // Unreadable JSON: the builder starts empty.
      }
    }
  };

  return (
    <fieldset className="cb" id={fieldId(name)} tabIndex={-1} aria-describedby={[hint ? hintId : "", messageId].filter(Boolean).join(" ")}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <EditorSelect name={n("mode")} label="Condition" options={modes} onValueChange={onModeChange} className="cb-mode" />
      {mode === "simple" ? (
        <div className="cb-row">
          <EditorSelect
            name={n("question")}
            label="Question"
            options={questionOptions}
            placeholder={candidates.length ? "Choose a question" : "No earlier questions"}
          />
          <EditorSelect name={n("op")} label="Test" options={OPERATORS} />
          {op === "answered" ? (
            <EditorSelect
              name={n("answered")}
              label="Answer"
              options={[
                { value: "true", label: "is answered" },
                { value: "false", label: "is not answered" },
              ]}
            />
          ) : op === "oneOf" ? (
            choice ? (
              <ValuesCheckboxes name={n("values")} options={target!.options} />
            ) : (
              <EditorText name={n("valuesText")} label="Values" hint="Separated by commas" autoComplete="off" />
            )
          ) : choice ? (
            <EditorSelect name={n("value")} label="Value" options={valueOptions} placeholder="Choose an answer" />
          ) : (
            <EditorText name={n("value")} label="Value" autoComplete="off" />
          )}
        </div>
      ) : null}
      {mode === "json" ? (
        <EditorTextArea
          name={n("json")}
          label="Condition as JSON"
          rows={5}
          hint={
            'Like {"all": [{"question": "uses_ai", "equals": "yes"}, {"question": "region", "oneOf": ["eu", "uk"]}]}; "any" for either; {"question": "key", "answered": true}.'
          }
        />
      ) : null}
      <div id={messageId}>
        <GroupMessage name={name} />
      </div>
    </fieldset>
  );
}

function ValuesCheckboxes({ name, options }: { name: FieldPath<EditorValues>; options: ReadonlyArray<{ value: string; label: string }> }) {
  const { register } = useFormContext<EditorValues>();
  const id = fieldId(name);
  return (
    <fieldset className="cb-values" id={id} tabIndex={-1}>
      <legend>Values</legend>
      {options.map((o, i) => (
        <span className="checkbox" key={`${o.value}-${i}`}>
          <input type="checkbox" id={`${id}-${i}`} value={o.value} {...register(name)} />
          <label htmlFor={`${id}-${i}`}>
            {o.label} ({o.value})
          </label>
        </span>
      ))}
    </fieldset>
  );
}
