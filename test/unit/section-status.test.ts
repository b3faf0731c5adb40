import { assessmentProgress } from "~/domain/assessment-progress";
import { NOT_NEEDED, OPTIONAL_ONLY, sectionStatus, sectionTone } from "~/domain/section-status";
import type { TemplateDefinition } from "~/domain/templates/definition";
import { question as q } from "../support/questions";

// A section whose every question depends on an earlier answer (like the built-in GPAI section).
const definition: TemplateDefinition = {
  title: "T",
  sections: [
    { key: "profile", title: "Profile", scope: "supplier", questions: [q("is_gpai")] },
    { key: "gpai", title: "GPAI obligations", scope: "supplier", questions: [q("gpai_doc", { showIf: { question: "is_gpai", equals: "yes" } })] },
  ],
};
const answer = (value: string) => ({ questionKey: "is_gpai", componentId: null, value, isNa: false });

describe("sections with no visible question", () => {
  it("are not needed and never complete, and read as not needed rather than 0 of 0 complete", () => {
    const [profile, gpai] = assessmentProgress(definition, [], [answer("no")]).sections;
    expect(gpai).toMatchObject({ needed: false, complete: false, required: 0, requiredAnswered: 0 });
    expect(sectionStatus(gpai!)).toBe(NOT_NEEDED);
    expect(sectionTone(gpai!)).toBe("not_needed");
    expect(profile).toMatchObject({ needed: true, complete: true });
    expect(sectionStatus(profile!)).toBe("1 of 1 required answered · complete");
    expect(sectionTone(profile!)).toBe("done");
  });

  it("become needed (and open) when an answer shows one of their questions; the total grows", () => {
    const before = assessmentProgress(definition, [], []);
    const after = assessmentProgress(definition, [], [answer("yes")]);
    expect(before.required).toBe(1);
    expect(after.required).toBe(2);
    const gpai = after.sections[1]!;
    expect(gpai).toMatchObject({ needed: true, complete: false });
    expect(sectionStatus(gpai)).toBe("0 of 1 required answered");
    expect(sectionTone(gpai)).toBe("open");
  });

  it("say 'Optional questions only' when nothing showing is required, not 0 of 0 complete", () => {
    const optional: TemplateDefinition = { title: "T", sections: [{ key: "o", title: "O", scope: "supplier", questions: [q("note", { required: false })] }] };
    const [section] = assessmentProgress(optional, [], []).sections;
    expect(sectionStatus(section!)).toBe(OPTIONAL_ONLY);
    expect(sectionTone(section!)).toBe("open");
  });

  it("leave the assessment's own completeness alone (nothing required there)", () => {
    expect(assessmentProgress(definition, [], [answer("no")]).complete).toBe(true);
  });
});
