// Each points rule, the template's scoring fields and their validation, and the methodology's.
import fc from "fast-check";
import { addMonths, parseCalendarDate, type CalendarDate } from "~/domain/calendar";
import { scoreAssessment } from "~/domain/scoring/engine";
import { DEFAULT_METHODOLOGY, checkMethodology, gradeForScore, roundScore } from "~/domain/scoring/methodology";
import { bandIndex, dateNumber, evidenceState, multiPoints, withinAge } from "~/domain/scoring/points";
import { questionRule } from "~/domain/scoring/question-rules";
import type { Question, TemplateDefinition } from "~/domain/templates/definition";
import { validateDefinition } from "~/domain/templates/validate";
import { a, d, question } from "./scoring-fixtures";

function oneQuestion(q: Question, extra: Question[] = []): TemplateDefinition {
  return { title: "T", sections: [{ key: "s", title: "S", scope: "supplier", questions: [...extra, q] }] };
}

function score(q: Question, value: unknown, options: { isNa?: boolean; evidence?: { id: string; validUntil: CalendarDate | null }[] } = {}) {
  const result = scoreAssessment({
    definition: oneQuestion(q),
    componentIds: [],
    answers: value === undefined && !options.isNa ? [] : [a(q.key, null, value ?? null, options.isNa ?? false)],
    evidence: options.evidence ?? [],
    scoringDate: d("2026-03-01"),
    methodology: DEFAULT_METHODOLOGY,
  });
  return { rating: result.supplier, line: result.supplier.explanation.questions.find((l) => l.questionKey === q.key)! };
}

