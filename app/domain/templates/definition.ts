// The questionnaire template definition: what a buyer asks an AI supplier, precise enough to score.
// One zod schema for the editor, JSON import/export, the database and the vendor form.
import * as z from "zod";
import { unstorablePath, UNSTORABLE_MESSAGE } from "../storable-text";
import { conditionDepth, MAX_CONDITION_DEPTH } from "./conditions";

export const SCORING_DOMAINS = [
  "training_data",
  "data_quality",
  "bias_fairness",
  "transparency",
  "change_management",
  "security_privacy",
  "governance",
  "regulatory",
  "supply_chain",
] as const;
export type ScoringDomain = (typeof SCORING_DOMAINS)[number];

export const DOMAIN_LABELS: Record<ScoringDomain, string> = {
  training_data: "Training-data provenance and legal basis",
  data_quality: "Data quality and lineage",
  bias_fairness: "Bias and fairness",
  transparency: "Transparency and explainability",
  change_management: "Retraining, versioning and change management",
  security_privacy: "Security and privacy",
  governance: "Governance and accountability",
  regulatory: "Regulatory alignment",
  supply_chain: "Supply chain",
};

export const QUESTION_TYPES = ["yes_no", "yes_partial_no", "single_choice", "multi_choice", "short_text", "long_text", "number", "date", "file"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  yes_no: "Yes / no",
  yes_partial_no: "Yes / partly / no",
  single_choice: "Single choice",
  multi_choice: "Multiple choice",
  short_text: "Short text",
  long_text: "Long text",
  number: "Number",
  date: "Date",
  file: "File evidence",
};

/** Types whose answers are one or more option values (yes/no types carry their options too). */
export const CHOICE_TYPES: ReadonlySet<QuestionType> = new Set(["yes_no", "yes_partial_no", "single_choice", "multi_choice"]);

export const GRADES = ["A", "B", "C", "D", "E"] as const;
export type Grade = (typeof GRADES)[number];

const KEY = /^[a-z][a-z0-9_]{0,63}$/;
export const keySchema = z.string().regex(KEY, "Use 1–64 lower-case letters, digits or _, starting with a letter");

export const optionSchema = z.strictObject({
  value: keySchema,
  label: z.string().trim().min(1, "Give the option a label").max(300),
  score: z.number().min(0, "Scores run from 0 to 1").max(1, "Scores run from 0 to 1"),
});
export type QuestionOption = z.infer<typeof optionSchema>;

const conditionValue = z.union([z.string().max(300), z.number(), z.boolean()]);

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { question: string; equals: string | number | boolean }
  | { question: string; oneOf: Array<string | number | boolean> }
  | { question: string; answered: boolean };

const conditionShape: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1, "An 'all' group needs at least one condition").max(20) }),
    z.strictObject({ any: z.array(conditionSchema).min(1, "An 'any' group needs at least one condition").max(20) }),
    z.strictObject({ question: keySchema, equals: conditionValue }),
    z.strictObject({ question: keySchema, oneOf: z.array(conditionValue).min(1).max(50) }),
    z.strictObject({ question: keySchema, answered: z.boolean() }),
  ]),
);

/** A condition, its depth checked before its shape: a condition nested thousands deep would exhaust the stack. */
export const conditionSchema: z.ZodType<Condition> = z
  .unknown()
  .superRefine((value, ctx) => {
    if (conditionDepth(value) > MAX_CONDITION_DEPTH) {
      ctx.addIssue({
        code: "custom",
        message: `This condition nests groups ("all"/"any") more than ${MAX_CONDITION_DEPTH} levels deep; simplify it`,
        abort: true,
      });
    }
  })
  .pipe(conditionShape);

export const knockoutSchema = z.strictObject({
  when: conditionSchema,
  severity: z.enum(["high", "critical"]),
  gradeCap: z.enum(GRADES),
  message: z.string().trim().min(1, "Explain the knock-out").max(500),
});
export type Knockout = z.infer<typeof knockoutSchema>;

export const evidenceSchema = z.strictObject({
  request: z.string().trim().min(1, "Say what document is requested").max(500),
  requireValidUntil: z.boolean(),
});

