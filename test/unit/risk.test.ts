// Inherent risk from dependent systems, residual risk through the matrix, and the roll-ups in words.
import { dependencyRisk, inherentRisk, type DependencyInput } from "~/domain/risk/inherent";
import { reassessmentMonths, residualRisk, supplierResidual, systemResidual } from "~/domain/risk/residual";
import { DEFAULT_METHODOLOGY } from "~/domain/scoring/methodology";

const dep = (fields: Partial<DependencyInput>): DependencyInput => ({
  systemId: "s1",
  systemName: "Credit model v3",
  criticality: "low",
  euAiActClass: "minimal_risk",
  dataCategories: [],
  ...fields,
});
const matrix = DEFAULT_METHODOLOGY.riskMatrix;

describe("inherent risk", () => {
  it("starts from the system's criticality", () => {
    expect(dependencyRisk(dep({ criticality: "medium" }))).toMatchObject({ level: "medium", reason: "Credit model v3 is of medium criticality." });
  });

  it("is raised by the EU AI Act class", () => {
    expect(dependencyRisk(dep({ euAiActClass: "prohibited" })).level).toBe("critical");
    expect(dependencyRisk(dep({ euAiActClass: "high_risk" }))).toMatchObject({
      level: "high",
      reason: "Credit model v3 is of low criticality; it is high-risk under the EU AI Act: raised to high.",
    });
    expect(dependencyRisk(dep({ criticality: "high", euAiActClass: "high_risk" })).level).toBe("critical");
    expect(dependencyRisk(dep({ euAiActClass: "gpai_based" })).level).toBe("low");
    expect(dependencyRisk(dep({ euAiActClass: "limited_risk", criticality: "medium" })).level).toBe("medium");
  });

  it("is raised by the data shared", () => {
    expect(dependencyRisk(dep({ dataCategories: ["personal"] }))).toMatchObject({
      level: "medium",
      reason: "Credit model v3 is of low criticality; it shares personal data with the component: raised to medium.",
    });
    expect(dependencyRisk(dep({ dataCategories: ["confidential"] })).level).toBe("medium");
    expect(dependencyRisk(dep({ dataCategories: ["internal", "none"] })).level).toBe("low");
    expect(dependencyRisk(dep({ criticality: "medium", dataCategories: ["special_category", "personal"] })).level).toBe("high");
    expect(dependencyRisk(dep({ criticality: "high", euAiActClass: "high_risk", dataCategories: ["special_category"] }))).toMatchObject({
      level: "critical",
      reason:
        "Credit model v3 is of high criticality; it is high-risk under the EU AI Act: raised to critical; it shares special-category personal data with the component: already critical.",
    });
  });

  it("the worst dependency wins; retired systems do not count; none means low", () => {
    const result = inherentRisk([
      dep({ systemId: "a", systemName: "Chatbot", criticality: "medium" }),
      dep({ systemId: "b", systemName: "Hiring screen", criticality: "medium", euAiActClass: "high_risk" }),
      dep({ systemId: "c", systemName: "Old model", criticality: "critical", lifecycle: "retired" }),
    ]);
    expect(result.level).toBe("high");
    expect(result.dependencies.map((x) => x.systemId)).toEqual(["b", "a"]);
    expect(result.reason).toBe(
      "High: Hiring screen is of medium criticality; it is high-risk under the EU AI Act: raised to high. The worst of 2 dependent systems wins.",
    );
    expect(inherentRisk([])).toEqual({ level: "low", reason: "No internal AI system in use depends on this component: low.", dependencies: [] });
    expect(inherentRisk([dep({ lifecycle: "retired" })]).reason).toBe(
      "No internal AI system in use depends on this component (1 retired system not counted): low.",
    );
  });
});

describe("residual risk", () => {
  it("is the matrix cell of inherent risk × grade; no grade, no residual risk", () => {
    expect(residualRisk(matrix, "critical", "D")).toBe("critical");
    expect(residualRisk(matrix, "low", "A")).toBe("low");
    expect(residualRisk(matrix, "high", "B")).toBe("medium");
    expect(residualRisk(matrix, "high", null)).toBeNull();
    expect(residualRisk({ ...matrix, low: { ...matrix.low, A: "high" } }, "low", "A")).toBe("high");
  });

  it("rolls up per internal system, the worst wins, said in words", () => {
    const result = systemResidual(
      "Credit model v3",
      [
        { componentId: "k1", componentName: "Vision API", inherent: "critical", grade: "D" },
        { componentId: "k2", componentName: "OCR", inherent: "critical", grade: "D" },
        { componentId: "k3", componentName: "Embeddings", inherent: "critical", grade: "A" },
        { componentId: "k4", componentName: "New API", inherent: "high", grade: null },
      ],
      matrix,
    );
    expect(result).toEqual({
      level: "critical",
      reason: "Credit model v3 depends on two components rated D with critical inherent risk: residual risk critical; one component not yet rated.",
      worst: ["k1", "k2"],
    });
  });

  it("names each group at the worst level, per supplier", () => {
    const result = supplierResidual(
      "Acme",
      [
        { componentId: "k1", componentName: "A", inherent: "high", grade: "E" },
        { componentId: "k2", componentName: "B", inherent: "critical", grade: "D" },
        { componentId: "k3", componentName: "C", inherent: "critical", grade: "C" },
      ],
      matrix,
    );
    expect(result.level).toBe("critical");
    expect(result.reason).toBe(
      "Acme supplies one component rated E with high inherent risk and one rated D with critical inherent risk: residual risk critical.",
    );
    expect(supplierResidual("Acme", [], matrix)).toEqual({ level: null, reason: "Acme supplies no AI component.", worst: [] });
    expect(supplierResidual("Acme", [{ componentId: "k", componentName: "K", inherent: "low", grade: null }], matrix).reason).toBe(
      "Acme supplies one component not yet rated: no residual risk yet.",
    );
  });

  it("reassessment cadence follows inherent risk", () => {
    expect((["critical", "high", "medium", "low"] as const).map((r) => reassessmentMonths(DEFAULT_METHODOLOGY, r))).toEqual([6, 12, 24, 36]);
  });
});