describe("points per rule", () => {
  it("choice: the option's score; yes/no types use their default options", () => {
    expect(score(question("q", { type: "yes_partial_no", domain: "governance" }), "partial").line.points).toBe(0.5);
    expect(score(question("q", { type: "yes_no", domain: "governance" }), "no").line.points).toBe(0);
    expect(score(question("q", { type: "yes_no", domain: "governance" }), "yes").rating.domains.governance).toBe(100);
  });

  it("multi-choice: mean, min, max, sum_capped", () => {
    expect(multiPoints([1, 0.5, 0], "mean")).toBe(0.5);
    expect(multiPoints([1, 0.5, 0], "min")).toBe(0);
    expect(multiPoints([1, 0.5, 0], "max")).toBe(1);
    expect(multiPoints([0.25, 0.5], "sum_capped")).toBe(0.75);
    expect(multiPoints([0.75, 0.5], "sum_capped")).toBe(1);
    const q = question("q", {
      type: "multi_choice",
      domain: "governance",
      options: [
        { value: "a", label: "A", score: 0.4 },
        { value: "b", label: "B", score: 0.8 },
      ],
    });
    // no rule on the question: the methodology's default (mean)
    expect(score(q, ["a", "b"]).line.points).toBeCloseTo(0.6, 12);
    expect(score({ ...q, scoring: { multi: "sum_capped" } }, ["a", "b"]).line.points).toBe(1);
    expect(
      scoreAssessment({
        definition: oneQuestion(q),
        componentIds: [],
        answers: [a("q", null, ["a", "b"])],
        evidence: [],
        scoringDate: d("2026-03-01"),
        methodology: { ...DEFAULT_METHODOLOGY, multiDefault: "min" },
      }).supplier.overall,
    ).toBe(40);
  });

  it("number: first band with min <= value < max", () => {
    const bands = [
      { min: 30, score: 1 },
      { min: 7, max: 30, score: 0.5 },
      { max: 7, score: 0 },
    ];
    expect([45, 30, 29.9, 7, 6.99, -3].map((v) => bandIndex(bands, v))).toEqual([0, 0, 1, 1, 2, 2]);
    const q = question("q", { type: "number", domain: "change_management", scoring: { bands } });
    expect(score(q, 30).line).toMatchObject({ points: 1, reason: "30 or more scores 1" });
    expect(score(q, 6).line).toMatchObject({ points: 0, reason: "under 7 scores 0" });
  });

  it("date: fresh within the age limit, else the stale score; a future date is fresh", () => {
    const q = question("q", { type: "date", domain: "bias_fairness", scoring: { dateRule: { maxAgeMonths: 12 } } });
    expect(score(q, "2025-03-01").line.points).toBe(1); // exactly 12 months
    expect(score(q, "2025-02-28").line.points).toBe(0); // stale, default stale score 0
    expect(score(q, "2027-01-01").line.points).toBe(1);
  });

  it("date arithmetic on the digits agrees with calendar.ts", () => {
    const day = fc
      .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2060-12-31T00:00:00Z"), noInvalidDate: true })
      .map((x) => x.toISOString().slice(0, 10) as CalendarDate);
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 240 }), (date, scoring, months) => {
        expect(withinAge(dateNumber(date), dateNumber(scoring), months)).toBe(addMonths(date, months) >= scoring);
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), day.map(String), fc.constantFrom("2027-02-29", "2028-02-29", "2027-13-01", "2027-04-31", "0000-01-01")), (text) => {
        expect(dateNumber(text) >= 0).toBe(parseCalendarDate(text) !== null);
      }),
    );
  });

  it("file: 1 when valid on the scoring date, the expired fraction when expired, 0 when not on record", () => {
    const validity = new Map<string, CalendarDate | null>([
      ["v", d("2026-03-01")],
      ["x", d("2026-02-28")],
      ["n", null],
    ]);
    expect(evidenceState(["x", "v"], validity, d("2026-03-01"))).toBe("valid");
    expect(evidenceState(["n"], validity, d("2026-03-01"))).toBe("valid");
    expect(evidenceState(["x"], validity, d("2026-03-01"))).toBe("expired");
    expect(evidenceState(["gone"], validity, d("2026-03-01"))).toBe("missing");
    const q = question("q", { type: "file", domain: "transparency" });
    const evidence = [{ id: "x", validUntil: d("2026-02-28") }];
    expect(score(q, ["x"], { evidence }).line.points).toBe(DEFAULT_METHODOLOGY.expiredEvidenceFraction);
    expect(score({ ...q, scoring: { expiredFraction: 0.5 } }, ["x"], { evidence }).line.points).toBe(0.5);
    const missing = score(q, ["gone"]);
    expect(missing.line.points).toBe(0);
    expect(missing.rating.notices).toEqual([{ questionKey: "q", componentId: null, message: "None of the attached files is on record: counts as missing, 0" }]);
  });

  it("text is never scored; context-only is never scored; a number or date without a rule is unscored", () => {
    expect(score(question("q", { type: "long_text", domain: "governance" }), "text").line.status).toBe("unscored");
    expect(score(question("q", { type: "yes_no", domain: "governance", scoring: { contextOnly: true } }), "no").line.status).toBe("context");
    expect(score(question("q", { type: "number", domain: "governance" }), 4).line.status).toBe("unscored");
    expect(score(question("q", { type: "date", domain: "governance" }), "2026-01-01").line.status).toBe("unscored");
  });

  it("unanswered: required counts 0, optional drops out; N/A drops out only where allowed", () => {
    const required = question("q", { type: "yes_no", domain: "governance" });
    expect(score(required, undefined).line).toMatchObject({ status: "unanswered_required", points: 0 });
    expect(score(required, undefined).rating.domains.governance).toBe(0);
    const optional = { ...required, required: false };
    expect(score(optional, undefined).line).toMatchObject({ status: "unanswered_optional", points: null });
    expect(score(optional, undefined).rating.domains.governance).toBeNull();
    expect(score({ ...required, allowNa: true }, null, { isNa: true }).line.status).toBe("na");
    const refused = score(required, null, { isNa: true });
    expect(refused.line).toMatchObject({ status: "unanswered_required", points: 0 });
    expect(refused.rating.notices).toHaveLength(1);
  });

  it("an answer of the wrong type counts as unanswered, with a notice, and never crashes", () => {
    const q = question("q", { type: "yes_no", domain: "governance" });
    for (const wrong of [42, ["yes"], { v: 1 }, "maybe", true]) {
      const { line, rating } = score(q, wrong);
      expect(line).toMatchObject({ status: "invalid", points: 0 });
      expect(rating.notices[0]!.message).toMatch(/counted as unanswered/);
    }
    const optional = score({ ...q, required: false }, "maybe");
    expect(optional.line).toMatchObject({ status: "invalid", points: null });
    expect(optional.rating.domains.governance).toBeNull();
    const number = question("n", { type: "number", domain: "governance", scoring: { bands: [{ min: 0, score: 1 }] } });
    expect(score(number, -5).line).toMatchObject({ status: "invalid", reason: "No band covers -5: counted as unanswered (required: 0)" });
    expect(score(number, "12").line.status).toBe("invalid");
    const date = question("t", { type: "date", domain: "governance", scoring: { dateRule: { maxAgeMonths: 6 } } });
    expect(score(date, "2027-02-30").line.status).toBe("invalid");
    const multi = question("m", {
      type: "multi_choice",
      domain: "governance",
      options: [
        { value: "a", label: "A", score: 1 },
        { value: "b", label: "B", score: 0 },
      ],
    });
    expect(score(multi, ["a", "a"]).line.status).toBe("invalid");
    expect(score(multi, "a").line.status).toBe("invalid");
  });

  it("a scored question lacking what it needs is unscorable: left out with a notice", () => {
    const q = question("q", { type: "number", domain: "governance", scoring: {} });
    expect(questionRule(q).kind).toBe("unscorable");
    const { line, rating } = score(q, 12);
    expect(line).toMatchObject({ status: "unscorable", points: null });
    expect(rating.domains.governance).toBeNull();
    expect(rating.notices[0]!.message).toBe("A scored number question needs bands: left unscored");
    const noOptions = question("c", { type: "single_choice", domain: "governance", options: [] });
    expect(score(noOptions, "x").line.status).toBe("unscorable");
  });
});

