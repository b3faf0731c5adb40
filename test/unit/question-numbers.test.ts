import fc from "fast-check";
import { assessmentQuestionNumbers, numberOf, sectionQuestionNumbers } from "~/domain/question-numbers";
import type { StoredAnswer } from "~/domain/question-visibility";
import type { TemplateDefinition } from "~/domain/templates/definition";
import { question as q } from "../support/questions";

const definition: TemplateDefinition = {
  title: "T",
  sections: [
    {
      key: "org",
      title: "Organisation",
      scope: "supplier",
      questions: [
        q("has_policy"),
        q("policy_date", { type: "date", showIf: { question: "has_policy", equals: "yes" } }),
        q("policy_owner", { type: "short_text" }),
      ],
    },
    { key: "gpai", title: "GPAI", scope: "component", questions: [q("gpai_doc", { showIf: { question: "is_gpai", equals: "yes" } })] },
    {
      key: "model",
      title: "Model",
      scope: "component",
      questions: [q("is_gpai"), q("opt_out", { showIf: { question: "is_gpai", equals: "yes" } }), q("trained")],
    },
  ],
};
const a = (questionKey: string, value: unknown, componentId: string | null = null): StoredAnswer => ({ questionKey, componentId, value, isNa: false });

describe("sectionQuestionNumbers", () => {
  it("numbers the visible questions consecutively and leaves hidden ones out", () => {
    const hidden = new Set(["b", "d"]);
    expect(sectionQuestionNumbers(3, ["a", "b", "c", "d", "e"], (k) => !hidden.has(k))).toEqual({ a: "3.1", c: "3.2", e: "3.3" });
  });

  it("numbers, for any visibility, 1..n in template order with no gaps or repeats", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 20 }),
        fc.func(fc.boolean()),
        fc.integer({ min: 1, max: 30 }),
        (keys, shows, section) => {
          const numbers = sectionQuestionNumbers(section, keys, (k) => shows(k));
          const visible = keys.filter((k) => shows(k));
          // Exactly the visible questions are numbered, in template order, "section.1" to "section.n".
          expect(Object.keys(numbers).sort()).toEqual([...visible].sort());
          expect(visible.map((k) => numbers[k])).toEqual(visible.map((_, i) => `${section}.${i + 1}`));
          expect(new Set(Object.values(numbers)).size).toBe(visible.length);
        },
      ),
    );
  });

  it("keeps the order of the questions that stay visible when another opens (a follow-up moves later ones up by one)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 15 }),
        fc.func(fc.boolean()),
        fc.nat(),
        (keys, shows, pick) => {
          const opened = keys[pick % keys.length]!;
          const before = sectionQuestionNumbers(1, keys, (k) => k !== opened && shows(k));
          const after = sectionQuestionNumbers(1, keys, (k) => k === opened || shows(k));
          const place = (n: string) => Number(n.split(".")[1]);
          for (const k of Object.keys(before)) {
            const moved = place(after[k]!) - place(before[k]!);
            expect(moved).toBe(keys.indexOf(k) > keys.indexOf(opened) ? 1 : 0);
          }
        },
      ),
    );
  });
});

describe("assessmentQuestionNumbers", () => {
  it("numbers per section and per component from the answers: no skipped numbers", () => {
    const numbers = assessmentQuestionNumbers(definition, ["c1", "c2"], [a("is_gpai", "yes", "c1"), a("is_gpai", "no", "c2")]);
    // policy_date hidden: policy_owner is 1.2, not 1.3.
    expect(numberOf(numbers, "has_policy", null)).toBe("1.1");
    expect(numberOf(numbers, "policy_date", null)).toBe("");
    expect(numberOf(numbers, "policy_owner", null)).toBe("1.2");
    // The gpai section's question comes before is_gpai is answered in the walk: hidden for both.
    expect(numberOf(numbers, "gpai_doc", "c1")).toBe("");
    expect([numberOf(numbers, "is_gpai", "c1"), numberOf(numbers, "opt_out", "c1"), numberOf(numbers, "trained", "c1")]).toEqual(["3.1", "3.2", "3.3"]);
    expect([numberOf(numbers, "is_gpai", "c2"), numberOf(numbers, "opt_out", "c2"), numberOf(numbers, "trained", "c2")]).toEqual(["3.1", "", "3.2"]);
  });

  it("opens a follow-up with the next number", () => {
    const numbers = assessmentQuestionNumbers(definition, [], [a("has_policy", "yes")]);
    expect([numberOf(numbers, "has_policy", null), numberOf(numbers, "policy_date", null), numberOf(numbers, "policy_owner", null)]).toEqual([
      "1.1",
      "1.2",
      "1.3",
    ]);
  });
});
