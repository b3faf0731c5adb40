// Small templates and answers for the scoring tests: written out by hand so expected numbers can be worked by hand.
import type { StoredAnswer } from "~/domain/assessment-progress";
import type { CalendarDate } from "~/domain/calendar";
import { DEFAULT_METHODOLOGY } from "~/domain/scoring/methodology";
import type { EvidenceInput, ScoringInput } from "~/domain/scoring/types";
import type { Question, TemplateDefinition } from "~/domain/templates/definition";

export const d = (s: string) => s as CalendarDate;

export function question(key: string, fields: Partial<Question> & Pick<Question, "type" | "domain">): Question {
  return { key, prompt: `Question ${key}?`, required: true, weight: 1, allowNa: false, refs: [], ...fields };
}

/** The golden template: supplier governance and incidents, then a component section. */
export function goldenDefinition(): TemplateDefinition {
  return {
    title: "Golden",
    sections: [
      {
        key: "supplier",
        title: "Supplier",
        scope: "supplier",
        questions: [
          question("s_policy", { type: "yes_partial_no", domain: "governance", weight: 2 }),
          question("s_iso", {
            type: "single_choice",
            domain: "governance",
            weight: 3,
            options: [
              { value: "certified", label: "Certified", score: 1 },
              { value: "in_progress", label: "In progress", score: 0.6 },
              { value: "none", label: "None", score: 0 },
            ],
          }),
          question("s_notes", { type: "long_text", domain: "governance", required: false }),
          question("s_incident", {
            type: "yes_no",
            domain: "security_privacy",
            weight: 2,
            knockouts: [
              { when: { question: "s_incident", equals: "no" }, severity: "critical", gradeCap: "E", message: "No incident-notification commitment" },
            ],
          }),
        ],
      },
      {
        key: "component",
        title: "Component",
        scope: "component",
        questions: [
          question("c_gpai", { type: "yes_no", domain: "regulatory", scoring: { contextOnly: true } }),
          question("c_bias", { type: "yes_partial_no", domain: "bias_fairness", weight: 2, allowNa: true }),
          question("c_notice_days", {
            type: "number",
            domain: "change_management",
            min: 0,
            scoring: {
              bands: [
                { min: 30, score: 1 },
                { min: 7, max: 30, score: 0.5 },
                { max: 7, score: 0 },
              ],
            },
          }),
          question("c_controls", {
            type: "multi_choice",
            domain: "security_privacy",
            options: [
              { value: "a", label: "A", score: 1 },
              { value: "b", label: "B", score: 0.5 },
              { value: "c", label: "C", score: 0 },
            ],
            scoring: { multi: "mean" },
          }),
          question("c_tested", { type: "date", domain: "bias_fairness", required: false, scoring: { dateRule: { maxAgeMonths: 12, staleScore: 0.25 } } }),
          question("c_model_card", { type: "file", domain: "transparency" }),
        ],
      },
    ],
  };
}

export const a = (questionKey: string, componentId: string | null, value: unknown, isNa = false): StoredAnswer => ({ questionKey, componentId, value, isNa });

export const EV_VALID = "00000000-0000-4000-8000-000000000001";
export const EV_ISO = "00000000-0000-4000-8000-000000000002";
export const EV_EXPIRED = "00000000-0000-4000-8000-000000000003";

export function goldenInput(overrides: Partial<ScoringInput> = {}): ScoringInput {
  const evidence: EvidenceInput[] = [
    { id: EV_VALID, validUntil: d("2026-12-31"), questionKey: "c_model_card", componentId: "x" },
    { id: EV_ISO, validUntil: d("2027-01-01"), questionKey: "s_iso", componentId: null },
    { id: EV_EXPIRED, validUntil: d("2025-12-31"), questionKey: "c_model_card", componentId: "y" },
  ];
  return {
    definition: goldenDefinition(),
    componentIds: ["x", "y"],
    answers: [
      a("s_policy", null, "partial"),
      a("s_iso", null, "in_progress"),
      a("s_notes", null, "We have notes."),
      a("s_incident", null, "yes"),
      a("c_gpai", "x", "yes"),
      a("c_bias", "x", "yes"),
      a("c_notice_days", "x", 14),
      a("c_controls", "x", ["a", "b"]),
      a("c_tested", "x", "2025-01-10"),
      a("c_model_card", "x", [EV_VALID]),
      a("c_gpai", "y", "no"),
      a("c_bias", "y", null, true),
      a("c_notice_days", "y", 3),
      a("c_model_card", "y", [EV_EXPIRED]),
    ],
    evidence,
    scoringDate: d("2026-03-01"),
    methodology: DEFAULT_METHODOLOGY,
    ...overrides,
  };
}