describe("template validation of scoring fields", () => {
  const problems = (q: Question) => {
    const check = validateDefinition(oneQuestion(q));
    return check.ok ? [] : check.problems;
  };

  it("accepts well-formed rules", () => {
    expect(
      problems(
        question("q", {
          type: "number",
          domain: "governance",
          min: 0,
          scoring: {
            bands: [
              { max: 7, score: 0 },
              { min: 7, score: 1 },
            ],
          },
        }),
      ),
    ).toEqual([]);
    expect(
      problems(
        question("q", {
          type: "number",
          domain: "governance",
          min: 0,
          max: 100,
          scoring: {
            bands: [
              { min: 0, max: 50, score: 0 },
              { min: 50, max: 101, score: 1 },
            ],
          },
        }),
      ),
    ).toEqual([]);
    expect(problems(question("q", { type: "date", domain: "governance", scoring: { dateRule: { maxAgeMonths: 12, staleScore: 0.2 } } }))).toEqual([]);
    expect(problems(question("q", { type: "long_text", domain: "governance", scoring: { contextOnly: true } }))).toEqual([]);
  });

  it("names the path of each problem", () => {
    const path = "sections[0].questions[0].scoring";
    expect(problems(question("q", { type: "number", domain: "governance", scoring: {} }))).toEqual([
      { path: `${path}.bands`, message: "A scored number question needs bands (or mark it context only)" },
    ]);
    expect(problems(question("q", { type: "yes_no", domain: "governance", scoring: { bands: [{ score: 1 }] } }))).toEqual([
      { path: `${path}.bands`, message: "Only number questions are scored by bands" },
    ]);
    expect(problems(question("q", { type: "date", domain: "governance", scoring: { multi: "min" } }))).toEqual([
      { path: `${path}.multi`, message: "Only multiple-choice questions combine option scores" },
      { path: `${path}.dateRule`, message: "A scored date question needs an age rule (or mark it context only)" },
    ]);
    expect(problems(question("q", { type: "short_text", domain: "governance", scoring: {} }))).toEqual([
      { path, message: "Text answers are never scored: mark the question context only or remove its scoring" },
    ]);
    expect(problems(question("q", { type: "file", domain: "governance", scoring: { contextOnly: true, expiredFraction: 0.5 } }))).toEqual([
      { path: `${path}.expiredFraction`, message: "A context-only question takes no scoring rule" },
    ]);
    expect(problems(question("q", { type: "file", domain: "governance", scoring: { expiredFraction: 2 } }))).toEqual([
      { path: `${path}.expiredFraction`, message: "The expired fraction runs from 0 to 1" },
    ]);
  });

  it("refuses bands that overlap, leave a gap or are empty", () => {
    const bands = (b: NonNullable<Question["scoring"]>["bands"], extra: Partial<Question> = {}) =>
      problems(question("q", { type: "number", domain: "governance", scoring: { bands: b }, ...extra }));
    const path = "sections[0].questions[0].scoring.bands";
    expect(
      bands(
        [
          { min: 0, max: 10, score: 0 },
          { min: 5, score: 1 },
        ],
        { min: 0 },
      ),
    ).toEqual([{ path: `${path}[1]`, message: "Bands 1 and 2 overlap: each value must fall in one band" }]);
    expect(
      bands([
        { max: 5, score: 0 },
        { min: 7, score: 1 },
      ]),
    ).toEqual([{ path: `${path}[1]`, message: "No band covers values from 5 up to 7" }]);
    expect(bands([{ min: 0, max: 5, score: 0 }], { min: 0, max: 10 })).toEqual([{ path, message: "No band covers values from 5 to 10" }]);
    expect(bands([{ min: 1, score: 0 }], { min: 0 })).toEqual([{ path: `${path}[0]`, message: "No band covers values from 0 up to 1" }]);
    expect(bands([{ min: 0, max: 10, score: 1 }])).toEqual([
      { path: `${path}[0]`, message: "No band covers values from −∞ up to 0" },
      { path, message: "No band covers values from 10 upwards" },
    ]);
    expect(bands([{ min: 5, max: 5, score: 1 }])).toEqual([
      { path: `${path}[0]`, message: "A band's min must be below its max (min is included, max is not)" },
    ]);
  });
});

