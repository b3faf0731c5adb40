// Thresholds out of order are reported together with every other problem of the methodology
// (zod would skip the order check once any field is wrong), on the server and in the form.
import { checkMethodology, DEFAULT_METHODOLOGY, thresholdOrderProblems } from "~/domain/scoring/methodology";
import { methodologyFormSchema, methodologyFormValues } from "~/domain/scoring/methodology-form";

const problemsOf = (input: unknown) => {
  const check = checkMethodology(input);
  return check.ok ? [] : check.problems;
};

describe("methodology threshold order", () => {
  it("is reported alongside a bad weight, a gap in the matrix and a bad cadence", () => {
    const m = structuredClone(DEFAULT_METHODOLOGY) as unknown as Record<string, Record<string, unknown>>;
    m.thresholds!.B = 90;
    m.domainWeights!.governance = 0;
    m.domainWeights!.regulatory = Number.NaN;
    delete (m.riskMatrix!.high as Record<string, unknown>).C;
    m.reassessmentMonths!.low = 0.5;
    expect(problemsOf(m)).toEqual(
      expect.arrayContaining([
        { path: "thresholds.B", message: "Thresholds out of order: B (90) must be below A (85)" },
        { path: "domainWeights.governance", message: "Weights must be above 0" },
        expect.objectContaining({ path: "domainWeights.regulatory" }),
        expect.objectContaining({ path: "riskMatrix.high.C" }),
        { path: "reassessmentMonths.low", message: "Give whole months" },
      ]),
    );
  });

  it("compares the thresholds that are numbers even when another threshold is missing or out of range", () => {
    const m = { ...DEFAULT_METHODOLOGY, thresholds: { A: 85, B: Number.NaN, C: 90, D: 140 } };
    const problems = problemsOf(m);
    expect(problems).toContainEqual({ path: "thresholds.C", message: "Thresholds out of order: C (90) must be below A (85)" });
    expect(problems).toContainEqual({ path: "thresholds.B", message: "Give a threshold" });
    expect(problems).toContainEqual({ path: "thresholds.D", message: "Thresholds run from 0 to 100" });
    expect(problems.filter((p) => p.path === "thresholds.D")).toHaveLength(1);
  });

  it("reports each pair out of order, and nothing for thresholds in order", () => {
    expect(thresholdOrderProblems({ A: 50, B: 60, C: 60, D: 10 }).map((p) => p.message)).toEqual([
      "Thresholds out of order: B (60) must be below A (50)",
      "Thresholds out of order: C (60) must be below B (60)",
    ]);
    expect(thresholdOrderProblems(DEFAULT_METHODOLOGY.thresholds)).toEqual([]);
    expect(thresholdOrderProblems(null)).toEqual([]);
    expect(thresholdOrderProblems({ A: "85", B: 90 })).toEqual([]);
  });

  it("the form's schema (the browser check) shows the order problem with the other field errors", () => {
    const values = { ...methodologyFormValues(DEFAULT_METHODOLOGY), "thresholds.C": "80", "domainWeights.regulatory": "", expiredEvidenceFraction: "2" };
    const parsed = methodologyFormSchema.safeParse(values);
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["thresholds.C", "domainWeights.regulatory", "expiredEvidenceFraction"]));
  });
});
