import { INVENTORY_PREFILL, inventoryPrefill } from "~/domain/inventory-prefill";
import { findQuestion } from "~/domain/answers";
import type { TemplateDefinition } from "~/domain/templates/definition";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
import { question as q } from "../support/questions";

const GPAI = { id: "c1", isGpai: true };
const PLAIN = { id: "c2", isGpai: false };

describe("inventoryPrefill", () => {
  it("answers the built-in 'general-purpose model?' question Yes for a component marked general-purpose, and nothing for the others", () => {
    expect(inventoryPrefill(AI_SUPPLIER_DUE_DILIGENCE, [GPAI, PLAIN])).toEqual([{ questionKey: "cmp_gpai", componentId: "c1", value: "yes" }]);
    expect(inventoryPrefill(AI_SUPPLIER_DUE_DILIGENCE, [PLAIN])).toEqual([]);
  });

  it("maps only to questions of the built-in template that exist, are per component and take the value", () => {
    for (const rule of INVENTORY_PREFILL) {
      const found = findQuestion(AI_SUPPLIER_DUE_DILIGENCE, rule.questionKey);
      expect(found?.section.scope).toBe("component");
      expect(inventoryPrefill(AI_SUPPLIER_DUE_DILIGENCE, [{ id: "x", isGpai: true }], [rule])).toHaveLength(1);
    }
  });

  it("fills in nothing where the template lacks the question, asks it of the supplier, hides it or would not accept the value", () => {
    const template = (questions: TemplateDefinition["sections"][number]["questions"], scope: "supplier" | "component" = "component"): TemplateDefinition => ({
      title: "T",
      sections: [{ key: "s", title: "S", scope, questions }],
    });
    expect(inventoryPrefill(template([q("other")]), [GPAI])).toEqual([]);
    expect(inventoryPrefill(template([q("cmp_gpai")], "supplier"), [GPAI])).toEqual([]);
    expect(inventoryPrefill(template([q("gate"), q("cmp_gpai", { showIf: { question: "gate", equals: "yes" } })]), [GPAI])).toEqual([]);
    expect(inventoryPrefill(template([q("cmp_gpai", { type: "number" })]), [GPAI])).toEqual([]);
    // A yes/no question of that key takes "yes".
    expect(inventoryPrefill(template([q("cmp_gpai")]), [GPAI])).toEqual([{ questionKey: "cmp_gpai", componentId: "c1", value: "yes" }]);
  });

  it("fills each component's answer once even if two rules name the same question", () => {
    const rule = INVENTORY_PREFILL[0]!;
    expect(inventoryPrefill(AI_SUPPLIER_DUE_DILIGENCE, [GPAI], [rule, { ...rule, value: "no" }])).toEqual([
      { questionKey: "cmp_gpai", componentId: "c1", value: "yes" },
    ]);
  });
});