describe("methodology", () => {
  it("the default is valid and grades by its thresholds", () => {
    expect(checkMethodology(DEFAULT_METHODOLOGY)).toEqual({ ok: true, methodology: DEFAULT_METHODOLOGY });
    expect([85, 84.999999, 70, 55, 40, 39.9, 0].map((s) => gradeForScore(s, DEFAULT_METHODOLOGY.thresholds))).toEqual(["A", "B", "B", "C", "D", "E", "E"]);
    expect(roundScore(100 * 0.85)).toBe(85);
  });

  const problems = (change: (m: typeof DEFAULT_METHODOLOGY) => unknown) => {
    const check = checkMethodology(change(structuredClone(DEFAULT_METHODOLOGY)));
    return check.ok ? [] : check.problems;
  };

  it("refuses thresholds out of order, naming the field", () => {
    expect(problems((m) => ({ ...m, thresholds: { A: 85, B: 90, C: 55, D: 40 } }))).toEqual([
      { path: "thresholds.B", message: "Thresholds out of order: B (90) must be below A (85)" },
    ]);
    expect(problems((m) => ({ ...m, thresholds: { A: 85, B: 70, C: 40, D: 40 } }))).toEqual([
      { path: "thresholds.D", message: "Thresholds out of order: D (40) must be below C (40)" },
    ]);
    expect(problems((m) => ({ ...m, thresholds: { A: 120, B: 70, C: 55, D: 40 } }))).toEqual([
      { path: "thresholds.A", message: "Thresholds run from 0 to 100" },
    ]);
  });

  it("refuses weights of 0 or below, naming the domain", () => {
    expect(problems((m) => ({ ...m, domainWeights: { ...m.domainWeights, bias_fairness: 0 } }))).toEqual([
      { path: "domainWeights.bias_fairness", message: "Weights must be above 0" },
    ]);
    expect(problems((m) => ({ ...m, domainWeights: { ...m.domainWeights, governance: -2 } }))).toEqual([
      { path: "domainWeights.governance", message: "Weights must be above 0" },
    ]);
    const { supply_chain: _gone, ...rest } = DEFAULT_METHODOLOGY.domainWeights;
    expect(problems((m) => ({ ...m, domainWeights: rest }))).toEqual([{ path: "domainWeights.supply_chain", message: "Give a weight" }]);
  });

  it("refuses a risk matrix with gaps, naming the cell", () => {
    expect(
      problems((m) => {
        delete (m.riskMatrix.high as Partial<Record<string, string>>).D;
        return m;
      }),
    ).toEqual([{ path: "riskMatrix.high.D", message: "Give a residual risk (low, medium, high, critical) for every inherent risk and grade" }]);
    expect(problems((m) => ({ ...m, riskMatrix: { ...m.riskMatrix, low: { ...m.riskMatrix.low, A: "none" } } }))).toEqual([
      { path: "riskMatrix.low.A", message: "Give a residual risk (low, medium, high, critical) for every inherent risk and grade" },
    ]);
    const { critical: _row, ...rows } = DEFAULT_METHODOLOGY.riskMatrix;
    expect(problems((m) => ({ ...m, riskMatrix: rows })).map((p) => p.path)).toEqual(["riskMatrix.critical"]);
  });

  it("refuses other bad fields with their path", () => {
    expect(problems((m) => ({ ...m, version: 0 }))).toEqual([{ path: "version", message: "Versions start at 1" }]);
    expect(problems((m) => ({ ...m, expiredEvidenceFraction: 1.5 }))).toEqual([{ path: "expiredEvidenceFraction", message: "The fraction runs from 0 to 1" }]);
    expect(problems((m) => ({ ...m, multiDefault: "median" }))).toEqual([{ path: "multiDefault", message: "Choose one of mean, min, max, sum_capped" }]);
    expect(problems((m) => ({ ...m, reassessmentMonths: { ...m.reassessmentMonths, critical: 0 } }))).toEqual([
      { path: "reassessmentMonths.critical", message: "At least one month" },
    ]);
  });
});
