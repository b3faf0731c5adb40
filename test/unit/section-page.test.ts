import { pageTarget, sectionHref, sectionPage, vendorPages, type PageStoredAnswer } from "~/domain/section-page";
import type { Question, TemplateDefinition } from "~/domain/templates/definition";
import { question } from "../support/questions";

const q = (key: string, extra: Partial<Question> = {}) => question(key, { allowNa: true, ...extra });

const definition: TemplateDefinition = {
  title: "T",
  sections: [
    {
      key: "org",
      title: "Organisation",
      scope: "supplier",
      questions: [q("has_policy"), q("policy_date", { type: "date", showIf: { question: "has_policy", equals: "yes" } })],
    },
    {
      key: "sec",
      title: "Security",
      scope: "supplier",
      questions: [q("pentest", { type: "file" }), q("soc2", { evidence: { request: "SOC 2 report", requireValidUntil: true } })],
    },
    {
      key: "model",
      title: "Model",
      description: "About the model",
      scope: "component",
      questions: [
        q("trained"),
        q("opt_out", { showIf: { question: "trained", equals: "yes" } }),
        q("policy_applies", { showIf: { question: "has_policy", equals: "yes" } }),
      ],
    },
  ],
};
const A = "11111111-1111-4111-8111-111111111111";
const C1 = { id: "c1111111-1111-4111-8111-111111111111", name: "Vision API", version: "2" };
const C2 = { id: "c2222222-2222-4222-8222-222222222222", name: "Chat", version: null };
const stored = (questionKey: string, value: unknown, componentId: string | null = null, extra: Partial<PageStoredAnswer> = {}): PageStoredAnswer => ({
  questionKey,
  componentId,
  value,
  isNa: false,
  comment: null,
  revision: 1,
  updatedBy: "Ann (ann@example.com)",
  updatedAt: new Date("2027-01-02T03:04:05Z"),
  ...extra,
});

describe("vendorPages and pageTarget", () => {
  it("lists the supplier's sections, then each component's, only those assigned", () => {
    expect(vendorPages(A, definition, [C1, C2], null).map((p) => [p.sectionKey, p.componentName])).toEqual([
      ["org", null],
      ["sec", null],
      ["model", "Vision API 2"],
      ["model", "Chat"],
    ]);
    expect(vendorPages(A, definition, [C1], ["sec"]).map((p) => p.href)).toEqual([sectionHref(A, "sec", null)]);
  });

  it("names the page a URL asks for, the first component's page, or nothing", () => {
    expect(pageTarget(A, definition, null, [C1, C2], "org", null)).toMatchObject({ kind: "page", sectionIndex: 0, component: null });
    expect(pageTarget(A, definition, null, [C1, C2], "model", null)).toEqual({ kind: "redirect", href: `/v/a/${A}/s/model?component=${C1.id}` });
    expect(pageTarget(A, definition, null, [C1, C2], "model", C2.id)).toMatchObject({ kind: "page", sectionIndex: 2, component: C2 });
    expect(pageTarget(A, definition, null, [C1], "model", C2.id)).toEqual({ kind: "not_found" });
    expect(pageTarget(A, definition, null, [], "model", null)).toEqual({ kind: "not_found" });
    expect(pageTarget(A, definition, ["sec"], [C1], "org", null)).toEqual({ kind: "not_found" });
    expect(pageTarget(A, definition, null, [C1], "nope", null)).toEqual({ kind: "not_found" });
  });
});

describe("sectionPage", () => {
  const base = { assessmentId: A, status: "in_progress", definition, components: [C1, C2], assigned: null, evidence: [] };

  it("shapes a component page: numbering, the context that decides visibility, its own answers, its place", () => {
    const [, , model] = definition.sections;
    const page = sectionPage({
      ...base,
      section: model!,
      sectionIndex: 2,
      component: C2,
      answers: [stored("has_policy", "no"), stored("trained", "yes", C2.id, { revision: 3 }), stored("trained", "no", C1.id)],
    });
    expect(page.section).toEqual({ key: "model", title: "Model", description: "About the model", scope: "component", number: 3 });
    // Only what shows is numbered: policy_applies is hidden (has_policy is "no").
    expect(page.numbers).toEqual({ trained: "3.1", opt_out: "3.2" });
    expect(page.contextNodes.map((n) => n.key)).toEqual(["has_policy", "policy_date", "pentest", "soc2"]);
    expect(page.contextAnswers).toEqual({ has_policy: { value: "no", isNa: false } });
    // Another component's answer never shows on this page.
    expect(page.answers).toEqual({
      trained: { value: "yes", isNa: false, comment: null, revision: 3, updatedBy: "Ann (ann@example.com)", updatedAt: "2027-01-02T03:04:05.000Z" },
    });
    expect(page.visible).toEqual(["trained", "opt_out"]);
    expect(page.component).toEqual({ id: C2.id, name: "Chat" });
    expect(page.position).toEqual({ index: 3, total: 4 });
    expect(page.prev?.componentName).toBe("Vision API 2");
    expect(page.next).toBeNull();
    expect(page.readOnly).toBe(false);
  });

  it("numbers the visible questions consecutively: a hidden one leaves no gap", () => {
    const [, , model] = definition.sections;
    const page = sectionPage({
      ...base,
      section: model!,
      sectionIndex: 2,
      component: C1,
      answers: [stored("has_policy", "yes"), stored("trained", "no", C1.id)],
    });
    // opt_out hidden (trained is "no"): policy_applies is 3.2, not 3.3.
    expect(page.numbers).toEqual({ trained: "3.1", policy_applies: "3.2" });
  });

  it("hides what the answers hide, and is read-only once the questionnaire is no longer open", () => {
    const [org] = definition.sections;
    const page = sectionPage({ ...base, status: "submitted", section: org!, sectionIndex: 0, component: null, answers: [stored("has_policy", "no")] });
    expect(page.visible).toEqual(["has_policy"]);
    expect(page.contextNodes).toEqual([]);
    expect(page.readOnly).toBe(true);
    expect(page.position).toEqual({ index: 0, total: 4 });
    expect(page.prev).toBeNull();
    expect(page.next?.sectionKey).toBe("sec");
    expect(sectionPage({ ...base, section: org!, sectionIndex: 0, component: null, answers: [stored("has_policy", "yes")] }).visible).toEqual([
      "has_policy",
      "policy_date",
    ]);
  });

  it("passes the page's evidence files with an explicit valid-until", () => {
    const [, sec] = definition.sections;
    const page = sectionPage({
      ...base,
      section: sec!,
      sectionIndex: 1,
      component: null,
      answers: [],
      evidence: [{ id: "e1", question_key: "soc2", file_name: "soc2.pdf", size_bytes: 10 }],
    });
    expect(page.evidence).toEqual([{ id: "e1", question_key: "soc2", file_name: "soc2.pdf", size_bytes: 10, valid_until: null }]);
  });
});