/** How a multi-choice answer's option scores combine (see app/domain/scoring/question-rules.ts). */
export const MULTI_RULES = ["mean", "min", "max", "sum_capped"] as const;
export type MultiRule = (typeof MULTI_RULES)[number];

/** A number band: matches min <= value < max (either end open when left out). */
export const scoringBandSchema = z.strictObject({
  min: z.number().optional(),
  max: z.number().optional(),
  score: z.number().min(0, "Scores run from 0 to 1").max(1, "Scores run from 0 to 1"),
});
export type ScoringBand = z.infer<typeof scoringBandSchema>;

/** Optional scoring rules of a question; the rules that span fields are in validate.ts. */
export const questionScoringSchema = z.strictObject({
  contextOnly: z.boolean().optional(),
  multi: z.enum(MULTI_RULES).optional(),
  bands: z.array(scoringBandSchema).min(1, "Give at least one band, or remove bands").max(20).optional(),
  expiredFraction: z.number().min(0, "The expired fraction runs from 0 to 1").max(1, "The expired fraction runs from 0 to 1").optional(),
  dateRule: z
    .strictObject({
      maxAgeMonths: z.number().int("Give whole months").positive("The age limit must be at least one month").max(240),
      staleScore: z.number().min(0, "Scores run from 0 to 1").max(1, "Scores run from 0 to 1").optional(),
    })
    .optional(),
});
export type QuestionScoring = z.infer<typeof questionScoringSchema>;

export const questionSchema = z.strictObject({
  key: keySchema,
  prompt: z.string().trim().min(1, "Write the question").max(1000),
  help: z.string().trim().max(2000).optional(),
  type: z.enum(QUESTION_TYPES),
  options: z.array(optionSchema).max(30).optional(),
  unit: z.string().trim().max(40).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  required: z.boolean(),
  weight: z.number().positive("Weights must be above 0").max(100),
  domain: z.enum(SCORING_DOMAINS),
  allowNa: z.boolean(),
  showIf: conditionSchema.optional(),
  knockouts: z.array(knockoutSchema).max(5).optional(),
  evidence: evidenceSchema.optional(),
  scoring: questionScoringSchema.optional(),
  refs: z.array(z.string().trim().min(1).max(80)).max(20),
});
export type Question = z.infer<typeof questionSchema>;

export const SECTION_SCOPES = ["supplier", "component"] as const;
export type SectionScope = (typeof SECTION_SCOPES)[number];

export const sectionSchema = z.strictObject({
  key: keySchema,
  title: z.string().trim().min(1, "Give the section a title").max(200),
  description: z.string().trim().max(2000).optional(),
  scope: z.enum(SECTION_SCOPES),
  questions: z.array(questionSchema).max(300),
});
export type Section = z.infer<typeof sectionSchema>;

/** The shape only; `validateDefinition` adds the rules that span questions. */
export const definitionShape = z
  .strictObject({
    title: z.string().trim().min(1, "Give the template a title").max(200),
    description: z.string().trim().max(5000).optional(),
    sections: z.array(sectionSchema).max(60),
  })
  .superRefine((definition, ctx) => {
    // Text the database cannot store (NUL, half a surrogate pair), wherever it is in the definition.
    const path = unstorablePath(definition);
    if (path) ctx.addIssue({ code: "custom", path, message: UNSTORABLE_MESSAGE });
  });
export type TemplateDefinition = z.infer<typeof definitionShape>;

/** The options a yes/no or yes/partly/no question gets when it declares none. */
export const DEFAULT_OPTIONS: Partial<Record<QuestionType, QuestionOption[]>> = {
  yes_no: [
    { value: "yes", label: "Yes", score: 1 },
    { value: "no", label: "No", score: 0 },
  ],
  yes_partial_no: [
    { value: "yes", label: "Yes", score: 1 },
    { value: "partial", label: "Partly", score: 0.5 },
    { value: "no", label: "No", score: 0 },
  ],
};

export function optionsOf(question: Question): QuestionOption[] {
  return question.options?.length ? question.options : (DEFAULT_OPTIONS[question.type] ?? []);
}
