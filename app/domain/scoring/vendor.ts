// The vendor's rating from its components' ratings, by the methodology's vendor rule (see
// VENDOR_RULES): a vendor is no better than its weakest component in use.
import { GRADE_RANK, VENDOR_RULE_TEXT, gradeForScore, type Methodology } from "./methodology";
import { byDomain, withLazy } from "./lines";
import type { KnockoutFlag, Rating, RatingExplanation, ScoringNotice } from "./types";
import type { ScopeState } from "./walk";

const CONFIDENCE_RULE = "Share of scored answers backed by evidence valid on the scoring date (supplier-level answers counted once)";

/** With no component in scope the vendor rating is the supplier-level rating. */
export function vendorFromSupplier(supplier: Rating): Rating {
  const { overall, grade, domains, flags, notices, confidence } = supplier;
  const base = { scope: "vendor" as const, componentId: null, overall, grade, domains, flags, notices, confidence };
  return withLazy(base, "explanation", (): RatingExplanation => ({
    ...supplier.explanation,
    vendor: { rule: "No component in scope: the vendor rating is the supplier-level rating", overallFrom: null, gradeFrom: null },
  }));
}

export function vendorRating(list: readonly Rating[], supplierState: ScopeState, states: readonly ScopeState[], methodology: Methodology): Rating {
  let overallFrom: Rating | null = null;
  let gradeFrom: Rating | null = null;
  for (const r of list) {
    if (r.overall !== null && (overallFrom === null || r.overall < overallFrom.overall!)) overallFrom = r;
    if (r.grade !== null && (gradeFrom === null || GRADE_RANK[r.grade] > GRADE_RANK[gradeFrom.grade!])) gradeFrom = r;
  }
  const weakest = byDomain((_, domain) => {
    let from: Rating = list[0]!;
    for (const r of list) {
      const score = r.domains[domain];
      const best = from.domains[domain];
      if (score !== null && (best === null || score < best)) from = r;
    }
    return from;
  });
  // Supplier-level flags and notices once (they are in every component's rating), then each component's own.
  const flags: KnockoutFlag[] = list[0]!.flags.filter((f) => f.componentId === null);
  const notices: ScoringNotice[] = list[0]!.notices.filter((n) => n.componentId === null);
  let scoredAnswers = supplierState.scoredAnswers;
  let backed = supplierState.backedAnswers;
  list.forEach((r, c) => {
    for (const flag of r.flags) if (flag.componentId !== null) flags.push(flag);
    for (const notice of r.notices) if (notice.componentId !== null) notices.push(notice);
    scoredAnswers += states[c]!.scoredAnswers;
    backed += states[c]!.backedAnswers;
  });
  const overall = overallFrom ? overallFrom.overall : null;
  const grade = gradeFrom ? gradeFrom.grade : null;
  const base = {
    scope: "vendor" as const,
    componentId: null,
    overall,
    grade,
    domains: byDomain((_, domain) => weakest[domain].domains[domain]),
    flags,
    notices,
    confidence: scoredAnswers > 0 ? backed / scoredAnswers : null,
  };
  return withLazy(base, "explanation", (): RatingExplanation => {
    const rule = VENDOR_RULE_TEXT[methodology.vendorRule];
    const reason = grade
      ? `The worst component grade, ${grade}, of component ${gradeFrom!.componentId} (${gradeFrom!.explanation.grade.reason})`
      : "No grade: no component has one";
    return {
      questions: [],
      domains: byDomain((_, domain) => weakest[domain].explanation.domains[domain]),
      overall: {
        weightedScores: overallFrom?.explanation.overall.weightedScores ?? 0,
        domainWeights: overallFrom?.explanation.overall.domainWeights ?? 0,
        rule,
      },
      grade: {
        thresholds: methodology.thresholds,
        byScore: overall === null ? null : gradeForScore(overall, methodology.thresholds),
        cap: gradeFrom?.explanation.grade.cap ?? null,
        grade,
        reason,
      },
      confidence: { backed, scoredAnswers, rule: CONFIDENCE_RULE },
      vendor: { rule, overallFrom: overallFrom?.componentId ?? null, gradeFrom: gradeFrom?.componentId ?? null },
    };
  });
}
