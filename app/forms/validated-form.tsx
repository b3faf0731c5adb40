// One way to build a form: react-hook-form with the zod resolver checks in the browser, the
// same schema checks on the server, and without JavaScript the plain <Form> post still works.
import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import type { z } from "zod";
import type { FieldErrors } from "./parse";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- zod 4 schemas with transforms have a different input and output type
export function useValidatedForm<S extends z.ZodType<any, FieldValues>>(
  schema: S,
  { defaultValues, serverErrors }: { defaultValues: DefaultValues<z.input<S>>; serverErrors?: FieldErrors | null },
) {
  const submit = useSubmit();
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the resolver's generics cannot follow a generic schema
    resolver: zodResolver(schema as any) as any,
    defaultValues,
    // Validate on submit, then as the user corrects: messages appearing on blur shift the layout
    // under the pointer and swallow the click on the submit button.
    mode: "onSubmit",
    reValidateMode: "onChange",
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    // Valid in the browser: post the real form (so the server parses exactly what a no-JS post sends).
    void form.handleSubmit(() => submit(submitter ?? element, { method: "post" }))(event);
  };

  /** The browser's message for a field, else the server's. */
  const errorFor = (name: string): string | undefined => {
    const path = name.split(".");
    let node: unknown = form.formState.errors;
    for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
    const message = (node as { message?: string } | undefined)?.message;
    return message ?? serverErrors?.[name];
  };

  // register() alone renders empty inputs on the server (react-hook-form fills them after
  // hydration); the explicit default keeps the form right before JavaScript loads.
  const defaults = defaultValues as Record<string, unknown>;
  const field = (name: Path<z.input<S>>) => {
    const value = defaults[name];
    return { ...form.register(name), defaultValue: value === null || value === undefined ? "" : String(value) };
  };
  const checkbox = (name: Path<z.input<S>>) => {
    const value = defaults[name];
    return { ...form.register(name), defaultChecked: value === true || value === "on" || value === "true" };
  };

  // Use field()/checkbox() for single controls; register() is for groups that set defaultChecked themselves.
  return { form, field, checkbox, register: form.register, onSubmit, errorFor };
}
