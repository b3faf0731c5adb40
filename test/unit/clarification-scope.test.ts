// Which answers a vendor may change: everything while answering, nothing once with the buyer or
// over, and in "changes requested" only the reopened answers and their follow-ups.
import fc from "fast-check";
import { ASSESSMENT_STATUSES, isOpen } from "~/domain/assessment-lifecycle";
import { answerableScopes, mayAnswer, scopeKey } from "~/domain/review/clarification-scope";
import type { TemplateDefinition } from "~/domain/templates/definition";
import { question } from "../support/questions";

const X = "00000000-0000-4000-8000-00000000000a";
const Y = "00000000-0000-4000-8000-00000000000b";

const definition = {
  title: "T",
  sections: [
    {
      key: "org",
      title: "Organisation",
      scope: "supplier",
      questions: [
        question("has_policy"),
        question("policy_date", { type: "date", showIf: { question: "has_policy", equals: "yes" } }),
        question("policy_owner", { type: "short_text", showIf: { question: "policy_date", answered: true } }),
        question("staff", { type: "number" }),
        question("uses_ai", { type: "yes_no" }),
      ],
    },
    {
      key: "model",
      title: "Model",
      scope: "component",
      questions: [
        question("trained", { type: "yes_no" }),
        question("trained_how", { type: "long_text", showIf: { question: "trained", equals: "yes" } }),
        question("ai_detail", { type: "long_text", showIf: { question: "uses_ai", equals: "yes" } }),
      ],
    },
  ],
} as unknown as TemplateDefinition;

const keysOf = (rule: ReturnType<typeof answerableScopes>) => (rule.kind === "some" ? [...rule.keys].sort() : rule.kind);

describe("answerableScopes", () => {
  it("opens every answer while the vendor is answering, none once submitted, reviewed or closed", () => {
    for (const status of ASSESSMENT_STATUSES) {
      const rule = answerableScopes(status, definition, [X, Y], [{ questionKey: "staff", componentId: null }]);
      if (status === "changes_requested") expect(rule.kind).toBe("some");
      else expect(rule.kind).toBe(isOpen(status) ? "all" : "none");
      expect(mayAnswer(rule, "has_policy", null)).toBe(status === "sent" || status === "in_progress");
    }
  });

  it("in changes requested, opens the requested answers and, transitively, the questions that follow from them", () => {
    const rule = answerableScopes(
      "changes_requested",
      definition,
      [X, Y],
      [
        { questionKey: "has_policy", componentId: null },
        { questionKey: "trained", componentId: X },
      ],
    );
    expect(keysOf(rule)).toEqual(
      [scopeKey("has_policy", null), scopeKey("policy_date", null), scopeKey("policy_owner", null), scopeKey("trained", X), scopeKey("trained_how", X)].sort(),
    );
    expect(rule.kind === "some" && [...rule.requested].sort()).toEqual([scopeKey("has_policy", null), scopeKey("trained", X)].sort());
    expect(mayAnswer(rule, "staff", null)).toBe(false);
    expect(mayAnswer(rule, "trained", Y)).toBe(false);
    expect(mayAnswer(rule, "trained_how", Y)).toBe(false);
  });

  it("a reopened supplier answer opens its component follow-ups for every component", () => {
    const rule = answerableScopes("changes_requested", definition, [X, Y], [{ questionKey: "uses_ai", componentId: null }]);
    expect(keysOf(rule)).toEqual([scopeKey("ai_detail", X), scopeKey("ai_detail", Y), scopeKey("uses_ai", null)].sort());
  });

  it("ignores requests that name no question of the template, the wrong scope or a component not in scope", () => {
    const rule = answerableScopes(
      "changes_requested",
      definition,
      [X],
      [
        { questionKey: "nope", componentId: null },
        { questionKey: "has_policy", componentId: X },
        { questionKey: "trained", componentId: null },
        { questionKey: "trained", componentId: Y },
      ],
    );
    expect(keysOf(rule)).toEqual([]);
  });

  it("property: every requested scope of the template is answerable, and nothing outside the requests' closure is", () => {
    const scopes = [
      ...["has_policy", "policy_date", "policy_owner", "staff", "uses_ai"].map((k) => ({ questionKey: k, componentId: null as string | null })),
      ...["trained", "trained_how", "ai_detail"].flatMap((k) => [X, Y].map((c) => ({ questionKey: k, componentId: c as string | null }))),
    ];
    fc.assert(
      fc.property(fc.subarray(scopes), (requested) => {
        const rule = answerableScopes("changes_requested", definition, [X, Y], requested);
        for (const r of requested) expect(mayAnswer(rule, r.questionKey, r.componentId)).toBe(true);
        // A question no condition depends on opens only itself.
        const independent = scopes.filter((s) => ["staff", "has_policy", "uses_ai", "trained"].includes(s.questionKey));
        for (const s of independent) {
          expect(mayAnswer(rule, s.questionKey, s.componentId)).toBe(requested.some((r) => r.questionKey === s.questionKey && r.componentId === s.componentId));
        }
        // Asking about nothing opens nothing.
        if (requested.length === 0) expect(keysOf(rule)).toEqual([]);
      }),
    );
  });
});
