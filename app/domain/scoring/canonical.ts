// The canonical form of a scoring input, and its hash: a stored score records the hash, so a
// recomputation can prove it used the same answers, evidence, date, template and methodology.
import { canonicalJson } from "../audit";
import type { ScoringInput } from "./types";

/** Bumped when the engine's arithmetic changes, so a hash also pins the rules that produced a score. */
export const SCORING_ENGINE_VERSION = 1;

/**
 * Everything a score depends on, in a fixed order: answers sorted by (component, question) without
 * comments (they never count), evidence sorted by id, object keys sorted by canonicalJson.
 */
export function canonicalScoringInput(input: ScoringInput): string {
  const answers = input.answers
    .map((x) => ({ questionKey: x.questionKey, componentId: x.componentId, value: x.value ?? null, isNa: x.isNa }))
    .sort((x, y) => compare(x.componentId ?? "", y.componentId ?? "") || compare(x.questionKey, y.questionKey));
  const evidence = input.evidence
    .map((e) => ({ id: e.id, validUntil: e.validUntil, questionKey: e.questionKey ?? null, componentId: e.componentId ?? null }))
    .sort((x, y) => compare(x.id, y.id));
  return canonicalJson({
    engine: SCORING_ENGINE_VERSION,
    definition: input.definition,
    componentIds: input.componentIds,
    answers,
    evidence,
    scoringDate: input.scoringDate,
    methodology: input.methodology,
  });
}

/** SHA-256 (hex) of the canonical input. */
export async function scoringInputHash(input: ScoringInput): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonicalScoringInput(input)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
