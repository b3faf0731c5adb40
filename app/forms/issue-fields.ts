// The fields a questionnaire is issued with — components, contacts, due date, message — over string
// inputs, shared by the issue form and the reassess form (in the browser and on the server). The
// services check what needs the database or today's date (ownership, status, the due date's range).
import * as z from "zod";
import { parseCalendarDate } from "~/domain/calendar";

/** Checkbox groups: one value, several, or none (react-hook-form gives `false` for a lone unticked box). */
const idList = (message: string) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v : v === undefined || v === null || v === false || v === "" ? [] : [v]),
    z.array(z.string().pipe(z.uuid({ error: message }))).max(500, message),
  );

export const issueFields = {
  componentIds: idList("Choose among this supplier's active AI components"),
  contactIds: idList("Choose among this supplier's contacts").refine((ids) => ids.length > 0, "Choose at least one contact to send the questionnaire to"),
  dueDate: z
    .string({ error: "Choose a due date" })
    .trim()
    .refine((v) => parseCalendarDate(v) !== null, "Enter the due date as a date, like 2027-03-31"),
  message: z
    .string()
    .max(5000, "Keep the message under 5000 characters")
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null)),
};
