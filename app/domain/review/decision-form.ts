// The decision form, checked the same in the browser (react-hook-form's zod resolver) and on the
// server: a decision, a written rationale, the date it holds until (after today) and, for an
// approval with conditions, at least one condition with a title, a severity and a due date. Each
// problem is named by its field ("rationale", "conditions.1.dueDate"), so it shows next to it.
//
// Condition rows arrive flat from a plain form post ("conditions.0.title") or nested from
// react-hook-form; rows left entirely blank are ignored, and keep their index so the messages of
// the others still point at the right row.
import * as z from "zod";
import { DATE_FORMAT_HINT, parseCalendarDate, type CalendarDate } from "../calendar";
import { DECISIONS, type Decision } from "./decision";
import { SEVERITIES, type Severity } from "./findings";

export const RATIONALE_MAX = 10_000;
export const CONDITION_TITLE_MAX = 200;
export const CONDITION_DESCRIPTION_MAX = 10_000;
/** Condition rows a form may send (the page shows three, and more with JavaScript). */
export const MAX_CONDITION_ROWS = 20;
export const CONDITION_FIELDS = ["title", "severity", "dueDate", "description"] as const;
type ConditionField = (typeof CONDITION_FIELDS)[number];

export interface ConditionInput {
  title: string;
  severity: Severity;
  dueDate: CalendarDate;
  description: string | null;
}

export interface DecisionInput {
  decision: Decision;
  rationale: string;
  validUntil: CalendarDate;
  conditions: ConditionInput[];
}

type RawCondition = Record<ConditionField, string>;
interface RawDecision {
  decision: string;
  rationale: string;
  validUntil: string;
  conditions: RawCondition[];
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const CONDITION_KEY = /^conditions\.(\d{1,3})\.(title|severity|dueDate|description)$/;

/** Form values (flat or nested) to the decision's raw shape: every field a string, conditions as rows. */
export function decisionFromForm(values: unknown): RawDecision {
  const v = typeof values === "object" && values !== null ? (values as Record<string, unknown>) : {};
  const rows: RawCondition[] = [];
  const row = (i: number) => {
    while (rows.length <= i) rows.push({ title: "", severity: "", dueDate: "", description: "" });
    return rows[i]!;
  };
  if (Array.isArray(v.conditions)) {
    v.conditions.slice(0, MAX_CONDITION_ROWS + 1).forEach((c, i) => {
      const fields = typeof c === "object" && c !== null ? (c as Record<string, unknown>) : {};
      for (const f of CONDITION_FIELDS) row(i)[f] = text(fields[f]);
    });
  }
  for (const [key, value] of Object.entries(v)) {
    const match = CONDITION_KEY.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    if (index > MAX_CONDITION_ROWS) continue;
    row(index)[match[2] as ConditionField] = text(value);
  }
  return { decision: text(v.decision), rationale: text(v.rationale), validUntil: text(v.validUntil), conditions: rows };
}

const isBlank = (c: RawCondition) => CONDITION_FIELDS.every((f) => c[f].trim() === "");

/** Every problem with the raw decision, by field, and the checked decision when there is none. */
export function checkDecision(raw: RawDecision, today: CalendarDate): { ok: true; value: DecisionInput } | { ok: false; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const decision = (DECISIONS as readonly string[]).includes(raw.decision) ? (raw.decision as Decision) : null;
  if (!decision) problems.decision = "Choose a decision: approve, approve with conditions, or reject";
  const rationale = raw.rationale.trim();
  if (!rationale) problems.rationale = "Write the rationale: why this decision (it is recorded with it and sent to procurement)";
  else if (rationale.length > RATIONALE_MAX) problems.rationale = `Keep the rationale under ${RATIONALE_MAX} characters`;
  const validUntil = parseCalendarDate(raw.validUntil.trim());
  if (!raw.validUntil.trim()) problems.validUntil = "Choose the date until which the decision holds";
  else if (!validUntil) problems.validUntil = `${DATE_FORMAT_HINT}`;
  else if (validUntil <= today) problems.validUntil = "The decision must hold beyond today: choose a later date";

  const conditions: ConditionInput[] = [];
  raw.conditions.forEach((c, i) => {
    if (isBlank(c)) return;
    if (i >= MAX_CONDITION_ROWS) {
      problems.conditions ??= `At most ${MAX_CONDITION_ROWS} conditions: raise further ones as findings afterwards`;
      return;
    }
    const at = (field: ConditionField) => `conditions.${i}.${field}`;
    const title = c.title.trim();
    if (!title) problems[at("title")] = "Give the condition a title";
    else if (title.length > CONDITION_TITLE_MAX) problems[at("title")] = `Keep the title under ${CONDITION_TITLE_MAX} characters`;
    const severity = (SEVERITIES as readonly string[]).includes(c.severity) ? (c.severity as Severity) : null;
    if (!severity) problems[at("severity")] = "Choose a severity";
    const due = parseCalendarDate(c.dueDate.trim());
    if (!c.dueDate.trim()) problems[at("dueDate")] = "Give the condition a due date";
    else if (!due) problems[at("dueDate")] = DATE_FORMAT_HINT;
    else if (due < today) problems[at("dueDate")] = "The due date is in the past: choose today or later";
    const description = c.description.trim();
    if (description.length > CONDITION_DESCRIPTION_MAX) problems[at("description")] = `Keep the description under ${CONDITION_DESCRIPTION_MAX} characters`;
    if (title && severity && due) conditions.push({ title, severity, dueDate: due, description: description || null });
  });
  const given = raw.conditions.slice(0, MAX_CONDITION_ROWS).some((c) => !isBlank(c));
  if (decision === "approved_with_conditions" && !given) {
    problems.conditions ??= "Add at least one condition: an approval with conditions needs one, with a title, a severity and a due date";
  } else if (decision && decision !== "approved_with_conditions" && given) {
    problems.conditions ??= "Only “Approved with conditions” takes conditions: choose it, or clear the condition rows";
  }
  if (Object.keys(problems).length || !decision || !validUntil) return { ok: false, problems };
  return { ok: true, value: { decision, rationale, validUntil, conditions } };
}

/** The form's schema for `today` (the server's day; the page passes it to the browser). */
export function decisionFormSchema(today: CalendarDate) {
  return z.preprocess(
    decisionFromForm,
    z
      .object({
        decision: z.string(),
        rationale: z.string(),
        validUntil: z.string(),
        conditions: z.array(z.object({ title: z.string(), severity: z.string(), dueDate: z.string(), description: z.string() })),
      })
      .transform((raw, ctx) => {
        const checked = checkDecision(raw, today);
        if (checked.ok) return checked.value;
        for (const [path, message] of Object.entries(checked.problems)) ctx.addIssue({ code: "custom", path: path.split("."), message });
        return z.NEVER;
      }),
  );
}
