// The forms of findings, over string inputs as forms send them: checked in the browser and again on
// the server. What needs the database or today's date (the owner, the question's scope, a due date
// not in the past) is the service's; the due date's shape is checked here, strictly (2027-02-30 is
// not a day).
import * as z from "zod";
import { parseCalendarDate, type CalendarDate } from "../calendar";
import { SEVERITIES } from "./findings";

export const FINDING_TITLE_MAX = 200;
export const FINDING_TEXT_MAX = 10_000;
export const DUE_DATE_MESSAGE = "Enter the due date as a real date, like 2027-03-31";

const QUESTION_KEY = /^[a-z][a-z0-9_]{0,63}$/;

const optionalLongText = (label: string) =>
  z
    .string()
    .max(FINDING_TEXT_MAX, `${label} has at most ${FINDING_TEXT_MAX.toLocaleString("en-GB")} characters`)
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null));

const severityField = z.enum(SEVERITIES, { error: "Choose a severity: low, medium, high or critical" });
const ownerField = z.string({ error: "Choose who owns this finding" }).pipe(z.uuid({ error: "Choose who owns this finding from the list" }));
const dueDateField = z
  .string({ error: "Enter a due date" })
  .trim()
  .min(1, "Enter a due date")
  .refine((v) => v === "" || parseCalendarDate(v) !== null, DUE_DATE_MESSAGE);

/** Raising a finding (from an answer: questionKey and maybe componentId; from the scorecard: neither). */
export const raiseFindingSchema = z.object({
  title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(FINDING_TITLE_MAX, `Keep the title under ${FINDING_TITLE_MAX} characters`),
  description: optionalLongText("The description"),
  severity: severityField,
  ownerId: ownerField,
  dueDate: dueDateField,
  componentId: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || z.uuid().safeParse(v).success, "Choose a component from the list")
    .transform((v) => (v ? v : null)),
  questionKey: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || QUESTION_KEY.test(v), "That question is not part of this questionnaire")
    .transform((v) => (v ? v : null)),
});
export type RaiseFindingInput = z.output<typeof raiseFindingSchema>;

/** Changing a finding's severity, owner or due date. */
export const editFindingSchema = z.object({
  severity: severityField,
  ownerId: ownerField,
  dueDate: dueDateField,
});
export type EditFindingInput = z.output<typeof editFindingSchema>;

/** A status move by hand, with an optional note for the history (staff only). */
export const moveFindingSchema = z.object({
  intent: z.enum(["start_remediation", "close", "reopen"], { error: "Choose what to do with the finding" }),
  note: optionalLongText("The note"),
});

/** The problem with a finding's due date on `today`, or null: a real day, not in the past. */
export function findingDueDateProblem(value: string, today: CalendarDate): string | null {
  const due = parseCalendarDate(value);
  if (!due) return DUE_DATE_MESSAGE;
  if (due < today) return "The due date is in the past: choose today or a later day";
  return null;
}

export const VENDOR_RESPONSE_MAX = FINDING_TEXT_MAX;
