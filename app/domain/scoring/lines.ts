// A rating's per-question explanation lines, built from the walk's results when first read: most
// scoring (a rescore that compares grades, the benchmark) never reads them, and they are the bulk
// of the allocation. Reading them gives the same lines every time (they are then kept).
import { SCORING_DOMAINS, type ScoringDomain } from "../templates/definition";
import type { ScoringPlan } from "./plan";
import type { DomainSum, QuestionLine, RatingExplanation } from "./types";
import { STATUS, counts, type Results, type ScopeState } from "./walk";

export function buildLines(parts: readonly ScopeState[], plan: ScoringPlan, results: Results, domains: Record<ScoringDomain, DomainSum>): QuestionLine[] {
  const out: QuestionLine[] = [];
  for (const part of parts) {
    const questions = part.componentId === null ? plan.supplier : plan.component;
    const componentId = part.componentId;
    for (let i = 0; i < questions.length; i++) {
      const q = questions[i]!;
      const at = part.offset + i;
      const status = results.status[at]!;
      const p = results.points[at]!;
      const counted = counts(status, p);
      const domainWeight = domains[q.domain].weight;
      const answer = results.answers[at];
      out.push({
        questionKey: q.key,
        componentId,
        domain: q.domain,
        type: q.type,
        status: STATUS[status]!,
        answer: answer && !answer.isNa ? (answer.value ?? null) : null,
        points: counted ? p : null,
        weight: q.weight,
        share: counted ? q.weight / domainWeight : null,
        contribution: counted ? (100 * q.weight * p) / domainWeight : null,
        evidenceValid: results.backed[at] === 1,
        reason: results.reasons[at]!,
      });
    }
  }
  return out;
}

/** An explanation whose `questions` is built on first read, then kept (an ordinary enumerable property to JSON, spread and equality). */
export function lazyExplanation(rest: Omit<RatingExplanation, "questions">, build: () => QuestionLine[]): RatingExplanation {
  const keep = (target: object, lines: QuestionLine[]) => Object.defineProperty(target, "questions", { value: lines, enumerable: true, writable: true, configurable: true });
  return {
    get questions(): QuestionLine[] {
      const lines = build();
      keep(this, lines);
      return lines;
    },
    set questions(lines: QuestionLine[]) {
      keep(this, lines);
    },
    ...rest,
  };
}

/** A record over the domains built as one literal, in SCORING_DOMAINS order (a fixed object shape). */
export function byDomain<T>(make: (index: number, domain: ScoringDomain) => T): Record<ScoringDomain, T> {
  return {
    training_data: make(0, "training_data"),
    data_quality: make(1, "data_quality"),
    bias_fairness: make(2, "bias_fairness"),
    transparency: make(3, "transparency"),
    change_management: make(4, "change_management"),
    security_privacy: make(5, "security_privacy"),
    governance: make(6, "governance"),
    regulatory: make(7, "regulatory"),
    supply_chain: make(8, "supply_chain"),
  };
}
if (SCORING_DOMAINS.some((d, i) => Object.keys(byDomain(() => 0))[i] !== d)) throw new Error("byDomain is out of step with SCORING_DOMAINS");
