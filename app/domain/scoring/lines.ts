// A rating's explanation, built from the walk's results when first read (then kept): the
// per-question lines, the lazy-property helper, and domain records of a fixed shape.
import { SCORING_DOMAINS, type ScoringDomain } from "../templates/definition";
import type { ScoringPlan } from "./plan";
import type { DomainSum, QuestionLine } from "./types";
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

const BUILDERS = new Map<string, symbol>();
const ACCESSORS = new Map<string, { get(this: object): unknown; set(this: object, value: unknown): void }>();

/** One getter/setter pair per key, shared by every object: fresh closures per object would give each its own hidden class. */
function accessorsFor(key: string) {
  let accessors = ACCESSORS.get(key);
  if (!accessors) {
    const builder = Symbol(`build ${key}`);
    const keep = (self: object, value: unknown) => Object.defineProperty(self, key, { value, enumerable: true, writable: true, configurable: true });
    accessors = {
      get(this: object) {
        const self = this as Record<symbol, (() => unknown) | undefined>;
        const value = self[builder]!();
        self[builder] = undefined; // let the walk's results go
        keep(this, value);
        return value;
      },
      set(this: object, value: unknown) {
        keep(this, value);
      },
    };
    BUILDERS.set(key, builder);
    ACCESSORS.set(key, accessors);
  }
  return { accessors, builder: BUILDERS.get(key)! };
}

/**
 * Gives `target` a property built on first read, then kept as an ordinary enumerable property (so
 * JSON, spread and equality see it like any other). Used for explanations: most scoring (a rescore
 * comparing grades, the benchmark) never reads them, and they are the bulk of the allocation.
 */
export function withLazy<T extends object, K extends string, V>(target: T, key: K, build: () => V): T & Record<K, V> {
  const { accessors, builder } = accessorsFor(key);
  Object.defineProperty(target, builder, { value: build, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(target, key, { get: accessors.get, set: accessors.set, enumerable: true, configurable: true });
  return target as T & Record<K, V>;
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
