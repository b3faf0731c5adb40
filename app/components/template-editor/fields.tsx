// Form controls bound to the editor's react-hook-form by name, with their message: the schema's
// (from the zod resolver, once the field was touched) or a cross-question problem (at once).
import type { ReactNode } from "react";
import { get, useFormContext, useFormState, type FieldPath } from "react-hook-form";
import { CheckboxField, SelectField, TextAreaField, TextField, type Option } from "../field";
import { fieldId, nameToProblemPath, type EditorValues } from "./form-model";
import { useEditorState } from "./store";

type Name = FieldPath<EditorValues>;

/** The first message anywhere under an error node (an array field's, or a union's). */
export function firstMessage(node: unknown): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  const message = (node as { message?: unknown }).message;
  if (typeof message === "string" && message) return message;
  for (const [key, value] of Object.entries(node)) {
    if (key === "ref" || key === "type" || key === "message" || key === "types") continue;
    const found = firstMessage(value);
    if (found) return found;
  }
  return undefined;
}

export function useFieldMessage(name: string, { nested = true }: { nested?: boolean } = {}): string | undefined {
  const { control } = useFormContext<EditorValues>();
  const { errors } = useFormState({ control, name: name as Name });
  const problem = useEditorState((s) => s.fieldProblems.get(nameToProblemPath(name)));
  const node = get(errors, name);
  return problem ?? (nested ? firstMessage(node) : ((node as { message?: string } | undefined)?.message ?? undefined));
}

interface Common {
  name: string;
  label: string;
  hint?: ReactNode;
  className?: string;
}

export function EditorText({
  name,
  label,
  hint,
  className,
  type = "text",
  ...rest
}: Common & {
  type?: string;
  inputMode?: "decimal" | "text";
  step?: string;
  min?: number;
  max?: number;
  autoComplete?: string;
  spellCheck?: boolean;
  list?: string;
  placeholder?: string;
}) {
  const { register } = useFormContext<EditorValues>();
  const message = useFieldMessage(name);
  return (
    <div className={className}>
      <TextField id={fieldId(name)} label={label} hint={hint} type={type} error={message} {...rest} {...register(name as Name)} />
    </div>
  );
}

export function EditorTextArea({ name, label, hint, className, rows = 3 }: Common & { rows?: number }) {
  const { register } = useFormContext<EditorValues>();
  const message = useFieldMessage(name);
  return (
    <div className={className}>
      <TextAreaField id={fieldId(name)} label={label} hint={hint} rows={rows} error={message} {...register(name as Name)} />
    </div>
  );
}

export function EditorSelect({
  name,
  label,
  hint,
  className,
  options,
  placeholder,
  onValueChange,
}: Common & { options: ReadonlyArray<Option>; placeholder?: string; onValueChange?: (value: string) => void }) {
  const { register } = useFormContext<EditorValues>();
  const message = useFieldMessage(name);
  const registration = register(name as Name, {
    onChange: onValueChange ? (event: { target: { value: string } }) => onValueChange(event.target.value) : undefined,
  });
  return (
    <div className={className}>
      <SelectField id={fieldId(name)} label={label} hint={hint} options={options} placeholder={placeholder} error={message} {...registration} />
    </div>
  );
}

export function EditorCheckbox({ name, label, hint, className, onValueChange }: Common & { onValueChange?: (checked: boolean) => void }) {
  const { register } = useFormContext<EditorValues>();
  const message = useFieldMessage(name);
  const registration = register(name as Name, {
    onChange: onValueChange ? (event: { target: { checked: boolean } }) => onValueChange(event.target.checked) : undefined,
  });
  return (
    <div className={className}>
      <CheckboxField id={fieldId(name)} label={label} hint={hint} error={message} {...registration} />
    </div>
  );
}

/** A message under a group (options, a condition), when it has one. */
export function GroupMessage({ name, id }: { name: string; id?: string }) {
  const message = useFieldMessage(name, { nested: false });
  return message ? (
    <p className="field__error" id={id}>
      {message}
    </p>
  ) : null;
}
