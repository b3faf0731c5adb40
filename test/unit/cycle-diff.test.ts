// Comparing a reassessment's answers with the previous cycle's: the classification of one answer,
// with its properties (an answer is never "changed" against itself; a question not asked before is
// always new), and the comparison of two whole cycles.
import fc from "fast-check";
import {
  classifyChange,
  compareCycles,
  questionKeyChanges,
  sameAnswer,
  summariseCycle,
  type CurrentCycleAnswer,
  type CycleAnswer,
} from "~/domain/review/cycle-diff";
import type { TemplateDefinition } from "~/domain/templates/definition";
import { question } from "../support/questions";

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 5 }),
);
const answer: fc.Arbitrary<CycleAnswer> = fc.record({ value: jsonValue, isNa: fc.boolean(), comment: fc.option(fc.string(), { nil: null }) });
const current: fc.Arbitrary<CurrentCycleAnswer> = fc.record({
  value: jsonValue,
  isNa: fc.boolean(),
  comment: fc.option(fc.string(), { nil: null }),
  prefilled: fc.boolean(),
});

describe("classifyChange", () => {
  it("never calls an answer compared with itself changed", () => {
    fc.assert(
      fc.property(answer, fc.boolean(), (a, prefilled) => {
        expect(classifyChange(true, a, { ...a, prefilled })).not.toBe("changed");
      }),
    );
  });

  it("calls every answer to a question not asked before a new question", () => {
    fc.assert(
      fc.property(fc.option(answer, { nil: null }), fc.option(current, { nil: null }), (previous, now) => {
        expect(classifyChange(false, previous, now)).toBe("new_question");
      }),
    );
  });

  it("keeps a carried answer unconfirmed until the vendor saves it, whatever it says", () => {
    fc.assert(
      fc.property(fc.option(answer, { nil: null }), answer, (previous, a) => {
        expect(classifyChange(true, previous, { ...a, prefilled: true })).toBe("unchanged");
      }),
    );
  });

  it("tells confirmed from changed by value, N/A and comment", () => {
    const before: CycleAnswer = { value: "yes", isNa: false, comment: "Since 2024" };
    const saved = (a: Partial<CurrentCycleAnswer>): CurrentCycleAnswer => ({ ...before, prefilled: false, ...a });
    expect(classifyChange(true, before, saved({}))).toBe("confirmed");
    expect(classifyChange(true, before, saved({ value: "no" }))).toBe("changed");
    expect(classifyChange(true, before, saved({ isNa: true, value: null }))).toBe("changed");
    expect(classifyChange(true, before, saved({ comment: "Since 2025" }))).toBe("changed");
    expect(classifyChange(true, before, saved({ comment: null }))).toBe("changed");
    expect(classifyChange(true, before, null)).toBe("changed"); // the answer is gone
    expect(classifyChange(true, null, saved({}))).toBe("changed"); // answered where there was nothing
    expect(classifyChange(true, null, null)).toBeNull(); // nothing on either side
  });

  it("reads lists as sets, an empty comment as none, and ignores the value of an N/A answer", () => {
    expect(sameAnswer({ value: ["a", "b"], isNa: false, comment: null }, { value: ["b", "a"], isNa: false, comment: "" })).toBe(true);
    expect(sameAnswer({ value: ["a"], isNa: false, comment: null }, { value: ["a", "b"], isNa: false, comment: null })).toBe(false);
    expect(sameAnswer({ value: null, isNa: true, comment: null }, { value: "stale", isNa: true, comment: null })).toBe(true);
    expect(sameAnswer({ value: 14, isNa: false, comment: null }, { value: "14", isNa: false, comment: null })).toBe(false);
    expect(sameAnswer(null, { value: null, isNa: false, comment: "  " })).toBe(true);
  });
});

const previousDefinition: TemplateDefinition = {
  title: "v1",
  sections: [
    { key: "s", title: "Supplier", scope: "supplier", questions: [question("policy"), question("iso"), question("gone")] },
    { key: "c", title: "Component", scope: "component", questions: [question("card")] },
  ],
};
const definition: TemplateDefinition = {
  title: "v2",
  sections: [
    { key: "s", title: "Supplier", scope: "supplier", questions: [question("policy"), question("iso"), question("fresh")] },
    { key: "c", title: "Component", scope: "component", questions: [question("card")] },
  ],
};
const a = (questionKey: string, componentId: string | null, value: unknown, extra: Partial<CurrentCycleAnswer> = {}) => ({
  questionKey,
  componentId,
  answer: { value, isNa: false, comment: null, prefilled: false, ...extra },
});

describe("compareCycles", () => {
  it("classifies every question and scope of the new cycle that has something to say", () => {
    const entries = compareCycles({
      previousDefinition,
      definition,
      componentIds: ["x", "y"],
      previousAnswers: [a("policy", null, "yes"), a("iso", null, "no"), a("gone", null, "yes"), a("card", "x", "yes"), a("card", "y", "no")],
      answers: [a("policy", null, "yes", { prefilled: true }), a("iso", null, "no"), a("card", "x", "no"), a("card", "y", "no")],
    });
    expect(entries.map((e) => [e.questionKey, e.componentId, e.change])).toEqual([
      ["policy", null, "unchanged"],
      ["iso", null, "confirmed"],
      ["fresh", null, "new_question"],
      ["card", "x", "changed"],
      ["card", "y", "confirmed"],
    ]);
    expect(summariseCycle(entries)).toEqual({ changed: 1, confirmed: 2, unconfirmed: 1, newQuestions: 1 });
    expect(questionKeyChanges(previousDefinition, definition)).toEqual({ added: ["fresh"], removed: ["gone"] });
  });

  it("calls every scope of a question absent from the previous version new, answered or not", () => {
    fc.assert(
      fc.property(fc.subarray(["x", "y", "z"]), fc.array(fc.constantFrom("policy", "iso", "fresh", "card")), (components, answered) => {
        const entries = compareCycles({
          previousDefinition,
          definition,
          componentIds: components,
          previousAnswers: [],
          answers: answered.map((key) => a(key, key === "card" ? (components[0] ?? "x") : null, "yes")),
        });
        const fresh = entries.filter((e) => e.questionKey === "fresh");
        expect(fresh).toHaveLength(1);
        expect(fresh[0]!.change).toBe("new_question");
        expect(entries.filter((e) => e.change === "new_question").map((e) => e.questionKey)).toEqual(["fresh"]);
      }),
    );
  });

  it("finds nothing changed when a cycle is compared with an identical, saved copy of itself", () => {
    const answers = [a("policy", null, "yes"), a("iso", null, null, { isNa: true }), a("card", "x", ["h1", "h2"], { comment: "see file" })];
    const entries = compareCycles({ previousDefinition, definition: previousDefinition, componentIds: ["x"], previousAnswers: answers, answers });
    expect(entries.every((e) => e.change === "confirmed")).toBe(true);
    expect(entries).toHaveLength(3);
  });
});
