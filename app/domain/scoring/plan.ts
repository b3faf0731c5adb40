// A template definition compiled once for scoring: questions in walk order with their rule,
// option lookups and reason texts precomputed, cached per definition object (a published
// definition never changes), so scoring an assessment does no per-definition work.
import type { AnswerValue } from "../templates/conditions";
import { describeCondition, referencedQuestions } from "../templates/conditions";
import {
  SCORING_DOMAINS,
  optionsOf,
  type Condition,
  type Grade,
  type MultiRule,
  type ScoringBand,
  type QuestionType,
  type ScoringDomain,
  type SectionScope,
  type TemplateDefinition,
} from "../templates/definition";
import { describeBand } from "./points";
import { questionRule, type QuestionRule } from "./question-rules";

/** QuestionRule kinds as small integers, with the rule's fields flattened onto PlanQuestion: one object shape in the hot loop. */
export const KIND = { context: 0, unscored: 1, unscorable: 2, choice: 3, multi: 4, bands: 5, date: 6, file: 7 } as const;

export interface PlanKnockout {
  when: Condition;
  severity: "high" | "critical";
  gradeCap: Grade;
  message: string;
  condition: string;
}

export interface PlanOption {
  value: string;
  score: number;
  reason: string;
}

export interface PlanQuestion {
  key: string;
  /** Position within its scope's walk (supplier questions, or component questions). */
  index: number;
  scope: SectionScope;
  type: QuestionType;
  domainIndex: number;
  domain: ScoringDomain;
  weight: number;
  required: boolean;
  allowNa: boolean;
  showIf: Condition | undefined;
  knockouts: PlanKnockout[];
  /** Read by some condition: the walk must record what conditions see of it. */
  referenced: boolean;
  rule: QuestionRule;
  kind: number;
  /** The reason of a context, unscored or unscorable rule. */
  ruleReason: string;
  multi: MultiRule | undefined;
  bands: readonly ScoringBand[];
  maxAgeMonths: number;
  staleScore: number;
  expiredFraction: number | undefined;
  /** Options in template order (duplicates dropped: the first wins); see optionOf. */
  options: PlanOption[];
  bandReasons: string[];
  dateReasons: { fresh: string; stale: string };
}

export interface ScoringPlan {
  supplier: PlanQuestion[];
  component: PlanQuestion[];
  byKey: Map<string, PlanQuestion>;
  /** What conditions read, reused across calls (reset at the start of each walk). */
  effective: Record<string, AnswerValue>;
  referencedSupplier: string[];
  referencedComponent: string[];
  /** Scratch for WalkContext.questionEvidence, reused across calls (scoring is synchronous). */
  evidenceScratch: Uint8Array;
}

const cache = new WeakMap<TemplateDefinition, ScoringPlan>();

/** The option with this value: a scan, faster than a Map for the handful of options a question has. */
export function optionOf(q: PlanQuestion, value: unknown): PlanOption | undefined {
  if (typeof value !== "string") return undefined;
  const options = q.options;
  for (let i = 0; i < options.length; i++) if (options[i]!.value === value) return options[i];
  return undefined;
}

export function scoringPlan(definition: TemplateDefinition): ScoringPlan {
  let plan = cache.get(definition);
  if (!plan) {
    plan = compile(definition);
    cache.set(definition, plan);
  }
  return plan;
}

function compile(definition: TemplateDefinition): ScoringPlan {
  const referenced = new Set<string>();
  for (const section of definition.sections) {
    for (const q of section.questions) {
      if (q.showIf) for (const k of referencedQuestions(q.showIf)) referenced.add(k);
      for (const ko of q.knockouts ?? []) for (const k of referencedQuestions(ko.when)) referenced.add(k);
    }
  }
  const plan: ScoringPlan = {
    supplier: [],
    component: [],
    byKey: new Map(),
    effective: {},
    referencedSupplier: [],
    referencedComponent: [],
    evidenceScratch: new Uint8Array(0),
  };
  for (const scope of ["supplier", "component"] as const) {
    for (const section of definition.sections) {
      if (section.scope !== scope) continue;
      for (const q of section.questions) {
        if (plan.byKey.has(q.key)) continue; // a duplicate key (refused by validation): the first one wins
        const rule = questionRule(q);
        const options: PlanOption[] = [];
        for (const o of optionsOf(q)) {
          const score = Number.isFinite(o.score) ? Math.min(1, Math.max(0, o.score)) : 0;
          if (!options.some((x) => x.value === o.value)) options.push({ value: o.value, score, reason: `Answer “${o.label}” scores ${score}` });
        }
        const list = plan[scope];
        const planned: PlanQuestion = {
          key: q.key,
          index: list.length,
          scope,
          type: q.type,
          domainIndex: Math.max(0, SCORING_DOMAINS.indexOf(q.domain)),
          domain: SCORING_DOMAINS[Math.max(0, SCORING_DOMAINS.indexOf(q.domain))]!,
          weight: q.weight,
          required: q.required,
          allowNa: q.allowNa,
          showIf: q.showIf,
          knockouts: (q.knockouts ?? []).map((k) => ({ ...k, condition: describeCondition(k.when) })),
          referenced: referenced.has(q.key),
          rule,
          kind: KIND[rule.kind],
          ruleReason: "reason" in rule ? rule.reason : "",
          multi: rule.kind === "multi" ? rule.multi : undefined,
          bands: rule.kind === "bands" ? rule.bands : [],
          maxAgeMonths: rule.kind === "date" ? rule.maxAgeMonths : 0,
          staleScore: rule.kind === "date" ? rule.staleScore : 0,
          expiredFraction: rule.kind === "file" ? rule.expiredFraction : undefined,
          options,
          bandReasons: rule.kind === "bands" ? rule.bands.map((b) => `${describeBand(b, q.unit)} scores ${b.score}`) : [],
          dateReasons:
            rule.kind === "date"
              ? {
                  fresh: `Within ${rule.maxAgeMonths} months of the scoring date: scores 1`,
                  stale: `Older than ${rule.maxAgeMonths} months: scores ${rule.staleScore}`,
                }
              : { fresh: "", stale: "" },
        };
        list.push(planned);
        plan.byKey.set(q.key, planned);
        if (planned.referenced) {
          plan.effective[q.key] = undefined;
          (scope === "supplier" ? plan.referencedSupplier : plan.referencedComponent).push(q.key);
        }
      }
    }
  }
  return plan;
}
