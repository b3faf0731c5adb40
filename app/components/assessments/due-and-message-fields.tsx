// The due date and personal message of a questionnaire being sent: the same two fields on the issue
// form and the reassess form. Each binding is what the form's field() gives, plus its error.
import type { InputHTMLAttributes, Ref, TextareaHTMLAttributes } from "react";
import { TextAreaField, TextField } from "~/components/field";

type Binding<E, A> = A & { ref?: Ref<E>; error?: string | null };

export function DueDateAndMessageFields({
  dueDate,
  message,
  minDue,
  reminderDays,
}: {
  dueDate: Binding<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>;
  message: Binding<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement>>;
  minDue: string;
  reminderDays: readonly number[];
}) {
  return (
    <>
      <TextField
        id="dueDate"
        label="Due date"
        type="date"
        min={minDue}
        hint={`Reminders go out ${listDays(reminderDays)} days before, then an overdue notice`}
        {...dueDate}
      />
      <div className="field--wide">
        <TextAreaField
          id="message"
          label="Personal message"
          hint="Optional; shown in the invitation email and on the questionnaire"
          rows={4}
          maxLength={5000}
          {...message}
        />
      </div>
    </>
  );
}

function listDays(days: readonly number[]): string {
  return days.length <= 1 ? days.join("") : `${days.slice(0, -1).join(", ")} and ${days.at(-1)}`;
}
